/** dab: Debye–Anderson–Brumberger random two-phase medium, I = L³/(1 + (qL)²)². */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform } from "./draw";

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
    random(rng) {
      const scale = log10Uniform(rng, 1, 4);
      const corLength = log10Uniform(rng, 0.3, 3);
      return { scale: scale / corLength ** 3, cor_length: corLength };
    },
  },
  (q, p) => {
    const l = p[COR_LENGTH];
    const x = q * l;
    return (l * l * l) / ((1 + x * x) * (1 + x * x));
  },
);
