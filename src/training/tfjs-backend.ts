/**
 * TensorFlow.js backend choice, fastest first: tfjs-node-gpu ("tensorflow", CUDA) when that package
 * is installed (it is not a dependency: it needs CUDA and cannot be installed offline, so it is
 * required lazily and its absence is normal), else wasm (tens of times faster than the plain JS cpu
 * backend for matmul), else cpu. The backend that ran is recorded on the model card.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm"; // registers the "wasm" backend

export type TrainingBackend = "tensorflow" | "wasm" | "cpu";

/** Load tfjs-node-gpu once, if present: it registers the "tensorflow" backend with tfjs-core. */
let gpuTried = false;
function loadGpuBackend(): boolean {
  if (!gpuTried) {
    gpuTried = true;
    try {
      // Optional and absent here: never a static import (the bundle and tsc must not need it).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require("@tensorflow/tfjs-node-gpu");
    } catch {
      return false;
    }
  }
  return tf.findBackendFactory("tensorflow") !== null;
}

/** Switch tfjs to the fastest backend that works (at most `preferred`'s tier) and return its name. */
export async function selectTrainingBackend(preferred: TrainingBackend = "tensorflow"): Promise<TrainingBackend> {
  const order: TrainingBackend[] = preferred === "cpu" ? ["cpu"] : preferred === "wasm" ? ["wasm", "cpu"] : ["tensorflow", "wasm", "cpu"];
  for (const name of order) {
    if (name === "tensorflow" && !loadGpuBackend()) continue;
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
