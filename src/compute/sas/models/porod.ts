/** porod: I = scale/q⁴ (scale = 2π Δρ² S_v). */
import { pointwiseModel } from "./define";

export const porod = pointwiseModel(
  {
    name: "porod",
    title: "Porod function",
    description: "I(q) = scale/q^4 + background",
    category: "shape-independent",
    parameters: [],
  },
  (q) => 1 / (q * q * q * q),
);
