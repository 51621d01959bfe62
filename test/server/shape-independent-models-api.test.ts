/**
 * The shape-independent and lamellar SASformer classes through the API: scatteringModels lists them
 * with sasmodels' parameters, computeIntensity gives sasmodels' numbers, and a stack with a huge
 * Nlayers is refused by its price before anything runs.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

const Q = [0.001, 0.01, 0.05, 0.1, 0.3, 1.0];
// sasmodels 1.0.6, double precision DLL kernels (SAS_OPENCL=none), sasmodels.direct_model.call_kernel
// at each model's default parameters with background 0, at Q; printed to 15 digits.
const SASMODELS_AT_DEFAULTS: Record<string, number[]> = {
  adsorbed_layer: [8954.12203944314, 84.9725346338503, 0.954900872280775, 0.00451684244365402, 2.09531806921646e-22, 1.62357301433664e-232],
  correlation_length: [1009.97506234414, 9.0, 1.38731034482759, 0.385615384615385, 0.0442848246476565, 0.0039994006397441],
  fractal: [40.1965122717406, 20.3142689155163, 1.590183130464, 0.430015926105011, 0.0600735334943351, 0.000178180965187011],
  gauss_lorentz_gel: [149.48125591607, 108.729989048186, 25.0003726653172, 10.0, 1.35135135135135, 0.124688279301746],
  gaussian_peak: [1.39694394314709e-21, 1.26641655490942e-14, 1.0, 1.92874984796392e-22, 0.0, 0.0],
  gel_fit: [5.19298619804873, 4.59805386856465, 2.13435335940745, 0.983146067415731, 0.145590682196339, 0.0136186770428016],
  lamellar_hg: [653143.920911471, 6426.93390154582, 171.603492669943, 9.6823750029859, 0.000460540674722913, 8.41264188340247e-5],
  lamellar_hg_stack_caille: [6838238.57048872, 169.026266847984, 4.24292351220826, 0.0704769472064816, 0.00537710013384006, 3.41456510627478e-5],
  lamellar_stack_caille: [28895.1339741755, 34.9931699257275, 12.8729212842016, 1.75404201543127, 0.0208212540115176, 7.46350578597503e-5],
  lamellar_stack_paracrystal: [20640.6780473955, 0.172674660543306, 97.9288834014652, 7.00228030052532, 0.00544472158212056, 1.85669775596929e-6],
  lorentz: [0.997506234413965, 0.8, 0.137931034482759, 0.0384615384615385, 0.00442477876106195, 0.00039984006397441],
  mass_surface_fractal: [0.174776562377755, 0.00255435992801277, 2.56987984100245e-5, 2.18285854340525e-6, 3.86635672638357e-8, 4.51054760523582e-10],
  peak_lorentz: [0.0103050288540808, 0.0153846153846154, 1.0, 0.0099009900990099, 0.00039984006397441, 2.77000637101465e-5],
  poly_gauss_coil: [69.8689956348315, 58.9473684210525, 12.3076923076923, 3.54430379746835, 0.412371134020619, 0.0373134328358209],
  star_polymer: [0.999966667431038, 0.996674306190696, 0.921245460395369, 0.731389305122135, 0.171912746311978, 0.0155555555555556],
  surface_fractal: [0.0, 156150700.498315, 301428.659166893, 16287.3188140394, 29.4965611357613, 0.00110824437370742],
  two_lorentzian: [10.989910000009, 5.99009900990099, 0.879365079365079, 0.50999000999001, 0.100370356653457, 0.00991099008900991],
  two_power_law: [1000.0, 100.0, 10.24, 0.64, 0.00790123456790124, 6.4e-5],
  unified_power_Rg: [399.96671605152, 396.685277250326, 324.871988015643, 174.048221757078, 0.224151580769568, 4.5e-6],
};

const QUERY = `query($input: ComputeIntensityInput!) { computeIntensity(input: $input) { intensity } }`;

test("scatteringModels lists each with its sasmodels parameters", async () => {
  const r = await t.gql<{ scatteringModels: { name: string; parameters: { name: string; polydisperse: boolean }[] }[] }>(
    `{ scatteringModels { name parameters { name polydisperse } } }`,
  );
  expect(r.errors).toBeUndefined();
  const byName = new Map(r.data!.scatteringModels.map((m) => [m.name, m.parameters]));
  for (const name of Object.keys(SASMODELS_AT_DEFAULTS)) expect({ name, listed: byName.has(name) }).toEqual({ name, listed: true });
  expect(byName.get("lamellar_stack_paracrystal")!.map((p) => p.name)).toEqual([
    "scale",
    "background",
    "thickness",
    "Nlayers",
    "d_spacing",
    "sigma_d",
    "sld",
    "sld_solvent",
  ]);
  expect(
    byName
      .get("lamellar_stack_paracrystal")!
      .filter((p) => p.polydisperse)
      .map((p) => p.name),
  ).toEqual(["thickness"]);
  expect(byName.get("unified_power_Rg")!.map((p) => p.name)).toContain("G6");
});

test.each(Object.entries(SASMODELS_AT_DEFAULTS))("computeIntensity of %s agrees with sasmodels to 1e-9", async (model, expected) => {
  const r = await t.gql<{ computeIntensity: { intensity: number[] } }>(QUERY, { input: { model, q: { values: Q }, parameters: { background: 0 } } });
  expect(r.errors).toBeUndefined();
  const got = r.data!.computeIntensity.intensity;
  const bad = expected.filter((e, i) => !(e === got[i] || Math.abs(got[i] - e) <= 1e-9 * Math.abs(e)));
  expect({ model, bad }).toEqual({ model, bad: [] });
});

test("a Caillé stack of 1e12 layers is refused by its price, with a code the caller can act on", async () => {
  const r = await t.gql(QUERY, { input: { model: "lamellar_stack_caille", q: { values: Q }, parameters: { Nlayers: 1e12 } } });
  expect(r.data?.computeIntensity ?? null).toBeNull();
  expect(r.errors?.[0].extensions?.code).toBe("QUERY_TOO_COSTLY");
});

test("a parameter outside sasmodels' limits is BAD_USER_INPUT naming it", async () => {
  const r = await t.gql(QUERY, { input: { model: "surface_fractal", q: { values: Q }, parameters: { fractal_dim_surf: 0.1 } } });
  expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(String(r.errors?.[0].message)).toMatch(/fractal_dim_surf/);
});
