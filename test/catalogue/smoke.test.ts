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
    `mutation { createDataset(input: {kind: MEASURED, technique: SANS, title: "Silica in D2O"}) { id } }`,
    {},
    token,
  );
  expect(created.errors).toBeUndefined();
  const id = created.data!.createDataset.id;
  const added = await t.gql(
    `mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`,
    { id, c: [{ q: [0.01, 0.02, 0.03], intensity: [10, 5, 1], parameters: { radius: 50 } }] },
    token,
  );
  expect(added.errors).toBeUndefined();
  const read = await t.gql<{ dataset: { curves: { edges: { node: { q: number[] } }[] } } }>(
    `query($id: ID!) { dataset(id: $id) { curves { edges { node { q(unit: INV_NM) } } } } }`,
    { id },
    token,
  );
  expect(read.errors).toBeUndefined();
  // 1/Å to 1/nm is a factor 10; the stored values are multiplied, never rounded.
  expect(read.data!.dataset.curves.edges[0].node.q).toEqual([0.01, 0.02, 0.03].map((v) => v * 10));
});

test("a nested curve page's endCursor continues in the top-level curves query", async () => {
  const token = await t.token("pager");
  const created = await t.gql<{ createDataset: { id: string } }>(
    `mutation { createDataset(input: {kind: MEASURED, technique: SAXS, title: "pages"}) { id } }`,
    {},
    token,
  );
  const id = created.data!.createDataset.id;
  const curves = [1, 2, 3].map((k) => ({ q: [0.01, 0.02], intensity: [k, k / 2], parameters: { k } }));
  await t.gql(`mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { id } }`, { id, c: curves }, token);
  const nested = await t.gql<{
    dataset: { curves: { edges: { node: { parameters: { k: number } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
  }>(`query($id: ID!) { dataset(id: $id) { curves(first: 1) { edges { node { parameters } } pageInfo { hasNextPage endCursor } } } }`, { id }, token);
  const page = nested.data!.dataset.curves;
  expect(page.edges.map((e) => e.node.parameters.k)).toEqual([1]);
  expect(page.pageInfo.hasNextPage).toBe(true);
  const rest = await t.gql<{ curves: { edges: { node: { parameters: { k: number } } }[]; pageInfo: { hasNextPage: boolean } } }>(
    `query($id: ID!, $a: String) { curves(datasetId: $id, after: $a) { edges { node { parameters } } pageInfo { hasNextPage } } }`,
    { id, a: page.pageInfo.endCursor },
    token,
  );
  expect(rest.data!.curves.edges.map((e) => e.node.parameters.k)).toEqual([2, 3]);
  expect(rest.data!.curves.pageInfo.hasNextPage).toBe(false);
});
