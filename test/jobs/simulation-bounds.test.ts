/**
 * Every simulation input is bounded in work units before anything is queued: each refusal is
 * BAD_USER_INPUT naming the field and the limit, and nothing is queued; the README's examples (the
 * paper-size ones included) are accepted. No workers here: accepted jobs only wait in the queue.
 */
import { SAS_SWEEP_LIMITS } from "../../src/simulations/kinds/sas-model";
import { COLLOID_LIMITS } from "../../src/simulations/kinds/sheared-colloids";
import { HARD_SPHERE_LIMITS } from "../../src/simulations/kinds/hard-spheres";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;
beforeAll(async () => {
  t = await startTestPlatform({ workers: 0 });
  token = await t.token("bounded");
});
afterAll(async () => {
  await t?.close();
});

const START = `mutation($input: StartSimulationInput!) { startSimulation(input: $input) { id state } }`;

async function queuedJobs(): Promise<number> {
  const [{ n }] = (await t.services.db.query(`SELECT count(*)::int AS n FROM job_runs`)) as { n: number }[];
  return n;
}

async function refused(input: Record<string, unknown>, field: string, limit: number) {
  const before = await queuedJobs();
  const r = await t.gql(START, { input: { title: "too big", ...input } }, token);
  expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  // The message says the limit (written as the number or in exponent form).
  const exp = limit.toExponential(2).replace("e+", "e");
  expect(r.errors![0].message.includes(String(limit)) || r.errors![0].message.includes(exp)).toBe(true);
  expect(await queuedJobs()).toBe(before);
}

const colloid = (extra: Record<string, unknown>) => ({
  shearedColloids: { nL2: 150, radiusSpread: 0.1, d2: 1, gammaL: 10, realisations: 100, seed: 1, ...extra },
});
const spheres = (extra: Record<string, unknown>) => ({
  hardSpheres: { distribution: "LOGNORMAL", sigma: 0.08, eta: 0.3, n: 23328, configurations: 100, seed: 1, ...extra },
});

test("colloids: realisations, qCount, thetaCount, their grid and their product are each bounded", async () => {
  await refused(colloid({ realisations: 2_000_000 }), "shearedColloids.realisations", COLLOID_LIMITS.realisations);
  await refused(colloid({ qCount: 5000 }), "shearedColloids.qCount", COLLOID_LIMITS.qCount);
  await refused(colloid({ thetaCount: 5000 }), "shearedColloids.thetaCount", COLLOID_LIMITS.thetaCount);
  await refused(colloid({ qCount: 1500, thetaCount: 1000 }), "shearedColloids.thetaCount", COLLOID_LIMITS.gridCells);
  // Each within its own limit, together 1e6 x 600 x 100 x 101 = 6e12 work units.
  await refused(colloid({ realisations: 1_000_000 }), "shearedColloids.realisations", COLLOID_LIMITS.pointWork);
  // 20 state points of 6e11 each: 1.2e13 over the sweep.
  await refused(
    colloid({ realisations: 100_000, ranges: [{ name: "nL2", min: 100, max: 200 }], sampling: "GRID", count: 20 }),
    "shearedColloids.count",
    COLLOID_LIMITS.sweepWork,
  );
});

test("hard spheres: every maximum at once, sizes whose product is too large, and too large a sweep are refused", async () => {
  await refused(spheres({ n: 200_000, configurations: 1000, qCount: 2000, directions: 20_000 }), "hardSpheres.configurations", HARD_SPHERE_LIMITS.samples);
  // Paper-size sampling, but 2000 q x 20 000 directions: 9.3e13 work units in one state point.
  await refused(spheres({ qCount: 2000, directions: 20_000 }), "hardSpheres.configurations", HARD_SPHERE_LIMITS.pointWork);
  // The README's state point, 100 of them: 1.2e14 over the sweep.
  await refused(spheres({ ranges: [{ name: "eta", min: 0.1, max: 0.5 }], sampling: "GRID", count: 100 }), "hardSpheres.count", HARD_SPHERE_LIMITS.sweepWork);
});

test("SAS sweeps: values held and model evaluations are bounded", async () => {
  const sas = (extra: Record<string, unknown>, q = { min: 0.005, max: 0.5, points: 200 }) => ({
    sasModel: {
      model: "sphere",
      parameters: { sld: 3.47, sld_solvent: 6.36 },
      ranges: [{ name: "radius", min: 10, max: 100 }],
      sampling: "RANDOM",
      count: 5000,
      seed: 1,
      q,
      ...extra,
    },
  });
  await refused(sas({ count: 100_000 }, { min: 0.005, max: 0.5, points: 1000 }), "sasModel.q", SAS_SWEEP_LIMITS.values);
  await refused(
    sas({ count: 50_000, parameters: { sld: 3.47, sld_solvent: 6.36, radius_pd: 0.1, radius_pd_n: 5000 } }),
    "sasModel.count",
    SAS_SWEEP_LIMITS.work,
  );
});

test("the README's examples are accepted as written", async () => {
  const examples = [
    `mutation { startSimulation(input: {title: "Sphere training set", publish: false, sasModel: {
      model: "sphere", parameters: {sld: 3.47, sld_solvent: 6.36, radius_pd_type: "gaussian"},
      ranges: [{name: "radius", min: 10, max: 100}, {name: "radius_pd", min: 0, max: 0.25}],
      sampling: LATIN_HYPERCUBE, count: 5000, seed: 1,
      q: {min: 0.005, max: 0.5, points: 200}, resolution: 0.05, countsPerUnit: 1e5}}) { id state } }`,
    `mutation { startSimulation(input: {title: "HS eta series", hardSpheres: {distribution: LOGNORMAL, sigma: 0.08, eta: 0.3,
      n: 23328, configurations: 100, seed: 1, keepConfigurations: true,
      ranges: [{name: "eta", min: 0.1, max: 0.5}], sampling: GRID, count: 5}}) { id state } }`,
    `mutation { startSimulation(input: {title: "HS as the paper's MD", hardSpheres: {distribution: UNIFORM, sigma: 0.15, eta: 0.3,
      n: 23328, configurations: 100, method: PAPER_MD}}) { id state } }`,
    `mutation { startSimulation(input: {title: "shear", technique: XPCS, shearedColloids: {nL2: 150, radiusSpread: 0.1,
      d2: 1, gammaL: 10, realisations: 10000, seed: 1}}) { id state } }`,
  ];
  for (const q of examples) {
    const r = await t.gql<{ startSimulation: { state: string } }>(q, {}, token);
    expect(r.errors).toBeUndefined();
    expect(r.data!.startSimulation.state).toBe("QUEUED");
  }
});
