/**
 * The check every trained network passes before it is registered or shipped: onnxruntime, given
 * the validation inputs, must reproduce the trained network's own outputs on them.
 */
import * as ort from "onnxruntime-node";
import type { TrainedNetwork } from "./architecture";

/** onnxruntime must reproduce the trained network to this (relative to max(1, |value|)). */
export const ONNX_TOLERANCE = 1e-5;

/** Compare onnxruntime's outputs on the check inputs with the trained network's own. */
export async function checkInOnnxRuntime(network: TrainedNetwork, label: string): Promise<void> {
  const session = await ort.InferenceSession.create(network.onnx);
  try {
    const inputName = (network.card.input as { tensor?: string } | undefined)?.tensor ?? session.inputNames[0];
    const out = await session.run({ [inputName]: new ort.Tensor("float32", network.check.input, network.check.inputShape) });
    for (const [name, expected] of Object.entries(network.check.outputs)) {
      const got = out[name]?.data;
      if (!(got instanceof Float32Array) || got.length !== expected.length)
        throw new Error(`${label}: the exported ONNX model gives no ${expected.length} float values for output "${name}"; nothing was registered`);
      let worst = 0;
      let at = 0;
      for (let i = 0; i < got.length; i++) {
        const d = Math.abs(got[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
        if (!(d <= worst)) {
          worst = d;
          at = i;
        }
      }
      if (!(worst <= ONNX_TOLERANCE))
        throw new Error(
          `${label}: the exported ONNX model differs from the trained network on the validation set (output "${name}" value ${at}: ${got[at]} against ${expected[at]}, more than ${ONNX_TOLERANCE}); nothing was registered`,
        );
    }
  } finally {
    await session.release();
  }
}
