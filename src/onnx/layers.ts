/**
 * Layer helpers on top of the graph builder: the dense stack that trained MLPs export to.
 */
import { OnnxGraphBuilder, type GraphValue } from "./graph-builder";

export type DenseActivation = "relu" | "tanh" | "sigmoid" | "linear";

export interface DenseLayerWeights {
  /** Row-major [inFeatures, outFeatures] (the tfjs / Keras kernel layout). */
  kernel: Float32Array;
  bias: Float32Array;
  inFeatures: number;
  outFeatures: number;
  activation: DenseActivation;
}

/** y = act(x · kernel + bias) as one Gemm (+ activation). */
export function addDenseLayer(b: OnnxGraphBuilder, x: GraphValue, layer: DenseLayerWeights, prefix: string, outputName?: string): GraphValue {
  const w = b.initializer(`${prefix}_kernel`, layer.kernel, [layer.inFeatures, layer.outFeatures]);
  const bias = b.initializer(`${prefix}_bias`, layer.bias, [layer.outFeatures]);
  if (layer.activation === "linear") return b.gemm(x, w, bias, { name: outputName });
  const z = b.gemm(x, w, bias);
  switch (layer.activation) {
    case "relu":
      return b.relu(z, { name: outputName });
    case "tanh":
      return b.tanh(z, { name: outputName });
    case "sigmoid":
      return b.sigmoid(z, { name: outputName });
  }
}

export interface MlpExport {
  inputName: string;
  outputName: string;
  layers: readonly DenseLayerWeights[];
  metadata?: Record<string, string>;
}

/** An MLP with input [batch, in] and output [batch, out]. */
export function buildMlpModel(spec: MlpExport): Uint8Array {
  if (spec.layers.length === 0) throw new Error("MLP export: no layers");
  for (let i = 1; i < spec.layers.length; i++) {
    if (spec.layers[i].inFeatures !== spec.layers[i - 1].outFeatures) {
      throw new Error(`MLP export: layer ${i} takes ${spec.layers[i].inFeatures} features but layer ${i - 1} gives ${spec.layers[i - 1].outFeatures}`);
    }
  }
  const b = new OnnxGraphBuilder("mlp");
  let x = b.input(spec.inputName, ["batch", spec.layers[0].inFeatures]);
  spec.layers.forEach((layer, i) => {
    x = addDenseLayer(b, x, layer, `dense${i}`, i === spec.layers.length - 1 ? spec.outputName : undefined);
  });
  b.output(x, ["batch", spec.layers[spec.layers.length - 1].outFeatures]);
  for (const [k, v] of Object.entries(spec.metadata ?? {})) b.setMetadata(k, v);
  return b.build();
}
