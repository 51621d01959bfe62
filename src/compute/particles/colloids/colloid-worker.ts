/**
 * Worker-thread entry for simulateShearedColloidsParallel: runs the jackknife batches it is sent
 * (runBatch, the sequential code itself) and posts their sums back, with progress on the way. Pure
 * compute; no state between messages.
 */
import { parentPort } from "node:worker_threads";
import { progressInterval, runBatch, type BatchSums } from "./batch";
import type { ResolvedColloidSpec } from "./spec";

export interface ColloidBatchTask {
  id: number;
  spec: ResolvedColloidSpec;
  batchIndex: number;
  batchCount: number;
  /** Post progress after every realisation r with (r + 1) % progressEvery = 0 (default: about 1 % of all). */
  progressEvery?: number;
}

export type ColloidWorkerMessage =
  /** `done` realisations of the task's batch are finished. */
  { type: "progress"; id: number; done: number } | { type: "batch"; id: number; sums: BatchSums } | { type: "error"; id: number; error: string };

if (parentPort !== null) {
  const port = parentPort;
  const post = (message: ColloidWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  port.on("message", (task: ColloidBatchTask) => {
    try {
      const every = task.progressEvery ?? progressInterval(task.spec.realisations);
      let done = 0;
      const sums = runBatch(task.spec, task.batchIndex, task.batchCount, (r) => {
        done++;
        if ((r + 1) % every === 0) post({ type: "progress", id: task.id, done });
      });
      // The sums are not used here again: move them rather than copy.
      post({ type: "batch", id: task.id, sums }, [sums.sumIntensity.buffer as ArrayBuffer, sums.sumProduct.buffer as ArrayBuffer]);
    } catch (error) {
      post({ type: "error", id: task.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
