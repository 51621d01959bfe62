/** gaussian_peak: an unnormalised Gaussian in q, I = exp(-((q - q0)/σ)²/2). */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform } from "./draw";

const parameters = [
  param("peak_pos", "1/Ang", 0.05, [-INF, INF], "plain", "Peak position"),
  param("sigma", "1/Ang", 0.005, [0, INF], "plain", "Peak width (standard deviation)"),
];
const { peak_pos: PEAK_POS, sigma: SIGMA } = indexOf(parameters);

// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

// sasmodels' gaussian_peak.py publishes no test values.
export const gaussianPeak = pointwiseModel(
  {
    name: "gaussian_peak",
    title: "Gaussian shaped peak",
    description: "I(q) = scale exp(-((q - peak_pos)/sigma)²/2) + background (peak height scale, not unit area)",
    category: "shape-independent",
    parameters,
    random(rng) {
      const peakPos = log10Uniform(rng, -3, -1);
      // σ is 5 % – 50 % of the peak position
      return { scale: log10Uniform(rng, 0, 4), peak_pos: peakPos, sigma: log10Uniform(rng, -1.3, -0.3) * peakPos };
    },
    knownValues: [
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [1.39694394314709e-21, 1.26641655490942e-14, 1.0, 1.92874984796392e-22, 0.0, 0.0],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { peak_pos: 0.2, sigma: 0.03, scale: 5, background: 0 },
        q: [0.001, 0.1, 0.15, 0.2, 0.26, 0.4],
        I: [1.39395940938332e-9, 0.019329600697364, 1.24676104388648, 5.0, 0.676676416183064, 1.11681571810158e-9],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { peak_pos: -0.1, sigma: 0.4, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [0.968624626012045, 0.962893466491363, 0.932102492359528, 0.882496902584595, 0.606530659712633, 0.0227941808836123],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const x = (q - p[PEAK_POS]) / p[SIGMA];
    return Math.exp(-0.5 * x * x);
  },
);
