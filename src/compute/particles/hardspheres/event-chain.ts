import { Random } from "../../random";
import { CellList } from "./cell-list";
import { Configuration, wrapIntoBox } from "./configuration";

/**
 * Straight event-chain Monte Carlo for (polydisperse) hard spheres (Bernard, Krauth & Wilson 2009):
 * a randomly chosen sphere moves along +x (then +y, +z, cycling) until it touches another sphere;
 * the motion is "lifted" to that sphere, and so on until the chain's total displacement reaches
 * `chainLength`. Contacts are at the sum of radii, so polydispersity needs nothing else.
 * Rejection-free and exact: there is no step size and no overlap ever.
 *
 * Pressure (Michel, Kapfer & Krauth 2014): beta P / rho = < x_final - x_initial > / chainLength,
 * where x_final - x_initial = chainLength + sum over lifts of the centre separation along the chain
 * direction at contact. Accumulated as 1 + (sum of lift separations) / (total chain length).
 */
export interface EventChainStatistics {
  chains: number;
  /** Lifting events (collisions). */
  events: number;
  /** Sum of all chain lengths. */
  totalDisplacement: number;
  /** Sum over lifts of the contact separation along the chain direction. */
  liftingSeparationSum: number;
}

export function emptyStatistics(): EventChainStatistics {
  return { chains: 0, events: 0, totalDisplacement: 0, liftingSeparationSum: 0 };
}

/** beta P / rho from event-chain statistics (NaN before any chain). */
export function compressibilityFactor(stats: EventChainStatistics): number {
  return 1 + stats.liftingSeparationSum / stats.totalDisplacement;
}

export interface EventChainSamplerOptions {
  /** Total displacement of one chain, in units of D0 (default 2). */
  chainLength?: number;
  /**
   * Largest diameter the sampler must ever handle (sets the cell size). Defaults to the largest
   * current diameter; set it when diameters will grow (see growDiameters).
   */
  maxDiameter?: number;
  /** Keep unwrapped displacements per particle (for mean-square displacement / decorrelation). */
  trackDisplacements?: boolean;
}

/**
 * Owns a working copy of a configuration and advances it by event chains. Positions stay
 * wrapped in [0, box); `displacements` (if tracked) are unwrapped.
 */
export class EventChainSampler {
  readonly box: number;
  readonly n: number;
  readonly positions: Float64Array;
  /** Current diameters; may be smaller than the targets while growing (see growDiameters). */
  readonly diameters: Float64Array;
  readonly displacements: Float64Array | null;
  readonly chainLength: number;
  readonly statistics: EventChainStatistics = emptyStatistics();
  private readonly cells: CellList;
  private readonly random: Random;
  private nextAxis = 0;
  private readonly strides: Int32Array;

  constructor(config: Configuration, seed: number, options: EventChainSamplerOptions = {}) {
    this.box = config.box;
    this.n = config.diameters.length;
    this.positions = config.positions.slice();
    this.diameters = config.diameters.slice();
    this.chainLength = options.chainLength ?? 2;
    if (!(this.chainLength > 0)) throw new RangeError("EventChainSampler: chainLength must be > 0");
    let maxD = options.maxDiameter ?? 0;
    for (let i = 0; i < this.n; i++) if (this.diameters[i] > maxD) maxD = this.diameters[i];
    if (!(maxD > 0)) throw new RangeError("EventChainSampler: needs a positive diameter");
    wrapIntoBox(this.positions, this.box);
    this.cells = new CellList(this.box, maxD, this.positions);
    const nc = this.cells.cellsPerSide;
    this.strides = Int32Array.from([nc * nc, nc, 1]);
    this.random = new Random(seed);
    this.displacements = options.trackDisplacements ? new Float64Array(3 * this.n) : null;
  }

  /** Snapshot of the current configuration (copies). */
  configuration(): Configuration {
    return { box: this.box, positions: this.positions.slice(), diameters: this.diameters.slice() };
  }

  /** Run `count` chains, cycling the direction +x, +y, +z. */
  run(count: number): void {
    for (let k = 0; k < count; k++) {
      this.runChain(this.nextAxis, this.chainLength);
      this.nextAxis = this.nextAxis === 2 ? 0 : this.nextAxis + 1;
    }
  }

  /** Run chains until each particle has moved `perParticle` diameters on average. */
  runDisplacement(perParticle: number): void {
    this.run(Math.max(1, Math.ceil((perParticle * this.n) / this.chainLength)));
  }

  private runChain(axis: number, length: number): void {
    const pos = this.positions;
    const diam = this.diameters;
    const box = this.box;
    const halfBox = 0.5 * box;
    const cells = this.cells;
    const nc = cells.cellsPerSide;
    const cellSize = cells.cellSize;
    const counts = cells.counts;
    const coords = cells.cellCoords;
    const b = axis === 2 ? 0 : axis + 1;
    const c = b === 2 ? 0 : b + 1;
    const strideA = this.strides[axis];
    const strideB = this.strides[b];
    const strideC = this.strides[c];
    const disp = this.displacements;
    const stats = this.statistics;

    let i = this.random.int(this.n);
    let remaining = length;
    while (remaining > 0) {
      const xi = pos[3 * i + axis];
      const yi = pos[3 * i + b];
      const zi = pos[3 * i + c];
      const radiusI = 0.5 * diam[i];
      const ca = coords[3 * i + axis];
      const cb = coords[3 * i + b];
      const cc = coords[3 * i + c];
      // Free flight at most to the end of the current cell: colliders then lie in this cell or the next.
      let toBoundary = (ca + 1) * cellSize - xi;
      if (toBoundary < 0) toBoundary = 0;
      const step = remaining < toBoundary ? remaining : toBoundary;
      // Re-read each step: a cell overflow during stepUp reallocates the slots.
      const capacity = cells.capacity;
      const slots = cells.slots;
      let best = step;
      let hit = -1;
      let hitSeparation = 0;
      for (let da = 0; da < 2; da++) {
        const ka = ca + da === nc ? 0 : ca + da;
        for (let db = -1; db <= 1; db++) {
          let kb = cb + db;
          if (kb < 0) kb += nc;
          else if (kb >= nc) kb -= nc;
          for (let dc = -1; dc <= 1; dc++) {
            let kc = cc + dc;
            if (kc < 0) kc += nc;
            else if (kc >= nc) kc -= nc;
            const cell = ka * strideA + kb * strideB + kc * strideC;
            const base = cell * capacity;
            const end = base + counts[cell];
            for (let s = base; s < end; s++) {
              const j = slots[s];
              if (j === i) continue;
              let dy = pos[3 * j + b] - yi;
              if (dy > halfBox) dy -= box;
              else if (dy < -halfBox) dy += box;
              let dz = pos[3 * j + c] - zi;
              if (dz > halfBox) dz -= box;
              else if (dz < -halfBox) dz += box;
              const contact = radiusI + 0.5 * diam[j];
              const free2 = contact * contact - dy * dy - dz * dz;
              if (free2 <= 0) continue;
              let dx = pos[3 * j + axis] - xi;
              // Only spheres strictly ahead can be hit: a touching sphere level with i (dx = 0) would
              // otherwise bounce the lift back and forth without progress.
              if (dx <= 0) dx += box;
              const separation = Math.sqrt(free2);
              let t = dx - separation;
              if (t < best) {
                if (t < 0) t = 0; // already touching (rounding): lift at once
                best = t;
                hit = j;
                hitSeparation = separation;
              }
            }
          }
        }
      }
      if (disp !== null) disp[3 * i + axis] += best;
      remaining -= best;
      if (hit >= 0) {
        pos[3 * i + axis] = xi + best;
        stats.events++;
        stats.liftingSeparationSum += hitSeparation;
        i = hit;
      } else if (step === toBoundary) {
        // Arrived exactly on the cell boundary: hand over to the next cell (wrapping the box).
        cells.stepUp(i, axis);
        pos[3 * i + axis] = ca + 1 === nc ? 0 : (ca + 1) * cellSize;
      } else {
        pos[3 * i + axis] = xi + best;
      }
    }
    stats.chains++;
    stats.totalDisplacement += length;
  }

  /**
   * Grow each sphere (in random order) towards its target diameter as far as its neighbours allow,
   * leaving a relative gap `margin`. Returns how many spheres are still below target.
   * Used to reach high packing fractions without ever creating an overlap.
   */
  growDiameters(targets: Float64Array, margin = 1e-9): number {
    const pos = this.positions;
    const diam = this.diameters;
    const box = this.box;
    const halfBox = 0.5 * box;
    const cells = this.cells;
    const nc = cells.cellsPerSide;
    let belowTarget = 0;
    const order = new Int32Array(this.n);
    for (let i = 0; i < this.n; i++) order[i] = i;
    for (let i = this.n - 1; i > 0; i--) {
      const k = this.random.int(i + 1);
      const t = order[i];
      order[i] = order[k];
      order[k] = t;
    }
    for (let o = 0; o < this.n; o++) {
      const i = order[o];
      if (diam[i] >= targets[i]) continue;
      let room = targets[i];
      const x = pos[3 * i];
      const y = pos[3 * i + 1];
      const z = pos[3 * i + 2];
      const cx = cells.cellCoords[3 * i];
      const cy = cells.cellCoords[3 * i + 1];
      const cz = cells.cellCoords[3 * i + 2];
      for (let dx = -1; dx <= 1; dx++) {
        const kx = (cx + dx + nc) % nc;
        for (let dy = -1; dy <= 1; dy++) {
          const ky = (cy + dy + nc) % nc;
          for (let dz = -1; dz <= 1; dz++) {
            const cell = cells.cellIndex(kx, ky, (cz + dz + nc) % nc);
            const base = cell * cells.capacity;
            const end = base + cells.counts[cell];
            for (let s = base; s < end; s++) {
              const j = cells.slots[s];
              if (j === i) continue;
              let rx = pos[3 * j] - x;
              if (rx > halfBox) rx -= box;
              else if (rx < -halfBox) rx += box;
              let ry = pos[3 * j + 1] - y;
              if (ry > halfBox) ry -= box;
              else if (ry < -halfBox) ry += box;
              let rz = pos[3 * j + 2] - z;
              if (rz > halfBox) rz -= box;
              else if (rz < -halfBox) rz += box;
              const allowed = (2 * Math.sqrt(rx * rx + ry * ry + rz * rz) - diam[j]) * (1 - margin);
              if (allowed < room) room = allowed;
            }
          }
        }
      }
      if (room > diam[i]) diam[i] = room;
      if (diam[i] < targets[i]) belowTarget++;
    }
    return belowTarget;
  }
}
