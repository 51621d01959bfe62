/**
 * A large bench model: an MLP 200 → 3072 → 3072 → 3072 → 2 (19.5 M float32 weights, 78 MB) on the
 * same 200-point log10 I(q) input and card as the CNN (bench/cnn-model.ts), written by our ONNX
 * writer with seeded He-uniform weights. At batch 1 its run reads every weight once per curve
 * (memory-bound, milliseconds); a batch reads them once for all its rows, which is what dynamic
 * batching is for. Built in memory at bench time (a few hundred ms), never stored.
 */
import { buildMlpModel, type DenseLayerWeights } from "../src/onnx";
import { CNN_POINTS, cnnCardJson, seededUniform } from "./cnn-model";

export const LARGE_MLP_SIZES = [CNN_POINTS, 3072, 3072, 3072, 2];
export const LARGE_MLP_NAME = "bench-mlp-large";

/** He-uniform values; a plain loop, as Float32Array.from with a callback is slow at 10⁷ values. */
function heUniform(rnd: () => number, n: number, fanIn: number): Float32Array {
  const scale = 2 * Math.sqrt(6 / fanIn);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rnd() * scale;
  return out;
}

/** ONNX bytes of the MLP; input "curve" [batch, 200], output "params" [batch, 2]. */
export function buildLargeMlpModel(seed = 13): Uint8Array {
  const rnd = seededUniform(seed);
  const layers: DenseLayerWeights[] = LARGE_MLP_SIZES.slice(1).map((outFeatures, i) => {
    const inFeatures = LARGE_MLP_SIZES[i];
    return {
      inFeatures,
      outFeatures,
      kernel: heUniform(rnd, inFeatures * outFeatures, inFeatures),
      bias: Float32Array.from({ length: outFeatures }, () => rnd() * 0.1),
      activation: i === LARGE_MLP_SIZES.length - 2 ? "linear" : "relu",
    };
  });
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
