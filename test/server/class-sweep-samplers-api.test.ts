/**
 * startSimulation with sasModels: a class given without ranges draws its parameter sets from its
 * model's own sampler (the same numbers as the pure class sweep), and GRID without ranges is refused
 * with the class's field. ScatteringModel.randomParameters shows one draw.
 */
import { runClassSweep } from "../../src/compute/sas/class-sweep";
import { qGrid } from "../../src/compute/sampling";
import { createRandom, randomParameters } from "../../src/compute/sas";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;
beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  token = await t.token("samplers");
});
afterAll(async () => {
  await t?.close();
});

test("a class without ranges is the model's sampler's draws, fixed parameters on top", async () => {
  const r = await t.gql<{ startSimulation: { id: string } }>(
    `mutation { startSimulation(input: { title: "drawn", sasModels: { perClass: 3, seed: 9, sampling: RANDOM, q: { min: 0.01, max: 0.3, points: 20 },
        classes: [{ model: "sphere", parameters: { sld: 3 } }, { model: "lamellar", ranges: [{ name: "thickness", min: 20, max: 60 }] }] } }) { id } }`,
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
  const direct = [
    ...runClassSweep({
      classes: [
        { model: "sphere", parameters: { sld: 3 } },
        { model: "lamellar", parameters: {}, ranges: [{ name: "thickness", min: 20, max: 60 }] },
      ],
      perClass: 3,
      sampling: "RANDOM",
      seed: 9,
      q: qGrid(0.01, 0.3, 20, "LOG"),
    }),
  ];
  expect(curves.map((x) => x.parameters)).toEqual(direct.map((d) => ({ model: d.model, label: d.label, ...d.parameters })));
  expect(curves.map((x) => x.intensity)).toEqual(direct.map((d) => Array.from(d.I)));
  // the sphere's radius came from its sampler (log-uniform 20 Å – 1 µm), its sld from the class
  const spheres = curves.filter((x) => x.parameters.model === "sphere");
  for (const s of spheres) {
    expect(s.parameters.sld).toBe(3);
    expect((s.parameters.radius as number) >= 10 ** 1.3 && (s.parameters.radius as number) <= 1e4).toBe(true);
  }
  expect(new Set(spheres.map((s) => s.parameters.radius)).size).toBe(3);
});

test("GRID without ranges is refused, naming the class", async () => {
  const r = await t.gql(
    `mutation { startSimulation(input: { title: "g", sasModels: { perClass: 2, sampling: GRID, q: { min: 0.01, max: 0.3, points: 10 },
        classes: [{ model: "sphere", ranges: [{ name: "radius", min: 10, max: 20 }] }, { model: "cylinder" }] } }) { id } }`,
    {},
    token,
  );
  expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "sasModels.classes[1].ranges" });
  expect(r.errors?.[0].message).toMatch(/GRID needs ranges/);
});

test("ScatteringModel.randomParameters is the model's sampler at the seed, also for a product", async () => {
  const r = await t.gql<{ a: { randomParameters: Record<string, number> }; b: { randomParameters: Record<string, number> } }>(
    `query { a: scatteringModel(name: "cylinder") { randomParameters(seed: 4) } b: scatteringModel(name: "sphere@hardsphere") { randomParameters(seed: 4) } }`,
    {},
    token,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data!.a.randomParameters).toEqual(randomParameters("cylinder", createRandom(4)));
  expect(r.data!.b.randomParameters).toEqual(randomParameters("sphere@hardsphere", createRandom(4)));
  expect(Object.keys(r.data!.b.randomParameters).sort()).toEqual(["radius", "volfraction"]);
});
