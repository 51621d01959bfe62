/**
 * two_power_law: A q^-m1 up to the crossover q_c, then A q_c^(m2-m1) q^-m2, continuous at q_c.
 * ("coefficent_1" is sasmodels' spelling of the parameter name.)
 */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { uniform, log10Uniform } from "./draw";

const parameters = [
  param("coefficent_1", "", 1, [-INF, INF], "plain", "coefficent A in low Q region"),
  param("crossover", "1/Ang", 0.04, [0, INF], "plain", "crossover location"),
  param("power_1", "", 1, [0, INF], "plain", "power law exponent at low Q"),
  param("power_2", "", 4, [0, INF], "plain", "power law exponent at high Q"),
];
const { coefficent_1: COEFFICIENT_1, crossover: CROSSOVER, power_1: POWER_1, power_2: POWER_2 } = indexOf(parameters);

const PUBLISHED = "sasmodels models/two_power_law.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const twoPowerLaw = pointwiseModel(
  {
    name: "two_power_law",
    title: "Empirical functional form of two power laws meeting at a crossover",
    description: "I(q) = coefficent_1 q^-power_1 for q <= crossover, coefficent_1 crossover^(power_2 - power_1) q^-power_2 above; + background",
    category: "shape-independent",
    parameters,
    random(rng) {
      return { scale: 1, coefficent_1: 1, crossover: log10Uniform(rng, -3, -1), power_1: uniform(rng, 1, 6), power_2: uniform(rng, 1, 6) };
    },
    knownValues: [
      { parameters: { coefficent_1: 1.0, crossover: 0.04, power_1: 1.0, power_2: 4.0, background: 0.0 }, q: [0.001], I: [1000], rtol: 1e-9, source: PUBLISHED },
      {
        parameters: { coefficent_1: 1.0, crossover: 0.04, power_1: 1.0, power_2: 4.0, background: 0.0 },
        q: [0.150141],
        I: [0.125945],
        rtol: 1e-5,
        source: PUBLISHED,
      },
      {
        parameters: { coefficent_1: 1.0, crossover: 0.04, power_1: 1.0, power_2: 4.0, background: 0.0 },
        q: [0.442528],
        I: [0.00166884],
        rtol: 1e-5,
        source: PUBLISHED,
      },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.04, 0.05, 0.3, 1.0],
        I: [1000.0, 100.0, 25.0, 10.24, 0.00790123456790124, 6.4e-5],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { coefficent_1: 0.0003, crossover: 0.2, power_1: 2.5, power_2: 1.2, background: 0 },
        q: [0.001, 0.01, 0.2, 0.2001, 0.5, 1.0],
        I: [9486.83298050514, 30.0, 0.0167705098312484, 0.0167604530566679, 0.00558493669990821, 0.00243098489503914],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const a = p[COEFFICIENT_1];
    const qc = p[CROSSOVER];
    if (q <= qc) return a * Math.pow(q, -p[POWER_1]);
    return a * Math.pow(qc, p[POWER_2] - p[POWER_1]) * Math.pow(q, -p[POWER_2]);
  },
);
