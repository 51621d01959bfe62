/**
 * sasmodels users write `structure_factor_mode: 1` as a parameter: computeIntensity answers the beta
 * product for it, the same as structureFactorMode: BETA, and refuses the two when they disagree.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

const QUERY = `query($input: ComputeIntensityInput!) { computeIntensity(input: $input) { intensity betaFactor } }`;
const base = { model: "sphere@hardsphere", q: { min: 0.001, max: 0.3, points: 30 } };
const params = { radius: 50, radius_pd: 0.1, radius_pd_n: 15, volfraction: 0.3 };

test("the parameter and the option give the same beta product; plain differs", async () => {
  const byParameter = await t.gql<{ computeIntensity: { intensity: number[]; betaFactor: number[] | null } }>(QUERY, {
    input: { ...base, parameters: { ...params, structure_factor_mode: 1 } },
  });
  const byOption = await t.gql<{ computeIntensity: { intensity: number[] } }>(QUERY, { input: { ...base, parameters: params, structureFactorMode: "BETA" } });
  const plain = await t.gql<{ computeIntensity: { intensity: number[] } }>(QUERY, { input: { ...base, parameters: params } });
  expect(byParameter.errors).toBeUndefined();
  expect(byParameter.data!.computeIntensity.intensity).toEqual(byOption.data!.computeIntensity.intensity);
  expect(byParameter.data!.computeIntensity.betaFactor).not.toBeNull();
  expect(Math.abs(plain.data!.computeIntensity.intensity[0] / byOption.data!.computeIntensity.intensity[0] - 1)).toBeGreaterThan(1e-3);
});

test("a parameter and an option that disagree are BAD_USER_INPUT naming the parameter", async () => {
  const r = await t.gql(QUERY, { input: { ...base, parameters: { ...params, structure_factor_mode: 0 }, structureFactorMode: "BETA" } });
  expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(String(r.errors?.[0].extensions?.field)).toMatch(/structure_factor_mode/);
});
