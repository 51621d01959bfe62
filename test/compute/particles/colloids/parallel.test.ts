import { Worker } from "node:worker_threads";
import * as workerEntry from "../../../../src/compute/worker-entry";
import {
  batchCountFor,
  batchRealisations,
  ColloidSpecError,
  simulateShearedColloids,
  simulateShearedColloidsParallel,
  type ShearedColloidResult,
  type ShearedColloidSpec,
} from "../../../../src/compute/particles/colloids";

/** A small grid and few particles keep each run well under a second, worker start-up included. */
const SMALL: ShearedColloidSpec = { nL2: 40, radiusSpread: 0.2, d2: 0.5, gammaL: 10, realisations: 47, seed: 11, qCount: 6, thetaCount: 7 };

function expectIdentical(parallel: ShearedColloidResult, serial: ShearedColloidResult): void {
  for (const key of ["gQTheta", "gq", "gTheta", "gQThetaStdErr", "gqStdErr", "gThetaStdErr", "meanIntensity", "q", "theta"] as const) {
    expect(parallel[key]).toEqual(serial[key]);
    // Bit for bit, signs of zero and NaN payloads included.
    expect(Buffer.from(parallel[key].buffer).equals(Buffer.from(serial[key].buffer))).toBe(true);
  }
  expect(parallel.meanParticlesInBeam).toBe(serial.meanParticlesInBeam);
  expect(parallel.spec).toEqual(serial.spec);
}

describe("batches", () => {
  it.each([1, 7, 19, 20, 21, 47, 100, 1001])("M = %p: batch b holds exactly the r with floor(r B / M) = b, contiguous", (realisations) => {
    const batchCount = batchCountFor(realisations);
    let expected = 0;
    for (let b = 0; b < batchCount; b++) {
      const { from, to } = batchRealisations(b, batchCount, realisations);
      expect(from).toBe(expected);
      expect(to).toBeGreaterThan(from);
      for (let r = from; r < to; r++) expect(Math.floor((r * batchCount) / realisations)).toBe(b);
      expected = to;
    }
    expect(expected).toBe(realisations);
  });
});

describe("simulateShearedColloidsParallel equals the single-threaded run bit for bit", () => {
  let started: jest.SpyInstance;
  beforeEach(() => {
    started = jest.spyOn(workerEntry, "startComputeWorker");
  });
  afterEach(() => started.mockRestore());

  it.each([
    [2, 47],
    [3, 47],
    [3, 7],
  ])("%p threads, %p realisations", async (threads, realisations) => {
    const spec = { ...SMALL, realisations };
    const serial = simulateShearedColloids(spec);
    const parallel = await simulateShearedColloidsParallel(spec, { threads });
    expectIdentical(parallel, serial);
    expect(started).toHaveBeenCalledTimes(threads);
    if (realisations < 20) expect(parallel.gThetaStdErr.every(Number.isFinite)).toBe(true); // 7 batches still give errors
  });

  it("threads: 1 runs on the calling thread and gives the same result", async () => {
    const serial = simulateShearedColloids(SMALL);
    let synchronous = false;
    const promise = simulateShearedColloidsParallel(SMALL, { threads: 1, onProgress: () => (synchronous = true) });
    // No worker: the whole run happened before the promise was returned.
    expect(synchronous).toBe(true);
    expectIdentical(await promise, serial);
    expect(started).not.toHaveBeenCalled();
  });

  it("reports progress non-decreasing up to exactly 1", async () => {
    const fractions: number[] = [];
    const messages: string[] = [];
    await simulateShearedColloidsParallel(
      { ...SMALL, realisations: 230 },
      {
        threads: 2,
        onProgress: (f, m) => {
          fractions.push(f);
          messages.push(m);
        },
      },
    );
    expect(fractions.length).toBeGreaterThan(20);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions.filter((f) => f === 1)).toHaveLength(1);
    expect(fractions[0]).toBeGreaterThan(0);
    expect(fractions[fractions.length - 1]).toBe(1);
    expect(messages[messages.length - 1]).toBe("realisation 230 of 230");
  });

  it.each([
    ["nL2", { nL2: -1 }],
    ["realisations", { realisations: 2.5 }],
    ["qCount", { qCount: 0 }],
  ])("rejects a bad %s with ColloidSpecError naming it, before starting workers", async (field, patch) => {
    let progressed = false;
    const run = simulateShearedColloidsParallel({ ...SMALL, ...patch }, { threads: 2, onProgress: () => (progressed = true) });
    await expect(run).rejects.toBeInstanceOf(ColloidSpecError);
    await expect(run).rejects.toMatchObject({ field });
    expect(progressed).toBe(false);
    expect(started).not.toHaveBeenCalled();
  });

  it("a throwing progress callback rejects the run instead of crashing", async () => {
    const run = simulateShearedColloidsParallel(SMALL, {
      threads: 2,
      onProgress: () => {
        throw new Error("stop");
      },
    });
    await expect(run).rejects.toThrow("stop");
  });

  it("a worker that fails rejects the run with its error", async () => {
    started.mockImplementation(() => new Worker("throw new Error('worker broke')", { eval: true }));
    await expect(simulateShearedColloidsParallel(SMALL, { threads: 2 })).rejects.toThrow("worker broke");
  });
});
