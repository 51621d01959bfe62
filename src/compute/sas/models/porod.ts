/** porod: I = scale/q⁴ (scale = 2π Δρ² S_v). */
import { pointwiseModel } from "./define";
import { uniform, log10Uniform } from "./draw";

export const porod = pointwiseModel(
  {
    name: "porod",
    title: "Porod function",
    description: "I(q) = scale/q^4 + background",
    category: "shape-independent",
    parameters: [],
    random(rng) {
      // scale = 2π Δρ² S_v with S_v = 3 φ / R of spheres: SLDs uniform in -0.5 – 12, R log-uniform 10 Å – 50 µm, φ 1e-3 – 0.1
      const sld = uniform(rng, -0.5, 12);
      const solvent = uniform(rng, -0.5, 12);
      const radius = log10Uniform(rng, 1, 4.7);
      const volfraction = log10Uniform(rng, -3, -1);
      return { scale: (1e-4 * volfraction * 2 * Math.PI * (sld - solvent) ** 2) / (3 * radius) };
    },
    // sasmodels' second case (q = 0 gives infinity) is left out: evaluate() accepts only q > 0.
    knownValues: [{ parameters: { scale: 1e-5, background: 0.01 }, q: [0.04], I: [3.91625], rtol: 1e-9, source: "sasmodels models/porod.py tests" }],
  },
  (q) => 1 / (q * q * q * q),
);
