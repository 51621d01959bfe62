/**
 * Pinhole (Gaussian dQ) smearing as sasmodels' Pinhole1D does it:
 *  - the model is computed on q extended linearly (same step as the first/last interval) down to
 *    min(q - 2.5 dq) and up to max(q + 2.5 dq); points with |q_calc| < 0.02 min(q) are dropped and
 *    negative ones evaluated at |q|;
 *  - each output point is a midpoint rule over bins of q_calc (edges halfway between points), with
 *    weight = Φ(edge_hi) - Φ(edge_lo) of the Gaussian N(q_i, dq_i), zero outside
 *    [q_i²/(q_i + 2.5 dq_i), q_i + 2.5 dq_i], then normalised to sum 1;
 *  - dq is floored at 1e-8 to avoid division by zero.
 */
import { SasInputError } from "./errors";
import { erf } from "./numerics/erf";

const PINHOLE_N_SIGMA = 2.5;
const MINIMUM_RESOLUTION = 1e-8;
const MINIMUM_ABSOLUTE_Q = 0.02;

export interface PinholeResolution {
  /** Where the model must be evaluated (all > 0). */
  qCalc: Float64Array;
  /** Smear a curve computed on qCalc onto the measured q. */
  apply(theory: Float64Array): Float64Array;
}

function linspace(a: number, b: number, n: number): number[] {
  const out: number[] = [];
  const step = (b - a) / (n - 1);
  for (let i = 0; i < n; i++) out.push(i === n - 1 ? b : a + i * step);
  return out;
}

/**
 * Points the linear extension may add beyond the data. A dq far wider than the q spacing would
 * otherwise ask for billions of points (dq = 1e300: an array length no engine can allocate).
 */
export const MAX_EXTENSION_POINTS = 100_000;

/** Linear extension of sorted q out to [qMin, qMax] with about the end intervals' step. */
export function linearExtrapolation(qSorted: number[], qMin: number, qMax: number): number[] {
  const q = qSorted;
  const n = q.length;
  let nLow = 0;
  if (qMin + 2 * MINIMUM_RESOLUTION < q[0]) {
    const delta = n > 1 ? q[1] - q[0] : 0;
    nLow = delta > 0 ? Math.ceil((q[0] - qMin) / delta) : 15;
  }
  let nHigh = 0;
  if (qMax - 2 * MINIMUM_RESOLUTION > q[n - 1]) {
    const delta = n > 1 ? q[n - 1] - q[n - 2] : 0;
    nHigh = delta > 0 ? Math.ceil((qMax - q[n - 1]) / delta) : 15;
  }
  if (!(nLow + nHigh <= MAX_EXTENSION_POINTS)) {
    throw new SasInputError(
      `resolution.dq: smearing out to q = [${qMin}, ${qMax}] needs ${nLow + nHigh} points beyond the data at its q spacing, ` +
        `more than the limit of ${MAX_EXTENSION_POINTS}: dq is too wide for these q values`,
      "resolution.dq",
    );
  }
  const low = nLow > 0 ? linspace(qMin, q[0], nLow + 1).slice(0, -1) : [];
  const high = nHigh > 0 ? linspace(q[n - 1], qMax, nHigh + 1).slice(1) : [];
  return [...low, ...q, ...high];
}

function binEdges(x: number[]): Float64Array {
  const n = x.length;
  const edges = new Float64Array(n + 1);
  if (n === 1) {
    edges[0] = x[0] - 0.5;
    edges[1] = x[0] + 0.5;
    return edges;
  }
  edges[0] = x[0] - 0.5 * (x[1] - x[0]);
  for (let i = 1; i < n; i++) edges[i] = 0.5 * (x[i] + x[i - 1]);
  edges[n] = x[n - 1] + 0.5 * (x[n - 1] - x[n - 2]);
  return edges;
}

export function pinholeResolution(q: Float64Array, dq: Float64Array): PinholeResolution {
  const nq = q.length;
  const sorted = Array.from(q).sort((a, b) => a - b);
  let qMin = Number.POSITIVE_INFINITY;
  let qMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < nq; i++) {
    qMin = Math.min(qMin, q[i] - PINHOLE_N_SIGMA * dq[i]);
    qMax = Math.max(qMax, q[i] + PINHOLE_N_SIGMA * dq[i]);
  }
  const cutoff = MINIMUM_ABSOLUTE_Q * sorted[0];
  const signed = linearExtrapolation(sorted, qMin, qMax).filter((v) => Math.abs(v) >= cutoff);
  const edges = binEdges(signed);
  const nc = signed.length;

  // Sparse columns: for output i, weights over calc rows [start_i, start_i + len_i).
  const starts = new Int32Array(nq);
  const lengths = new Int32Array(nq);
  const chunks: Float64Array[] = [];
  for (let i = 0; i < nq; i++) {
    const qi = q[i];
    const width = Math.max(dq[i], MINIMUM_RESOLUTION);
    const qHigh = qi + PINHOLE_N_SIGMA * width;
    const qLow = (qi * qi) / qHigh; // sasmodels uses log-symmetric lower limit
    let first = -1;
    let last = -1;
    for (let k = 0; k < nc; k++) {
      if (signed[k] >= qLow && signed[k] <= qHigh) {
        if (first < 0) first = k;
        last = k;
      }
    }
    if (first < 0) {
      starts[i] = 0;
      lengths[i] = 0;
      chunks.push(new Float64Array(0));
      continue;
    }
    const w = new Float64Array(last - first + 1);
    const denom = Math.SQRT2 * width;
    let total = 0;
    for (let k = first; k <= last; k++) {
      const v = 0.5 * (erf((edges[k + 1] - qi) / denom) - erf((edges[k] - qi) / denom));
      w[k - first] = v;
      total += v;
    }
    for (let k = 0; k < w.length; k++) w[k] /= total;
    starts[i] = first;
    lengths[i] = w.length;
    chunks.push(w);
  }
  const qCalc = Float64Array.from(signed, (v) => Math.abs(v));
  return {
    qCalc,
    apply(theory: Float64Array): Float64Array {
      const out = new Float64Array(nq);
      for (let i = 0; i < nq; i++) {
        const w = chunks[i];
        const s = starts[i];
        let acc = 0;
        for (let k = 0; k < lengths[i]; k++) acc += w[k] * theory[s + k];
        out[i] = acc;
      }
      return out;
    },
  };
}

/** Convenience: smear a function known on any grid via evaluation at qCalc. */
export function smearPinhole(q: Float64Array, dq: Float64Array, model: (qCalc: Float64Array) => Float64Array): Float64Array {
  const r = pinholeResolution(q, dq);
  return r.apply(model(r.qCalc));
}
