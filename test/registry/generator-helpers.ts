/** A linear generator (eta, sigma) -> log10 I on 5 reduced-q points, with its card. */
import { MODEL_CARD_SCHEMA } from "../../src/serving";

/** log10 I on 5 reduced-q points = x · W + b, x = ((eta - 0.25) / 0.1, (sigma - 0.1) / 0.05). */
export const Q = [3, 5, 7, 9, 11];
export const W = [0.5, -0.25, 0.125, 1, -1, 0.75, 0.5, 0.25, -0.5, 2]; // row-major [2, 5]
export const B = [-1, -0.5, 0, 0.5, 1];

export function generatorCard(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: MODEL_CARD_SCHEMA,
    name: "hs-generator",
    qUnit: "reduced",
    input: {
      tensor: "parameters",
      layout: "parameters",
      parameters: [
        { name: "eta", unit: "", mean: 0.25, std: 0.1 },
        { name: "sigma", unit: "", mean: 0.1, std: 0.05 },
      ],
    },
    outputs: [{ kind: "curve", tensor: "log10_I", q: Q, intensityUnit: "", space: "log10" }],
    domain: { qMin: 3, qMax: 11, parameters: { eta: { min: 0, max: 0.5 }, sigma: { min: 0, max: 0.3 } } },
    metrics: {},
    ...overrides,
  };
}
