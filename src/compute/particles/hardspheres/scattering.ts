import { Configuration } from "./configuration";
import { foldAntipodes, paperDirections } from "./directions";
import { amplitudeTable, sumSquaredVolumes } from "./sphere-amplitude";
import { accumulateDirect, accumulateRecurrence, uniformGrid } from "./scattering-kernel";
import { accumulateMoments, MAX_MOMENT_ORDER, momentErrorBound, momentGrid, type MomentGrid } from "./scattering-moments";

/**
 * I(Q) of one configuration (paper 000, eq. 2):
 *   I(Q) = < |sum_i F(Q; D_i) exp(i Q.r_i)|^2 >_directions / sum_i V_i^2,
 * so I -> P(Q) (P(0) = 1) for uncorrelated spheres. Positions are used as given (wrapped into the
 * box), as in the authors' code; average configurations yourself (or use simulateStatePoint).
 */
export interface ScatteringOptions extends KernelSettings {
  /** Unit vectors, x,y,z interleaved. Default: the paper's 50 x 100 theta/phi grid. */
  directions?: Float64Array;
}

/**
 * Which kernel sums a uniform Q grid: "auto" (default) takes cell moments where a cost model says
 * they are cheaper than the recurrence (large N; not for a few hundred spheres), "moments" always
 * tries them first, "recurrence" never. Non-uniform grids always take the direct sum.
 */
export type ScatteringKernel = "auto" | "moments" | "recurrence";

export interface KernelSettings {
  kernel?: ScatteringKernel;
  /**
   * Relative error allowed in I(Q) from the cell-moment kernel (default 1e-7), checked after the fact
   * against its bound; if not met, higher orders, then the phase recurrence.
   */
  tolerance?: number;
}

export const DEFAULT_SCATTERING_TOLERANCE = 1e-7;

/**
 * Fast single-threaded I(Q): antipodal directions folded (see foldAntipodes); on a uniform Q grid
 * (Q > 0) cell moments and FFTs (see accumulateMoments) with error control, else phase recurrences
 * (uniform grid) or the direct sum (non-uniform grid).
 */
export function scatteringIntensity(config: Configuration, q: Float64Array, options: ScatteringOptions = {}): Float64Array {
  const directions = options.directions ?? paperDirections();
  return normalise(squaredAmplitudeSums(config.positions, config.diameters, q, directions, undefined, options), config.diameters, directions);
}

/** Reference I(Q): direct sum with a sin and cos per particle, Q point and direction (the authors' method). */
export function scatteringIntensityDirect(config: Configuration, q: Float64Array, options: ScatteringOptions = {}): Float64Array {
  const directions = options.directions ?? paperDirections();
  const sums = new Float64Array(q.length);
  accumulateDirect(config.positions, amplitudeTable(config.diameters, q), q, directions, null, sums);
  return normalise(sums, config.diameters, directions);
}

/**
 * Weighted sum over directions of |A(Q n)|^2 per Q point, unnormalised — the unit of work split
 * across threads. Without weights the directions are first folded onto antipodal pairs.
 */
export function squaredAmplitudeSums(
  positions: Float64Array,
  diameters: Float64Array,
  q: Float64Array,
  directions: Float64Array,
  weights?: Float64Array,
  settings: KernelSettings = {},
): Float64Array {
  if (weights === undefined) {
    const folded = foldAntipodes(directions);
    return squaredAmplitudeSums(positions, diameters, q, folded.directions, folded.weights, settings);
  }
  const kernel = settings.kernel ?? "auto";
  const grid = uniformGrid(q);
  if (grid !== null && q.length > 1 && grid.q0 > 0 && grid.dq > 0 && kernel !== "recurrence") {
    const moments = momentGrid(grid.q0, grid.dq, q.length);
    if (kernel === "moments" || momentsPayOff(diameters.length, q.length, moments.cells, moments.order)) {
      const sums = momentSums(positions, diameters, moments, directions, weights, settings.tolerance ?? DEFAULT_SCATTERING_TOLERANCE);
      if (sums !== null) return sums;
    }
  }
  const sums = new Float64Array(q.length);
  const amplitudes = amplitudeTable(diameters, q);
  if (grid === null) accumulateDirect(positions, amplitudes, q, directions, weights, sums);
  else accumulateRecurrence(positions, amplitudes, grid.q0, grid.dq, q.length, directions, weights, sums);
  return sums;
}

/**
 * The cell-moment sums, or null where their error bound cannot be brought under `tolerance`. With
 * eps the per-direction bound on |error of A| and W = sum of weights, Cauchy-Schwarz bounds the error
 * of S = sum_d w_d |A_d|^2 by 2 eps sqrt(W S) + W eps^2; the order is raised until that is at most
 * tolerance * S at every Q. (Per worker chunk this is sufficient for the whole: the chunk bounds add up
 * to at most the bound of the total.)
 */
function momentSums(
  positions: Float64Array,
  diameters: Float64Array,
  first: MomentGrid,
  directions: Float64Array,
  weights: Float64Array,
  tolerance: number,
): Float64Array | null {
  const nq = first.nq;
  let totalWeight = 0;
  for (const w of weights) totalWeight += w;
  for (let order = first.order; order <= MAX_MOMENT_ORDER; order += 8) {
    const grid = { ...first, order };
    const sums = new Float64Array(nq);
    if (!accumulateMoments(positions, diameters, directions, weights, grid, sums)) return null;
    const bound = momentErrorBound(grid, diameters);
    let ok = true;
    for (let k = 0; k < nq && ok; k++) {
      const e = bound[k];
      ok = 2 * e * Math.sqrt(totalWeight * sums[k]) + totalWeight * e * e <= tolerance * sums[k];
    }
    if (ok) return sums;
  }
  return null;
}

/**
 * Per direction, the moment kernel costs about 1.7 ns per sphere and order plus 2.4 ns per order and
 * FFT point and stage; the recurrence about 1.8 ns per sphere and Q point (both measured on this
 * project's 2-core machine, N = 23 328, 100 Q). Pick the moments where that model favours them.
 */
function momentsPayOff(n: number, nq: number, cells: number, order: number): boolean {
  return 1.7 * n * order + 2.4 * order * cells * Math.log2(cells) < 1.8 * n * nq;
}

export function normalise(sums: Float64Array, diameters: Float64Array, directions: Float64Array): Float64Array {
  const scale = 1 / ((directions.length / 3) * sumSquaredVolumes(diameters));
  const out = new Float64Array(sums.length);
  for (let k = 0; k < sums.length; k++) out[k] = sums[k] * scale;
  return out;
}

/** The paper's grid: `count` points uniform in [from, to] (default 100 in [3, 13]). */
export function uniformQGrid(from = 3, to = 13, count = 100): Float64Array {
  const q = new Float64Array(count);
  for (let k = 0; k < count; k++) q[k] = count === 1 ? from : from + ((to - from) * k) / (count - 1);
  return q;
}
