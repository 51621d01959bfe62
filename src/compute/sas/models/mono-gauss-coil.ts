/** mono_gauss_coil: Debye function I = I0 · 2(e^-z + z - 1)/z², z = (q Rg)². */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform } from "./draw";

/** 2(e^-z + z - 1)/z² with a Taylor series near 0 where the closed form cancels. */
export function debyeFunction(z: number): number {
  if (z < 0.5) {
    // Σ_k 2(-z)^k/(k+2)!, 18 terms reach machine precision for z < 0.5
    let term = 1;
    let sum = 1;
    for (let k = 1; k < 18; k++) {
      term *= -z / (k + 2);
      sum += term;
    }
    return sum;
  }
  return (2 * (Math.expm1(-z) + z)) / (z * z);
}

const parameters = [param("i_zero", "1/cm", 70, [0, INF], "plain", "Intensity at q=0"), param("rg", "Ang", 75, [0, INF], "volume", "Radius of gyration")];
const { i_zero: I_ZERO, rg: RG } = indexOf(parameters);

export const monoGaussCoil = {
  ...pointwiseModel(
    {
      name: "mono_gauss_coil",
      title: "Scattering from monodisperse polymer coils",
      description: "I(q) = scale I0 2[exp(-Z) + Z - 1]/Z^2 + background, Z = (q Rg)^2",
      category: "shape-independent",
      parameters,
      random(rng) {
        // i_zero is a plain scale: fixed; Rg log-uniform 1 Å – 1 µm
        return { i_zero: 1e7, rg: log10Uniform(rng, 0, 4) };
      },
      knownValues: [
        {
          parameters: { scale: 1, i_zero: 70, rg: 75, background: 0 },
          q: [0.0106939, 0.469418],
          I: [57.1241, 0.112859],
          rtol: 3e-6,
          source: "sasmodels models/mono_gauss_coil.py tests",
        },
      ],
    },
    (q, p) => p[I_ZERO] * debyeFunction((q * p[RG]) ** 2),
  ),
  radiusEffectiveModes: ["R_g", "2R_g", "3R_g", "sqrt(5/3)*R_g"],
  radiusEffective: (mode: number, p: Float64Array) => {
    const rg = p[RG];
    switch (mode) {
      case 2:
        return 2 * rg;
      case 3:
        return 3 * rg;
      case 4:
        return Math.sqrt(5 / 3) * rg;
      default:
        return rg;
    }
  },
};
