/**
 * Analytic correlation of dilute monodisperse particles (eq. 5 of Ding, Chen & Do 2024) and a
 * finite-beam refinement of it. Both follow from treating the scattered field as a sum of many
 * independent random phasors: g - 1 = |<exp(-i q . dr)>|^2, with dr the displacement of eq. 3.
 */
import { angularProfile, radialProfile } from "./grid-averages";
import type { PolarGrid } from "./polar-grid";

export interface RearrangementParameters {
  d2: number;
  gammaL: number;
}

export interface FiniteBeamParameters extends RearrangementParameters {
  nL2: number;
  /** Beam side L in units of R_0 (default 800). */
  beamSide?: number;
}

export function sinc(x: number): number {
  if (Math.abs(x) < 1e-4) return 1 - (x * x) / 6; // next term x^4/120 is below 1e-18
  return Math.sin(x) / x;
}

/**
 * Eq. 5: g(q, theta) = 1 + sinc^2(q gammaL cos(theta) / 2) exp(-q^2 D_2^2). The sinc is the mean
 * shear phase over heights uniform in [-L/2, L/2]; the Gaussian is the non-affine part.
 */
export function theoryCorrelation(q: number, theta: number, { d2, gammaL }: RearrangementParameters): number {
  const shear = sinc((q * gammaL * Math.cos(theta)) / 2);
  return 1 + shear * shear * Math.exp(-q * q * d2 * d2);
}

/**
 * Eq. 5 corrected for what a finite beam with a finite number of particles does in the simulation:
 * (1) particles sheared out of the beam (and others in) decorrelate: only heights with
 *     |x + gamma y| <= L/2 keep contributing, which replaces sinc(t) by the overlap integral
 *     (1/L^2) int (L - |gamma y|) cos(2 t y / L) dy = (1 - |gamma|/2) sinc(t) + (|gamma|/4) sinc^2(t/2),
 *     with t = q gammaL cos(theta) / 2 and gamma = gammaL / L;
 * (2) a sum of N random phasors has <|E|^4> = 2N^2 - N, so the speckle term carries
 *     (1 - 1/N_stay) with N_stay = (1 - |gamma|/4) n L^2 the mean number of particles that stay.
 * Neglected: particles crossing the beam edge through the Gaussian displacement (relative O(D_2 / L)),
 * count fluctuations beyond O(1/N), and the forward-scattering tail of the beam (O(1/(qL)^2)).
 */
export function finiteBeamCorrelation(q: number, theta: number, { d2, gammaL, nL2, beamSide = 800 }: FiniteBeamParameters): number {
  const gamma = Math.abs(gammaL / beamSide);
  const t = (q * gammaL * Math.cos(theta)) / 2;
  const half = sinc(t / 2);
  const overlap = (1 - gamma / 2) * sinc(t) + (gamma / 4) * half * half;
  const stayingParticles = (1 - gamma / 4) * nL2;
  return 1 + overlap * overlap * (1 - 1 / stayingParticles) * Math.exp(-q * q * d2 * d2);
}

export interface CorrelationMap {
  gQTheta: Float64Array;
  gq: Float64Array;
  gTheta: Float64Array;
}

/** A model evaluated on the polar grid, with its profiles averaged exactly as the simulation's are. */
export function correlationOnGrid(grid: PolarGrid, model: (q: number, theta: number) => number): CorrelationMap {
  const qCount = grid.q.length;
  const thetaCount = grid.theta.length;
  const gQTheta = new Float64Array(qCount * thetaCount);
  for (let k = 0; k < qCount; k++) for (let j = 0; j < thetaCount; j++) gQTheta[k * thetaCount + j] = model(grid.q[k], grid.theta[j]);
  return { gQTheta, gq: radialProfile(gQTheta, qCount, thetaCount), gTheta: angularProfile(gQTheta, qCount, thetaCount) };
}
