/**
 * The paper's cleaning of a virtual-experiment set (Robledo et al. 2024, Methods): drop empty images
 * (no neutron reached the detector), drop low-statistics images — those whose standard deviation of
 * pixel counts is below the set's 2 % quantile of standard deviations — and drop saturated ones, whose
 * largest pixel is above the set's 99 % quantile of largest pixels (simulations that failed with
 * saturating pixels). Quantiles are over the non-empty images; an image exactly at a quantile stays.
 *
 * A quantile rule is applied only to a set large enough for its quantile to mean something: at
 * least 1/0.02 = 50 non-empty images for the 2 % rule and 1/(1 - 0.99) = 100 for the 99 % rule. In a
 * smaller set the 2 % quantile lies between the two lowest spreads, so the rule would always drop the
 * lowest image, however good (both images of a set of two, one by each rule).
 */

export interface CleaningRules {
  /** Quantile of the images' standard deviations below which an image is dropped (paper: 0.02). */
  lowStatisticsQuantile: number;
  /** Quantile of the images' largest pixels above which an image is dropped (paper: 0.99). */
  saturationQuantile: number;
}

export const PAPER_CLEANING: CleaningRules = { lowStatisticsQuantile: 0.02, saturationQuantile: 0.99 };

export type CleaningVerdict = "kept" | "empty" | "low-statistics" | "saturated";

export interface CleaningReport {
  /** One verdict per image, in the input order. */
  verdicts: CleaningVerdict[];
  kept: number;
  empty: number;
  lowStatistics: number;
  saturated: number;
  /** The thresholds the quantiles gave (null when the rule was not applied: no or too few non-empty images). */
  minStandardDeviation: number | null;
  maxPeak: number | null;
}

/** Non-empty images a quantile rule needs before it is applied: 1/p for the low tail, 1/(1 - p) for the high one. */
export function minimumSetSize(quantile: number, tail: "low" | "high"): number {
  return Math.ceil(1 / (tail === "low" ? quantile : 1 - quantile) - 1e-9);
}

export interface ImageStatistics {
  total: number;
  standardDeviation: number;
  peak: number;
}

/** Sum, population standard deviation and largest value of an image's pixels (masked pixels included: they are counted as the detector counted them). */
export function imageStatistics(counts: ArrayLike<number>): ImageStatistics {
  const n = counts.length;
  let total = 0;
  let peak = n > 0 ? -Infinity : 0;
  for (let i = 0; i < n; i++) {
    total += counts[i];
    if (counts[i] > peak) peak = counts[i];
  }
  const mean = n > 0 ? total / n : 0;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (counts[i] - mean) ** 2;
  return { total, standardDeviation: n > 0 ? Math.sqrt(squares / n) : 0, peak };
}

/** Linear-interpolation quantile (numpy's default) of values; p in [0, 1]. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("quantile of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function cleanImages(stats: readonly ImageStatistics[], rules: CleaningRules = PAPER_CLEANING): CleaningReport {
  const filled = stats.filter((s) => s.total > 0);
  const low = filled.length > 0 && filled.length >= minimumSetSize(rules.lowStatisticsQuantile, "low");
  const high = filled.length > 0 && filled.length >= minimumSetSize(rules.saturationQuantile, "high");
  const minStandardDeviation = low
    ? quantile(
        filled.map((s) => s.standardDeviation),
        rules.lowStatisticsQuantile,
      )
    : null;
  const maxPeak = high
    ? quantile(
        filled.map((s) => s.peak),
        rules.saturationQuantile,
      )
    : null;
  const verdicts = stats.map((s): CleaningVerdict => {
    if (!(s.total > 0)) return "empty";
    if (minStandardDeviation !== null && s.standardDeviation < minStandardDeviation) return "low-statistics";
    if (maxPeak !== null && s.peak > maxPeak) return "saturated";
    return "kept";
  });
  const count = (v: CleaningVerdict) => verdicts.filter((x) => x === v).length;
  return {
    verdicts,
    kept: count("kept"),
    empty: count("empty"),
    lowStatistics: count("low-statistics"),
    saturated: count("saturated"),
    minStandardDeviation,
    maxPeak,
  };
}
