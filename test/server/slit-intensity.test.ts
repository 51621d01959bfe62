/**
 * computeIntensity with slit resolution: the answer is the model smeared over the slit (checked
 * against a brute-force integral of the unsmeared model fetched through the same API), in the unit
 * of q; pinhole and slit together, or bad slits, are BAD_USER_INPUT naming the field.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

const QUERY = `query($input: ComputeIntensityInput!) { computeIntensity(input: $input) { q intensity } }`;
const sphere = { model: "sphere", parameters: { radius: 500, background: 0 } };

test("a slit length smears I(q) as the slit integral does, in 1/nm as in 1/Å", async () => {
  const q = [0.002, 0.005, 0.01];
  const length = 0.01;
  const r = await t.gql<{ computeIntensity: { intensity: number[] } }>(QUERY, { input: { ...sphere, q: { values: q }, slitLength: length } });
  expect(r.errors).toBeUndefined();
  // The same in 1/nm: q and the slit length both x10.
  const nm = await t.gql<{ computeIntensity: { intensity: number[] } }>(QUERY, {
    input: { ...sphere, q: { values: q.map((v) => v * 10), unit: "INV_NM" }, slitLength: length * 10 },
  });
  expect(nm.errors).toBeUndefined();
  // Brute force: the unsmeared model at sqrt(q² + u²) on a midpoint grid of 20 000 u per point.
  const n = 20_000;
  for (let i = 0; i < q.length; i++) {
    const at = Array.from({ length: n }, (_, k) => Math.sqrt(q[i] ** 2 + (((k + 0.5) * length) / n) ** 2));
    const plain = await t.gql<{ computeIntensity: { intensity: number[] } }>(QUERY, { input: { ...sphere, q: { values: at } } });
    const reference = plain.data!.computeIntensity.intensity.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(r.data!.computeIntensity.intensity[i] - reference) / reference).toBeLessThan(1e-6);
    const a = r.data!.computeIntensity.intensity[i];
    expect(Math.abs(nm.data!.computeIntensity.intensity[i] - a) / a).toBeLessThan(1e-12);
  }
});

test.each([
  ["pinhole and slit together", { resolution: 0.05, slitLength: 0.01 }, "slitLength"],
  ["a negative slit width", { slitWidth: -0.001 }, "slitWidth"],
  ["dQl of the wrong length", { dQl: [0.01] }, "dQl"],
  ["a constant and per-point slit length", { slitLength: 0.01, dQl: [0.01, 0.01] }, "dQl"],
])("refused: %s", async (_what, extra, field) => {
  const r = await t.gql(QUERY, { input: { ...sphere, q: { values: [0.01, 0.02] }, ...extra } });
  expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
});
