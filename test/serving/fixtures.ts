import { OnnxGraphBuilder } from "../../src/onnx";
import { MODEL_CARD_SCHEMA } from "../../src/serving";

/** A geometric q grid of n points from lo to hi. */
export function geometricGrid(n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (i / (n - 1)));
}

/** y = x · W + b as one Gemm; W row-major [inF, outF]. */
export function linearModel(inputName: string, outputName: string, w: Float32Array, b: Float32Array, inF: number, outF: number): Uint8Array {
  const g = new OnnxGraphBuilder();
  g.output(g.gemm(g.input(inputName, ["batch", inF]), g.initializer("w", w, [inF, outF]), g.initializer("b", b, [outF]), { name: outputName }), [
    "batch",
    outF,
  ]);
  return g.build();
}

/** A valid card JSON for a regression model on a 6-point grid, log10 transform, standardised. */
export function regressionCardJson(): Record<string, unknown> {
  return {
    schema: MODEL_CARD_SCHEMA,
    name: "sphere-radius-test",
    qGrid: geometricGrid(6, 0.01, 0.3),
    qUnit: "1/A",
    preprocessing: {
      interpolation: { method: "log_log", extrapolation: "clamp" },
      transform: { kind: "log10" },
      standardise: { mean: [1, 0.8, 0.5, 0.2, 0, -0.5], std: [2, 2, 1.5, 1.5, 1, 1] },
    },
    input: { tensor: "curve", layout: "batch_features" },
    outputs: [
      {
        kind: "regression",
        tensor: "params",
        parameters: [
          { name: "radius", unit: "Å", index: 0, mean: 1.5, std: 0.5, space: "log10", uncertaintyIndex: 2 },
          { name: "radius_pd", unit: "", index: 1, mean: 0.1, std: 0.05, space: "linear" },
        ],
      },
    ],
    domain: { qMin: 0.01, qMax: 0.3, parameters: { radius: { min: 10, max: 300 } } },
    metrics: { radius_mape: 0.03 },
  };
}
