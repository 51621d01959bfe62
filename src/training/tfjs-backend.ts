/**
 * TensorFlow.js backend choice: wasm (tens of times faster than the plain JS cpu backend for
 * matmul) when it initialises, cpu otherwise. tfjs-node cannot be installed offline here.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm"; // registers the "wasm" backend

export type TrainingBackend = "wasm" | "cpu";

/** Switch tfjs to the fastest backend that works and return its name. */
export async function selectTrainingBackend(preferred: TrainingBackend = "wasm"): Promise<TrainingBackend> {
  for (const name of preferred === "wasm" ? (["wasm", "cpu"] as const) : (["cpu"] as const)) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // try the next backend
    }
  }
  throw new Error("no TensorFlow.js backend could be initialised");
}
