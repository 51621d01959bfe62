/**
 * Run a compute task in a worker thread, so a long simulation never blocks the event loop of the
 * process it runs in (`serve` answers GraphQL while its in-process worker simulates). Progress comes
 * back as messages; aborting the signal terminates the thread at once (a cancelled job stops using
 * CPU and memory, and frees its queue slot), and each thread's heap is bounded.
 *
 * The thread starts through src/compute/worker-entry.ts, so tests run it for real from the sources:
 * cancellation and memory limits are exercised, not simulated.
 */
import { availableParallelism } from "node:os";
import { startComputeWorker } from "../../compute/worker-entry";
import type { TObject } from "@sinclair/typebox";
import type { SimulationKind, StepProgress } from "../../simulations/simulation-kind";
import { findSimulationKind } from "../../simulations/registry";

export type ThreadMessage = { type: "progress"; fraction: number; message: string } | { type: "result"; value: unknown } | { type: "error"; message: string };

/** Thrown when a job's compute thread was stopped because the job was cancelled or lost its claim. */
export class ComputeAbortedError extends Error {
  constructor(reason?: unknown) {
    super(reason instanceof Error ? `stopped: ${reason.message}` : "cancelled");
    this.name = "ComputeAbortedError";
  }
}

/** A task that needed more heap than a job may have: deterministic, so it is not retried. */
export class ComputeMemoryError extends Error {
  constructor(limitMb: number) {
    super(`the computation needed more than its memory limit of ${limitMb} MB (SASGRAPH_JOB_MEMORY_MB): ask for a smaller simulation`);
    this.name = "ComputeMemoryError";
  }
}

export interface ComputeLimits {
  /** V8 old-generation heap of one compute thread, MB. */
  maxOldGenerationSizeMb: number;
  /** Compute threads one job may run at once (slices of a sweep). */
  threadsPerJob: number;
}

let limits: ComputeLimits = { maxOldGenerationSizeMb: 4096, threadsPerJob: availableParallelism() };

/** Set by the worker process from its configuration (SASGRAPH_JOB_MEMORY_MB, SASGRAPH_JOB_THREADS). */
export function configureComputeThreads(next: Partial<ComputeLimits>): void {
  limits = { ...limits, ...next };
}

export function computeLimits(): ComputeLimits {
  return { ...limits };
}

/**
 * One compute step of a simulation kind (kind.compute) on its own thread, which finds the kind by
 * name in the same list (src/simulations/registry.ts).
 */
export function runSimulationStep<Step, Result>(
  kind: SimulationKind<TObject, Step, Result>,
  step: Step,
  progress: StepProgress,
  signal?: AbortSignal,
): Promise<Result> {
  const name = kind.name;
  // A kind missing from the list would fail in the thread: say so here instead.
  if (findSimulationKind(name) !== kind) return Promise.reject(new Error(`simulation kind ${name} is not in SIMULATION_KINDS`));
  if (signal?.aborted) return Promise.reject(new ComputeAbortedError(signal.reason));
  const limitMb = limits.maxOldGenerationSizeMb;
  return new Promise((resolve, reject) => {
    const worker = startComputeWorker(__filename, "compute-thread-entry", { workerData: { name, step }, resourceLimits: { maxOldGenerationSizeMb: limitMb } });
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
    worker.on("message", (msg: ThreadMessage) => {
      if (msg.type === "progress") progress(msg.fraction, msg.message);
      else if (msg.type === "result") {
        finish(() => resolve(msg.value as Result));
        void worker.terminate();
      } else finish(() => reject(new Error(msg.message)));
    });
    worker.on("error", (err: Error & { code?: string }) => {
      finish(() => reject(err.code === "ERR_WORKER_OUT_OF_MEMORY" ? new ComputeMemoryError(limitMb) : err));
    });
    worker.on("exit", (code) => finish(() => reject(new Error(`compute thread exited with code ${code}`))));
  });
}
