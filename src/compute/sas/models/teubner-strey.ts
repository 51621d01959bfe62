/** teubner_strey: microemulsion peak, I = 8π φ(1-φ) Δρ² c2/ξ / (a2 + c1 q² + c2 q⁴) · 1e-4. */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { uniform, log10Uniform } from "./draw";

const parameters = [
  param("volfraction_a", "", 0.5, [0, 1], "plain", "Volume fraction of phase a"),
  param("sld_a", "1e-6/Ang^2", 0.3, [-INF, INF], "sld", "SLD of phase a"),
  param("sld_b", "1e-6/Ang^2", 6.3, [-INF, INF], "sld", "SLD of phase b"),
  param("d", "Ang", 100, [0, INF], "plain", "Domain size (periodicity)"),
  param("xi", "Ang", 30, [0, INF], "plain", "Correlation length"),
];
const { volfraction_a: VOLFRACTION_A, sld_a: SLD_A, sld_b: SLD_B, d: D, xi: XI } = indexOf(parameters);

export const teubnerStrey = pointwiseModel(
  {
    name: "teubner_strey",
    title: "Teubner-Strey model of microemulsions",
    description: "I(q) = 8π φ(1-φ)Δρ² c2/ξ / (a2 + c1 q² + c2 q⁴), k = 2πξ/d, a2 = (1+k²)², c1 = 2ξ²(1-k²), c2 = ξ⁴",
    category: "shape-independent",
    parameters,
    random(rng) {
      const d = log10Uniform(rng, 1, 4);
      const xi = log10Uniform(rng, -0.3, 2) * d;
      return {
        scale: 100,
        volfraction_a: log10Uniform(rng, -3, 0),
        sld_a: uniform(rng, -0.5, 12),
        sld_b: uniform(rng, -0.5, 12),
        d,
        xi,
      };
    },
    knownValues: [{ parameters: {}, q: [0.06], I: [41.5918888453], rtol: 1e-9, source: "sasmodels models/teubner_strey.py tests" }],
  },
  (q, p) => {
    const phi = p[VOLFRACTION_A];
    const drho = p[SLD_A] - p[SLD_B];
    const d = p[D];
    const xi = p[XI];
    const k = (2 * Math.PI * xi) / d;
    const a2 = (1 + k * k) ** 2;
    const c1 = 2 * xi * xi * (1 - k * k);
    const c2 = xi ** 4;
    const prefactor = (8 * Math.PI * phi * (1 - phi) * drho * drho * c2) / xi;
    const q2 = q * q;
    return (1e-4 * prefactor) / ((c2 * q2 + c1) * q2 + a2);
  },
);
