/**
 * hardsphere: Percus–Yevick structure factor of hard spheres (radius_effective R, volume fraction φ).
 * S(q) = 1/(1 + 24 φ G(x)/x), x = 2qR, with the Wertheim/Thiele coefficients
 *   α = (1+2φ)²/(1-φ)⁴, β = -6φ(1+φ/2)²/(1-φ)⁴, γ = φα/2.
 * For small x the closed form cancels (error ~1e-16/x⁶), so below x = 0.2 we use its Taylor series
 * to x⁸ (truncation < 1e-13); sasmodels switches at 0.05 with a shorter series, agreeing to ~1e-8.
 */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform } from "./draw";

export function percusYevick(q: number, radiusEffective: number, volfraction: number): number {
  if (Math.abs(radiusEffective) < 1e-12) return 1;
  const phi = volfraction;
  const d = 1 / ((1 - phi) * (1 - phi));
  const a = ((1 + 2 * phi) * d) ** 2;
  const x = Math.abs(2 * q * radiusEffective);
  if (x < 5e-6) return 1 / a;
  const b = -6 * phi * ((1 + 0.5 * phi) * d) ** 2;
  const g = 0.5 * phi * a;
  const x2 = x * x;
  if (x < 0.2) {
    // 24 G(x)/x² expanded to x⁸: (8α + 6β + 4γ) - (4α/5 + 2β/3 + γ/2) x² + (α/35 + β/40 + γ/50) x⁴ - ...
    const ff =
      8 * a +
      6 * b +
      4 * g +
      (-0.8 * a - b / 1.5 - 0.5 * g + (a / 35 + b / 40 + g / 50 + (-a / 1890 - b / 2100 - g / 2520 + (a / 166320 + b / 181440 + g / 211680) * x2) * x2) * x2) *
        x2;
    return 1 / (1 + phi * ff);
  }
  const s = Math.sin(x);
  const c = Math.cos(x);
  const x4 = x2 * x2;
  const ff = ((g * ((4 * x2 - 24) * x * s - (x4 - 12 * x2 + 24) * c + 24)) / x2 + b * (2 * x * s - (x2 - 2) * c - 2)) / x + a * (s - x * c);
  return 1 / (1 + (24 * phi * (ff / x)) / x2);
}

const parameters = [
  param("radius_effective", "Ang", 50, [0, INF], "volume", "hard-sphere radius used for the interaction"),
  param("volfraction", "", 0.2, [0, 0.74], "plain", "volume fraction of the interacting spheres"),
];
const { radius_effective: RADIUS_EFFECTIVE, volfraction: VOLFRACTION } = indexOf(parameters);

export const hardsphere = {
  ...pointwiseModel(
    {
      name: "hardsphere",
      title: "Hard sphere structure factor, with Percus-Yevick closure",
      description: "Interparticle S(q) for hard spheres of radius radius_effective at volume fraction volfraction (Percus-Yevick)",
      category: "structure-factor",
      parameters,
      random(rng) {
        // sasmodels draws φ log-uniform 0.01 – 1; ours stops at the table's limit 0.74 (close packing)
        return { radius_effective: log10Uniform(rng, 1, 4), volfraction: log10Uniform(rng, -2, Math.log10(0.74)) };
      },
      knownValues: [
        {
          parameters: { scale: 1, background: 0, radius_effective: 50, volfraction: 0.2 },
          q: [0.001, 0.1],
          I: [0.209128, 0.930587],
          rtol: 3e-6,
          source: "sasmodels models/hardsphere.py tests",
        },
      ],
    },
    (q, p) => percusYevick(q, p[RADIUS_EFFECTIVE], p[VOLFRACTION]),
  ),
  structureFactor: true,
};
