/**
 * lorentz: Ornstein–Zernike correlation, I = 1/(1 + (qξ)²).
 * Ref: L. S. Ornstein, F. Zernike, Proc. Acad. Sci. Amsterdam 17 (1914) 793-806.
 */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform } from "./draw";

const parameters = [param("cor_length", "Ang", 50, [0, INF], "plain", "Screening length")];
const { cor_length: COR_LENGTH } = indexOf(parameters);

const PUBLISHED = "sasmodels models/lorentz.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const lorentz = pointwiseModel(
  {
    name: "lorentz",
    title: "Ornstein-Zernicke correlation length model",
    description: "I(q) = scale/(1 + (q cor_length)²) + background",
    category: "shape-independent",
    parameters,
    random(rng) {
      return { scale: log10Uniform(rng, 1, 4), cor_length: log10Uniform(rng, 0, 3) };
    },
    knownValues: [
      { parameters: { cor_length: 250 }, q: [0.01], I: [0.138931], rtol: 1e-6, source: PUBLISHED },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [0.997506234413965, 0.8, 0.137931034482759, 0.0384615384615385, 0.00442477876106195, 0.00039984006397441],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { cor_length: 3, scale: 40, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [39.99964000324, 39.9640323708662, 39.119804400978, 36.697247706422, 22.0994475138122, 4.0],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const x = q * p[COR_LENGTH];
    return 1 / (1 + x * x);
  },
);
