/**
 * The oriented shapes of issue 15 through GraphQL: scatteringModels lists each with sasmodels 1.0.6's
 * parameter table, and computeIntensity answers sasmodels' own numbers for them.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

type Row = [name: string, unit: string, dflt: number, limits: [number | null, number | null], polydisperse: boolean];

// sasmodels 1.0.6: [p.name, p.units, p.default, p.limits (inf as null), p.polydisperse] for each of
// load_model_info(name).parameters.kernel_parameters
const TABLES: Record<string, Row[]> = {
  core_shell_bicelle: [
    ["radius", "Ang", 80, [0, null], true],
    ["thick_rim", "Ang", 10, [0, null], true],
    ["thick_face", "Ang", 10, [0, null], true],
    ["length", "Ang", 50, [0, null], true],
    ["sld_core", "1e-6/Ang^2", 1, [null, null], false],
    ["sld_face", "1e-6/Ang^2", 4, [null, null], false],
    ["sld_rim", "1e-6/Ang^2", 4, [null, null], false],
    ["sld_solvent", "1e-6/Ang^2", 1, [null, null], false],
    ["theta", "degrees", 90, [-360, 360], true],
    ["phi", "degrees", 0, [-360, 360], true],
  ],
  core_shell_ellipsoid: [
    ["radius_equat_core", "Ang", 20, [0, null], true],
    ["x_core", "None", 3, [0, null], true],
    ["thick_shell", "Ang", 30, [0, null], true],
    ["x_polar_shell", "", 1, [0, null], true],
    ["sld_core", "1e-6/Ang^2", 2, [null, null], false],
    ["sld_shell", "1e-6/Ang^2", 1, [null, null], false],
    ["sld_solvent", "1e-6/Ang^2", 6.3, [null, null], false],
    ["theta", "degrees", 0, [-360, 360], true],
    ["phi", "degrees", 0, [-360, 360], true],
  ],
  elliptical_cylinder: [
    ["radius_minor", "Ang", 20, [0, null], true],
    ["axis_ratio", "", 1.5, [1, null], true],
    ["length", "Ang", 400, [1, null], true],
    ["sld", "1e-6/Ang^2", 4, [null, null], false],
    ["sld_solvent", "1e-6/Ang^2", 1, [null, null], false],
    ["theta", "degrees", 90, [-360, 360], true],
    ["phi", "degrees", 0, [-360, 360], true],
    ["psi", "degrees", 0, [-360, 360], true],
  ],
  hollow_rectangular_prism_thin_walls: [
    ["sld", "1e-6/Ang^2", 6.3, [null, null], false],
    ["sld_solvent", "1e-6/Ang^2", 1, [null, null], false],
    ["length_a", "Ang", 35, [0, null], true],
    ["b2a_ratio", "Ang", 1, [0, null], true],
    ["c2a_ratio", "Ang", 1, [0, null], true],
  ],
  rectangular_prism: [
    ["sld", "1e-6/Ang^2", 6.3, [null, null], false],
    ["sld_solvent", "1e-6/Ang^2", 1, [null, null], false],
    ["length_a", "Ang", 35, [0, null], true],
    ["b2a_ratio", "", 1, [0, null], true],
    ["c2a_ratio", "", 1, [0, null], true],
    ["theta", "degrees", 0, [-360, 360], true],
    ["phi", "degrees", 0, [-360, 360], true],
    ["psi", "degrees", 0, [-360, 360], true],
  ],
  stacked_disks: [
    ["thick_core", "Ang", 10, [0, null], true],
    ["thick_layer", "Ang", 10, [0, null], true],
    ["radius", "Ang", 15, [0, null], true],
    ["n_stacking", "", 1, [1, null], true],
    ["sigma_d", "Ang", 0, [0, null], false],
    ["sld_core", "1e-6/Ang^2", 4, [null, null], false],
    ["sld_layer", "1e-6/Ang^2", 0, [null, null], false],
    ["sld_solvent", "1e-6/Ang^2", 5, [null, null], false],
    ["theta", "degrees", 0, [-360, 360], true],
    ["phi", "degrees", 0, [-360, 360], true],
  ],
  triaxial_ellipsoid: [
    ["sld", "1e-6/Ang^2", 4, [null, null], false],
    ["sld_solvent", "1e-6/Ang^2", 1, [null, null], false],
    ["radius_equat_minor", "Ang", 20, [0, null], true],
    ["radius_equat_major", "Ang", 400, [0, null], true],
    ["radius_polar", "Ang", 10, [0, null], true],
    ["theta", "degrees", 60, [-360, 360], true],
    ["phi", "degrees", 60, [-360, 360], true],
    ["psi", "degrees", 60, [-360, 360], true],
  ],
};

// sasmodels 1.0.6 call_kernel (SAS_OPENCL=none, dtype double) at the defaults, scale 1, background 0
const AT_DEFAULTS: Record<string, [number, number]> = {
  core_shell_bicelle: [7.487354595701443, 0.7170411122584271],
  core_shell_ellipsoid: [267.23532561685346, 0.42266326343633137],
  elliptical_cylinder: [68.99629852940784, 0.29736605870852556],
  hollow_rectangular_prism_thin_walls: [13.255872850370972, 0.836719188591849],
  rectangular_prism: [92.9312440682215, 0.37424840682538973],
  stacked_disks: [23.849195597951145, 0.971984160172634],
  triaxial_ellipsoid: [24.882954803299157, 1.0067180641536015],
};

interface Parameter {
  name: string;
  unit: string;
  default: number;
  kind: string;
  limits: (number | null)[];
  polydisperse: boolean;
}

test("scatteringModels lists every oriented shape with sasmodels' parameter table", async () => {
  const r = await t.gql<{ scatteringModels: { name: string; parameters: Parameter[] }[] }>(
    `{ scatteringModels { name parameters { name unit default kind limits polydisperse } } }`,
  );
  expect(r.errors).toBeUndefined();
  for (const [name, table] of Object.entries(TABLES)) {
    const model = r.data!.scatteringModels.find((m) => m.name === name);
    expect({ name, listed: model !== undefined }).toEqual({ name, listed: true });
    const own = model!.parameters.filter((p) => p.name !== "scale" && p.name !== "background");
    expect(own.map((p) => [p.name, p.unit, p.default, p.limits])).toEqual(table.map(([n, u, d, l]) => [n, u, d, l]));
    // orientation angles take *_pd keys but have no effect in 1D, so the catalogue does not call them polydisperse
    expect(own.filter((p) => p.kind !== "orientation").map((p) => [p.name, p.polydisperse])).toEqual(
      table.filter(([n]) => !["theta", "phi", "psi"].includes(n)).map(([n, , , , pd]) => [n, pd]),
    );
  }
});

test.each(Object.entries(AT_DEFAULTS))("computeIntensity %s at the defaults is sasmodels' value", async (model, expected) => {
  const r = await t.gql<{ computeIntensity: { intensity: number[] } }>(
    `query($input: ComputeIntensityInput!) { computeIntensity(input: $input) { intensity } }`,
    { input: { model, parameters: { scale: 1, background: 0 }, q: { values: [0.05, 0.2] } } },
  );
  expect(r.errors).toBeUndefined();
  r.data!.computeIntensity.intensity.forEach((v, i) => expect(Math.abs(v / expected[i] - 1)).toBeLessThan(1e-9));
});

test("stacked_disks has no effective radius: a product asking for one is BAD_USER_INPUT naming it", async () => {
  const r = await t.gql(`query($input: ComputeIntensityInput!) { computeIntensity(input: $input) { intensity } }`, {
    input: { model: "stacked_disks@hardsphere", parameters: { radius_effective_mode: 1 }, q: { values: [0.05] } },
  });
  expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(String(r.errors?.[0].message)).toMatch(/radius_effective_mode/);
});
