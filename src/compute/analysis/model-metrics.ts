/**
 * Metrics of a model's predictions against known answers, arrays in, numbers out (evaluateModel):
 * - curves: mean squared error of log10 I per curve, summarised by mean, median and 90th percentile;
 * - parameters: MAE, RMSE and mean relative error, and the calibration of stated uncertainties;
 * - classes: top-k accuracy and the confusion matrix.
 */

/** Mean squared difference over the points where both are finite. NaN when none is. */
export function meanSquaredError(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < predicted.length; i++) {
    const d = predicted[i] - truth[i];
    if (Number.isFinite(d)) {
      sum += d * d;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

/**
 * The p-quantile with linear interpolation between order statistics (numpy's default "linear":
 * position p·(n-1) in the sorted values).
 */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const at = p * (n - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
}

export interface Summary {
  /** Values summarised. */
  count: number;
  mean: number;
  median: number;
  p90: number;
}

export function summarise(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: sorted.length, mean: sorted.length ? sum / sorted.length : NaN, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}

export interface Calibration {
  /** Rows with a finite, positive stated uncertainty. */
  count: number;
  /** Fraction with |predicted - truth| <= 1σ (0.683 when the σ are right for Gaussian errors). */
  within1Sigma: number;
  /** Fraction within 2σ (0.954 for calibrated Gaussian errors). */
  within2Sigma: number;
  /** Mean of z² = ((predicted - truth)/σ)² (1 when calibrated; > 1: σ too small). */
  meanZ2: number;
}

export interface ParameterMetrics {
  count: number;
  mae: number;
  rmse: number;
  /** Mean of |predicted - truth| / |truth| over rows whose truth is not 0. */
  relativeError: number;
  /** Present when the model states an uncertainty. */
  calibration?: Calibration;
}

/** Metrics of one predicted parameter against the truth; rows where either is not finite are left out. */
export function parameterMetrics(predicted: ArrayLike<number>, truth: ArrayLike<number>, sigma?: ArrayLike<number>): ParameterMetrics {
  let n = 0;
  let abs = 0;
  let sq = 0;
  let rel = 0;
  let nRel = 0;
  let nSigma = 0;
  let in1 = 0;
  let in2 = 0;
  let z2 = 0;
  for (let i = 0; i < predicted.length; i++) {
    const d = predicted[i] - truth[i];
    if (!Number.isFinite(d)) continue;
    n++;
    abs += Math.abs(d);
    sq += d * d;
    if (truth[i] !== 0) {
      rel += Math.abs(d) / Math.abs(truth[i]);
      nRel++;
    }
    const s = sigma?.[i];
    if (s !== undefined && Number.isFinite(s) && s > 0) {
      const z = d / s;
      nSigma++;
      if (Math.abs(z) <= 1) in1++;
      if (Math.abs(z) <= 2) in2++;
      z2 += z * z;
    }
  }
  const out: ParameterMetrics = { count: n, mae: n ? abs / n : NaN, rmse: n ? Math.sqrt(sq / n) : NaN, relativeError: nRel ? rel / nRel : NaN };
  if (sigma !== undefined && nSigma > 0) out.calibration = { count: nSigma, within1Sigma: in1 / nSigma, within2Sigma: in2 / nSigma, meanZ2: z2 / nSigma };
  return out;
}

export interface ClassMetrics {
  count: number;
  top1: number;
  /** null when the model has fewer than 3 (5) classes. */
  top3: number | null;
  top5: number | null;
  /** confusion[t][p]: rows of true class t predicted (top-1) as p, in the label order given. */
  confusion: number[][];
}

/**
 * truth[i]: index of row i's true class; ranked[i]: class indices, most probable first (at least
 * the first five, or all when fewer).
 */
export function classMetrics(truth: ArrayLike<number>, ranked: readonly ArrayLike<number>[], classes: number): ClassMetrics {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const hits = [0, 0, 0];
  const ks = [1, 3, 5];
  for (let i = 0; i < truth.length; i++) {
    const order = ranked[i];
    confusion[truth[i]][order[0]]++;
    ks.forEach((k, j) => {
      for (let r = 0; r < Math.min(k, order.length); r++) {
        if (order[r] === truth[i]) {
          hits[j]++;
          break;
        }
      }
    });
  }
  const n = truth.length;
  const acc = (j: number) => (n ? hits[j] / n : NaN);
  return { count: n, top1: acc(0), top3: classes >= 3 ? acc(1) : null, top5: classes >= 5 ? acc(2) : null, confusion };
}
