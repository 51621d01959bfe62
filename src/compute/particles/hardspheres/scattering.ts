import { Configuration } from "./configuration";
import { foldAntipodes, paperDirections } from "./directions";
import { amplitudeTable, sumSquaredVolumes } from "./sphere-amplitude";
import { accumulateDirect, accumulateRecurrence, uniformGrid } from "./scattering-kernel";

/**
 * I(Q) of one configuration (paper 000, eq. 2):
 *   I(Q) = < |sum_i F(Q; D_i) exp(i Q.r_i)|^2 >_directions / sum_i V_i^2,
 * so I -> P(Q) (P(0) = 1) for uncorrelated spheres. Positions are used as given (wrapped into the
 * box), as in the authors' code; average configurations yourself (or use simulateStatePoint).
 */
export interface ScatteringOptions {
  /** Unit vectors, x,y,z interleaved. Default: the paper's 50 x 100 theta/phi grid. */
  directions?: Float64Array;
}

/**
 * Fast single-threaded I(Q): antipodal directions folded (see foldAntipodes), phase recurrences
 * along a uniform Q grid (see accumulateRecurrence); a non-uniform grid falls back to the direct sum.
 */
export function scatteringIntensity(config: Configuration, q: Float64Array, options: ScatteringOptions = {}): Float64Array {
  const directions = options.directions ?? paperDirections();
  return normalise(squaredAmplitudeSums(config.positions, config.diameters, q, directions), config.diameters, directions);
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
): Float64Array {
  if (weights === undefined) {
    const folded = foldAntipodes(directions);
    return squaredAmplitudeSums(positions, diameters, q, folded.directions, folded.weights);
  }
  const sums = new Float64Array(q.length);
  const amplitudes = amplitudeTable(diameters, q);
  const grid = uniformGrid(q);
  if (grid === null) accumulateDirect(positions, amplitudes, q, directions, weights, sums);
  else accumulateRecurrence(positions, amplitudes, grid.q0, grid.dq, q.length, directions, weights, sums);
  return sums;
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
