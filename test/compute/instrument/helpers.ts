/** Shared pieces of the virtual-instrument tests: the dilute sphere sample and a chi-squared against a theory curve. */
import type { ReducedCurve } from "../../../src/compute/instrument/reduction";

/** Dilute spheres on absolute scale: R = 50 Å, Δρ = 5.4e-6/Å², φ = 1 % (I(0) ≈ 15 1/cm). */
export const SPHERES = { model: "sphere", parameters: { radius: 50, sld: 1, sld_solvent: 6.4, scale: 0.01, background: 0 } };

export interface ChiSquared {
  points: number;
  reduced: number;
}

/**
 * Σ ((I - theory) / σ)² / n over the bins whose expected counts (theory x exposure) reach
 * `minCounts`, with σ from the theory's own Poisson counts (so the selection and the weights do not
 * depend on the noise being tested).
 */
export function chiSquared(data: ReducedCurve, theory: Float64Array, minCounts = 20): ChiSquared {
  let sum = 0;
  let points = 0;
  for (let i = 0; i < data.q.length; i++) {
    const expected = theory[i] * data.exposure[i];
    if (!(expected >= minCounts)) continue;
    const sigma = Math.sqrt(expected) / data.exposure[i];
    sum += ((data.intensity[i] - theory[i]) / sigma) ** 2;
    points++;
  }
  return { points, reduced: sum / points };
}
