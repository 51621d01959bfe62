/**
 * poly_gauss_coil: Gaussian coils with a Schulz–Zimm distribution of molar mass (Mw/Mn = 1 + U),
 * I = I0 · 2[(1 + Uz)^(-1/U) + z - 1]/((1 + U) z²), z = (q Rg)²/(1 + 2U); U = 0 is the Debye function.
 * Ref: O. Glatter, O. Kratky (eds.), Small Angle X-ray Scattering, Academic Press (1982); B. H. Zimm, J. Chem. Phys. 16 (1948) 1093.
 */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform } from "./draw";

const parameters = [
  param("i_zero", "1/cm", 70, [0, INF], "plain", "Intensity at q=0"),
  param("rg", "Ang", 75, [0, INF], "plain", "Radius of gyration"),
  param("polydispersity", "None", 2, [1, INF], "plain", "Polymer Mw/Mn"),
];
const { i_zero: I_ZERO, rg: RG, polydispersity: POLYDISPERSITY } = indexOf(parameters);

/**
 * 2[(1 + uz)^(-1/u) - 1 + z]/((1 + u) z²). Near z = 0 the bracket cancels to O(z²), so there its Taylor
 * series Σ_k 2(-z)^k Π_{j=2}^{k+1}(1 + ju)/(k+2)! is summed instead (its ratio is about z(1 + (k+2)u)/(k+3)).
 */
export function polydisperseDebye(z: number, u: number): number {
  if (z * (1 + u) < 0.1) {
    let term = 1;
    let sum = 1;
    for (let k = 1; k < 60; k++) {
      term *= (-z * (1 + (k + 1) * u)) / (k + 2);
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    }
    return sum;
  }
  // (1 + uz)^(-1/u) - 1 = expm1(-log1p(uz)/u), and e^-z - 1 at u = 0
  const m = u === 0 ? Math.expm1(-z) : Math.expm1(-Math.log1p(u * z) / u);
  return (2 * (m + z)) / ((1 + u) * z * z);
}

const PUBLISHED = "sasmodels models/poly_gauss_coil.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const polyGaussCoil = pointwiseModel(
  {
    name: "poly_gauss_coil",
    title: "Scattering from polydisperse polymer coils",
    description: "I(q) = scale I0 2[(1 + U Z)^(-1/U) + Z - 1]/((1 + U) Z²) + background, Z = (q Rg)²/(1 + 2U), U = Mw/Mn - 1",
    category: "shape-independent",
    parameters,
    random(rng) {
      return { i_zero: 1e7, rg: log10Uniform(rng, 0, 4), polydispersity: log10Uniform(rng, 0, 3) };
    },
    knownValues: [
      {
        parameters: { scale: 1.0, i_zero: 70.0, rg: 75.0, polydispersity: 2.0, background: 0.0 },
        q: [0.0106939, 0.469418],
        I: [57.6405, 0.169016],
        rtol: 1e-5,
        source: PUBLISHED,
      },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [69.8689956348315, 58.9473684210525, 12.3076923076923, 3.54430379746835, 0.412371134020619, 0.0373134328358209],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { i_zero: 12, rg: 300, polydispersity: 1, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [11.6479563591946, 2.37040693623825, 0.106192592592593, 0.026637037037037, 0.0029625971650663, 0.000266663703703704],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { i_zero: 5, rg: 40, polydispersity: 1.05, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [4.99733445211181, 4.74410704485823, 1.92430497755841, 0.60974782944353, 0.0721955834803057, 0.00654311755952381],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { i_zero: 100, rg: 800, polydispersity: 30, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [82.7340581193843, 5.50517075432817, 0.243971060050131, 0.0613209416952342, 0.00682662094263365, 0.000614563292863293],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const u = p[POLYDISPERSITY] - 1;
    const rg = p[RG];
    const z = (q * q * rg * rg) / (1 + 2 * u);
    return p[I_ZERO] * polydisperseDebye(z, u);
  },
);
