/**
 * Compute tasks run in real worker threads, from the TypeScript sources too: the heap of each is
 * bounded (a task that needs more fails with ComputeMemoryError, and the process lives on), and an
 * abort terminates the thread.
 */
import { ComputeAbortedError, ComputeMemoryError, computeLimits, configureComputeThreads, runSimulationStep } from "../../src/workers/jobs/compute-thread";
import { sasModel } from "../../src/simulations/kinds/sas-model";

const saved = computeLimits();
afterEach(() => configureComputeThreads(saved));

/** A sweep of `count` curves on 3 q points: about half a kilobyte of heap per curve. */
const sweep = (count: number) => ({
  model: "sphere",
  parameters: { sld: 1, sld_solvent: 2 },
  ranges: [{ name: "radius", min: 10, max: 100 }],
  sampling: "RANDOM" as const,
  count,
  seed: 1,
  q: Float64Array.from([0.01, 0.02, 0.05]),
});

test("a task runs in a thread and returns its result", async () => {
  const curves = await runSimulationStep(sasModel, sweep(5), () => undefined);
  expect(curves).toHaveLength(5);
  // The sphere form factor at q -> 0 is (sld contrast x volume)^2 x 1e-4 / volume: positive and finite.
  for (const c of curves) expect(c.I[0]).toBeGreaterThan(0);
});

test("a task needing more heap than the limit fails with ComputeMemoryError", async () => {
  configureComputeThreads({ maxOldGenerationSizeMb: 16 });
  await expect(runSimulationStep(sasModel, sweep(100_000), () => undefined)).rejects.toBeInstanceOf(ComputeMemoryError);
  // The same task within a generous limit succeeds: the limit, not the task, was the cause.
  configureComputeThreads({ maxOldGenerationSizeMb: 1024 });
  await expect(runSimulationStep(sasModel, sweep(20_000), () => undefined)).resolves.toHaveLength(20_000);
});

test("aborting terminates the thread and rejects with ComputeAbortedError", async () => {
  const controller = new AbortController();
  let progressed = 0;
  const running = runSimulationStep(
    sasModel,
    { ...sweep(50_000), parameters: { sld: 1, sld_solvent: 2, radius_pd: 0.1, radius_pd_n: 2000 } },
    () => {
      progressed++;
      controller.abort();
    },
    controller.signal,
  );
  await expect(running).rejects.toBeInstanceOf(ComputeAbortedError);
  const seen = progressed;
  // Terminated: no progress arrives after the abort.
  await new Promise((r) => setTimeout(r, 500));
  expect(progressed).toBe(seen);
});
