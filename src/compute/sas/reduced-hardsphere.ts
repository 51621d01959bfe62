/**
 * Reduced-unit hard-sphere functions of Ding et al. 2025 (paper 000, eqs. 3–5), lengths in units of
 * the reference diameter D0 = 1:
 *   F(Q; D)   = (π D³/6) · 3[sin x - x cos x]/x³,  x = Q D/2                      (eq. 3)
 *   I_PY(Q)   = S_PY(Q; η) P(Q),  P = <F²>_D / <(π D³/6)²>_D  (P(0) = 1)          (eq. 4)
 *   I_PYβ(Q)  = [1 + β(Q)(S_PY(Q; η) - 1)] P(Q),  β = <F>_D² / <F²>_D             (eq. 5)
 * S_PY is the monodisperse Percus–Yevick structure factor for diameter D0 = 1 at volume fraction η.
 * Size distributions: uniform D ~ U(1-s, 1+s), normal D ~ N(1, s) (truncated at D > 0),
 * lognormal ln D ~ N(0, s). Averages over D use Gauss–Legendre quadrature (default 96 points) on
 * the support (±8 s for the normal ones).
 */
import { SasInputError } from "./errors";
import { gaussLegendre } from "./numerics/gauss-legendre";
import { sphereAmplitude } from "./numerics/spherical";
import { percusYevick } from "./models/hardsphere";

export type ReducedDistribution = "uniform" | "normal" | "lognormal";

/** F(Q; D) of eq. 3. */
export function reducedFormAmplitude(Q: number, D: number): number {
  return ((Math.PI * D * D * D) / 6) * sphereAmplitude(0.5 * Q * D);
}

/** S_PY(Q; η) for hard spheres of diameter 1. */
export function reducedStructureFactorPY(Q: Float64Array, eta: number): Float64Array {
  checkEta(eta);
  return Float64Array.from(Q, (x) => percusYevick(x, 0.5, eta));
}

function checkEta(eta: number): void {
  if (!(eta >= 0 && eta < 1)) throw new SasInputError(`eta must be in [0, 1) (got ${eta})`, "eta");
}

export interface DiameterQuadrature {
  diameters: Float64Array;
  /** Normalised probability weights (sum 1). */
  weights: Float64Array;
}

/** Quadrature nodes and weights for the diameter distribution. */
export function diameterQuadrature(distribution: ReducedDistribution, s: number, points = 96): DiameterQuadrature {
  if (!(s >= 0) || !Number.isFinite(s)) throw new SasInputError(`polydispersity s must be finite and >= 0 (got ${s})`, "s");
  if (s === 0) return { diameters: Float64Array.of(1), weights: Float64Array.of(1) };
  const rule = gaussLegendre(points);
  const d = new Float64Array(points);
  const w = new Float64Array(points);
  let lo: number;
  let hi: number;
  switch (distribution) {
    case "uniform":
      if (s >= 1) throw new SasInputError(`uniform s must be < 1 so that D > 0 (got ${s})`, "s");
      lo = 1 - s;
      hi = 1 + s;
      break;
    case "normal":
      lo = Math.max(1 - 8 * s, 1e-9);
      hi = 1 + 8 * s;
      break;
    case "lognormal":
      lo = -8 * s; // in t = ln D
      hi = 8 * s;
      break;
    default:
      throw new SasInputError(`unknown distribution "${String(distribution)}": use uniform, normal or lognormal`, "distribution");
  }
  const half = 0.5 * (hi - lo);
  const mid = 0.5 * (hi + lo);
  let total = 0;
  for (let k = 0; k < points; k++) {
    const x = mid + half * rule.nodes[k];
    let density: number;
    if (distribution === "uniform") density = 1;
    else if (distribution === "normal") density = Math.exp(-0.5 * ((x - 1) / s) ** 2);
    else density = Math.exp(-0.5 * (x / s) ** 2); // density of t = ln D
    d[k] = distribution === "lognormal" ? Math.exp(x) : x;
    w[k] = rule.weights[k] * half * density;
    total += w[k];
  }
  for (let k = 0; k < points; k++) w[k] /= total;
  return { diameters: d, weights: w };
}

export interface ReducedAverages {
  /** P(Q) = <F²>/<V²>, equal to 1 at Q = 0. */
  P: Float64Array;
  /** β(Q) = <F>²/<F²>. */
  beta: Float64Array;
}

export function reducedFormAverages(Q: Float64Array, distribution: ReducedDistribution, s: number, points = 96): ReducedAverages {
  const { diameters, weights } = diameterQuadrature(distribution, s, points);
  let v2 = 0;
  for (let k = 0; k < diameters.length; k++) v2 += weights[k] * ((Math.PI * diameters[k] ** 3) / 6) ** 2;
  const P = new Float64Array(Q.length);
  const beta = new Float64Array(Q.length);
  for (let i = 0; i < Q.length; i++) {
    let m1 = 0;
    let m2 = 0;
    for (let k = 0; k < diameters.length; k++) {
      const f = reducedFormAmplitude(Q[i], diameters[k]);
      m1 += weights[k] * f;
      m2 += weights[k] * f * f;
    }
    P[i] = m2 / v2;
    beta[i] = (m1 * m1) / m2;
  }
  return { P, beta };
}

/** Eq. 4: I_PY = S_PY · P. */
export function reducedIntensityPY(Q: Float64Array, eta: number, distribution: ReducedDistribution, s: number, points = 96): Float64Array {
  const S = reducedStructureFactorPY(Q, eta);
  const { P } = reducedFormAverages(Q, distribution, s, points);
  return Float64Array.from(P, (p, i) => S[i] * p);
}

/** Eq. 5: I_PYβ = [1 + β (S_PY - 1)] P. */
export function reducedIntensityPYBeta(Q: Float64Array, eta: number, distribution: ReducedDistribution, s: number, points = 96): Float64Array {
  const S = reducedStructureFactorPY(Q, eta);
  const { P, beta } = reducedFormAverages(Q, distribution, s, points);
  return Float64Array.from(P, (p, i) => (1 + beta[i] * (S[i] - 1)) * p);
}
