/** porod: I = scale/q⁴ (scale = 2π Δρ² S_v). */
import { pointwiseModel } from "./define";

export const porod = pointwiseModel(
  {
    name: "porod",
    title: "Porod function",
    description: "I(q) = scale/q^4 + background",
    category: "shape-independent",
    parameters: [],
    // sasmodels' second case (q = 0 gives infinity) is left out: evaluate() accepts only q > 0.
    knownValues: [{ parameters: { scale: 1e-5, background: 0.01 }, q: [0.04], I: [3.91625], rtol: 1e-9, source: "sasmodels models/porod.py tests" }],
  },
  (q) => 1 / (q * q * q * q),
);
