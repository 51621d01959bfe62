import { erf } from "./erf";

/**
 * The standard normal distribution: its upper tail and its quantile, accurate to a few ulps relative
 * in both tails (what stratified sampling of normal and lognormal sizes needs). Written here because
 * the well-kept JavaScript implementations (stdlib) ship as native-addon packages, which our offline
 * installs cannot build; the formulas are textbook (erf, the Laplace continued fraction, Halley steps).
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Density phi(x) = exp(-x^2/2) / sqrt(2 pi). */
export function normalDensity(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/**
 * Upper tail 1 - Phi(x), with full relative precision also far in the tail: erf where it has no
 * cancellation (x < 3), Laplace's continued fraction phi(x) / (x + 1/(x + 2/(x + 3/(x + ...)))) beyond.
 */
export function normalUpperTail(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 3) return 0.5 * (1 - erf(x / Math.SQRT2));
  // Evaluated from the back; 60 levels converge to double precision for x >= 3.
  let fraction = x;
  for (let k = 60; k >= 1; k--) fraction = x + k / fraction;
  return normalDensity(x) / fraction;
}

/** Phi(x), the cumulative distribution, with full relative precision in the lower tail. */
export function normalCdf(x: number): number {
  return normalUpperTail(-x);
}

/**
 * The quantile Phi^-1(p) for p in (0, 1): Abramowitz & Stegun 26.2.23 as the start (|error| < 4.5e-4),
 * then Halley steps on the nearer tail, which converge cubically to double precision in two or three.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  }
  // Solve for the lower tail q = min(p, 1 - p): x <= 0 with Phi(x) = q, then mirror.
  const upper = p > 0.5;
  const q = upper ? 1 - p : p;
  const t = Math.sqrt(-2 * Math.log(q));
  let x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (let step = 0; step < 6; step++) {
    const density = normalDensity(x);
    if (density === 0) break;
    const u = (normalCdf(x) - q) / density;
    const dx = u / (1 + 0.5 * x * u);
    x -= dx;
    if (Math.abs(dx) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return upper ? -x : x;
}
