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

/**
 * Points the linear extension may add beyond the data. A dq far wider than the q spacing would
 * otherwise ask for billions of points (dq = 1e300: an array length no engine can allocate).
 */
export const MAX_EXTENSION_POINTS = 100_000;

function binEdges(x: ArrayLike<number>): Float64Array {
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

/** First index k of ascending `x` with x[k] >= value (x.length when none). */
function lowerBound(x: Float64Array, value: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index k of ascending `x` with x[k] > value (x.length when none). */
function upperBound(x: Float64Array, value: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where the model is evaluated for a pinhole smear: sorted, extended, small |q| dropped (signed). */
function calcGrid(q: Float64Array, dq: Float64Array): Float64Array {
  const nq = q.length;
  // Grids arrive sorted; otherwise a typed array sorts numerically without a comparator call per
  // comparison (q > 0, no NaN: the same order as (a, b) => a - b).
  let ascending = true;
  for (let i = 1; i < nq && ascending; i++) ascending = q[i - 1] <= q[i];
  const sorted = ascending ? q : Float64Array.from(q).sort();
  let qMin = Number.POSITIVE_INFINITY;
  let qMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < nq; i++) {
    qMin = Math.min(qMin, q[i] - PINHOLE_N_SIGMA * dq[i]);
    qMax = Math.max(qMax, q[i] + PINHOLE_N_SIGMA * dq[i]);
  }
  const cutoff = MINIMUM_ABSOLUTE_Q * sorted[0];
  // The linear extension of q out to [qMin, qMax] at about the end intervals' step, written straight into one typed array (no intermediate arrays:
  // this runs on the event loop when a request is priced); the same expressions, so the same values.
  const first = sorted[0];
  const last = sorted[nq - 1];
  let nLow = 0;
  let lowStep = 0;
  if (qMin + 2 * MINIMUM_RESOLUTION < first) {
    const delta = nq > 1 ? sorted[1] - sorted[0] : 0;
    nLow = delta > 0 ? Math.ceil((first - qMin) / delta) : 15;
    lowStep = (first - qMin) / nLow;
  }
  let nHigh = 0;
  let highStep = 0;
  if (qMax - 2 * MINIMUM_RESOLUTION > last) {
    const delta = nq > 1 ? sorted[nq - 1] - sorted[nq - 2] : 0;
    nHigh = delta > 0 ? Math.ceil((qMax - last) / delta) : 15;
    highStep = (qMax - last) / nHigh;
  }
  if (!(nLow + nHigh <= MAX_EXTENSION_POINTS)) {
    throw new SasInputError(
      `resolution.dq: smearing out to q = [${qMin}, ${qMax}] needs ${nLow + nHigh} points beyond the data at its q spacing, ` +
        `more than the limit of ${MAX_EXTENSION_POINTS}: dq is too wide for these q values`,
      "resolution.dq",
    );
  }
  const out = new Float64Array(nLow + nq + nHigh);
  let n = 0;
  const keep = (v: number) => {
    if (Math.abs(v) >= cutoff) out[n++] = v;
  };
  for (let i = 0; i < nLow; i++) keep(qMin + i * lowStep);
  for (let i = 0; i < nq; i++) keep(sorted[i]);
  for (let i = 1; i <= nHigh; i++) keep(i === nHigh ? qMax : last + i * highStep);
  return n === out.length ? out : out.slice(0, n);
}

/**
 * Rows [first, last] of the ascending calc grid inside output point i's window
 * [q_i²/(q_i + 2.5 dq_i), q_i + 2.5 dq_i]; the grid is sorted, so the rows in the window are
 * contiguous and two bisections find them (a scan of every row made the smear O(nq · nc)).
 */
function windowOf(signed: Float64Array, qi: number, width: number): { first: number; last: number } {
  const qHigh = qi + PINHOLE_N_SIGMA * width;
  const qLow = (qi * qi) / qHigh; // sasmodels uses log-symmetric lower limit
  return { first: lowerBound(signed, qLow), last: upperBound(signed, qHigh) - 1 };
}

/** Size of a pinhole smear without doing it: model points to evaluate and weights to hold. */
export function pinholeWork(q: Float64Array, dq: Float64Array): { calcPoints: number; weights: number } {
  const signed = calcGrid(q, dq);
  let weights = 0;
  for (let i = 0; i < q.length; i++) {
    const { first, last } = windowOf(signed, q[i], Math.max(dq[i], MINIMUM_RESOLUTION));
    if (last >= first) weights += last - first + 1;
  }
  return { calcPoints: signed.length, weights };
}

export function pinholeResolution(q: Float64Array, dq: Float64Array): PinholeResolution {
  const nq = q.length;
  const signed = calcGrid(q, dq);
  const edges = binEdges(signed);

  // Sparse columns: for output i, weights over calc rows [start_i, start_i + len_i).
  const starts = new Int32Array(nq);
  const lengths = new Int32Array(nq);
  const chunks: Float64Array[] = [];
  for (let i = 0; i < nq; i++) {
    const qi = q[i];
    const width = Math.max(dq[i], MINIMUM_RESOLUTION);
    const { first, last } = windowOf(signed, qi, width);
    if (last < first) {
      starts[i] = 0;
      lengths[i] = 0;
      chunks.push(new Float64Array(0));
      continue;
    }
    const w = new Float64Array(last - first + 1);
    const denom = Math.SQRT2 * width;
    let total = 0;
    // Adjacent bins share an edge: erf of each edge once (the same expression, so the same value).
    let lower = erf((edges[first] - qi) / denom);
    for (let k = first; k <= last; k++) {
      const upper = erf((edges[k + 1] - qi) / denom);
      const v = 0.5 * (upper - lower);
      lower = upper;
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
