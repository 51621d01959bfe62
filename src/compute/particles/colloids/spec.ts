/**
 * Parameters of one sheared-colloid state point, in the terms of Ding, Chen & Do (2024): number of
 * particles per beam area nL^2, lognormal width R_s, non-affine displacement D_2, shear gamma*L. Lengths
 * are in units of the mean particle radius R_0 = 1; the beam side L defaults to the paper's 800 R_0.
 */

export interface ShearedColloidSpec {
  /** Number density times beam area, n L^2 (paper: 100..200). Particles sampled: 4 n L^2 in [-L, L]^2. */
  nL2: number;
  /** R_s: standard deviation of ln R (ln R ~ N(ln R_0, R_s)); 0 = monodisperse. PDI = exp(9 R_s^2). */
  radiusSpread: number;
  /** D_2: standard deviation of each Cartesian component of the Gaussian non-affine displacement. */
  d2: number;
  /** Affine shear strain times beam side, gamma L (x += gamma y). */
  gammaL: number;
  /** Number of independent configurations S averaged over (paper: 10^4 to 2x10^4). */
  realisations: number;
  seed: number;
  /** Log-spaced |q| points in [qMin, qMax] (default 100). */
  qCount?: number;
  /** Linearly spaced angles in [0, pi] (default 101). */
  thetaCount?: number;
  /** Default 0.5 (units 1/R_0). */
  qMin?: number;
  /** Default 5 (units 1/R_0). */
  qMax?: number;
  /** Beam side L in units of R_0 (default 800). */
  beamSide?: number;
}

export class ColloidSpecError extends RangeError {
  constructor(
    readonly field: keyof ShearedColloidSpec,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "ColloidSpecError";
  }
}

/** A spec with defaults filled in and every field checked. */
export interface ResolvedColloidSpec {
  nL2: number;
  radiusSpread: number;
  d2: number;
  gammaL: number;
  realisations: number;
  seed: number;
  qCount: number;
  thetaCount: number;
  qMin: number;
  qMax: number;
  beamSide: number;
  /** Particles sampled in the [-L, L]^2 square: round(4 n L^2). */
  particleCount: number;
}

/** Keeps one realisation's buffers modest; the dilute regime of the paper is far below this. */
const MAX_PARTICLES = 1_000_000;

export function resolveColloidSpec(spec: ShearedColloidSpec): ResolvedColloidSpec {
  const finite = (field: keyof ShearedColloidSpec, value: number | undefined): number => {
    if (typeof value !== "number" || !Number.isFinite(value)) throw new ColloidSpecError(field, `must be a finite number, got ${value}`);
    return value;
  };
  const positiveInteger = (field: keyof ShearedColloidSpec, value: number | undefined, fallback: number): number => {
    const v = value === undefined ? fallback : finite(field, value);
    if (!Number.isInteger(v) || v < 1) throw new ColloidSpecError(field, `must be a positive integer, got ${v}`);
    return v;
  };
  const nL2 = finite("nL2", spec.nL2);
  if (nL2 <= 0) throw new ColloidSpecError("nL2", `must be positive, got ${nL2}`);
  const particleCount = Math.round(4 * nL2);
  if (particleCount < 1 || particleCount > MAX_PARTICLES) {
    throw new ColloidSpecError("nL2", `gives ${particleCount} particles in [-L, L]^2; allowed 1..${MAX_PARTICLES}`);
  }
  const radiusSpread = finite("radiusSpread", spec.radiusSpread);
  if (radiusSpread < 0) throw new ColloidSpecError("radiusSpread", `must be >= 0, got ${radiusSpread}`);
  const d2 = finite("d2", spec.d2);
  if (d2 < 0) throw new ColloidSpecError("d2", `must be >= 0, got ${d2}`);
  const gammaL = finite("gammaL", spec.gammaL);
  const realisations = positiveInteger("realisations", spec.realisations, 1);
  const seed = finite("seed", spec.seed);
  const qCount = positiveInteger("qCount", spec.qCount, 100);
  const thetaCount = positiveInteger("thetaCount", spec.thetaCount, 101);
  const qMin = spec.qMin === undefined ? 0.5 : finite("qMin", spec.qMin);
  const qMax = spec.qMax === undefined ? 5 : finite("qMax", spec.qMax);
  if (qMin <= 0 || qMax < qMin) throw new ColloidSpecError("qMax", `need 0 < qMin <= qMax, got [${qMin}, ${qMax}]`);
  const beamSide = spec.beamSide === undefined ? 800 : finite("beamSide", spec.beamSide);
  if (beamSide <= 0) throw new ColloidSpecError("beamSide", `must be positive, got ${beamSide}`);
  // The intensity kernel's range reduction is exact for phases up to ~1e6 rad.
  if (qMax * beamSide * (1 + Math.abs(gammaL / beamSide)) > 5e5) {
    throw new ColloidSpecError("qMax", "qMax * beamSide too large for the phase range reduction (limit 5e5)");
  }
  return { nL2, radiusSpread, d2, gammaL, realisations, seed, qCount, thetaCount, qMin, qMax, beamSide, particleCount };
}
