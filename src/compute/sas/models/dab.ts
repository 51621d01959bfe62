/** dab: Debye–Anderson–Brumberger random two-phase medium, I = L³/(1 + (qL)²)². */
import { INF, param, pointwiseModel } from "./define";

export const dab = pointwiseModel(
  {
    name: "dab",
    title: "DAB (Debye Anderson Brumberger) Model",
    description: "I(q) = scale L^3/(1 + (qL)^2)^2 + background",
    category: "shape-independent",
    parameters: [param("cor_length", "Ang", 50, [0, INF], "plain", "correlation length")],
  },
  (q, p) => {
    const l = p[0];
    const x = q * l;
    return (l * l * l) / ((1 + x * x) * (1 + x * x));
  },
);
