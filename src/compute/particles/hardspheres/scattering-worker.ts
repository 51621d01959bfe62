/**
 * Worker-thread entry for ScatteringWorkerPool: computes squaredAmplitudeSums for the directions it
 * is sent (or commensurateSums for the reciprocal vectors it is sent) and posts the sums back. Pure
 * compute; no state between messages.
 */
import { parentPort } from "node:worker_threads";
import { squaredAmplitudeSums, type KernelSettings } from "./scattering";
import { commensurateSums } from "./scattering-commensurate";

export type ScatteringTask = DirectionsTask | CommensurateTask;

export interface DirectionsTask {
  kind: "directions";
  id: number;
  positions: Float64Array;
  diameters: Float64Array;
  q: Float64Array;
  directions: Float64Array;
  weights: Float64Array;
  settings: KernelSettings;
}

export interface CommensurateTask {
  kind: "commensurate";
  id: number;
  positions: Float64Array;
  diameters: Float64Array;
  box: number;
  q: Float64Array;
  /** (shell, n_x, n_y, n_z) quadruples. */
  work: Int32Array;
  maxIndex: number;
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
      const sums =
        task.kind === "directions"
          ? squaredAmplitudeSums(task.positions, task.diameters, task.q, task.directions, task.weights, task.settings)
          : commensurateSums(task.positions, task.diameters, task.box, task.q, task.work, task.maxIndex);
      const result: ScatteringResult = { id: task.id, sums };
      port.postMessage(result, [sums.buffer as ArrayBuffer]);
    } catch (error) {
      const result: ScatteringResult = { id: task.id, error: error instanceof Error ? error.message : String(error) };
      port.postMessage(result);
    }
  });
}
