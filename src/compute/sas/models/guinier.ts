/** guinier: I = exp(-|Rg| Rg q²/3); a negative Rg gives an increasing curve, as in sasmodels. */
import { INF, param, pointwiseModel } from "./define";

export const guinier = pointwiseModel(
  {
    name: "guinier",
    title: "Guinier approximation",
    description: "I(q) = scale exp(-Rg² q²/3) + background",
    category: "shape-independent",
    parameters: [param("rg", "Ang", 60, [-INF, INF], "plain", "Radius of Gyration")],
  },
  (q, p) => Math.exp((-Math.abs(p[0]) * p[0] * q * q) / 3),
);
