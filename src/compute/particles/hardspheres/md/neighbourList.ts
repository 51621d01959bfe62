/**
 * Verlet neighbour list for short-range pair forces in a periodic cubic box: each pair closer than
 * its contact distance (D_i + D_j) / 2 plus `skin` is listed once. It stays valid until some particle
 * has moved more than skin / 2 since the build (then no unlisted pair can have come within contact),
 * which `isStale` checks. Built by binning into cells at least (largest diameter + skin) wide.
 * Written here rather than reusing CellList: that one is incremental for event chains; this one
 * rebuilds from scratch in two flat passes, which is what MD wants.
 */
export class NeighbourList {
  /** Partners of particle i: partners[start[i]] .. partners[start[i + 1] - 1], each pair once. */
  start: Int32Array;
  partners: Int32Array;
  builds = 0;
  private readonly reference: Float64Array;
  private readonly cellsPerSide: number;
  private readonly head: Int32Array;
  private readonly next: Int32Array;

  constructor(
    readonly box: number,
    readonly diameters: Float64Array,
    readonly skin: number,
  ) {
    const n = diameters.length;
    let maxD = 0;
    for (let i = 0; i < n; i++) if (diameters[i] > maxD) maxD = diameters[i];
    this.cellsPerSide = Math.floor(box / ((maxD + skin) * (1 + 1e-9)));
    if (this.cellsPerSide < 3) {
      throw new RangeError(`NeighbourList: box ${box} must hold at least 3 cells of ${maxD + skin} (system too small)`);
    }
    this.start = new Int32Array(n + 1);
    this.partners = new Int32Array(8 * n);
    this.reference = new Float64Array(3 * n);
    this.head = new Int32Array(this.cellsPerSide ** 3);
    this.next = new Int32Array(n);
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
    const { box, diameters, skin, cellsPerSide: m, head, next } = this;
    const n = diameters.length;
    for (let i = 0; i < 3 * n; i++) {
      let x = positions[i] - box * Math.floor(positions[i] / box);
      if (x >= box) x = 0; // -tiny wraps to box by rounding
      positions[i] = x;
    }
    this.reference.set(positions);
    head.fill(-1);
    const cellOf = (i: number): number => {
      const cx = Math.min(m - 1, Math.floor((positions[3 * i] / box) * m));
      const cy = Math.min(m - 1, Math.floor((positions[3 * i + 1] / box) * m));
      const cz = Math.min(m - 1, Math.floor((positions[3 * i + 2] / box) * m));
      return (cx * m + cy) * m + cz;
    };
    for (let i = 0; i < n; i++) {
      const c = cellOf(i);
      next[i] = head[c];
      head[c] = i;
    }
    const half = 0.5 * box;
    let count = 0;
    for (let i = 0; i < n; i++) {
      this.start[i] = count;
      const xi = positions[3 * i], yi = positions[3 * i + 1], zi = positions[3 * i + 2];
      const di = diameters[i];
      const cx = Math.min(m - 1, Math.floor((xi / box) * m));
      const cy = Math.min(m - 1, Math.floor((yi / box) * m));
      const cz = Math.min(m - 1, Math.floor((zi / box) * m));
      for (let ox = -1; ox <= 1; ox++) {
        const ax = (cx + ox + m) % m;
        for (let oy = -1; oy <= 1; oy++) {
          const ay = (cy + oy + m) % m;
          for (let oz = -1; oz <= 1; oz++) {
            const az = (cz + oz + m) % m;
            for (let j = head[(ax * m + ay) * m + az]; j !== -1; j = next[j]) {
              if (j <= i) continue;
              let dx = positions[3 * j] - xi;
              let dy = positions[3 * j + 1] - yi;
              let dz = positions[3 * j + 2] - zi;
              if (dx > half) dx -= box; else if (dx < -half) dx += box;
              if (dy > half) dy -= box; else if (dy < -half) dy += box;
              if (dz > half) dz -= box; else if (dz < -half) dz += box;
              const reach = 0.5 * (di + diameters[j]) + skin;
              if (dx * dx + dy * dy + dz * dz >= reach * reach) continue;
              if (count === this.partners.length) {
                const grown = new Int32Array(2 * count);
                grown.set(this.partners);
                this.partners = grown;
              }
              this.partners[count++] = j;
            }
          }
        }
      }
    }
    this.start[n] = count;
    this.builds++;
  }
}
