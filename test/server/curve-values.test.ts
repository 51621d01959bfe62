/**
 * An answer carries at most SASGRAPH_MAX_CURVE_VALUES curve values (q, intensity, dI, dQ together),
 * whichever way the curves are asked for: a page whose curves hold more points is refused before its
 * arrays are read; arrays beyond the budget (more fields, aliases, nested pages) are refused by field.
 * graphql-js completes a list of numbers in one go on the event loop, so this bounds every request's
 * time there. Here the budget is 5000 values and each curve holds 1000 points.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;
let datasetId: string;
let curveIds: string[];
const POINTS = 1000;

type Errors = { message: string; extensions?: { code?: string; field?: string } }[] | undefined;

beforeAll(async () => {
  t = await startTestPlatform({ env: { SASGRAPH_MAX_CURVE_VALUES: "5000" } });
  token = await t.token("alice", ["lab"]);
  const made = await t.gql<{ createDataset: { id: string } }>(
    `mutation { createDataset(input: {kind: MEASURED, technique: SANS, title: "big curves"}) { id } }`,
    {},
    token,
  );
  expect(made.errors).toBeUndefined();
  datasetId = made.data!.createDataset.id;
  const q = Array.from({ length: POINTS }, (_, i) => 0.001 * (i + 1));
  const curve = { q, intensity: q.map((v) => 1 / (1 + v * v)), dI: q.map(() => 0.01) };
  const added = await t.gql(
    `mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`,
    { id: datasetId, c: Array(12).fill(curve) },
    token,
  );
  expect(added.errors).toBeUndefined();
  curveIds = (await t.services.db.query(`SELECT id FROM curves WHERE dataset_id = $1 ORDER BY index`, [datasetId])).map((r: { id: string }) => r.id);
}, 120_000);

afterAll(() => t?.close());

function refused(errors: Errors, field: string) {
  expect(errors?.length).toBeGreaterThan(0);
  expect(errors![0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(errors![0].extensions?.field).toBe(field);
  expect(errors![0].message).toMatch(/5000 values/);
}

test("a page within the budget answers every value", async () => {
  const r = await t.gql<{ curves: { edges: { node: { q: number[]; intensity: number[] } }[] } }>(
    `query($id: ID!) { curves(datasetId: $id, first: 2) { edges { node { q intensity } } } }`,
    { id: datasetId },
    token,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data!.curves.edges).toHaveLength(2);
  expect(r.data!.curves.edges[1].node.intensity[POINTS - 1]).toBeCloseTo(1 / (1 + 1), 12);
});

test("a page whose curves hold more points than the budget is refused on `first`, before its arrays are read", async () => {
  const r = await t.gql(`query($id: ID!) { curves(datasetId: $id, first: 10) { edges { node { index } } } }`, { id: datasetId }, token);
  refused(r.errors as Errors, "first");
  expect((r.errors as Errors)![0].message).toMatch(/10000 points/);
});

test("more arrays than the budget holds are refused by the field that goes over", async () => {
  // 3 curves x 1000 points pass the page check; q, intensity and dI of them are 9000 values.
  const r = await t.gql(`query($id: ID!) { curves(datasetId: $id, first: 3) { edges { node { q intensity dI } } } }`, { id: datasetId }, token);
  refused(r.errors as Errors, (r.errors as Errors)![0].extensions!.field!);
  expect(["q", "intensity", "dI"]).toContain((r.errors as Errors)![0].extensions!.field);
});

test("aliases of one page share the request's budget", async () => {
  const aliases = Array.from({ length: 3 }, (_, i) => `a${i}: curves(datasetId: $id, first: 2) { edges { node { q } } }`).join("\n");
  const r = await t.gql(`query($id: ID!) { ${aliases} }`, { id: datasetId }, token);
  // 3 x 2 x 1000 = 6000 values of q: the third alias goes over.
  refused(r.errors as Errors, "q");
  expect(curveIds).toHaveLength(12);
});

test("nested pages under datasets are bounded too", async () => {
  const r = await t.gql(`query { datasets(first: 5) { edges { node { curves(first: 8) { edges { node { index } } } } } } }`, {}, token);
  refused(r.errors as Errors, "first");
});
