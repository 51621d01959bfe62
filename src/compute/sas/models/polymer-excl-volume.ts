/**
 * polymer_excl_volume (Benoit / Hammouda): with ν = 1/m (m = porod_exp) and
 * U = (q Rg)² (2ν+1)(2ν+2)/6,
 *   I = m U^(-m/2) [γ(m/2, U) - U^(-m/2) γ(m, U)]   (γ the lower incomplete gamma).
 * Near U = 0 the two terms cancel, so there we sum the series
 *   I = m Σ_n (-U)^n/n! [1/(m/2 + n) - 1/(m + n)],
 * which tends to 1 at q = 0.
 */
import { gamma, regularizedGammaP } from "../numerics/gamma";
import { INF, param, pointwiseModel } from "./define";

function excludedVolumeForm(u: number, m: number): number {
  if (u < 1) {
    let sum = 0;
    let power = 1; // (-u)^n / n!
    for (let n = 0; n < 60; n++) {
      const term = power * (1 / (m / 2 + n) - 1 / (m + n));
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum) && n > 2) break;
      power *= -u / (n + 1);
    }
    return m * sum;
  }
  const upow = Math.pow(u, -0.5 * m);
  return m * upow * (gamma(0.5 * m) * regularizedGammaP(0.5 * m, u) - upow * gamma(m) * regularizedGammaP(m, u));
}

export const polymerExclVolume = pointwiseModel(
  {
    name: "polymer_excl_volume",
    title: "Polymer Excluded Volume model",
    description: "Form factor of polymer chains with excluded volume (Porod exponent m = 1/ν)",
    category: "shape-independent",
    parameters: [
      param("rg", "Ang", 60, [0, INF], "plain", "Radius of Gyration"),
      param("porod_exp", "", 3, [0, INF], "plain", "Porod exponent"),
    ],
  },
  (q, p) => {
    const m = p[1];
    const u = ((q * p[0]) ** 2 * (2 / m + 1) * (2 / m + 2)) / 6;
    return excludedVolumeForm(u, m);
  },
);
