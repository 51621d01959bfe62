/**
 * A large bench model: an MLP 200 → 3072 → 3072 → 3072 → 2 (19.5 M float32 weights, 78 MB) on the
 * same 200-point log10 I(q) input and card as the CNN (bench/cnn-model.ts), written by our ONNX
 * writer with seeded He-uniform weights. At batch 1 its run reads every weight once per curve
 * (memory-bound, milliseconds); a batch reads them once for all its rows, which is what dynamic
 * batching is for. Built in memory at bench time (a few hundred ms), never stored.
 */
import { buildMlpModel } from "../src/onnx";
import { denseLayers, seededUniform } from "./bench-models";
import { CNN_POINTS, cnnCardJson } from "./cnn-model";

export const LARGE_MLP_SIZES = [CNN_POINTS, 3072, 3072, 3072, 2];
export const LARGE_MLP_NAME = "bench-mlp-large";

/** ONNX bytes of the MLP; input "curve" [batch, 200], output "params" [batch, 2]. */
export function buildLargeMlpModel(seed = 13): Uint8Array {
  const layers = denseLayers(LARGE_MLP_SIZES, seededUniform(seed));
  return buildMlpModel({ inputName: "curve", outputName: "params", layers });
}

/** The CNN's card (log-log onto 200 points, log10, standardisation) with a [batch, features] input. */
export function largeMlpCardJson(): Record<string, unknown> {
  return {
    ...cnnCardJson(),
    name: LARGE_MLP_NAME,
    description: `Bench-only MLP ${LARGE_MLP_SIZES.join("→")} with random weights (run-time realistic, outputs meaningless)`,
    input: { tensor: "curve", layout: "batch_features" },
  };
}
