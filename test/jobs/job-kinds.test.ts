/**
 * Job kinds validate their queued input when a worker dequeues it, not only when it is queued: a job
 * queued by an older release (or by hand) with an input its kind no longer accepts ends FAILED with
 * the reason, and writes nothing. And a kind added to the list (the shape mixture) is a job like the
 * others, end to end.
 */
import { randomUUID } from "node:crypto";
import { runShapeMixture, SHAPES } from "../../src/compute/sas/shape-mixture";
import { runClassSweep } from "../../src/compute/sas/class-sweep";
import { evaluate } from "../../src/compute/sas";
import { qGrid } from "../../src/compute/sampling";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;
let userId: string;
beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  token = await t.token("kinds");
  [{ id: userId }] = (await t.services.db.query(`SELECT id FROM users WHERE name = 'kinds'`)) as { id: string }[];
});
afterAll(async () => {
  await t?.close();
});

async function queueByHand(queue: string, input: unknown): Promise<string> {
  const id = randomUUID();
  await t.services.db.query(
    `INSERT INTO job_runs (id, queue, owner_id, state, progress, message, input, attempt) VALUES ($1, $2, $3, 'QUEUED', 0, 'queued', '{}', 0)`,
    [id, queue, userId],
  );
  await t.services.jobs.boss.send(queue, { input, ownerId: userId, runId: id }, { id, retryLimit: 2 });
  return id;
}

const datasets = async () => ((await t.services.db.query(`SELECT count(*)::int AS n FROM datasets`)) as { n: number }[])[0].n;

test.each([
  [
    "a bound broken",
    {
      target: { title: "x", technique: "SANS" },
      input: { distribution: "uniform", sigma: 0, eta: 0.9, n: 100, configurations: 1, seed: 0, qMin: 3, qMax: 13, qCount: 10, keepConfigurations: false },
    },
    /hardSpheres\.eta must be a number in \(0, 0\.55\], not 0\.9/,
  ],
  ["an older release's shape", { target: { title: "x", technique: "SANS" }, sweep: { base: {}, ranges: [] } }, /input is required: a value$/],
  ["no input at all", null, /must be an object/],
])("a dequeued job with %s fails with the reason and writes nothing", async (_what, input, reason) => {
  const before = await datasets();
  const id = await queueByHand("simulation-hard-spheres", input);
  const run = await t.services.jobs.waitFor(id, 60_000);
  expect(run.state).toBe("FAILED");
  expect(run.error).toMatch(/^the queued input is not valid for simulation-hard-spheres: /);
  expect(run.error).toMatch(reason);
  expect(await datasets()).toBe(before);
});

test("an import job with a format that is not an import format fails on dequeue", async () => {
  const id = await queueByHand("import-file", { datasetId: randomUUID(), format: "SASVIEW_ZIP", key: "k", filename: "f", size: 1 });
  const run = await t.services.jobs.waitFor(id, 60_000);
  expect(run.state).toBe("FAILED");
  expect(run.error).toMatch(/format must be one of/);
});

test("startSimulation with shapeMixture makes the labelled mixture the compute module makes", async () => {
  const r = await t.gql<{ startSimulation: { id: string } }>(
    `mutation { startSimulation(input: { title: "mixture", shapeMixture: { perClass: 2, seed: 7, q: { min: 0.01, max: 0.3, points: 25 } } }) { id } }`,
    {},
    token,
  );
  expect(r.errors).toBeUndefined();
  const run = await t.services.jobs.waitFor(r.data!.startSimulation.id, 120_000);
  expect(run.state).toBe("SUCCEEDED");
  const datasetId = (run.result as { datasetIds: string[] }).datasetIds[0];
  const c = await t.gql<{ curves: { edges: { node: { intensity: number[]; parameters: Record<string, unknown> } }[] } }>(
    `query($id: ID!) { curves(datasetId: $id, first: 100) { edges { node { intensity parameters } } } }`,
    { id: datasetId },
    token,
  );
  const curves = c.data!.curves.edges.map((e) => e.node);
  expect(curves).toHaveLength(2 * SHAPES.length);
  // The same draws, noise included, as the compute module in this process: the job changed nothing.
  const direct = [...runShapeMixture({ perClass: 2, seed: 7, q: qGrid(0.01, 0.3, 25, "LOG"), resolution: 0.05, countsPerUnit: 1e5 })];
  const byShape = (shape: string) => curves.filter((x) => x.parameters.shape === shape);
  for (const shape of SHAPES) {
    const mine = byShape(shape);
    const theirs = direct.filter((d) => d.shape === shape);
    expect(mine).toHaveLength(2);
    expect(mine.map((m) => m.intensity)).toEqual(theirs.map((d) => Array.from(d.I)));
  }
});

test("bad shapeMixture input is refused before anything is queued", async () => {
  const r = await t.gql(
    `mutation { startSimulation(input: { title: "m", shapeMixture: { perClass: 0, q: { min: 0.01, max: 0.3, points: 25 } } }) { id } }`,
    {},
    token,
  );
  expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "shapeMixture.perClass" });
  const two = await t.gql(
    `mutation { startSimulation(input: { title: "m", shapeMixture: { perClass: 1, q: { min: 0.01, max: 0.3, points: 25 } }, hardSpheres: { distribution: UNIFORM, sigma: 0, eta: 0.3 } }) { id } }`,
    {},
    token,
  );
  expect(two.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input" });
  expect(two.errors?.[0].message).toMatch(/exactly one kind of simulation: sasModel, sasModels, shapeMixture, shearedColloids, hardSpheres/);
});

test("startSimulation with sasModels makes one dataset across model classes, each curve labelled", async () => {
  const r = await t.gql<{ startSimulation: { id: string } }>(
    `mutation { startSimulation(input: { title: "classes", sasModels: { perClass: 3, seed: 2, q: { min: 0.01, max: 0.3, points: 30 },
        classes: [{ model: "sphere", parameters: { sld: 3 }, ranges: [{ name: "radius", min: 20, max: 60 }] },
                  { model: "cylinder", ranges: [{ name: "length", min: 100, max: 300 }] }] } }) { id } }`,
    {},
    token,
  );
  expect(r.errors).toBeUndefined();
  const run = await t.services.jobs.waitFor(r.data!.startSimulation.id, 120_000);
  expect(run.state).toBe("SUCCEEDED");
  const datasetId = (run.result as { datasetIds: string[] }).datasetIds[0];
  const c = await t.gql<{ curves: { edges: { node: { intensity: number[]; parameters: Record<string, unknown> } }[] } }>(
    `query($id: ID!) { curves(datasetId: $id, first: 100) { edges { node { intensity parameters } } } }`,
    { id: datasetId },
    token,
  );
  const curves = c.data!.curves.edges.map((e) => e.node);
  expect(curves.map((x) => x.parameters.model)).toEqual(["sphere", "cylinder", "sphere", "cylinder", "sphere", "cylinder"]);
  expect(curves.map((x) => x.parameters.label)).toEqual([0, 1, 0, 1, 0, 1]);
  const direct = [
    ...runClassSweep({
      classes: [
        { model: "sphere", parameters: { sld: 3 }, ranges: [{ name: "radius", min: 20, max: 60 }] },
        { model: "cylinder", parameters: {}, ranges: [{ name: "length", min: 100, max: 300 }] },
      ],
      perClass: 3,
      sampling: "LATIN_HYPERCUBE",
      seed: 2,
      q: qGrid(0.01, 0.3, 30, "LOG"),
    }),
  ];
  expect(curves.map((x) => x.intensity)).toEqual(direct.map((d) => Array.from(d.I)));
});

test("a bad class names its place in the list", async () => {
  const r = await t.gql(
    `mutation { startSimulation(input: { title: "c", sasModels: { perClass: 2, q: { min: 0.01, max: 0.3, points: 10 },
        classes: [{ model: "sphere", ranges: [] }, { model: "no_such_model", ranges: [] }] } }) { id } }`,
    {},
    token,
  );
  expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(String(r.errors?.[0].extensions?.field)).toMatch(/^sasModels\.classes\[1\]/);
  expect(r.errors?.[0].message).toMatch(/no_such_model/);
});

test("a sweep with a slit makes slit-smeared curves that carry their slit (dQl, dQw) and equal the smeared model", async () => {
  const r = await t.gql<{ startSimulation: { id: string } }>(
    `mutation { startSimulation(input: { title: "usans", sasModel: { model: "sphere", parameters: { radius: 1000 }, ranges: [], count: 1,
        q: { min: 0.0001, max: 0.01, points: 12 }, slitLength: 0.02 } }) { id } }`,
    {},
    token,
  );
  expect(r.errors).toBeUndefined();
  const run = await t.services.jobs.waitFor(r.data!.startSimulation.id, 120_000);
  expect(run.state).toBe("SUCCEEDED");
  const datasetId = (run.result as { datasetIds: string[] }).datasetIds[0];
  const c = await t.gql<{ curves: { edges: { node: { resolution: string; intensity: number[]; dQl: number[]; dQw: number[] } }[] } }>(
    `query($id: ID!) { curves(datasetId: $id) { edges { node { resolution intensity dQl dQw } } } }`,
    { id: datasetId },
    token,
  );
  const [curve] = c.data!.curves.edges.map((e) => e.node);
  expect(curve.resolution).toBe("SLIT");
  expect(curve.dQl).toEqual(new Array(12).fill(0.02));
  expect(curve.dQw).toEqual(new Array(12).fill(0));
  const q = qGrid(0.0001, 0.01, 12, "LOG");
  const smeared = evaluate("sphere", { radius: 1000 }, q, { resolution: { slit: { length: new Float64Array(12).fill(0.02), width: new Float64Array(12) } } }).I;
  expect(curve.intensity).toEqual(Array.from(smeared));
});
