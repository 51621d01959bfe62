import { wrapIntoBox } from "../configuration";

/** Index of the image shift (sx, sy, sz), each -1, 0 or +1 box length, in IMAGE_SHIFTS. */
export const NO_SHIFT = 13;

/**
 * Verlet neighbour list for short-range pair forces in a periodic cubic box: each pair closer than
 * its contact distance (D_i + D_j) / 2 plus `skin` is listed once. It stays valid until some particle
 * has moved more than skin / 2 since the build (then no unlisted pair can have come within contact).
 * Written here rather than reusing CellList: that one is incremental for event chains; this one
 * rebuilds from scratch in flat passes, which is what MD wants.
 *
 * For speed the particles themselves are kept in cell order: `cellOrder` sorts them into cells and
 * returns the permutation, the caller reorders its per-particle arrays by it, and `build` lists the
 * pairs of the sorted particles. Neighbours then sit close in memory, and the periodic image of each
 * pair is fixed at the build (it cannot change while everyone moves less than skin / 2): pairs
 * inside the box are listed per particle, without images, and the few that cross a face apart, each
 * with its image shift, so the force loops need no minimum-image branches.
 */
export class NeighbourList {
  /** Pairs within the box: particle i's partners are partners[start[i]] .. partners[start[i + 1] - 1]. */
  start: Int32Array;
  partners: Int32Array;
  /** Pairs across a face: (crossI[k], crossJ[k]), j displaced by IMAGE_SHIFTS[crossShift[k]] box lengths. */
  crossI: Int32Array;
  crossJ: Int32Array;
  crossShift: Uint8Array;
  crossCount = 0;
  builds = 0;
  /** Positions at the last build, in the sorted order. */
  readonly reference: Float64Array;
  /** Squared displacement beyond which the list is stale: (skin / 2)^2. */
  readonly staleDistanceSquared: number;
  readonly cellsPerSide: number;
  /** Particles of cell c, once sorted: cellStart[c] .. cellStart[c + 1] - 1. */
  private readonly cellStart: Int32Array;
  private readonly cellOf: Int32Array;
  private readonly order: Int32Array;
  private readonly fill: Int32Array;
  /**
   * For each cell c, the cells of its half shell (its 13 neighbours that list each pair of adjacent
   * cells once) as runs of consecutive cell indices with one image shift each: run k of cell c is
   * cells runFirst[k] .. runLast[k] with shift runShift[k], for k in runStart[c] .. runStart[c + 1] - 1.
   * Cells along z are consecutive, so the 13 cells make 5 runs (more where z wraps), which cuts the
   * per-particle overhead of the build. (Cells half as wide would halve the candidates but make 14
   * runs per particle from a table too large for the cache: measured 2.3x slower.)
   */
  private readonly runStart: Int32Array;
  private readonly runFirst: Int32Array;
  private readonly runLast: Int32Array;
  private readonly runShift: Uint8Array;

  constructor(
    readonly box: number,
    diameters: Float64Array,
    readonly skin: number,
  ) {
    const n = diameters.length;
    let maxD = 0;
    for (let i = 0; i < n; i++) if (diameters[i] > maxD) maxD = diameters[i];
    const reach = maxD + skin;
    const m = Math.floor(box / (reach * (1 + 1e-9)));
    if (m < 3) throw new RangeError(`NeighbourList: box ${box} must hold at least 3 cells of ${reach} (system too small)`);
    this.cellsPerSide = m;
    this.reference = new Float64Array(3 * n);
    this.staleDistanceSquared = (0.5 * skin) ** 2;
    this.start = new Int32Array(n + 1);
    this.partners = new Int32Array(8 * n);
    this.crossI = new Int32Array(n);
    this.crossJ = new Int32Array(n);
    this.crossShift = new Uint8Array(n);
    this.cellStart = new Int32Array(m ** 3 + 1);
    this.cellOf = new Int32Array(n);
    this.order = new Int32Array(n);
    this.fill = new Int32Array(m ** 3);
    // The half shell: (0, 0, > 0), then (0, > 0, *) and (> 0, *, *), in order of z within each row.
    const span = [-1, 0, 1];
    const rows: [number, number, number[]][] = [[0, 0, span.filter((o) => o > 0)]];
    for (const oy of span) if (oy > 0) rows.push([0, oy, span]);
    for (const ox of span) if (ox > 0) for (const oy of span) rows.push([ox, oy, span]);
    // A neighbour cell past a face holds particles whose image is one box length beyond it.
    const image = (c: number): number => (c >= m ? 1 : c < 0 ? -1 : 0);
    const runStart = [0];
    const runFirst: number[] = [];
    const runLast: number[] = [];
    const runShift: number[] = [];
    for (let cx = 0; cx < m; cx++) {
      for (let cy = 0; cy < m; cy++) {
        for (let cz = 0; cz < m; cz++) {
          for (const [ox, oy, ozs] of rows) {
            for (const oz of ozs) {
              const [x, y, z] = [cx + ox, cy + oy, cz + oz];
              const cell = (((x + m) % m) * m + ((y + m) % m)) * m + ((z + m) % m);
              const shift = (image(x) + 1) * 9 + (image(y) + 1) * 3 + (image(z) + 1);
              const last = runFirst.length - 1;
              // Extend the current run when this cell follows it with the same shift.
              if (runFirst.length > runStart[runStart.length - 1] && runLast[last] + 1 === cell && runShift[last] === shift && oz !== ozs[0])
                runLast[last] = cell;
              else {
                runFirst.push(cell);
                runLast.push(cell);
                runShift.push(shift);
              }
            }
          }
          runStart.push(runFirst.length);
        }
      }
    }
    this.runStart = Int32Array.from(runStart);
    this.runFirst = Int32Array.from(runFirst);
    this.runLast = Int32Array.from(runLast);
    this.runShift = Uint8Array.from(runShift);
  }

  /** True once a particle has moved more than skin / 2 from where it was at the last build. */
  isStale(positions: Float64Array): boolean {
    const ref = this.reference;
    for (let i = 0; i < positions.length; i += 3) {
      const dx = positions[i] - ref[i];
      const dy = positions[i + 1] - ref[i + 1];
      const dz = positions[i + 2] - ref[i + 2];
      if (dx * dx + dy * dy + dz * dz > this.staleDistanceSquared) return true;
    }
    return false;
  }

  /**
   * Wrap positions into [0, box) (in place) and sort the particles by cell: returns `order`, where
   * slot k of the sorted arrays takes particle order[k]. The caller must reorder every per-particle
   * array (positions included) by it before `build`.
   */
  cellOrder(positions: Float64Array): Int32Array {
    wrapIntoBox(positions, this.box);
    // Three functions, each ending in its loop: V8 compiles a hot loop from within (on-stack
    // replacement), and such code drops out, every call, at code after the loop it has not seen.
    this.binParticles(positions);
    this.cumulateCells();
    this.scatterByCell();
    return this.order;
  }

  /** Each particle's cell, and in cellStart[c + 1] the number of particles in cell c. */
  private binParticles(positions: Float64Array): void {
    const { box, cellsPerSide: m, cellStart, cellOf } = this;
    const n = cellOf.length;
    const scale = m / box;
    cellStart.fill(0);
    for (let i = 0; i < n; i++) {
      const cx = Math.min(m - 1, Math.floor(positions[3 * i] * scale));
      const cy = Math.min(m - 1, Math.floor(positions[3 * i + 1] * scale));
      const cz = Math.min(m - 1, Math.floor(positions[3 * i + 2] * scale));
      const c = (cx * m + cy) * m + cz;
      cellOf[i] = c;
      cellStart[c + 1]++;
    }
  }

  /** cellStart as the running count of the particles in the cells before each. */
  private cumulateCells(): void {
    const cellStart = this.cellStart;
    for (let c = 0; c + 1 < cellStart.length; c++) cellStart[c + 1] += cellStart[c];
  }

  /** The counting sort's last pass: particles into their cells' slots (fill is scratch). */
  private scatterByCell(): void {
    const { cellStart, cellOf, order, fill } = this;
    fill.set(cellStart.subarray(0, fill.length));
    for (let i = 0; i < order.length; i++) order[fill[cellOf[i]]++] = i;
  }

  /** List every pair within contact + skin; positions and diameters must be in the order `cellOrder` gave. */
  build(positions: Float64Array, diameters: Float64Array): void {
    const n = diameters.length;
    this.reserve();
    this.crossCount = 0;
    let count = 0;
    // One call per cell: a small function V8 optimises whole, with feedback for all its paths (a
    // single long loop would be compiled on the fly from within and drop out at its first new path).
    for (let c = 0; c < this.cellStart.length - 1; c++) count = this.listCell(c, positions, diameters, count);
    this.start[n] = count;
    this.reference.set(positions);
    this.builds++;
  }

  /** List the pairs of cell c's particles with the rest of the cell and its half shell; returns the new pair count. */
  private listCell(c: number, positions: Float64Array, diameters: Float64Array, count: number): number {
    const { box, skin, cellStart, runStart, runFirst, runLast, runShift, start, partners, crossI, crossJ, crossShift } = this;
    let crossCount = this.crossCount;
    const cellEnd = cellStart[c + 1];
    const firstRun = runStart[c];
    const runEnd = runStart[c + 1];
    for (let i = cellStart[c]; i < cellEnd; i++) {
      start[i] = count;
      const xi = positions[3 * i],
        yi = positions[3 * i + 1],
        zi = positions[3 * i + 2];
      const reachI = 0.5 * diameters[i] + skin;
      // The rest of i's own cell, then the runs of the half shell.
      for (let j = i + 1; j < cellEnd; j++) {
        const dx = positions[3 * j] - xi;
        const dy = positions[3 * j + 1] - yi;
        const dz = positions[3 * j + 2] - zi;
        const reach = reachI + 0.5 * diameters[j];
        if (dx * dx + dy * dy + dz * dz < reach * reach) partners[count++] = j;
      }
      for (let run = firstRun; run < runEnd; run++) {
        const code = runShift[run];
        const from = cellStart[runFirst[run]];
        const to = cellStart[runLast[run] + 1];
        if (code === NO_SHIFT) {
          for (let j = from; j < to; j++) {
            const dx = positions[3 * j] - xi;
            const dy = positions[3 * j + 1] - yi;
            const dz = positions[3 * j + 2] - zi;
            const reach = reachI + 0.5 * diameters[j];
            if (dx * dx + dy * dy + dz * dz < reach * reach) partners[count++] = j;
          }
        } else {
          // The neighbour cell's image: i moved the other way instead.
          const sx = xi - box * (Math.floor(code / 9) - 1),
            sy = yi - box * ((Math.floor(code / 3) % 3) - 1),
            sz = zi - box * ((code % 3) - 1);
          for (let j = from; j < to; j++) {
            const dx = positions[3 * j] - sx;
            const dy = positions[3 * j + 1] - sy;
            const dz = positions[3 * j + 2] - sz;
            const reach = reachI + 0.5 * diameters[j];
            if (dx * dx + dy * dy + dz * dz < reach * reach) {
              crossI[crossCount] = i;
              crossJ[crossCount] = j;
              crossShift[crossCount++] = code;
            }
          }
        }
      }
    }
    this.crossCount = crossCount;
    return count;
  }

  /** Grow the pair arrays, if need be, to the number of candidate pairs of the current cells. */
  private reserve(): void {
    const { cellStart, runStart, runFirst, runLast, runShift } = this;
    let inside = 0;
    let across = 0;
    for (let c = 0; c + 1 < cellStart.length; c++) {
      const count = cellStart[c + 1] - cellStart[c];
      inside += (count * (count - 1)) / 2;
      for (let run = runStart[c]; run < runStart[c + 1]; run++) {
        const candidates = count * (cellStart[runLast[run] + 1] - cellStart[runFirst[run]]);
        if (runShift[run] === NO_SHIFT) inside += candidates;
        else across += candidates;
      }
    }
    if (inside > this.partners.length) this.partners = new Int32Array(Math.ceil(1.25 * inside));
    if (across > this.crossI.length) {
      const size = Math.ceil(1.25 * across);
      this.crossI = new Int32Array(size);
      this.crossJ = new Int32Array(size);
      this.crossShift = new Uint8Array(size);
    }
  }
}

/** The 27 image shifts in box lengths, xyz interleaved: shift k is (floor(k / 9) - 1, floor(k / 3) % 3 - 1, k % 3 - 1). */
export const IMAGE_SHIFTS = Float64Array.from({ length: 81 }, (_, a) => {
  const k = Math.floor(a / 3);
  return [Math.floor(k / 9) - 1, (Math.floor(k / 3) % 3) - 1, (k % 3) - 1][a % 3];
});
