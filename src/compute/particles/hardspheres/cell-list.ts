/**
 * Cubic cell grid for a periodic box: cells at least `minCellSize` wide, equal-capacity slots per
 * cell (doubled when one overflows), O(1) insert/remove (swap with last). Particles carry their integer cell coordinates, which
 * are the authority on membership (positions exactly on a boundary never flip cells by rounding).
 */
export class CellList {
  readonly cellsPerSide: number;
  readonly cellSize: number;
  capacity: number;
  /** Particle ids per cell, `capacity` slots each (reallocated when a cell overflows). */
  slots: Int32Array;
  readonly counts: Int32Array;
  /** Integer cell coordinates of each particle (3 per particle). */
  readonly cellCoords: Int32Array;
  /** Slot index of each particle inside its cell. */
  private readonly slotOf: Int32Array;

  constructor(box: number, minCellSize: number, positions: Float64Array) {
    const n = positions.length / 3;
    // A hair wider than the largest contact distance so rounding never hides a collider two cells away.
    this.cellsPerSide = Math.floor(box / (minCellSize * (1 + 1e-9)));
    if (this.cellsPerSide < 3) {
      throw new RangeError(`CellList: box ${box} must hold at least 3 cells of ${minCellSize} (system too small)`);
    }
    this.cellSize = box / this.cellsPerSide;
    const cellCount = this.cellsPerSide ** 3;
    this.capacity = Math.ceil((2 * n) / cellCount) + 4;
    this.slots = new Int32Array(cellCount * this.capacity);
    this.counts = new Int32Array(cellCount);
    this.cellCoords = new Int32Array(3 * n);
    this.slotOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < 3; a++) {
        let c = Math.floor(positions[3 * i + a] / this.cellSize);
        if (c >= this.cellsPerSide) c = this.cellsPerSide - 1;
        if (c < 0) c = 0;
        this.cellCoords[3 * i + a] = c;
      }
      this.insert(i);
    }
  }

  cellIndex(cx: number, cy: number, cz: number): number {
    return (cx * this.cellsPerSide + cy) * this.cellsPerSide + cz;
  }

  cellOf(i: number): number {
    return this.cellIndex(this.cellCoords[3 * i], this.cellCoords[3 * i + 1], this.cellCoords[3 * i + 2]);
  }

  private insert(i: number): void {
    const cell = this.cellOf(i);
    const k = this.counts[cell];
    if (k >= this.capacity) {
      this.doubleCapacity();
      this.insert(i);
      return;
    }
    this.slots[cell * this.capacity + k] = i;
    this.slotOf[i] = k;
    this.counts[cell] = k + 1;
  }

  private doubleCapacity(): void {
    const capacity = 2 * this.capacity;
    const slots = new Int32Array(this.counts.length * capacity);
    for (let cell = 0; cell < this.counts.length; cell++) {
      slots.set(this.slots.subarray(cell * this.capacity, cell * this.capacity + this.counts[cell]), cell * capacity);
    }
    this.slots = slots;
    this.capacity = capacity;
  }

  private remove(i: number): void {
    const cell = this.cellOf(i);
    const last = this.counts[cell] - 1;
    const k = this.slotOf[i];
    const moved = this.slots[cell * this.capacity + last];
    this.slots[cell * this.capacity + k] = moved;
    this.slotOf[moved] = k;
    this.counts[cell] = last;
  }

  /** Move particle i one cell up along axis (periodic). */
  stepUp(i: number, axis: number): void {
    this.remove(i);
    const c = this.cellCoords[3 * i + axis] + 1;
    this.cellCoords[3 * i + axis] = c === this.cellsPerSide ? 0 : c;
    this.insert(i);
  }
}
