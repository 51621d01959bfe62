/**
 * Hard-sphere simulations as jobs: a state point becomes an I(Q) curve in reduced units with its
 * pressure, and the kept configuration (downloadable) is a real hard-sphere packing: no overlaps, the
 * volume fraction asked for. Pressure is checked against Carnahan–Starling.
 */
import { reducedIntensityPYBeta } from "../../src/compute/sas";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;
beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  token = await t.token("spheres");
});
afterAll(async () => {
  await t?.close();
});

interface StoredConfiguration {
  box: number;
  positions: number[];
  diameters: number[];
}

test("a monodisperse state point: CS pressure, overlap-free stored configuration at the right eta", async () => {
  const started = await t.gql<{ startSimulation: { id: string } }>(
    `mutation { startSimulation(input: {title: "hs", hardSpheres: {distribution: UNIFORM, sigma: 0, eta: 0.3, n: 256,
        configurations: 3, seed: 5, qCount: 12, directions: 100, keepConfigurations: true}}) { id } }`,
    {},
    token,
  );
  expect(started.errors).toBeUndefined();
  const done = await t.services.jobs.waitFor(started.data!.startSimulation.id, 180_000);
  expect(done.error).toBeNull();
  const datasetId = (done.result as { datasetIds: string[] }).datasetIds[0];
  const r = await t.gql<{
    dataset: {
      curves: { edges: { node: { q: number[]; intensity: number[]; qUnit: string; parameters: Record<string, number> } }[] };
      files: { role: string; url: string }[];
    };
  }>(`query($id: ID!) { dataset(id: $id) { curves { edges { node { q intensity qUnit parameters } } } files { role url } } }`, { id: datasetId }, token);
  expect(r.errors).toBeUndefined();
  const curve = r.data!.dataset.curves.edges[0].node;
  expect(curve.qUnit).toBe("REDUCED");
  expect(curve.q[0]).toBe(3);
  expect(curve.q[11]).toBe(13);
  const eta = 0.3;
  const cs = (1 + eta + eta ** 2 - eta ** 3) / (1 - eta) ** 3;
  expect(Math.abs(curve.parameters.compressibility_factor / cs - 1)).toBeLessThan(0.1);
  // At Q·D0 = 13 the structure factor of a fluid at eta 0.3 is close to 1: I ≈ P(Q).
  const x = 13 / 2;
  const p = ((3 * (Math.sin(x) - x * Math.cos(x))) / x ** 3) ** 2;
  expect(curve.intensity[11] / p).toBeGreaterThan(0.7);
  expect(curve.intensity[11] / p).toBeLessThan(1.3);

  const file = r.data!.dataset.files.find((f) => f.role === "CONFIGURATION")!;
  const res = await fetch(file.url);
  expect(res.status).toBe(200);
  const config = (await res.json()) as StoredConfiguration;
  const n = config.diameters.length;
  expect(n).toBe(256);
  const volume = config.diameters.reduce((s, d) => s + (Math.PI * d ** 3) / 6, 0);
  expect(volume / config.box ** 3).toBeCloseTo(eta, 6);
  let closest = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let d2 = 0;
      for (let k = 0; k < 3; k++) {
        let d = config.positions[3 * i + k] - config.positions[3 * j + k];
        d -= config.box * Math.round(d / config.box);
        d2 += d * d;
      }
      closest = Math.min(closest, Math.sqrt(d2) / ((config.diameters[i] + config.diameters[j]) / 2));
    }
  }
  expect(closest).toBeGreaterThanOrEqual(1 - 1e-9);
});

test("the COMMENSURATE estimator: I(Q) from the box's reciprocal vectors, recorded with the curve, near Percus-Yevick at eta 0.2", async () => {
  const started = await t.gql<{ startSimulation: { id: string } }>(
    `mutation { startSimulation(input: {title: "hs commensurate", hardSpheres: {distribution: UNIFORM, sigma: 0, eta: 0.2, n: 500,
        configurations: 4, seed: 3, qCount: 11, estimator: COMMENSURATE, diameterSampling: INDEPENDENT}}) { id } }`,
    {},
    token,
  );
  expect(started.errors).toBeUndefined();
  const done = await t.services.jobs.waitFor(started.data!.startSimulation.id, 180_000);
  expect(done.error).toBeNull();
  const datasetId = (done.result as { datasetIds: string[] }).datasetIds[0];
  const r = await t.gql<{ dataset: { curves: { edges: { node: { q: number[]; intensity: number[]; parameters: Record<string, unknown> } }[] } } }>(
    `query($id: ID!) { dataset(id: $id) { curves { edges { node { q intensity parameters } } } } }`,
    { id: datasetId },
    token,
  );
  expect(r.errors).toBeUndefined();
  const curve = r.data!.dataset.curves.edges[0].node;
  expect(curve.parameters.estimator).toBe("commensurate");
  expect(curve.parameters.directions).toBeNull();
  expect(curve.parameters.diameter_sampling).toBe("independent");
  // PY is accurate to a few per cent at eta 0.2; 4 configurations of 500 spheres carry ~5 % noise.
  const py = reducedIntensityPYBeta(Float64Array.from(curve.q), 0.2, "uniform", 0);
  curve.intensity.forEach((value, k) => expect(Math.abs(value / py[k] - 1)).toBeLessThan(0.15));
});

test("bad hard-sphere input names the field", async () => {
  const eta = await t.gql(`mutation { startSimulation(input: {title: "x", hardSpheres: {distribution: NORMAL, sigma: 0.1, eta: 0.7}}) { id } }`, {}, token);
  expect(eta.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "hardSpheres.eta" });
  const n = await t.gql(
    `mutation { startSimulation(input: {title: "x", hardSpheres: {distribution: NORMAL, sigma: 0.1, eta: 0.3, n: 10000000}}) { id } }`,
    {},
    token,
  );
  expect(n.errors?.[0].extensions?.field).toBe("hardSpheres.n");
  const sampling = await t.gql(
    `mutation { startSimulation(input: {title: "x", hardSpheres: {distribution: NORMAL, sigma: 0.1, eta: 0.3, diameterSampling: SOBOL}}) { id } }`,
    {},
    token,
  );
  expect(sampling.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  expect(sampling.errors?.[0].message).toMatch(/DiameterSampling/);
});

test("the PAPER_MD method at a resolved time step: hard-sphere pressure, T = 1, and the run recorded with the curve", async () => {
  const started = await t.gql<{ startSimulation: { id: string } }>(
    `mutation { startSimulation(input: {title: "hs md", hardSpheres: {distribution: UNIFORM, sigma: 0, eta: 0.3, n: 256,
        configurations: 2, seed: 8, qCount: 6, directions: 50, method: PAPER_MD, timeStep: 0.0002}}) { id } }`,
    {},
    token,
  );
  expect(started.errors).toBeUndefined();
  const done = await t.services.jobs.waitFor(started.data!.startSimulation.id, 180_000);
  expect(done.error).toBeNull();
  const datasetId = (done.result as { datasetIds: string[] }).datasetIds[0];
  const r = await t.gql<{ dataset: { keywords: string[]; curves: { edges: { node: { parameters: Record<string, number | string> } }[] } } }>(
    `query($id: ID!) { dataset(id: $id) { keywords curves { edges { node { parameters } } } } }`,
    { id: datasetId },
    token,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data!.dataset.keywords).toContain("molecular-dynamics");
  const parameters = r.data!.dataset.curves.edges[0].node.parameters;
  expect(parameters).toMatchObject({ method: "paper-md", time_step: 0.0002, md_steps: 50_000 + 2 * 10_000, diameter_sampling: "stratified" });
  expect(Math.abs((parameters.mean_temperature as number) - 1)).toBeLessThan(0.05);
  const cs = (1 + 0.3 + 0.09 - 0.027) / 0.7 ** 3;
  expect(Math.abs((parameters.compressibility_factor as number) / cs - 1)).toBeLessThan(0.1);
});

test("bad PAPER_MD settings name the field", async () => {
  const stepWithoutMd = await t.gql(
    `mutation { startSimulation(input: {title: "x", hardSpheres: {distribution: UNIFORM, sigma: 0, eta: 0.3, timeStep: 0.001}}) { id } }`,
    {},
    token,
  );
  expect(stepWithoutMd.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "hardSpheres.timeStep" });
  const badStep = await t.gql(
    `mutation { startSimulation(input: {title: "x", hardSpheres: {distribution: UNIFORM, sigma: 0, eta: 0.3, method: PAPER_MD, timeStep: 0.05}}) { id } }`,
    {},
    token,
  );
  expect(badStep.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "hardSpheres.timeStep" });
  expect(badStep.errors?.[0].message).toMatch(/0\.001/);
  const huge = await t.gql(
    `mutation { startSimulation(input: {title: "x", hardSpheres: {distribution: UNIFORM, sigma: 0, eta: 0.3, n: 100000, configurations: 1000, method: PAPER_MD, timeStep: 0.0001}}) { id } }`,
    {},
    token,
  );
  expect(huge.errors?.[0].extensions).toMatchObject({ field: "hardSpheres.configurations" });
  expect(huge.errors?.[0].message).toMatch(/fewer configurations/);
});
