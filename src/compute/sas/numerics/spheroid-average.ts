/**
 * The orientation average of a uniform spheroid's F², ∫_0^1 Φ(x(u))² du with Φ(x) = 3j1(x)/x and
 * x(u)² = a - c u² (a = (q R_eq)², c = q²(R_eq² - R_pol²)), at a cost that does not grow with q.
 *
 * A node rule needs a couple of nodes per period of Φ², which at high q is hundreds (sasmodels' 76
 * are 130 % off for R_eq 400 Å at q = 1/Å). Instead, for x ≥ X0 write
 *   Φ(x)² = A(x) + Re[P(x) e^{2ix}],  A = 9(1 + x²)/(2x⁶),  P = 9(x² - 1)/(2x⁶) + 9i/x⁵
 * (expanding (sin x - x cos x)² with the double angles). The smooth part ∫ A du is elementary:
 * K_k(u) = ∫_0^u (a - c s²)^-k ds by the reduction K_{k+1} = u/(2ka(a - cu²)^k) + (2k-1)/(2ka) K_k
 * from K_1 = (u/a)·artanh(z)/z (c > 0) or arctan(z)/z (c < 0), z = u√(|c|/a). The oscillating part,
 * taken in x (du = W dx, W = -x/(c u(x)), u(x) = √((a - x²)/c)), is ∫_{x1}^{x2} P W e^{2ix} dx of a
 * function analytic in the upper half plane over the interval (P's only pole is x = 0, W's branch
 * points ±√a are its real ends): by Cauchy it equals the difference of the two integrals up the
 * vertical lines x_j + it, on which e^{2ix} is e^{2ix_j} e^{-2t} — numerical steepest descent. A
 * regular end is a Gauss–Laguerre integral; the end u = 0, where x is stationary and W ~ t^{-1/2},
 * becomes smooth in t = v² and is a Gauss–Hermite integral. Both converge geometrically at a rate
 * set by the distance to the pole x = 0 (≥ X0) and to the other end (≥ MIN_SPAN), not by q.
 *
 * Below X0 the split would cancel (A and the oscillating part each ≫ Φ²), so the part of the range
 * with x < X0 (a short arc: fewer than two periods) is integrated directly by Gauss–Legendre in u,
 * where x(u)² is a quadratic and Φ² an entire function of x². Ranges too short to oscillate much
 * (span below MIN_SPAN), and prolate shapes whose stationary end lies below X0 + MIN_SPAN (the
 * Hermite path's distance to the pole), return null: the caller's node rule is cheap and exact there.
 *
 * Orders (N_LAGUERRE, N_HERMITE, N_DIRECT): against composite 30-point Gauss–Legendre references on
 * 423 cases (aspect ratios 1/1000 – 1000, q·max radius 8 – 3000) the worst relative error was 5.5e-14
 * (2.2e-12 with N_HERMITE 12, 6.5e-13 with N_LAGUERRE 22: the orders keep that margin); to q·max
 * 3e4 it is 2.8e-13, the rounding of phases that large. test/compute/sas/spheroid-average.test.ts
 * checks it against an adaptive Gauss–Kronrod integral.
 */
import { gaussLegendre } from "./gauss-legendre";
import { gaussHermite, gaussLaguerre } from "./gauss-exponential";
import { sphereAmplitude } from "./spherical";

/** Smallest x the split into smooth and oscillating parts is used at. */
export const X0 = 4;
/** Smallest x-range (about four periods of Φ²) worth the path integrals. */
export const MIN_SPAN = 12;
const N_LAGUERRE = 26;
const N_HERMITE = 18;
const N_DIRECT = 14;

/**
 * 4.5 (K_2 + K_3)(u) with K_k(u) = ∫_0^u (a - c s²)^-k ds, given d = a - c u² (= x(u)², which the
 * caller knows without the cancellation a - c u² suffers when a ≈ c ≫ d).
 */
function smoothPart(a: number, c: number, u: number, d: number): number {
  let h: number;
  if (c > 0) {
    // z² = c u²/a = 1 - d/a; artanh z = log(1 + z) - log(d/a)/2 keeps 1 - z exact as z → 1.
    const z = Math.sqrt(1 - d / a);
    h = z < 1e-6 ? 1 + (z * z) / 3 : (Math.log1p(z) - 0.5 * Math.log(d / a)) / z;
  } else {
    const z = u * Math.sqrt(-c / a);
    h = z < 1e-6 ? 1 - (z * z) / 3 : Math.atan(z) / z;
  }
  const k1 = (u / a) * h;
  const k2 = u / (2 * a * d) + k1 / (2 * a);
  const k3 = u / (4 * a * d * d) + (3 * k2) / (4 * a);
  return 4.5 * (k2 + k3);
}

/**
 * Accumulates weight · P(x) · m at complex x = (xr, xi) into acc (re, im), P(x) = 9(x² - 1)/(2x⁶) +
 * 9i/x⁵ = 4.5 (z⁴ - z⁶) + 9i z⁵ with z = 1/x, m = (mr, mi). Written out (no tuples): it is the
 * inner loop of both paths.
 */
function addP(xr: number, xi: number, mr: number, mi: number, weight: number, acc: Float64Array): void {
  const inv = 1 / (xr * xr + xi * xi);
  const zr = xr * inv;
  const zi = -xi * inv;
  const z2r = zr * zr - zi * zi;
  const z2i = 2 * zr * zi;
  const z4r = z2r * z2r - z2i * z2i;
  const z4i = 2 * z2r * z2i;
  const z5r = z4r * zr - z4i * zi;
  const z5i = z4r * zi + z4i * zr;
  const z6r = z4r * z2r - z4i * z2i;
  const z6i = z4r * z2i + z4i * z2r;
  const pr = 4.5 * (z4r - z6r) - 9 * z5i;
  const pi = 4.5 * (z4i - z6i) + 9 * z5r;
  acc[0] += weight * (pr * mr - pi * mi);
  acc[1] += weight * (pr * mi + pi * mr);
}

/**
 * -2x / (c √w) at x = (xr, xi) for w = (wr, wi), principal root, into out (re, im): |√w|² = |w|, so
 * -2x conj(√w) / (c |w|). Principal √w without cancellation on either half plane.
 */
function minusTwoXOverRoot(xr: number, xi: number, wr: number, wi: number, c: number, out: Float64Array): void {
  const m = Math.sqrt(wr * wr + wi * wi);
  let sr: number;
  let si: number;
  if (wr >= 0) {
    sr = Math.sqrt(0.5 * (m + wr));
    si = wi / (2 * sr);
  } else {
    const t = Math.sqrt(0.5 * (m - wr));
    si = wi < 0 ? -t : t;
    sr = wi / (2 * si);
  }
  const f = -2 / (c * m);
  out[0] = f * (xr * sr + xi * si);
  out[1] = f * (xi * sr - xr * si);
}

const acc = new Float64Array(2);
const factor = new Float64Array(2);

/**
 * ∫ P W e^{2ix} dx up the line X + it from a regular end X, over i e^{2iX} (Gauss–Laguerre in
 * s = 2t): ½ Σ w_k P W at X + i s_k/2, W = -x/(c u) = ½ · (-2x/(c √((a - x²)/c))).
 */
function regularPath(x: number, a: number, c: number): void {
  const { nodes, weights } = gaussLaguerre(N_LAGUERRE);
  acc[0] = 0;
  acc[1] = 0;
  for (let k = 0; k < nodes.length; k++) {
    const xi = 0.5 * nodes[k];
    minusTwoXOverRoot(x, xi, (a - (x * x - xi * xi)) / c, (-2 * x * xi) / c, c, factor);
    addP(x, xi, factor[0], factor[1], weights[k], acc);
  }
  acc[0] *= 0.25;
  acc[1] *= 0.25;
}

/**
 * The same up the line √a + it from the stationary end u = 0: with t = v², W dt is
 * -2x dv / (c √Z), Z = (v² - 2i√a)/c, even in v (Gauss–Hermite in y = √2 v: 1/(2√2) of the sum).
 */
function stationaryPath(xs: number, c: number): void {
  const { nodes, weights } = gaussHermite(N_HERMITE);
  acc[0] = 0;
  acc[1] = 0;
  for (let k = 0; k < nodes.length; k++) {
    const v2 = 0.5 * nodes[k] * nodes[k];
    minusTwoXOverRoot(xs, v2, v2 / c, (-2 * xs) / c, c, factor);
    addP(xs, v2, factor[0], factor[1], weights[k], acc);
  }
  const f = 1 / (2 * Math.SQRT2);
  acc[0] *= f;
  acc[1] *= f;
}

/** Re[i e^{2ix} (acc re + i acc im)] = -(sin 2x · re + cos 2x · im). */
function turned(x: number): number {
  return -(Math.sin(2 * x) * acc[0] + Math.cos(2 * x) * acc[1]);
}

/** Re of the path integrals' difference from xs (stationary) to the regular end xb. */
function oscillating(xs: number, xb: number, a: number, c: number): number {
  stationaryPath(xs, c);
  const top = turned(xs);
  regularPath(xb, a, c);
  return top - turned(xb);
}

/**
 * ∫_{1-w}^1 Φ(x(u))² du by Gauss–Legendre (a short oblate range with x < X0), in s = 1 - u, where
 * x² = a(1 - u²) + xr² u² = a s(2 - s) + xr² u² has no cancellation.
 */
function direct(a: number, xr: number, w: number): number {
  const { nodes, weights } = gaussLegendre(N_DIRECT);
  const half = 0.5 * w;
  const xr2 = xr * xr;
  let sum = 0;
  for (let k = 0; k < nodes.length; k++) {
    const s = half * (1 - nodes[k]);
    const u = 1 - s;
    const f = sphereAmplitude(Math.sqrt(a * s * (2 - s) + xr2 * u * u));
    sum += weights[k] * f * f;
  }
  return half * sum;
}

/**
 * ∫_0^1 Φ(q r(u))² du, r² = R_eq²(1 - u²) + R_pol² u², or null where the caller's node rule is the
 * better tool (see the header).
 */
export function spheroidF2(q: number, radiusPolar: number, radiusEquatorial: number): number | null {
  const xs = q * radiusEquatorial;
  const xr = q * radiusPolar;
  const a = xs * xs;
  const c = q * q * (radiusEquatorial - radiusPolar) * (radiusEquatorial + radiusPolar);
  if (!(c !== 0) || !Number.isFinite(a) || !Number.isFinite(c)) return null;
  if (c > 0) {
    // Oblate: x falls from xs (u = 0, stationary) to xr (u = 1).
    const xb = Math.max(xr, X0);
    if (xs - xb < MIN_SPAN) return null;
    const paths = oscillating(xs, xb, a, c);
    if (xr >= X0) return smoothPart(a, c, 1, xr * xr) + paths;
    // x(ub) = X0: 1 - ub² = (X0² - xr²)/c, so the direct range w = 1 - ub comes without cancellation.
    const oneMinusU2 = (X0 * X0 - xr * xr) / c;
    const ub = Math.sqrt(1 - oneMinusU2);
    return smoothPart(a, c, ub, X0 * X0) + paths + direct(a, xr, oneMinusU2 / (1 + ub));
  }
  // Prolate: x rises from xs (u = 0, stationary) to xr (u = 1). The stationary path converges at a
  // rate set by its distance xs from the pole x = 0: asked for only from X0 + MIN_SPAN, as an oblate
  // one always is.
  if (xs < X0 + MIN_SPAN || xr - xs < MIN_SPAN) return null;
  return smoothPart(a, c, 1, xr * xr) + oscillating(xs, xr, a, c);
}
