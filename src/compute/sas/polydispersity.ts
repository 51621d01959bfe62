/**
 * Weight points of sasmodels' size distributions (sasmodels/weights.py conventions):
 *  - volume parameters are relative: sigma = width * center;
 *  - points are center + linspace(-nsigma*sigma, +nsigma*sigma, n), dropping those outside the
 *    parameter limits (so negative radii are simply removed, not clipped);
 *  - gaussian: exp(-(x-c)^2 / 2 sigma^2);
 *  - lognormal: exp(-(ln x - ln c)^2 / 2 w^2) / x with w = sigma/center (so `width` is the sigma of
 *    ln x and `center` the median); lower bound raised to 1e-8;
 *  - schulz: z = (center/sigma)^2, w ∝ R^(z-1) e^(-z R), R = x/center; lower bound raised to 1e-8;
 *  - rectangle: the gaussian grid, keeping |x - c| <= sqrt(3) sigma, equal weights;
 *  - uniform: linspace(c - sigma, c + sigma, n) (nsigma unused), equal weights;
 *  - width 0 or n < 2 gives the single point {center} when it lies inside the limits.
 * Weights are normalised to sum 1, as sasmodels' get_weights does.
 */
import { SasInputError } from "./errors";

export type DistributionType = "gaussian" | "lognormal" | "schulz" | "rectangle" | "uniform";
export const DISTRIBUTION_TYPES: readonly DistributionType[] = ["gaussian", "lognormal", "schulz", "rectangle", "uniform"];

export interface WeightPoints {
  values: Float64Array;
  weights: Float64Array;
}

function linspaceAround(center: number, sigma: number, nsigma: number, n: number, lb: number, ub: number): number[] {
  const out: number[] = [];
  const lo = -nsigma * sigma;
  const hi = nsigma * sigma;
  const step = (hi - lo) / (n - 1);
  for (let i = 0; i < n; i++) {
    // numpy.linspace: start + i*step, with the last point exactly `stop`
    const offset = i === n - 1 ? hi : lo + i * step;
    const x = center + offset;
    if (x >= lb && x <= ub) out.push(x);
  }
  return out;
}

function normalise(values: number[], weights: number[]): WeightPoints {
  let total = 0;
  for (const w of weights) total += w;
  const v = Float64Array.from(values);
  const w = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) w[i] = weights[i] / total;
  return { values: v, weights: w };
}

export function distributionWeights(
  type: DistributionType,
  center: number,
  width: number,
  n: number,
  nsigma: number,
  lowerBound: number,
  upperBound: number,
): WeightPoints {
  return weightsAround(type, center, width * center, n, nsigma, lowerBound, upperBound);
}

/** Distributions an orientation jitter may follow: those defined on both sides of 0. */
export const JITTER_TYPES: readonly DistributionType[] = ["gaussian", "rectangle", "uniform"];

/**
 * Weight points of an orientation jitter, as sasmodels draws theta_pd, phi_pd, psi_pd: the width is
 * absolute (degrees, not a fraction of the angle) and the points are offsets about 0, which the 2D
 * kernel adds to the view angles.
 */
export function jitterWeights(type: DistributionType, width: number, n: number, nsigma: number, lowerBound: number, upperBound: number): WeightPoints {
  if (!JITTER_TYPES.includes(type)) {
    throw new SasInputError(`orientation dispersion "${type}" is not defined about 0: use ${JITTER_TYPES.join(", ")}`);
  }
  return weightsAround(type, 0, width, n, nsigma, lowerBound, upperBound);
}

function weightsAround(type: DistributionType, center: number, sigma: number, n: number, nsigma: number, lowerBound: number, upperBound: number): WeightPoints {
  if (sigma === 0 || n < 2) {
    if (center >= lowerBound && center <= upperBound) return { values: Float64Array.of(center), weights: Float64Array.of(1) };
    return { values: new Float64Array(0), weights: new Float64Array(0) };
  }
  switch (type) {
    case "gaussian": {
      const x = linspaceAround(center, sigma, nsigma, n, lowerBound, upperBound);
      return normalise(
        x,
        x.map((xi) => Math.exp(((xi - center) * (xi - center)) / (-2 * sigma * sigma))),
      );
    }
    case "lognormal": {
      const x = linspaceAround(center, sigma, nsigma, n, Math.max(lowerBound, 1e-8), Math.max(upperBound, 1e-8));
      const sig = Math.abs(sigma / center);
      const lnc = Math.log(center);
      return normalise(
        x,
        x.map((xi) => Math.exp(-0.5 * ((Math.log(xi) - lnc) / sig) ** 2) / (xi * sig)),
      );
    }
    case "schulz": {
      const x = linspaceAround(center, sigma, nsigma, n, Math.max(lowerBound, 1e-8), Math.max(upperBound, 1e-8));
      const z = (center / sigma) ** 2;
      // constant factors (z ln z - ln c - lnΓ(z), and -z) cancel on normalisation; dropping them
      // avoids overflow for narrow distributions.
      return normalise(
        x,
        x.map((xi) => {
          const r = xi / center;
          return Math.exp((z - 1) * Math.log(r) - z * (r - 1));
        }),
      );
    }
    case "rectangle": {
      const all = linspaceAround(center, sigma, nsigma, n, lowerBound, upperBound);
      const x = all.filter((xi) => Math.abs(xi - center) <= Math.abs(sigma) * Math.sqrt(3));
      return normalise(
        x,
        x.map(() => 1),
      );
    }
    case "uniform": {
      const x: number[] = [];
      const lo = center - sigma;
      const hi = center + sigma;
      const step = (hi - lo) / (n - 1);
      for (let i = 0; i < n; i++) {
        const xi = i === n - 1 ? hi : lo + i * step;
        if (xi >= lowerBound && xi <= upperBound) x.push(xi);
      }
      return normalise(
        x,
        x.map(() => 1),
      );
    }
    default:
      throw new SasInputError(`unknown distribution "${String(type)}": use ${DISTRIBUTION_TYPES.join(", ")}`);
  }
}
