/** broad_peak: I = (A/q^n + C/(1 + (|q - q0| ξ)^m))^p. */
import { INF, param, pointwiseModel } from "./define";

export const broadPeak = pointwiseModel(
  {
    name: "broad_peak",
    title: "Broad peak on top of a power law decay",
    description: "I(q) = (porod_scale/q^porod_exp + peak_scale/(1 + (|q - peak_pos| ξ)^width_exp))^shape_exp + background",
    category: "shape-independent",
    parameters: [
      param("porod_scale", "", 1e-5, [-INF, INF], "plain", "Power law scale factor"),
      param("porod_exp", "", 3, [-INF, INF], "plain", "Exponent of power law"),
      param("peak_scale", "", 10, [-INF, INF], "plain", "Scale factor for broad peak"),
      param("correlation_length", "Ang", 50, [-INF, INF], "plain", "screening length"),
      param("peak_pos", "1/Ang", 0.1, [-INF, INF], "plain", "Peak position in q"),
      param("width_exp", "", 2, [-INF, INF], "plain", "Exponent of peak width"),
      param("shape_exp", "", 1, [-INF, INF], "plain", "Exponent of peak shape"),
    ],
  },
  (q, p) => {
    const z = Math.abs(q - p[4]) * p[3];
    return Math.pow(p[0] / Math.pow(q, p[1]) + p[2] / (1 + Math.pow(z, p[5])), p[6]);
  },
);
