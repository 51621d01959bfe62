import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

test("creates a dataset, adds curves, reads them back", async () => {
  const token = await t.token("alice");
  const created = await t.gql<{ createDataset: { id: string } }>(
    `mutation { createDataset(input: {kind: MEASURED, technique: SANS, title: "Silica in D2O"}) { id } }`, {}, token);
  expect(created.errors).toBeUndefined();
  const id = created.data!.createDataset.id;
  const added = await t.gql(`mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`,
    { id, c: [{ q: [0.01, 0.02, 0.03], intensity: [10, 5, 1], parameters: { radius: 50 } }] }, token);
  expect(added.errors).toBeUndefined();
  const read = await t.gql<{ dataset: { curves: { edges: { node: { q: number[] } }[] } } }>(
    `query($id: ID!) { dataset(id: $id) { curves { edges { node { q(unit: INV_NM) } } } } }`, { id }, token);
  expect(read.errors).toBeUndefined();
  expect(read.data!.dataset.curves.edges[0].node.q).toEqual([0.1, 0.2, 0.3].map((v, i) => [0.01, 0.02, 0.03][i] * 10));
});
