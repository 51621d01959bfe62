/** dab: Debye–Anderson–Brumberger random two-phase medium, I = L³/(1 + (qL)²)². */
import { INF, indexOf, param, pointwiseModel } from "./define";

const parameters = [param("cor_length", "Ang", 50, [0, INF], "plain", "correlation length")];
const { cor_length: COR_LENGTH } = indexOf(parameters);

// sasmodels' dab.py publishes no test values.
export const dab = pointwiseModel(
  {
    name: "dab",
    title: "DAB (Debye Anderson Brumberger) Model",
    description: "I(q) = scale L^3/(1 + (qL)^2)^2 + background",
    category: "shape-independent",
    parameters,
  },
  (q, p) => {
    const l = p[COR_LENGTH];
    const x = q * l;
    return (l * l * l) / ((1 + x * x) * (1 + x * x));
  },
);
