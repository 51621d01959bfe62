import { Random } from "../../random";

/** Size distributions of the paper (Ding et al. 2025), all with median/mean diameter D0 = 1. */
export type DiameterDistribution = "uniform" | "normal" | "lognormal";

export const DIAMETER_DISTRIBUTIONS: readonly DiameterDistribution[] = ["uniform", "normal", "lognormal"];

/** Smallest diameter kept from the normal distribution: a sphere needs a positive size. */
const MIN_NORMAL_DIAMETER = 0.05;

/**
 * Draw n diameters: uniform U(1-s, 1+s), normal N(1, s) (truncated to D > 0.05, redrawn below),
 * or lognormal ln D ~ N(0, s). sigma = 0 gives monodisperse spheres of diameter 1.
 */
export function sampleDiameters(distribution: DiameterDistribution, sigma: number, n: number, random: Random): Float64Array {
  if (!(sigma >= 0)) throw new RangeError(`sampleDiameters: sigma must be >= 0, got ${sigma}`);
  if (distribution === "uniform" && sigma >= 1) throw new RangeError("sampleDiameters: uniform needs sigma < 1");
  const diameters = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (distribution) {
      case "uniform":
        diameters[i] = random.uniform(1 - sigma, 1 + sigma);
        break;
      case "normal": {
        let d: number;
        do d = 1 + sigma * random.normal();
        while (d < MIN_NORMAL_DIAMETER);
        diameters[i] = d;
        break;
      }
      case "lognormal":
        diameters[i] = Math.exp(sigma * random.normal());
        break;
      default:
        throw new RangeError(`sampleDiameters: unknown distribution ${String(distribution)}`);
    }
  }
  return diameters;
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
