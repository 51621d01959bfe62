/** Worker-thread entry of compute-thread.ts: run one step of a simulation kind, post progress and the result. */
import { parentPort, workerData } from "node:worker_threads";
import { findSimulationKind } from "../../simulations/registry";
import type { ThreadMessage } from "./compute-thread";

const { name, step } = workerData as { name: string; step: unknown };
const post = (msg: ThreadMessage) => parentPort!.postMessage(msg);
let last = 0;

async function main(): Promise<void> {
  const kind = findSimulationKind(name);
  if (!kind) throw new Error(`unknown simulation kind ${name}`);
  const value = await kind.compute(step, (fraction, message) => {
    const now = Date.now();
    if (now - last < 200 && fraction < 1) return;
    last = now;
    post({ type: "progress", fraction, message });
  });
  post({ type: "result", value });
}

main().catch((err: unknown) => post({ type: "error", message: err instanceof Error ? err.message : String(err) }));
