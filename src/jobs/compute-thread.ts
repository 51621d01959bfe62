/**
 * Run a compute task in a worker thread, so a long simulation never blocks the event loop of the
 * process it runs in (`serve` answers GraphQL while its in-process worker simulates). Progress comes
 * back as messages; aborting the signal terminates the thread.
 *
 * From TypeScript sources (jest, ts-node) a thread cannot load the .ts entry, so the task runs
 * inline there; the compiled platform always uses a thread.
 */
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { COMPUTE_TASKS, type ComputeTaskInput, type ComputeTaskName, type ComputeTaskOutput, type Progress } from "./compute-tasks";

export type ThreadMessage =
  | { type: "progress"; fraction: number; message: string }
  | { type: "result"; value: unknown }
  | { type: "error"; message: string };

const ENTRY = path.join(__dirname, "compute-thread-entry.js");
const COMPILED = __filename.endsWith(".js");

export function runComputeTask<K extends ComputeTaskName>(
  name: K,
  input: ComputeTaskInput<K>,
  progress: Progress,
  signal?: AbortSignal,
): Promise<ComputeTaskOutput<K>> {
  if (!COMPILED) {
    const task = COMPUTE_TASKS[name] as (input: ComputeTaskInput<K>, progress: Progress) => ComputeTaskOutput<K> | Promise<ComputeTaskOutput<K>>;
    return Promise.resolve().then(() => task(input, progress));
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: { name, input } });
    let settled = false;
    const onAbort = () => {
      void worker.terminate();
      finish(() => reject(new Error("cancelled")));
    };
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      f();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (msg: ThreadMessage) => {
      if (msg.type === "progress") progress(msg.fraction, msg.message);
      else if (msg.type === "result") finish(() => resolve(msg.value as ComputeTaskOutput<K>));
      else finish(() => reject(new Error(msg.message)));
    });
    worker.on("error", (err) => finish(() => reject(err)));
    worker.on("exit", (code) => finish(() => reject(new Error(`compute thread exited with code ${code}`))));
  });
}
