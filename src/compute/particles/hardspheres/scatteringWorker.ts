/**
 * Worker-thread entry for ScatteringWorkerPool: computes squaredAmplitudeSums for the directions it
 * is sent and posts the sums back. Pure compute; no state between messages.
 */
import { parentPort } from "node:worker_threads";
import { squaredAmplitudeSums } from "./scattering";

export interface ScatteringTask {
  id: number;
  positions: Float64Array;
  diameters: Float64Array;
  q: Float64Array;
  directions: Float64Array;
  weights: Float64Array;
}

export interface ScatteringResult {
  id: number;
  sums?: Float64Array;
  error?: string;
}

if (parentPort !== null) {
  const port = parentPort;
  port.on("message", (task: ScatteringTask) => {
    try {
      const sums = squaredAmplitudeSums(task.positions, task.diameters, task.q, task.directions, task.weights);
      const result: ScatteringResult = { id: task.id, sums };
      port.postMessage(result, [sums.buffer as ArrayBuffer]);
    } catch (error) {
      const result: ScatteringResult = { id: task.id, error: error instanceof Error ? error.message : String(error) };
      port.postMessage(result);
    }
  });
}
