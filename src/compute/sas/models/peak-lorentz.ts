/** peak_lorentz: a Lorentzian peak, I = 1/(1 + ((q - q0)/B)²) with B the half width at half maximum. */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform } from "./draw";

const parameters = [
  param("peak_pos", "1/Ang", 0.05, [-INF, INF], "plain", "Peak postion in q"),
  param("peak_hwhm", "1/Ang", 0.005, [-INF, INF], "plain", "HWHM of peak"),
];
const { peak_pos: PEAK_POS, peak_hwhm: PEAK_HWHM } = indexOf(parameters);

const PUBLISHED = "sasmodels models/peak_lorentz.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const peakLorentz = pointwiseModel(
  {
    name: "peak_lorentz",
    title: "A Lorentzian peak on a flat background",
    description: "I(q) = scale/(1 + ((q - peak_pos)/peak_hwhm)²) + background",
    category: "shape-independent",
    parameters,
    random(rng) {
      const peakPos = log10Uniform(rng, -3, -1);
      return { scale: log10Uniform(rng, 2, 6), peak_pos: peakPos, peak_hwhm: peakPos * log10Uniform(rng, -3, 0) };
    },
    knownValues: [
      { parameters: { scale: 100.0, background: 1.0 }, q: [0.001], I: [2.0305], rtol: 1e-5, source: PUBLISHED },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [0.0103050288540808, 0.0153846153846154, 1.0, 0.0099009900990099, 0.00039984006397441, 2.77000637101465e-5],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { peak_pos: 0.12, peak_hwhm: 0.02, scale: 300, background: 0 },
        q: [0.001, 0.05, 0.1, 0.12, 0.14, 0.5],
        I: [8.24119222580867, 22.6415094339623, 150.0, 300.0, 150.0, 0.828729281767956],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { peak_pos: 0.3, peak_hwhm: -0.1, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [0.100602609631694, 0.106269925611052, 0.137931034482759, 0.2, 1.0, 0.02],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const x = (q - p[PEAK_POS]) / p[PEAK_HWHM];
    return 1 / (1 + x * x);
  },
);
