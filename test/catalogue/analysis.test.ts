import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;
beforeAll(async () => {
  t = await startTestPlatform();
  token = await t.token("analyst");
});
afterAll(async () => {
  await t?.close();
});

async function dataset(curves: Record<string, unknown>[]): Promise<string> {
  const r = await t.gql<{ createDataset: { id: string } }>(
    `mutation { createDataset(input: {kind: DERIVED, technique: SAXS, title: "svd"}) { id } }`,
    {},
    token,
  );
  const id = r.data!.createDataset.id;
  const added = await t.gql(`mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { id } }`, { id, c: curves }, token);
  expect(added.errors).toBeUndefined();
  return id;
}

test("datasetSvd finds the rank of curves built from two shapes, with scores that rebuild them", async () => {
  const q = Array.from({ length: 40 }, (_, i) => 0.01 * (i + 1));
  const a = q.map((x) => Math.exp(-x * 20));
  const b = q.map((x) => 1 / (1 + (x * 30) ** 2));
  const mix = [
    [1, 0.5],
    [0.2, 2],
    [3, 1],
    [0.7, 0.7],
    [1.5, -0.3],
  ];
  const curves = mix.map(([u, v]) => ({ q, intensity: q.map((_, i) => u * a[i] + v * b[i]) }));
  const id = await dataset(curves);
  const r = await t.gql<{ datasetSvd: { singularValues: number[]; explainedVariance: number[]; components: number[][]; scores: number[][] } }>(
    `query($id: ID!) { datasetSvd(datasetId: $id, components: 2) { singularValues explainedVariance components scores } }`,
    { id },
    token,
  );
  expect(r.errors).toBeUndefined();
  const svd = r.data!.datasetSvd;
  expect(svd.explainedVariance[0] + svd.explainedVariance[1]).toBeCloseTo(1, 12);
  expect(svd.singularValues[2] / svd.singularValues[0]).toBeLessThan(1e-12);
  // scores × components reproduce every curve.
  curves.forEach((c, k) => {
    c.intensity.forEach((v, i) => {
      const rebuilt = svd.scores[k][0] * svd.components[0][i] + svd.scores[k][1] * svd.components[1][i];
      expect(Math.abs(rebuilt - v)).toBeLessThan(1e-10 * Math.max(1, Math.abs(v)));
    });
  });
});

test("curves on different q grids are refused with a reason", async () => {
  const id = await dataset([
    { q: [0.1, 0.2], intensity: [1, 2] },
    { q: [0.1, 0.3], intensity: [1, 2] },
  ]);
  const r = await t.gql(`query($id: ID!) { datasetSvd(datasetId: $id) { singularValues } }`, { id }, token);
  expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(r.errors?.[0].message).toMatch(/different q grid/);
  const hidden = await t.gql(`query($id: ID!) { datasetSvd(datasetId: $id) { singularValues } }`, { id });
  expect(hidden.errors?.[0].extensions?.code).toBe("NOT_FOUND");
});
