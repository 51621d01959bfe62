/**
 * Worker-thread entry for data-parallel training of the hard-sphere VAE (hard-sphere-vae-shards.ts):
 * it holds views on the trainer's shared weights, batch and its own gradient buffer, and runs the
 * second half of each batch when the control word says so. Steps are milliseconds long, so the
 * hand-off is Atomics.wait / notify on shared memory, not messages (a message round trip costs
 * about as much as a small step).
 */
import { parentPort, workerData } from "node:worker_threads";
import { vaeGeometry, Workspace } from "./hard-sphere-vae-native";
import { CTRL, type ShardWorkerData, type ShardWorkerMessage } from "./hard-sphere-vae-shards";
import { PARTS, shardLoss, type StagePath } from "./hard-sphere-vae-step";

function serve(data: ShardWorkerData): void {
  const g = vaeGeometry(data.shape);
  const ws = new Workspace(data.workspaceRows);
  const c = data.control;
  let seen = 0;
  parentPort?.postMessage({ type: "ready" } satisfies ShardWorkerMessage);
  for (;;) {
    Atomics.wait(c, CTRL.command, seen);
    if (Atomics.load(c, CTRL.stop) !== 0) return;
    seen = Atomics.load(c, CTRL.command);
    try {
      const stage: StagePath = {
        source: c[CTRL.source] === 0 ? "encoder" : "converter1",
        target: c[CTRL.target] === 0 ? "decoder" : "converter2",
        trainable: PARTS.filter((_, i) => (c[CTRL.trainable] & (1 << i)) !== 0),
      };
      const task = { stage, from: c[CTRL.from], to: c[CTRL.to], batchRows: c[CTRL.batchRows], samples: c[CTRL.samples], cached: c[CTRL.cached] !== 0 };
      data.result[0] = shardLoss(data.net, g, ws, data.buffers, task, data.curveStd, data.chunkRows, data.grad);
    } catch (error) {
      Atomics.store(c, CTRL.failed, 1);
      parentPort?.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) } satisfies ShardWorkerMessage);
    }
    Atomics.store(c, CTRL.done, seen);
    Atomics.notify(c, CTRL.done);
  }
}

// Only as the thread hard-sphere-vae-shards.ts starts (the marker): loading this file elsewhere does nothing.
if (parentPort && (workerData as Partial<ShardWorkerData> | null)?.hardSphereVaeShard === true) serve(workerData as ShardWorkerData);
