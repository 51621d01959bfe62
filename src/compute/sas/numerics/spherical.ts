/**
 * Amplitudes of solid spheres and slabs. Near zero the closed forms cancel catastrophically, so
 * (like sasmodels) we switch to the Taylor series below a cutoff where both agree to ~1e-15.
 */

/**
 * The one implementation of 3 j1(x)/x = 3 (sin x - x cos x) / x^3 (every sphere in src/compute uses
 * it); equal to 1 at x = 0 and even in x.
 */
export function sphereAmplitude(x: number): number {
  if (Math.abs(x) < 0.1) return smallSphereAmplitude(x * x);
  return (3 * (Math.sin(x) / x - Math.cos(x))) / (x * x);
}

/** Same as sphereAmplitude when sin x and cos x are already known (lets callers reuse them). */
export function sphereAmplitudeFromTrig(x: number, sinX: number, cosX: number): number {
  if (Math.abs(x) < 0.1) return smallSphereAmplitude(x * x);
  return (3 * (sinX / x - cosX)) / (x * x);
}

/** Taylor series to x^8; below |x| = 0.1 the first omitted term is under 1e-18. */
function smallSphereAmplitude(x2: number): number {
  return 1 + x2 * (-1 / 10 + x2 * (1 / 280 + x2 * (-1 / 15120 + x2 * (1 / 1330560))));
}

/** sin(x)/x, equal to 1 at x = 0. */
export function sinc(x: number): number {
  return x === 0 ? 1 : Math.sin(x) / x;
}

/**
 * Fill out[k] = 3 j1(q r_k)/(q r_k) for r_k = r0 + k dr, k < n, using one sin/cos pair for the start
 * and a rotation for each step (the hot loop of polydisperse spheres).
 */
export function sphereAmplitudeSweep(q: number, r0: number, dr: number, n: number, out: Float64Array): void {
  let x = q * r0;
  let s = Math.sin(x);
  let c = Math.cos(x);
  const step = q * dr;
  const sd = Math.sin(step);
  const cd = Math.cos(step);
  for (let k = 0; k < n; k++) {
    x = q * (r0 + k * dr);
    out[k] = sphereAmplitudeFromTrig(x, s, c);
    const sNext = s * cd + c * sd;
    c = c * cd - s * sd;
    s = sNext;
  }
}
