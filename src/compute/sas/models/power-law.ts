/** power_law: I = q^-power. */
import { INF, param, pointwiseModel } from "./define";

export const powerLaw = pointwiseModel(
  {
    name: "power_law",
    title: "Simple power law with a flat background",
    description: "I(q) = scale q^(-power) + background",
    category: "shape-independent",
    parameters: [param("power", "", 4, [-INF, INF], "plain", "Power law exponent")],
  },
  (q, p) => Math.pow(q, -p[0]),
);
