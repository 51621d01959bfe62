/**
 * Pieces shared by the bench-only models (serving and predict benches): seeded weights, the q grid
 * and the model card they all use. Their outputs are meaningless; their run time is the point.
 */
import type { DenseLayerWeights } from "../src/onnx";
import { MODEL_CARD_SCHEMA } from "../src/serving";

/** Uniform in [-0.5, 0.5), a 32-bit LCG: the same weights on every machine. */
export function seededUniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** He-uniform values; a plain loop, as Float32Array.from with a callback is slow at 10⁷ values. */
export function heUniform(rnd: () => number, n: number, fanIn: number): Float32Array {
  const scale = 2 * Math.sqrt(6 / fanIn);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rnd() * scale;
  return out;
}

/** Dense layers of an MLP with these widths, ReLU between them, linear output. */
export function denseLayers(sizes: readonly number[], rnd: () => number): DenseLayerWeights[] {
  return sizes.slice(1).map((outFeatures, i) => ({
    inFeatures: sizes[i],
    outFeatures,
    kernel: heUniform(rnd, sizes[i] * outFeatures, sizes[i]),
    bias: Float32Array.from({ length: outFeatures }, () => rnd() * 0.1),
    activation: i === sizes.length - 2 ? "linear" : "relu",
  }));
}

export function geometricGrid(n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (i / (n - 1)));
}

/**
 * The bench models' card: log-log interpolation onto `points` q in [0.005, 0.5] 1/Å, log10,
 * standardisation; outputs radius and radius_pd.
 */
export function benchCardJson(name: string, description: string, points: number, layout: "batch_features" | "batch_channel_features"): Record<string, unknown> {
  return {
    schema: MODEL_CARD_SCHEMA,
    name,
    description,
    qGrid: geometricGrid(points, 0.005, 0.5),
    qUnit: "1/A",
    preprocessing: {
      interpolation: { method: "log_log", extrapolation: "clamp" },
      transform: { kind: "log10" },
      standardise: { mean: new Array(points).fill(-1), std: new Array(points).fill(2) },
    },
    input: { tensor: "curve", layout },
    outputs: [
      {
        kind: "regression",
        tensor: "params",
        parameters: [
          { name: "radius", unit: "Å", index: 0, mean: 1.7, std: 0.4, space: "log10" },
          { name: "radius_pd", unit: "", index: 1, mean: 0.1, std: 0.05, space: "linear" },
        ],
      },
    ],
    domain: { qMin: 0.005, qMax: 0.5, parameters: {} },
    metrics: {},
  };
}
