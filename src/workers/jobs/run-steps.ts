/**
 * A simulation kind's steps, each on its own compute thread: one after another, or (for kinds whose
 * steps are independent single-threaded slices) up to `threads` at once. Results come back in step
 * order; progress is the mean of the steps' fractions, scaled to 0.9 (the write takes the rest).
 */
import type { TObject } from "@sinclair/typebox";
import type { SimulationKind } from "../../simulations/simulation-kind";
import { runSimulationStep } from "./compute-thread";

export type StepsProgress = (fraction: number, message: string) => Promise<void> | void;

/** The first failure stops the other threads at once and is what the caller sees. */
export async function runSimulationSteps<Step, Result>(
  kind: SimulationKind<TObject, Step, Result>,
  steps: Step[],
  threads: number,
  progress: StepsProgress = () => undefined,
  signal?: AbortSignal,
): Promise<Result[]> {
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const fractions = new Float64Array(steps.length);
  const report = (k: number, f: number, message: string) => {
    fractions[k] = f;
    const done = fractions.reduce((a, b) => a + b, 0) / steps.length;
    const label = steps.length > 1 ? `${kind.stepLabel?.(steps[k], k, steps.length) ?? `step ${k + 1} of ${steps.length}`}: ` : "";
    void progress(0.9 * done, `${label}${message}`);
  };
  const results = new Array<Result>(steps.length);
  let next = 0;
  const lane = async () => {
    while (next < steps.length) {
      const k = next++;
      results[k] = await runSimulationStep(kind, steps[k], (f, m) => report(k, f, m), stop.signal);
      fractions[k] = 1; // a step need not report its end
    }
  };
  try {
    const lanes = Array.from({ length: Math.max(1, Math.min(Math.floor(threads), steps.length)) }, lane);
    await Promise.all(lanes.map((l) => l.catch((err: unknown) => (stop.abort(err), Promise.reject(err)))));
    return results;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    stop.abort();
  }
}
