/**
 * correlation_length: a low-q power law plus a high-q Lorentzian, I = A/q^n + C/(1 + (qξ)^m).
 * Ref: B. Hammouda, D. L. Ho, S. R. Kline, Macromolecules 37 (2004) 6932-6937.
 */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { uniform, log10Uniform } from "./draw";

const parameters = [
  param("lorentz_scale", "", 10, [0, INF], "plain", "Lorentzian Scaling Factor"),
  param("porod_scale", "", 1e-6, [0, INF], "plain", "Porod Scaling Factor"),
  param("cor_length", "Ang", 50, [0, INF], "plain", "Correlation length, xi, in Lorentzian"),
  param("porod_exp", "", 3, [0, INF], "plain", "Porod Exponent, n, in q^-n"),
  param("lorentz_exp", "", 2, [0, INF], "plain", "Lorentzian Exponent, m, in 1/(1 + (q.xi)^m)"),
];
const { lorentz_scale: LORENTZ_SCALE, porod_scale: POROD_SCALE, cor_length: COR_LENGTH, porod_exp: POROD_EXP, lorentz_exp: LORENTZ_EXP } = indexOf(parameters);

const PUBLISHED = "sasmodels models/correlation_length.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const correlationLength = pointwiseModel(
  {
    name: "correlation_length",
    title: "Empirical low-q power law plus high-q Lorentzian (correlation length model)",
    description: "I(q) = porod_scale/q^porod_exp + lorentz_scale/(1 + (q cor_length)^lorentz_exp) + background",
    category: "shape-independent",
    parameters,
    random(rng) {
      // Designed here (sasmodels has no random()): a Lorentzian of amplitude 1 – 1e4 and length 1 Å – 1 µm
      // with an exponent 1 – 4, and a low-q power law (exponent 1 – 6) that equals it at a crossover
      // q× log-uniform 1e-3 – 0.1/Å, as broad_peak's law ties its two terms.
      const lorentzScale = log10Uniform(rng, 0, 4);
      const corLength = log10Uniform(rng, 0, 3);
      const lorentzExp = uniform(rng, 1, 4);
      const porodExp = uniform(rng, 1, 6);
      const crossover = log10Uniform(rng, -3, -1);
      return {
        lorentz_scale: lorentzScale,
        cor_length: corLength,
        lorentz_exp: lorentzExp,
        porod_exp: porodExp,
        porod_scale: (lorentzScale * crossover ** porodExp) / (1 + (crossover * corLength) ** lorentzExp),
      };
    },
    knownValues: [
      { parameters: {}, q: [0.001], I: [1009.98], rtol: 1e-5, source: PUBLISHED },
      { parameters: {}, q: [0.150141], I: [0.175645], rtol: 1e-5, source: PUBLISHED },
      { parameters: {}, q: [0.442528], I: [0.0213957], rtol: 1e-5, source: PUBLISHED },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [1009.97506234414, 9.0, 1.38731034482759, 0.385615384615385, 0.0442848246476565, 0.0039994006397441],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { lorentz_scale: 3, porod_scale: 0.0001, cor_length: 120, porod_exp: 4, lorentz_exp: 1.7, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [100000002.920554, 10001.2693832857, 16.1361725953827, 1.04327163541758, 0.0191131469272268, 0.000975762486864584],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { lorentz_scale: 25, porod_scale: 0.002, cor_length: 8, porod_exp: 2.5, lorentz_exp: 3.2, background: 0.05 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [63270.6031984942, 225.042278639802, 27.3630110338604, 17.4648932733545, 1.52165140912564, 0.0841730909387838],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => p[POROD_SCALE] / Math.pow(q, p[POROD_EXP]) + p[LORENTZ_SCALE] / (1 + Math.pow(q * p[COR_LENGTH], p[LORENTZ_EXP])),
);
