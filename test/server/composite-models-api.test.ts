/**
 * The composite and multi-shell models (issue 15) through GraphQL: listed by scatteringModels with
 * their vector parameters, computed by computeIntensity exactly as the library computes them, and
 * impossible counts refused as BAD_USER_INPUT naming the parameter.
 */
import { evaluate } from "../../src/compute/sas";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

const MODELS = [
  "binary_hard_sphere",
  "core_multi_shell",
  "flexible_cylinder",
  "flexible_cylinder_elliptical",
  "fractal_core_shell",
  "linear_pearls",
  "multilayer_vesicle",
  "onion",
  "pearl_necklace",
  "raspberry",
];
const QUERY = `query($input: ComputeIntensityInput!) { computeIntensity(input: $input) { q intensity } }`;
const GRID = { values: [0.001, 0.01, 0.1, 0.5, 1] };

test("scatteringModels lists every one, with core_multi_shell's vector slots and its shell count not polydisperse", async () => {
  const r = await t.gql<{ scatteringModels: { name: string; parameters: { name: string; polydisperse: boolean }[] }[] }>(
    `{ scatteringModels { name parameters { name polydisperse } } }`,
  );
  expect(r.errors).toBeUndefined();
  const byName = new Map(r.data!.scatteringModels.map((m) => [m.name, m]));
  for (const name of MODELS) expect(byName.has(name)).toBe(true);
  const cms = new Map(byName.get("core_multi_shell")!.parameters.map((p) => [p.name, p.polydisperse]));
  expect([cms.get("n"), cms.get("sld10"), cms.get("thickness10"), cms.get("radius")]).toEqual([false, false, true, true]);
});

test.each(MODELS)("computeIntensity(%s) is the library's evaluate()", async (model) => {
  const parameters: Record<string, number> = model === "core_multi_shell" ? { n: 2, sld2: 3, thickness2: 15, thickness2_pd: 0.1, thickness2_pd_n: 7 } : {};
  const r = await t.gql<{ computeIntensity: { q: number[]; intensity: number[] } }>(QUERY, { input: { model, parameters, q: GRID } });
  expect(r.errors).toBeUndefined();
  const expected = evaluate(model, parameters, Float64Array.from(GRID.values)).I;
  expect(r.data!.computeIntensity.intensity).toEqual(Array.from(expected));
});

test("counts beyond what a curve can afford, and slots beyond the tables, are BAD_USER_INPUT naming the parameter", async () => {
  for (const [model, parameters, field] of [
    ["linear_pearls", { num_pearls: 2 ** 31 - 1 }, "num_pearls"],
    ["multilayer_vesicle", { n_shells: 1e300 }, "n_shells"],
    ["onion", { n_shells: 11 }, "n_shells"],
    ["core_multi_shell", { sld11: 1 }, "sld11"],
  ] as const) {
    const r = await t.gql(QUERY, { input: { model, parameters, q: GRID } });
    expect([model, r.errors?.[0].extensions?.code]).toEqual([model, "BAD_USER_INPUT"]);
    expect(String(r.errors?.[0].extensions?.field)).toContain(field);
  }
});
