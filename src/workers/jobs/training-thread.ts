/**
 * One training run on its own worker thread, so the epochs never block the event loop of the
 * process (the in-process worker of `serve` keeps answering GraphQL). Epoch reports come back as
 * messages; aborting the signal terminates the thread at once (a cancelled job stops using CPU at
 * once and registers nothing). A thread that dies for any other reason than memory rejects with
 * TrainingThreadDiedError, which the training service turns into a retry.
 */
import { startComputeWorker } from "../../compute/worker-entry";
import type { EpochReport, TrainingOutcome, TrainingProblem } from "../../training/architecture";
import type { TrainingBackend } from "../../training/tfjs-backend";
import { ComputeAbortedError, ComputeMemoryError, computeLimits } from "./compute-thread";

export interface TrainingTask {
  architecture: string;
  problem: TrainingProblem;
  hyperparameters: Record<string, unknown>;
  seed: number;
  /** Best backend to try (tests pin "cpu" or "wasm"); default the fastest installed. */
  backend?: TrainingBackend;
}

export interface TrainingThreadResult {
  outcome: TrainingOutcome;
  backend: TrainingBackend;
}

export type TrainingThreadMessage =
  | { type: "epoch"; report: EpochReport }
  | { type: "result"; value: TrainingThreadResult }
  | { type: "error"; message: string; userError: boolean; field?: string };

/** The thread stopped without an answer (crashed, killed): worth another attempt. */
export class TrainingThreadDiedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrainingThreadDiedError";
  }
}

/** The architecture refused its input (a DomainError in the thread), e.g. a check against the problem. */
export class TrainingInputError extends Error {
  constructor(
    message: string,
    readonly field: string | undefined,
  ) {
    super(message);
    this.name = "TrainingInputError";
  }
}

export function runTrainingThread(task: TrainingTask, onEpoch: (report: EpochReport) => void, signal?: AbortSignal): Promise<TrainingThreadResult> {
  if (signal?.aborted) return Promise.reject(new ComputeAbortedError(signal.reason));
  const limitMb = computeLimits().maxOldGenerationSizeMb;
  return new Promise((resolve, reject) => {
    const worker = startComputeWorker(__filename, "training-thread-entry", { workerData: task, resourceLimits: { maxOldGenerationSizeMb: limitMb } });
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      f();
    };
    const onAbort = () => {
      void worker.terminate();
      finish(() => reject(new ComputeAbortedError(signal?.reason)));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (msg: TrainingThreadMessage) => {
      if (msg.type === "epoch") onEpoch(msg.report);
      else if (msg.type === "result") {
        finish(() => resolve(msg.value));
        void worker.terminate();
      } else finish(() => reject(msg.userError ? new TrainingInputError(msg.message, msg.field) : new Error(msg.message)));
    });
    worker.on("error", (err: Error & { code?: string }) => {
      finish(() =>
        reject(
          err.code === "ERR_WORKER_OUT_OF_MEMORY" ? new ComputeMemoryError(limitMb) : new TrainingThreadDiedError(`the training thread failed: ${err.message}`),
        ),
      );
    });
    worker.on("exit", (code) => finish(() => reject(new TrainingThreadDiedError(`the training thread exited with code ${code} before it finished`))));
  });
}
