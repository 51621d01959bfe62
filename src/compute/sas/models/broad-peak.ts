/** broad_peak: I = (A/q^n + C/(1 + (|q - q0| ξ)^m))^p. */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { uniform, log10Uniform } from "./draw";

const parameters = [
  param("porod_scale", "", 1e-5, [-INF, INF], "plain", "Power law scale factor"),
  param("porod_exp", "", 3, [-INF, INF], "plain", "Exponent of power law"),
  param("peak_scale", "", 10, [-INF, INF], "plain", "Scale factor for broad peak"),
  param("correlation_length", "Ang", 50, [-INF, INF], "plain", "screening length"),
  param("peak_pos", "1/Ang", 0.1, [-INF, INF], "plain", "Peak position in q"),
  param("width_exp", "", 2, [-INF, INF], "plain", "Exponent of peak width"),
  param("shape_exp", "", 1, [-INF, INF], "plain", "Exponent of peak shape"),
];
const {
  porod_scale: POROD_SCALE,
  porod_exp: POROD_EXP,
  peak_scale: PEAK_SCALE,
  correlation_length: CORRELATION_LENGTH,
  peak_pos: PEAK_POS,
  width_exp: WIDTH_EXP,
  shape_exp: SHAPE_EXP,
} = indexOf(parameters);

// sasmodels' broad_peak.py publishes no test values.
export const broadPeak = pointwiseModel(
  {
    name: "broad_peak",
    title: "Broad peak on top of a power law decay",
    description: "I(q) = (porod_scale/q^porod_exp + peak_scale/(1 + (|q - peak_pos| ξ)^width_exp))^shape_exp + background",
    category: "shape-independent",
    parameters,
    random(rng) {
      // sasmodels' law in its older names (lorentz_scale, lorentz_length, lorentz_exp); shape_exp keeps 1
      const porodScale = log10Uniform(rng, -8, -5);
      const porodExp = uniform(rng, 1, 6);
      const lorentzScale = log10Uniform(rng, 0.3, 6);
      const lorentzLength = log10Uniform(rng, 0, 2);
      const peakPos = log10Uniform(rng, -3, -1);
      const widthExp = uniform(rng, 1, 4);
      return {
        scale: 1,
        porod_scale: porodScale,
        porod_exp: porodExp,
        // the peak stands 2 – 1e6 times above the power law at q0, and is 1 – 100 periods wide
        peak_scale: (lorentzScale * porodScale) / peakPos ** porodExp,
        correlation_length: lorentzLength / peakPos,
        peak_pos: peakPos,
        width_exp: widthExp,
      };
    },
  },
  (q, p) => {
    const z = Math.abs(q - p[PEAK_POS]) * p[CORRELATION_LENGTH];
    return Math.pow(p[POROD_SCALE] / Math.pow(q, p[POROD_EXP]) + p[PEAK_SCALE] / (1 + Math.pow(z, p[WIDTH_EXP])), p[SHAPE_EXP]);
  },
);
