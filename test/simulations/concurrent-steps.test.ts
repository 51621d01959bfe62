/**
 * Sweeps run as slices on several compute threads at once (SASGRAPH_JOB_THREADS): the slices
 * partition the sweep, and the dataset a job writes is the same, number for number, whatever the
 * thread count; a failing slice fails the job and writes nothing.
 */
import { runClassSweep, type ClassSweepSpec } from "../../src/compute/sas/class-sweep";
import { runSasSweep, sweepSlices, type SasSweepSpec } from "../../src/compute/sas/sweep";
import { sasModel, sasModelInput } from "../../src/simulations/kinds/sas-model";
import { computeLimits, configureComputeThreads } from "../../src/workers/jobs/compute-thread";
import { startTestPlatform, type TestPlatform } from "../support/platform";

const q = Float64Array.from({ length: 40 }, (_, i) => 0.005 + i * 0.01);

const sweep = (count: number): SasSweepSpec => ({
  model: "sphere",
  parameters: { sld: 3.47, sld_solvent: 6.36, radius_pd_type: "gaussian", radius_pd_n: 15 },
  ranges: [
    { name: "radius", min: 20, max: 60 },
    { name: "radius_pd", min: 0.01, max: 0.2 },
  ],
  sampling: "LATIN_HYPERCUBE",
  count,
  seed: 11,
  q,
  countsPerUnit: 100,
});

describe("sweepSlices", () => {
  test.each([
    [0, 4, 1],
    [15, 4, 1],
    [16, 4, 1],
    [40, 4, 2],
    [100, 3, 3],
    [1000, 7, 7],
    [64, 1, 1],
  ])("%i curves in at most %i slices: %i contiguous, covering, nearly equal, at least 16 each", (total, parts, count) => {
    const slices = sweepSlices(total, parts);
    expect(slices.length).toBe(count);
    expect(slices[0].start).toBe(0);
    expect(slices[slices.length - 1].end).toBe(total);
    for (let i = 1; i < slices.length; i++) expect(slices[i].start).toBe(slices[i - 1].end);
    const sizes = slices.map((s) => s.end - s.start);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    if (slices.length > 1) expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);
  });
});

describe("slices of a sweep are the sweep", () => {
  test("a model sweep with noise and `first`: the slices' curves are the whole sweep's, bit for bit", () => {
    const spec = { ...sweep(90), first: 70 };
    const whole = [...runSasSweep(spec)];
    expect(whole).toHaveLength(70);
    const parts = sweepSlices(70, 3).flatMap((slice) => [...runSasSweep({ ...spec, slice })]);
    expect(parts).toHaveLength(70);
    parts.forEach((c, k) => {
      expect(c.parameters).toEqual(whole[k].parameters);
      expect(Buffer.from(c.I.buffer).equals(Buffer.from(whole[k].I.buffer))).toBe(true);
      expect(Buffer.from(c.dI!.buffer).equals(Buffer.from(whole[k].dI!.buffer))).toBe(true);
    });
  });

  test("a class sweep: the slices follow the interleaved order", () => {
    const spec: ClassSweepSpec = {
      classes: [
        { model: "sphere", parameters: {}, ranges: [{ name: "radius", min: 10, max: 50 }] },
        { model: "cylinder", parameters: {} },
      ],
      perClass: 20,
      sampling: "RANDOM",
      seed: 5,
      q,
      countsPerUnit: 50,
    };
    const whole = [...runClassSweep(spec)];
    const parts = sweepSlices(whole.length, 2).flatMap((slice) => [...runClassSweep({ ...spec, slice })]);
    expect(parts.map((c) => c.label)).toEqual(whole.map((c) => c.label));
    parts.forEach((c, k) => expect(Buffer.from(c.I.buffer).equals(Buffer.from(whole[k].I.buffer))).toBe(true));
  });
});

describe("a sweep job on several threads", () => {
  let t: TestPlatform;
  let ownerId: string;
  const before = computeLimits();

  beforeAll(async () => {
    t = await startTestPlatform();
    await t.token("slicer");
    [{ id: ownerId }] = (await t.services.db.query(`SELECT id FROM users WHERE name = 'slicer'`)) as { id: string }[];
  });
  afterAll(async () => {
    configureComputeThreads(before);
    await t?.close();
  });

  async function curvesOf(datasetId: string) {
    return (await t.services.db.query(`SELECT index, parameters, intensity, d_intensity FROM curves WHERE dataset_id = $1 ORDER BY index`, [datasetId])) as {
      index: number;
      parameters: Record<string, unknown>;
      intensity: number[];
      d_intensity: number[];
    }[];
  }

  test("1 thread and 3 threads write the same curves in the same order", async () => {
    const input = sasModelInput(sweep(64));
    configureComputeThreads({ threadsPerJob: 1 });
    expect(sasModel.steps(input, 1)).toHaveLength(1);
    const one = await t.services.simulations.run(sasModel, input, { title: "one thread", technique: "SANS", ownerId });
    configureComputeThreads({ threadsPerJob: 3 });
    expect(sasModel.steps(input, 3)).toHaveLength(3);
    const messages: string[] = [];
    const three = await t.services.simulations.run(sasModel, input, { title: "three threads", technique: "SANS", ownerId }, (_f, m) => void messages.push(m));
    const a = await curvesOf(one.dataset.id);
    const b = await curvesOf(three.dataset.id);
    expect(a).toHaveLength(64);
    expect(b).toEqual(a);
    expect(messages.some((m) => /part [123] of 3/.test(m))).toBe(true);
  });

  test("a slice that fails fails the run, and nothing is written", async () => {
    configureComputeThreads({ threadsPerJob: 2 });
    // Past the checks (this calls run directly): a radius_pd_type the model library refuses makes every slice throw in its thread.
    const input = sasModelInput({ ...sweep(64), parameters: { ...sweep(64).parameters, radius_pd_type: "no-such-distribution" } });
    await expect(t.services.simulations.run(sasModel, input, { title: "failing slices", technique: "SANS", ownerId })).rejects.toThrow(
      /no-such-distribution|distribution/,
    );
    const [{ n }] = (await t.services.db.query(`SELECT count(*)::int AS n FROM datasets WHERE title = 'failing slices'`)) as { n: number }[];
    expect(n).toBe(0);
  });
});
