/**
 * gel_fit (Shibayama–Geissler two-length-scale gel): a Guinier term for the frozen inhomogeneities and
 * a fractal Lorentzian for the network, I = L/(1 + (D+1)(qξ)²/3)^(D/2) + G exp(-(q Rg)²/3).
 * Ref: M. Shibayama, T. Tanaka, C. C. Han, J. Chem. Phys. 97 (1992) 6829-6841; S. Mallam, F. Horkay, A.-M. Hecht, A. R. Rennie, E. Geissler, Macromolecules 24 (1991) 543-548.
 */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { uniform, log10Uniform } from "./draw";

const parameters = [
  param("guinier_scale", "cm^-1", 1.7, [-INF, INF], "plain", "Guinier length scale"),
  param("lorentz_scale", "cm^-1", 3.5, [-INF, INF], "plain", "Lorentzian length scale"),
  param("rg", "Ang", 104, [2, INF], "plain", "Radius of gyration"),
  param("fractal_dim", "", 2, [0, INF], "plain", "Fractal exponent"),
  param("cor_length", "Ang", 16, [0, INF], "plain", "Correlation length"),
];
const { guinier_scale: GUINIER_SCALE, lorentz_scale: LORENTZ_SCALE, rg: RG, fractal_dim: FRACTAL_DIM, cor_length: COR_LENGTH } = indexOf(parameters);

const PUBLISHED = "sasmodels models/gel_fit.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const gelFit = pointwiseModel(
  {
    name: "gel_fit",
    title: "Fitting using fine-scale polymer distribution in a gel",
    description: "I(q) = lorentz_scale/(1 + (D+1)(q ξ)²/3)^(D/2) + guinier_scale exp(-(q rg)²/3) + background",
    category: "shape-independent",
    parameters,
    random(rng) {
      return {
        scale: 1,
        guinier_scale: log10Uniform(rng, 1, 3),
        lorentz_scale: log10Uniform(rng, 1, 3),
        rg: log10Uniform(rng, 1, 5),
        fractal_dim: uniform(rng, 0, 6),
        cor_length: log10Uniform(rng, 0, 3),
      };
    },
    knownValues: [
      {
        parameters: { guinier_scale: 1.0, lorentz_scale: 1.0, rg: 10.0, fractal_dim: 10.0, cor_length: 20.0, background: 0.0 },
        q: [0.1],
        I: [0.716532],
        rtol: 1e-6,
        source: PUBLISHED,
      },
      {
        parameters: { guinier_scale: 4.0, lorentz_scale: 10.0, rg: 500.0, fractal_dim: 1.0, cor_length: 20.0, background: 20.0 },
        q: [5.0],
        I: [20.1224653026],
        rtol: 1e-9,
        source: PUBLISHED,
      },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [5.19298619804873, 4.59805386856465, 2.13435335940745, 0.983146067415731, 0.145590682196339, 0.0136186770428016],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { guinier_scale: 40, lorentz_scale: 8, rg: 400, fractal_dim: 0.6, cor_length: 60, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [45.917955282068, 7.7825121876979, 4.72129991034251, 3.24701710276351, 1.70245270314512, 0.828002746849966],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { guinier_scale: -2, lorentz_scale: 12, rg: 2, fractal_dim: 3.7, cor_length: 5, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [9.99913321519142, 9.91379951085356, 8.10215705391606, 4.53739049318377, -1.03884167324155, -0.514251437779483],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const dim = p[FRACTAL_DIM];
    const x = q * p[COR_LENGTH];
    const g = q * p[RG];
    return p[LORENTZ_SCALE] / Math.pow(1 + ((dim + 1) / 3) * x * x, dim / 2) + p[GUINIER_SCALE] * Math.exp((-g * g) / 3);
  },
);
