/**
 * The sheared-colloid simulation as a job: state points become curves g(q) in reduced q, with g(θ)
 * alongside. Checked against two exact limits of eq. 4 of Ding, Chen & Do (2024): without any
 * rearrangement the speckle correlates with itself, <I²>/<I>² ≈ 2 (Gaussian speckle; 2 - 1/N for N
 * particles); a non-affine displacement much larger than 1/q decorrelates it, g → 1.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;
beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  token = await t.token("colloids");
});
afterAll(async () => {
  await t?.close();
});

test("a two-point sweep over D_2 gives g ≈ 2 without rearrangement and g → 1 when strongly rearranged", async () => {
  const started = await t.gql<{ startSimulation: { id: string } }>(
    `mutation { startSimulation(input: {title: "colloids", technique: XPCS, shearedColloids: {
        nL2: 50, d2: 0, gammaL: 0, realisations: 400, seed: 3, qCount: 6, thetaCount: 7,
        ranges: [{name: "d2", min: 0, max: 20}], sampling: GRID, count: 2}}) { id } }`,
    {},
    token,
  );
  expect(started.errors).toBeUndefined();
  const done = await t.services.jobs.waitFor(started.data!.startSimulation.id, 120_000);
  expect(done.error).toBeNull();
  const datasetId = (done.result as { datasetIds: string[] }).datasetIds[0];
  const r = await t.gql<{
    curves: {
      edges: { node: { q: number[]; intensity: number[]; dI: number[]; qUnit: string; parameters: { D_2: number; g_theta: number[]; theta: number[] } } }[];
    };
  }>(`query($id: ID!) { curves(datasetId: $id) { edges { node { q intensity dI qUnit parameters } } } }`, { id: datasetId }, token);
  expect(r.errors).toBeUndefined();
  const [still, moved] = r.data!.curves.edges.map((e) => e.node);
  expect(still.qUnit).toBe("REDUCED");
  expect(still.parameters.D_2).toBe(0);
  expect(moved.parameters.D_2).toBe(20);
  expect(still.q[0]).toBeCloseTo(0.5, 12);
  expect(still.parameters.theta).toHaveLength(7);
  // Without rearrangement: g = 2 - 1/N within a few standard errors (N ≈ nL2 = 50 in the beam).
  still.intensity.forEach((g, k) => expect(Math.abs(g - (2 - 1 / 50))).toBeLessThan(5 * still.dI[k] + 0.02));
  // D_2 = 20 R0: exp(-q² D_2²) < 1e-40 at q·R0 ≥ 0.5, so the patterns are independent: g = 1.
  moved.intensity.forEach((g, k) => expect(Math.abs(g - 1)).toBeLessThan(5 * moved.dI[k] + 0.02));

  const units = await t.gql(`query($id: ID!) { curves(datasetId: $id) { edges { node { q(unit: INV_NM) } } } }`, { id: datasetId }, token);
  expect(units.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(units.errors?.[0].message).toMatch(/reduced/);
});

test("bad colloid input names the field; nothing is queued", async () => {
  const r = await t.gql(
    `mutation { startSimulation(input: {title: "bad", shearedColloids: {nL2: -1, d2: 1, gammaL: 1, realisations: 10}}) { id } }`,
    {},
    token,
  );
  expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "shearedColloids.nL2" });
  const both = await t.gql(
    `mutation { startSimulation(input: {title: "x", shearedColloids: {nL2: 1, d2: 1, gammaL: 1, realisations: 1}, sasModel: {model: "sphere", ranges: [], count: 1, q: {min: 0.01, max: 0.1, points: 3}}}) { id } }`,
    {},
    token,
  );
  expect(both.errors?.[0].message).toMatch(/exactly one kind/);
  const range = await t.gql(
    `mutation { startSimulation(input: {title: "x", shearedColloids: {nL2: 1, d2: 1, gammaL: 1, realisations: 1, ranges: [{name: "temperature", min: 1, max: 2}]}}) { id } }`,
    {},
    token,
  );
  expect(range.errors?.[0].extensions?.field).toBe("shearedColloids.ranges[0].name");
});
