/** lamellar: dilute random lamellae of thickness δ: I = 2π · 2Δρ²(1 - cos qδ)/(δ q⁴) · 1e-4. */
import { INF, param, pointwiseModel } from "./define";

export const lamellar = pointwiseModel(
  {
    name: "lamellar",
    title: "Lyotropic lamellar phase with uniform SLD and random distribution",
    description: "I(q) = 2π P(q)/(δ q²), P(q) = 2Δρ²/q² (1 - cos qδ)",
    category: "shape:lamellae",
    parameters: [
      param("sld", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Layer scattering length density"),
      param("sld_solvent", "1e-6/Ang^2", 6, [-INF, INF], "sld", "Solvent scattering length density"),
      param("thickness", "Ang", 50, [0, INF], "volume", "total layer thickness"),
    ],
  },
  (q, p) => {
    const contrast = p[0] - p[1];
    const t = p[2];
    const half = Math.sin(0.5 * q * t);
    // 1 - cos x written as 2 sin²(x/2) to avoid cancellation at small q
    return (4e-4 * Math.PI * contrast * contrast * 2 * half * half) / (q * q * q * q * t);
  },
);
