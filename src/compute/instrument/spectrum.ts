/**
 * The wavelengths that reach the sample: a Maxwellian cold-source flux spectrum times a velocity
 * selector's triangular transmission.
 *
 * Source. Flux per unit wavelength of a Maxwellian moderator at temperature T:
 *     φ(λ) ∝ λ⁻⁵ exp(-λ_T²/λ²),   λ_T² = h²/(2 m_n k_B T) = 81.81 meV·Å² / (k_B T).
 * FRM II's cold source is liquid D2 at about 25 K (λ_T = 6.2 Å, flux peak at λ_T √(2/5) = 3.9 Å); a
 * real cold spectrum is not exactly Maxwellian and the guides reshape it, but across a selector band
 * of ±10 % only its slope matters, and that slope is what the Maxwellian gives (a tilt of about 1 %
 * in relative weight across the band at 4.5–6 Å).
 * Selector. A helical velocity selector transmits a triangle in λ: FWHM = wavelengthSpread · λ0,
 * so full base ±wavelengthSpread · λ0 (Feoktystov et al. 2015 give Δλ/λ = 10 % FWHM for KWS-1).
 * Sampling: a triangle is the sum of two uniforms; the Maxwellian tilt is applied by rejection
 * against its maximum over the band (accepts > 80 % of draws), so both Monte Carlo modes see exactly
 * the same spectrum.
 */
import type { InstrumentSettings } from "./types";
// Math's functions as module constants: a global lookup per call is slow inside vm contexts (jest).
const { abs, exp, max, sqrt } = Math;

export const DEFAULT_SOURCE_TEMPERATURE = 25;
/** h²/(2 m_n) in meV·Å² (E = 81.81/λ²). */
const ENERGY_WAVELENGTH = 81.8042;
const BOLTZMANN_MEV_PER_K = 0.0861733;

export interface Spectrum {
  lambda0: number;
  /** Half base of the triangle, Å. */
  halfBase: number;
  lambdaT2: number;
  /** Maximum of λ⁻⁵ exp(-λ_T²/λ²) over the band, for the rejection step. */
  maxFlux: number;
  /** Band edges, Å. */
  min: number;
  max: number;
}

export function sourceFlux(lambda: number, lambdaT2: number): number {
  const l2 = lambda * lambda;
  return exp(-lambdaT2 / l2) / (l2 * l2 * lambda);
}

export function spectrumOf(instrument: InstrumentSettings): Spectrum {
  const lambda0 = instrument.wavelength;
  const halfBase = instrument.wavelengthSpread * lambda0;
  const temperature = instrument.sourceTemperature ?? DEFAULT_SOURCE_TEMPERATURE;
  const lambdaT2 = ENERGY_WAVELENGTH / (BOLTZMANN_MEV_PER_K * temperature);
  const lo = lambda0 - halfBase;
  const hi = lambda0 + halfBase;
  // φ is unimodal with its peak at λ_T √(2/5): the band maximum is there or at an edge.
  const peak = sqrt((2 * lambdaT2) / 5);
  let maxFlux = max(sourceFlux(lo, lambdaT2), sourceFlux(hi, lambdaT2));
  if (peak > lo && peak < hi) maxFlux = sourceFlux(peak, lambdaT2);
  return { lambda0, halfBase, lambdaT2, maxFlux, min: lo, max: hi };
}

/** One wavelength, Å, from the tilted triangle. */
export function sampleWavelength(s: Spectrum, rng: { next(): number }): number {
  for (;;) {
    const lambda = s.lambda0 + s.halfBase * (rng.next() + rng.next() - 1);
    if (s.halfBase === 0) return lambda;
    if (rng.next() * s.maxFlux <= sourceFlux(lambda, s.lambdaT2)) return lambda;
  }
}

/** Mean and relative standard deviation of the wavelength at the sample (by quadrature), for the reduction. */
export function wavelengthMoments(instrument: InstrumentSettings): { mean: number; relativeSigma: number } {
  const s = spectrumOf(instrument);
  if (s.halfBase === 0) return { mean: s.lambda0, relativeSigma: 0 };
  const n = 2000;
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  for (let i = 0; i < n; i++) {
    const x = -1 + (2 * (i + 0.5)) / n; // midpoint rule on the triangle's base
    const lambda = s.lambda0 + s.halfBase * x;
    const w = (1 - abs(x)) * sourceFlux(lambda, s.lambdaT2);
    w0 += w;
    w1 += w * lambda;
    w2 += w * lambda * lambda;
  }
  const mean = w1 / w0;
  return { mean, relativeSigma: sqrt(max(0, w2 / w0 - mean * mean)) / mean };
}
