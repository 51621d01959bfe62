/** Worker-thread entry of compute-thread.ts: run one task, post progress and the result. */
import { parentPort, workerData } from "node:worker_threads";
import { COMPUTE_TASKS, type ComputeTaskName } from "./compute-tasks";
import type { ThreadMessage } from "./compute-thread";

const { name, input } = workerData as { name: ComputeTaskName; input: never };
const post = (msg: ThreadMessage) => parentPort!.postMessage(msg);
let last = 0;

async function main(): Promise<void> {
  const task = COMPUTE_TASKS[name] as (input: never, progress: (f: number, m: string) => void) => unknown;
  const value = await task(input, (fraction, message) => {
    const now = Date.now();
    if (now - last < 200 && fraction < 1) return;
    last = now;
    post({ type: "progress", fraction, message });
  });
  post({ type: "result", value });
}

main().catch((err: unknown) => post({ type: "error", message: err instanceof Error ? err.message : String(err) }));
