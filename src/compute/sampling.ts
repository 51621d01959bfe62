/**
 * Designs of parameter sweeps: Latin hypercube, plain random, and full grids, over ranges that may
 * be linear or logarithmic. Deterministic from the seed.
 */
import { Random } from "./random";

export type SamplingMethod = "LATIN_HYPERCUBE" | "RANDOM" | "GRID";
export const SAMPLING_METHODS: readonly SamplingMethod[] = ["LATIN_HYPERCUBE", "RANDOM", "GRID"];

export type GridSpacing = "LOG" | "LINEAR";
export const GRID_SPACINGS: readonly GridSpacing[] = ["LOG", "LINEAR"];

export interface ParameterRange {
  name: string;
  min: number;
  max: number;
  /** Sample uniformly in log(value) (min and max must be > 0). */
  log?: boolean;
}

export class SamplingError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = "SamplingError";
  }
}

/** Most points a grid may have in all (count^dimensions). */
export const MAX_GRID_POINTS = 1_000_000;

function checkRanges(ranges: ParameterRange[]): void {
  ranges.forEach((r, i) => {
    if (!Number.isFinite(r.min) || !Number.isFinite(r.max)) throw new SamplingError(`ranges[${i}] (${r.name}): min and max must be finite`, `ranges[${i}]`);
    if (r.max < r.min) throw new SamplingError(`ranges[${i}] (${r.name}): max ${r.max} is below min ${r.min}`, `ranges[${i}]`);
    if (r.log && r.min <= 0) throw new SamplingError(`ranges[${i}] (${r.name}): a log range needs min > 0`, `ranges[${i}]`);
  });
  const names = new Set(ranges.map((r) => r.name));
  if (names.size !== ranges.length) throw new SamplingError("each parameter may have only one range", "ranges");
}

/** Map u in [0, 1] onto the range. */
function scale(r: ParameterRange, u: number): number {
  // Range ends exactly (a grid's corners), not exp(log(x)) approximations of them.
  if (u === 0) return r.min;
  if (u === 1) return r.max;
  if (r.log) return Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min)));
  return r.min + u * (r.max - r.min);
}

/**
 * Parameter sets of a sweep. RANDOM and LATIN_HYPERCUBE give `count` points; GRID gives `count`
 * points along each parameter (count^d in all, endpoints included).
 */
export function sampleParameters(ranges: ParameterRange[], method: SamplingMethod, count: number, seed: number): Record<string, number>[] {
  checkRanges(ranges);
  if (!Number.isInteger(count) || count < 1) throw new SamplingError("count must be a positive integer", "count");
  const rng = new Random(seed);
  const d = ranges.length;
  if (method === "RANDOM") {
    return Array.from({ length: count }, () => Object.fromEntries(ranges.map((r) => [r.name, scale(r, rng.next())])));
  }
  if (method === "LATIN_HYPERCUBE") {
    // Each parameter's [0,1] is cut into `count` strata; each stratum is used exactly once, in a
    // random order per parameter, at a random position inside the stratum.
    const columns = ranges.map(() => {
      const order = Array.from({ length: count }, (_, i) => i);
      for (let i = count - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      return order.map((stratum) => (stratum + rng.next()) / count);
    });
    return Array.from({ length: count }, (_, k) => Object.fromEntries(ranges.map((r, j) => [r.name, scale(r, columns[j][k])])));
  }
  if (method === "GRID") {
    const total = count ** d;
    if (total > MAX_GRID_POINTS) throw new SamplingError(`a grid of ${count}^${d} = ${total} points is over the limit of ${MAX_GRID_POINTS}`, "count");
    const points: Record<string, number>[] = [];
    const index = new Array<number>(d).fill(0);
    for (let k = 0; k < total; k++) {
      points.push(Object.fromEntries(ranges.map((r, j) => [r.name, scale(r, count === 1 ? 0.5 : index[j] / (count - 1))])));
      for (let j = d - 1; j >= 0; j--) {
        if (++index[j] < count) break;
        index[j] = 0;
      }
    }
    return points;
  }
  throw new SamplingError(`unknown sampling method ${String(method)}`, "sampling");
}

/** A q grid of `points` values from min to max, log- or linearly spaced. */
export function qGrid(min: number, max: number, points: number, spacing: GridSpacing = "LOG"): Float64Array {
  if (!(min > 0) || !(max > min) || !Number.isFinite(max)) throw new SamplingError("q grid needs 0 < min < max", "q");
  if (!Number.isInteger(points) || points < 2 || points > 100_000) throw new SamplingError("q grid needs 2 to 100000 points", "q.points");
  const q = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const u = i / (points - 1);
    q[i] = spacing === "LOG" ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
  }
  // The ends are exactly what was asked for (exp(log(x)) need not give x back).
  q[0] = min;
  q[points - 1] = max;
  return q;
}
