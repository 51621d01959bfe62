/**
 * Simulations run as pg-boss jobs: the mutation answers at once with a Job, progress arrives over the
 * graphql-ws subscription, and the result is a SIMULATED dataset whose curves are exactly the model's,
 * reproducible from the seed.
 */
import WebSocket from "ws";
import { createClient } from "graphql-ws";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;

beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  token = await t.token("simulator");
});
afterAll(async () => {
  await t?.close();
});

const START = `mutation($input: StartSimulationInput!) { startSimulation(input: $input) { id state progress } }`;

function sweep(seed: number, extra: Record<string, unknown> = {}) {
  return {
    title: `sphere sweep seed ${seed}`,
    sasModel: {
      model: "sphere",
      parameters: { sld: 3.47, sld_solvent: 6.36, radius_pd_type: "gaussian" },
      ranges: [
        { name: "radius", min: 20, max: 60 },
        { name: "radius_pd", min: 0, max: 0.2 },
      ],
      sampling: "LATIN_HYPERCUBE",
      count: 6,
      seed,
      q: { min: 0.005, max: 0.4, points: 60 },
      resolution: 0.05,
      countsPerUnit: 1e4,
      ...extra,
    },
  };
}

interface JobView {
  id: string;
  state: string;
  progress: number;
  message: string;
  result: { datasetIds: string[]; activityId: string } | null;
}

/** Follow a job over the WebSocket subscription until it ends. */
async function follow(jobId: string): Promise<JobView[]> {
  const client = createClient({
    url: t.url.replace("http", "ws") + "/graphql",
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  const seen: JobView[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      client.subscribe<{ jobProgress: JobView }>(
        { query: `subscription($id: ID!) { jobProgress(id: $id) { id state progress message result } }`, variables: { id: jobId } },
        {
          next: (msg) => {
            if (msg.errors) reject(new Error(msg.errors[0].message));
            else if (msg.data) seen.push(msg.data.jobProgress);
          },
          error: reject,
          complete: resolve,
        },
      );
    });
  } finally {
    await client.dispose();
  }
  return seen;
}

async function curvesOf(datasetId: string) {
  const r = await t.gql<{ curves: { edges: { node: { q: number[]; intensity: number[]; dI: number[]; parameters: Record<string, number> } }[] } }>(
    `query($id: ID!) { curves(datasetId: $id, first: 100) { edges { node { q intensity dI parameters } } } }`,
    { id: datasetId },
    token,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.curves.edges.map((e) => e.node);
}

test("startSimulation returns a job at once; progress streams until a SIMULATED dataset exists", async () => {
  const started = await t.gql<{ startSimulation: JobView }>(START, { input: sweep(11) }, token);
  expect(started.errors).toBeUndefined();
  expect(started.data!.startSimulation.state).toBe("QUEUED");
  const updates = await follow(started.data!.startSimulation.id);
  const last = updates[updates.length - 1];
  expect(last.state).toBe("SUCCEEDED");
  expect(last.progress).toBe(1);
  for (let i = 1; i < updates.length; i++) expect(updates[i].progress).toBeGreaterThanOrEqual(updates[i - 1].progress);

  const datasetId = last.result!.datasetIds[0];
  const ds = await t.gql<{
    dataset: {
      kind: string;
      curveCount: number;
      generatedBy: { kind: string; seed: number; softwareName: string; softwareVersion: string; parameters: { model: string } };
    };
  }>(`query($id: ID!) { dataset(id: $id) { kind curveCount generatedBy { kind seed softwareName softwareVersion parameters } } }`, { id: datasetId }, token);
  expect(ds.errors).toBeUndefined();
  expect(ds.data!.dataset).toMatchObject({ kind: "SIMULATED", curveCount: 6 });
  expect(ds.data!.dataset.generatedBy).toMatchObject({ kind: "SIMULATION", seed: 11, softwareName: "sasgraph" });
  expect(ds.data!.dataset.generatedBy.softwareVersion).toMatch(/^\d+\.\d+\.\d+/);

  // Latin hypercube: each of the 6 strata of each range holds exactly one sample.
  const curves = await curvesOf(datasetId);
  for (const [name, min, max] of [
    ["radius", 20, 60],
    ["radius_pd", 0, 0.2],
  ] as const) {
    const strata = curves.map((c) => Math.floor(((c.parameters[name] - min) / (max - min)) * 6)).sort();
    expect(strata).toEqual([0, 1, 2, 3, 4, 5]);
  }
  // Poisson noise: dI = sqrt(counts)/countsPerUnit, and I is a whole number of counts.
  for (const c of curves) {
    c.intensity.forEach((v, i) => {
      const counts = Math.round(v * 1e4);
      expect(Math.abs(v * 1e4 - counts)).toBeLessThan(1e-6);
      expect(c.dI[i]).toBeCloseTo(Math.sqrt(Math.max(counts, 1)) / 1e4, 12);
    });
  }
});

test("the same seed gives the same curves, byte for byte; another seed does not", async () => {
  const ids: string[] = [];
  for (const seed of [5, 5, 6]) {
    const started = await t.gql<{ startSimulation: JobView }>(START, { input: sweep(seed) }, token);
    const done = await t.services.jobs.waitFor(started.data!.startSimulation.id, 60_000);
    expect(done.state).toBe("SUCCEEDED");
    ids.push((done.result as { datasetIds: string[] }).datasetIds[0]);
  }
  const [a, b, c] = await Promise.all(ids.map(curvesOf));
  expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
});

test("bad simulation input is refused before anything is queued", async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ model: "spheer" }, "spheer"],
    [{ parameters: { radius_typo: 3 } }, "radius_typo"],
    [{ ranges: [{ name: "radius", min: 60, max: 20 }] }, "max"],
    [{ count: 10_000_000 }, "limit"],
    [{ q: { min: 0.4, max: 0.005, points: 60 } }, "q"],
  ];
  const before = await t.services.db.query(`SELECT count(*)::int AS n FROM job_runs`);
  for (const [override, word] of cases) {
    const r = await t.gql(START, { input: sweep(1, override) }, token);
    expect(r.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|PAYLOAD_TOO_LARGE/);
    expect(r.errors?.[0].message).toContain(word);
  }
  const after = await t.services.db.query(`SELECT count(*)::int AS n FROM job_runs`);
  expect(after[0].n).toBe(before[0].n);
  const anon = await t.gql(START, { input: sweep(1) });
  expect(anon.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
});

test("computeIntensity: a sphere matches the analytic form factor; units convert on the way in and out", async () => {
  const qNm = [0.1, 0.5, 1.0, 2.0];
  const r = await t.gql<{ computeIntensity: { q: number[]; intensity: number[] } }>(
    `query { computeIntensity(input: {model: "sphere", parameters: {radius: 40, sld: 2, sld_solvent: 1, scale: 1, background: 0}, q: {values: [0.1, 0.5, 1.0, 2.0], unit: INV_NM}}) { q intensity } }`,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data!.computeIntensity.q).toEqual(qNm);
  const R = 40;
  const V = (4 / 3) * Math.PI * R ** 3;
  qNm.forEach((qn, i) => {
    const x = (qn / 10) * R;
    const f = (3 * (Math.sin(x) - x * Math.cos(x))) / x ** 3;
    const expected = (1e-4 / V) * (1 * V * f) ** 2;
    expect(Math.abs(r.data!.computeIntensity.intensity[i] / expected - 1)).toBeLessThan(1e-9);
  });
  // Defaults echoed under evaluate's names: vesicle's own volfraction (sasmodels default 0.05) and
  // hardsphere's, renamed volfraction_S (default 0.2), are two parameters.
  const product = await t.gql<{ computeIntensity: { parameters: Record<string, number> } }>(
    `query { computeIntensity(input: {model: "vesicle@hardsphere", q: {values: [0.1]}}) { parameters } }`,
  );
  expect(product.data!.computeIntensity.parameters).toMatchObject({ volfraction: 0.05, volfraction_S: 0.2 });
  const bad = await t.gql(`query { computeIntensity(input: {model: "sphere", parameters: {radius: -5}, q: {values: [0.1]}}) { intensity } }`);
  expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(bad.errors?.[0].message).toContain("radius");
  const badQ = await t.gql(`query { computeIntensity(input: {model: "sphere", q: {values: [0.1, 0]}}) { intensity } }`);
  expect(badQ.errors?.[0].extensions?.field).toBe("q.values");
});
