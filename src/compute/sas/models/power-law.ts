/** power_law: I = q^-power. */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { uniform, log10Uniform } from "./draw";

const parameters = [param("power", "", 4, [-INF, INF], "plain", "Power law exponent")];
const { power: POWER } = indexOf(parameters);

export const powerLaw = pointwiseModel(
  {
    name: "power_law",
    title: "Simple power law with a flat background",
    description: "I(q) = scale q^(-power) + background",
    category: "shape-independent",
    parameters,
    random(rng) {
      const power = uniform(rng, 1, 6);
      // the amplitude follows the power so that I(0.1/Å) is 1e-4 – 1e2
      return { scale: Math.pow(0.1, power) * log10Uniform(rng, -4, 2), power };
    },
    knownValues: [
      {
        // q^-4 exactly is 7.646374e7 and 20.594964 (as sasmodels' kernel gives): the printed values are
        // older and good to about 1e-5 only
        parameters: { scale: 1, power: 4, background: 0 },
        q: [0.0106939, 0.469418],
        I: [7.64644e7, 20.5949],
        rtol: 1e-5,
        source: "sasmodels models/power_law.py tests",
      },
    ],
  },
  (q, p) => Math.pow(q, -p[POWER]),
);
