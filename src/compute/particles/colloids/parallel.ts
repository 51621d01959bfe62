/**
 * simulateShearedColloids on worker threads. Whole jackknife batches are handed out from a queue (a
 * worker takes the next batch when it finishes one); each batch is summed in realisation order by the
 * same runBatch, and the batches are combined in index order, so the result is bit-identical to the
 * single-threaded run for the same spec.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { startComputeWorker } from "../../worker-entry";
import { batchCountFor, progressInterval } from "./batch";
import type { ColloidBatchTask, ColloidWorkerMessage } from "./colloid-worker";
import { BatchMerger, simulateShearedColloids, type ProgressCallback, type ShearedColloidResult } from "./simulate";
import { resolveColloidSpec, type ShearedColloidSpec } from "./spec";

export interface ParallelColloidOptions {
  /** Worker threads (default: all cores); 1 or less runs on the calling thread, without workers. */
  threads?: number;
  onProgress?: ProgressCallback;
}

export async function simulateShearedColloidsParallel(spec: ShearedColloidSpec, options: ParallelColloidOptions = {}): Promise<ShearedColloidResult> {
  // Checked before any worker starts: bad input rejects with ColloidSpecError and spawns nothing.
  const resolved = resolveColloidSpec(spec);
  const { onProgress } = options;
  const requested = Math.floor(options.threads ?? availableParallelism());
  const batchCount = batchCountFor(resolved.realisations);
  // More workers than batches would idle.
  const threads = Math.min(batchCount, requested);
  if (!(threads > 1)) return simulateShearedColloids(spec, onProgress);

  const merger = new BatchMerger(resolved, batchCount);
  const progressEvery = progressInterval(resolved.realisations);
  const doneByBatch = new Array<number>(batchCount).fill(0);
  let done = 0;
  const advance = (batchIndex: number, batchDone: number) => {
    if (batchDone === doneByBatch[batchIndex]) return; // a batch's result after its last progress message
    done += batchDone - doneByBatch[batchIndex];
    doneByBatch[batchIndex] = batchDone;
    onProgress?.(done / resolved.realisations, `realisation ${done} of ${resolved.realisations}`);
  };

  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      let next = 0;
      let finished = 0;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const giveNext = (worker: Worker) => {
        if (next >= batchCount) return;
        // The task id is the batch index: unique within this run.
        const task: ColloidBatchTask = { id: next, spec: resolved, batchIndex: next, batchCount, progressEvery };
        next++;
        worker.postMessage(task);
      };
      const onMessage = (worker: Worker, message: ColloidWorkerMessage) => {
        if (settled) return;
        if (message.type === "error") return fail(new Error(`colloid worker, batch ${message.id}: ${message.error}`));
        if (message.type === "progress") return advance(message.id, message.done);
        merger.add(message.id, message.sums);
        advance(message.id, message.sums.count);
        if (++finished === batchCount) {
          settled = true;
          resolve();
        } else {
          giveNext(worker);
        }
      };
      for (let t = 0; t < threads; t++) {
        const worker = startComputeWorker(__filename, "colloid-worker");
        workers.push(worker);
        worker.on("message", (message: ColloidWorkerMessage) => {
          // A throwing progress callback must reject the run, not crash the process from an event handler.
          try {
            onMessage(worker, message);
          } catch (error) {
            fail(error instanceof Error ? error : new Error(String(error)));
          }
        });
        worker.on("error", fail);
        worker.on("exit", (code) => fail(new Error(`colloid worker exited early with code ${code}`)));
        giveNext(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return merger.result();
}
