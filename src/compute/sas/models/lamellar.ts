/** lamellar: dilute random lamellae of thickness δ: I = 2π · 2Δρ²(1 - cos qδ)/(δ q⁴) · 1e-4. */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform } from "./draw";

const parameters = [
  param("sld", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Layer scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 6, [-INF, INF], "sld", "Solvent scattering length density"),
  param("thickness", "Ang", 50, [0, INF], "volume", "total layer thickness"),
];
const { sld: SLD, sld_solvent: SLD_SOLVENT, thickness: THICKNESS } = indexOf(parameters);

export const lamellar = pointwiseModel(
  {
    name: "lamellar",
    title: "Lyotropic lamellar phase with uniform SLD and random distribution",
    description: "I(q) = 2π P(q)/(δ q²), P(q) = 2Δρ²/q² (1 - cos qδ)",
    category: "shape:lamellae",
    parameters,
    random(rng) {
      return { thickness: log10Uniform(rng, 1, 4) };
    },
    knownValues: [
      {
        parameters: { scale: 1, background: 0, thickness: 50, sld: 1, sld_solvent: 6.3, thickness_pd: 0 },
        q: [0.001],
        I: [882289.54309],
        rtol: 1e-9,
        source: "sasmodels models/lamellar.py tests",
      },
    ],
  },
  (q, p) => {
    const contrast = p[SLD] - p[SLD_SOLVENT];
    const t = p[THICKNESS];
    const half = Math.sin(0.5 * q * t);
    // 1 - cos x written as 2 sin²(x/2) to avoid cancellation at small q
    return (4e-4 * Math.PI * contrast * contrast * 2 * half * half) / (q * q * q * q * t);
  },
);
