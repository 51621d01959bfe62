/** Worker-thread entry of training-thread.ts: train one architecture, post each epoch and the networks. */
import { parentPort, workerData } from "node:worker_threads";
import { DomainError } from "../../services/errors";
import { findArchitecture } from "../../training/architectures/registry";
import { selectTrainingBackend } from "../../training/tfjs-backend";
import type { TrainingTask, TrainingThreadMessage } from "./training-thread";

const task = workerData as TrainingTask;
const post = (msg: TrainingThreadMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(msg, transfer);

async function main(): Promise<void> {
  const architecture = findArchitecture(task.architecture);
  if (!architecture) throw new Error(`unknown training architecture ${task.architecture}`);
  const backend = await selectTrainingBackend(task.backend);
  // The thread is terminated on cancel; this signal only stands for the contract's.
  const signal = new AbortController().signal;
  architecture.check?.(task.hyperparameters, task.problem);
  const outcome = await architecture.train(task.problem, task.hyperparameters, {
    backend,
    seed: task.seed,
    signal,
    report: (report) => post({ type: "epoch", report }),
  });
  post({ type: "result", value: { outcome, backend } });
}

main().catch((err: unknown) =>
  post({
    type: "error",
    message: err instanceof Error ? err.message : String(err),
    userError: err instanceof DomainError,
    field: err instanceof DomainError ? err.field : undefined,
  }),
);
