/**
 * Coherent intensity of eq. 1 on the polar grid, by direct summation over particles.
 *
 * Why not a phase recurrence: |q| is log-spaced, so exp(i q_k u) along a ray is not a geometric
 * sequence. Instead, per angle the projection u_i = x_i cos(theta) + y_i sin(theta) is formed once,
 * and for every (q_k, i) one sine/cosine pair of q_k u_i is evaluated inline: a single reduction by
 * pi/2 (Cody–Waite, rounding by the 1.5*2^52 trick, which is much cheaper than Math.round) feeds
 * Taylor polynomials on [-pi/4, pi/4] (truncation < 5e-17), and the quadrant is applied arithmetically,
 * because branches on random phases mispredict. That is ~3x faster than Math.sin + Math.cos and as
 * accurate (a few ulp). The amplitude depends on |q| only (scattering-amplitudes.ts), and
 * I(q, theta + pi) = I(q, theta) for real amplitudes, so an angle pi away from an earlier one is copied.
 */
import type { ColloidConfiguration } from "./configuration";
import type { PolarGrid } from "./polar-grid";
import { scatteringAmplitudes } from "./scattering-amplitudes";

const TWO_OVER_PI = 2 / Math.PI;
// pi/2 split so that n * PIO2_HIGH is exact for |n| < 2^20, i.e. phases below ~1.6e6 rad.
const PIO2_HIGH = 1.5707963267341256;
const PIO2_LOW = 6.077100506506192e-11;
/** Adding then subtracting 1.5 * 2^52 rounds a double of magnitude < 2^51 to the nearest integer. */
const ROUNDING_SHIFT = 6755399441055744;

// Taylor coefficients (-1)^k / (2k+1)! and (-1)^k / (2k)!.
const S3 = -1 / 6;
const S5 = 1 / 120;
const S7 = -1 / 5040;
const S9 = 1 / 362880;
const S11 = -1 / 39916800;
const S13 = 1 / 6227020800;
const S15 = -1 / 1307674368000;
const C2 = -1 / 2;
const C4 = 1 / 24;
const C6 = -1 / 720;
const C8 = 1 / 40320;
const C10 = -1 / 3628800;
const C12 = 1 / 479001600;
const C14 = -1 / 87178291200;
const C16 = 1 / 20922789888000;

/**
 * I(q_k, theta_j) for the given particles, q-major: out[k * theta.length + j].
 * Positions must keep |q| |r| below ~1.6e6 rad (resolveColloidSpec enforces a margin).
 */
export function polarIntensity(particles: ColloidConfiguration, grid: PolarGrid, out?: Float64Array): Float64Array {
  const { q, theta } = grid;
  const qCount = q.length;
  const thetaCount = theta.length;
  const intensity = out ?? new Float64Array(qCount * thetaCount);
  const count = particles.x.length;
  if (count === 0) {
    intensity.fill(0);
    return intensity;
  }
  const amplitudes = scatteringAmplitudes(particles.radius, q);
  const { x, y } = particles;
  const projection = new Float64Array(count);

  for (let j = 0; j < thetaCount; j++) {
    const mirror = earlierAnglePiAway(theta, j);
    if (mirror >= 0) {
      for (let k = 0; k < qCount; k++) intensity[k * thetaCount + j] = intensity[k * thetaCount + mirror];
      continue;
    }
    const cosTheta = Math.cos(theta[j]);
    const sinTheta = Math.sin(theta[j]);
    for (let i = 0; i < count; i++) projection[i] = x[i] * cosTheta + y[i] * sinTheta;

    for (let k = 0; k < qCount; k++) {
      const qk = q[k];
      const row = k * count;
      let real = 0;
      let imaginary = 0;
      for (let i = 0; i < count; i++) {
        const phase = qk * projection[i];
        const n = phase * TWO_OVER_PI + ROUNDING_SHIFT - ROUNDING_SHIFT;
        const r = phase - n * PIO2_HIGH - n * PIO2_LOW;
        const r2 = r * r;
        const s = r + r * r2 * (S3 + r2 * (S5 + r2 * (S7 + r2 * (S9 + r2 * (S11 + r2 * (S13 + r2 * S15))))));
        const c = 1 + r2 * (C2 + r2 * (C4 + r2 * (C6 + r2 * (C8 + r2 * (C10 + r2 * (C12 + r2 * (C14 + r2 * C16)))))));
        // Quadrant n mod 4: sin = (s, c, -s, -c)[n], cos = (c, -s, -c, s)[n].
        const quadrant = n & 3;
        const odd = quadrant & 1;
        const a = amplitudes[row + i];
        real += a * (1 - ((quadrant + 1) & 2)) * (c + odd * (s - c));
        imaginary += a * (1 - (quadrant & 2)) * (s + odd * (c - s));
      }
      intensity[k * thetaCount + j] = real * real + imaginary * imaginary;
    }
  }
  return intensity;
}

/** Index of an earlier angle exactly pi below theta[j] (to the rounding of the grid), or -1. */
function earlierAnglePiAway(theta: Float64Array, j: number): number {
  for (let m = 0; m < j; m++) if (Math.abs(theta[j] - theta[m] - Math.PI) <= 4 * Number.EPSILON * Math.PI) return m;
  return -1;
}
