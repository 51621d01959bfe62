import { Random } from "../../random";
import { normalCdf, normalQuantile } from "../../sas/numerics/normal";

/** Size distributions of the paper (Ding et al. 2025), all with median/mean diameter D0 = 1. */
export type DiameterDistribution = "uniform" | "normal" | "lognormal";

export const DIAMETER_DISTRIBUTIONS: readonly DiameterDistribution[] = ["uniform", "normal", "lognormal"];

/** Smallest diameter kept from the normal distribution: a sphere needs a positive size. */
const MIN_NORMAL_DIAMETER = 0.05;

/**
 * How the n diameters of a system are drawn. "independent": each from the distribution on its own, as
 * the paper's LAMMPS input does. "stratified" (the default): one diameter from each of n equal-probability
 * slices of the distribution, in random order. Each diameter still has exactly the target distribution,
 * but the set as a whole has it too. Near the form factor's minimum I(Q) depends on the sizes alone: for
 * 23 328 diameters it moves from one independent draw to the next by 0.5 to 0.9 % (standard deviation),
 * a fluctuation no average over configurations removes; stratified, by 5e-7 (uniform) to 2e-4
 * (lognormal, whose last slice holds the whole tail).
 */
export type DiameterSampling = "stratified" | "independent";

export const DIAMETER_SAMPLINGS: readonly DiameterSampling[] = ["stratified", "independent"];

/**
 * Draw n diameters: uniform U(1-s, 1+s), normal N(1, s) truncated to D > 0.05, or lognormal
 * ln D ~ N(0, s). sigma = 0 gives monodisperse spheres of diameter 1.
 */
export function sampleDiameters(
  distribution: DiameterDistribution,
  sigma: number,
  n: number,
  random: Random,
  sampling: DiameterSampling = "stratified",
): Float64Array {
  if (!(sigma >= 0)) throw new RangeError(`sampleDiameters: sigma must be >= 0, got ${sigma}`);
  if (distribution === "uniform" && sigma >= 1) throw new RangeError("sampleDiameters: uniform needs sigma < 1");
  if (!DIAMETER_SAMPLINGS.includes(sampling)) throw new RangeError(`sampleDiameters: sampling must be one of ${DIAMETER_SAMPLINGS.join(", ")}`);
  const quantile = quantileFunction(distribution, sigma);
  const diameters = new Float64Array(n);
  if (sampling === "independent") {
    for (let i = 0; i < n; i++) diameters[i] = quantile(random.next());
    return diameters;
  }
  // Slice k of n goes to a random particle (Fisher–Yates), at a uniform point inside the slice.
  const slice = new Uint32Array(n);
  for (let i = 0; i < n; i++) slice[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const swap = slice[i];
    slice[i] = slice[j];
    slice[j] = swap;
  }
  for (let i = 0; i < n; i++) diameters[i] = quantile((slice[i] + random.next()) / n);
  return diameters;
}

/**
 * The diameter below which a fraction p of the distribution lies (the normal one renormalised to
 * D > 0.05). Mapping a uniform p through it gives a draw from the distribution.
 */
export function diameterQuantile(distribution: DiameterDistribution, sigma: number, p: number): number {
  return quantileFunction(distribution, sigma)(p);
}

/** The quantile as a function of p, with what depends only on the distribution worked out once. */
function quantileFunction(distribution: DiameterDistribution, sigma: number): (p: number) => number {
  if (sigma === 0) return () => 1;
  // (slice + u) / n can round to 0 or 1, where the normal quantile is infinite.
  const inside = (p: number) => Math.min(Math.max(p, Number.EPSILON / 2), 1 - Number.EPSILON / 2);
  switch (distribution) {
    case "uniform":
      return (p) => 1 - sigma + 2 * sigma * inside(p);
    case "normal": {
      const below = normalCdf((MIN_NORMAL_DIAMETER - 1) / sigma);
      return (p) => Math.max(MIN_NORMAL_DIAMETER, 1 + sigma * normalQuantile(below + inside(p) * (1 - below)));
    }
    case "lognormal":
      return (p) => Math.exp(sigma * normalQuantile(inside(p)));
    default:
      throw new RangeError(`unknown diameter distribution ${String(distribution)}`);
  }
}

/** Total sphere volume sum_i pi D_i^3 / 6. */
export function totalSphereVolume(diameters: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < diameters.length; i++) sum += diameters[i] ** 3;
  return (Math.PI / 6) * sum;
}

export function maxDiameter(diameters: Float64Array): number {
  let max = 0;
  for (let i = 0; i < diameters.length; i++) if (diameters[i] > max) max = diameters[i];
  return max;
}
