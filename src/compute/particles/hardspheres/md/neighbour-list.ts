import { wrapIntoBox } from "../configuration";

/**
 * Verlet neighbour list for short-range pair forces in a periodic cubic box: each pair closer than
 * its contact distance (D_i + D_j) / 2 plus `skin` is listed once. It stays valid until some particle
 * has moved more than skin / 2 since the build (then no unlisted pair can have come within contact),
 * which `isStale` checks. Built by binning into cells at least (largest diameter + skin) wide.
 * Written here rather than reusing CellList: that one is incremental for event chains; this one
 * rebuilds from scratch in two flat passes, which is what MD wants.
 */
export class NeighbourList {
  /**
   * The list in segments, one per particle, in cell order (for locality): segment k belongs to
   * particle owner[k] and holds partners[start[k]] .. partners[start[k + 1] - 1]; each pair once.
   */
  owner: Int32Array;
  start: Int32Array;
  partners: Int32Array;
  builds = 0;
  private readonly reference: Float64Array;
  private readonly cellsPerSide: number;
  /** Particles sorted by cell: cellStart[c] .. cellStart[c + 1] - 1 index into `sorted`. */
  private readonly cellStart: Int32Array;
  private readonly sorted: Int32Array;
  private readonly cellOf: Int32Array;
  /** For each cell, its 13 neighbours of the half shell: each pair of adjacent cells once. */
  private readonly halfShell: Int32Array;

  constructor(
    readonly box: number,
    readonly diameters: Float64Array,
    readonly skin: number,
  ) {
    const n = diameters.length;
    let maxD = 0;
    for (let i = 0; i < n; i++) if (diameters[i] > maxD) maxD = diameters[i];
    const m = Math.floor(box / ((maxD + skin) * (1 + 1e-9)));
    if (m < 3) throw new RangeError(`NeighbourList: box ${box} must hold at least 3 cells of ${maxD + skin} (system too small)`);
    this.cellsPerSide = m;
    this.owner = new Int32Array(n);
    this.start = new Int32Array(n + 1);
    this.partners = new Int32Array(8 * n);
    this.reference = new Float64Array(3 * n);
    this.cellStart = new Int32Array(m ** 3 + 1);
    this.sorted = new Int32Array(n);
    this.cellOf = new Int32Array(n);
    this.halfShell = new Int32Array(13 * m ** 3);
    const offsets: number[][] = [];
    for (let ox = -1; ox <= 1; ox++) {
      for (let oy = -1; oy <= 1; oy++) {
        for (let oz = -1; oz <= 1; oz++) if (ox > 0 || (ox === 0 && (oy > 0 || (oy === 0 && oz > 0)))) offsets.push([ox, oy, oz]);
      }
    }
    for (let cx = 0; cx < m; cx++) {
      for (let cy = 0; cy < m; cy++) {
        for (let cz = 0; cz < m; cz++) {
          const c = (cx * m + cy) * m + cz;
          offsets.forEach(([ox, oy, oz], k) => {
            this.halfShell[13 * c + k] = (((cx + ox + m) % m) * m + ((cy + oy + m) % m)) * m + ((cz + oz + m) % m);
          });
        }
      }
    }
  }

  /** True once a particle has moved more than skin / 2 from where it was at the last build. */
  isStale(positions: Float64Array): boolean {
    const limit = (0.5 * this.skin) ** 2;
    const ref = this.reference;
    for (let i = 0; i < positions.length; i += 3) {
      const dx = positions[i] - ref[i];
      const dy = positions[i + 1] - ref[i + 1];
      const dz = positions[i + 2] - ref[i + 2];
      if (dx * dx + dy * dy + dz * dz > limit) return true;
    }
    return false;
  }

  /** Wrap positions into [0, box) (in place) and list every pair within contact + skin. */
  build(positions: Float64Array): void {
    const { box, diameters, skin, cellsPerSide: m, cellStart, sorted, cellOf, halfShell } = this;
    const n = diameters.length;
    wrapIntoBox(positions, box);
    this.reference.set(positions);
    // Counting sort of the particles by cell.
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
    for (let c = 0; c < m ** 3; c++) cellStart[c + 1] += cellStart[c];
    const fill = cellStart.slice(0, m ** 3);
    for (let i = 0; i < n; i++) sorted[fill[cellOf[i]]++] = i;

    const half = 0.5 * box;
    let partners = this.partners;
    let count = 0;
    let segment = 0;
    for (let c = 0; c < m ** 3; c++) {
      for (let a = cellStart[c]; a < cellStart[c + 1]; a++) {
        const i = sorted[a];
        this.owner[segment] = i;
        this.start[segment++] = count;
        const xi = positions[3 * i],
          yi = positions[3 * i + 1],
          zi = positions[3 * i + 2];
        const reachI = 0.5 * diameters[i] + skin;
        // The rest of i's own cell, then the 13 half-shell cells.
        for (let shell = -1; shell < 13; shell++) {
          const other = shell < 0 ? c : halfShell[13 * c + shell];
          const from = shell < 0 ? a + 1 : cellStart[other];
          const to = cellStart[other + 1];
          if (count + (to - from) > partners.length) {
            const grown = new Int32Array(2 * partners.length + (to - from));
            grown.set(partners.subarray(0, count));
            partners = this.partners = grown;
          }
          for (let b = from; b < to; b++) {
            const j = sorted[b];
            let dx = positions[3 * j] - xi;
            let dy = positions[3 * j + 1] - yi;
            let dz = positions[3 * j + 2] - zi;
            if (dx > half) dx -= box;
            else if (dx < -half) dx += box;
            if (dy > half) dy -= box;
            else if (dy < -half) dy += box;
            if (dz > half) dz -= box;
            else if (dz < -half) dz += box;
            const reach = reachI + 0.5 * diameters[j];
            if (dx * dx + dy * dy + dz * dz < reach * reach) partners[count++] = j;
          }
        }
      }
    }
    this.start[n] = count;
    this.builds++;
  }
}
