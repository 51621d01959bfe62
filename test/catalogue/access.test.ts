/**
 * A restricted dataset does not exist for anyone outside its owner and access groups: not in lists,
 * by id, through nested fields, provenance, counts, search or downloads.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let alice: string; // owner; groups: physics
let bob: string; // groups: chemistry
let carol: string; // groups: physics
let ids: { secret: string; shared: string; groupOwned: string; published: string };

const CURVE = { q: [0.01, 0.02, 0.03], intensity: [3, 2, 1], parameters: { radius: 42 } };

async function create(token: string, input: Record<string, unknown>): Promise<string> {
  const r = await t.gql<{ createDataset: { id: string } }>(
    `mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }`,
    { i: { kind: "MEASURED", technique: "SANS", ...input } },
    token,
  );
  expect(r.errors).toBeUndefined();
  const id = r.data!.createDataset.id;
  const added = await t.gql(`mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { id } }`, { id, c: [CURVE] }, token);
  expect(added.errors).toBeUndefined();
  return id;
}

beforeAll(async () => {
  t = await startTestPlatform();
  alice = await t.token("alice", ["physics"]);
  bob = await t.token("bob", ["chemistry"]);
  carol = await t.token("carol", ["physics"]);
  const secret = await create(alice, { title: "Zirconia secret batch", keywords: ["zirconia"] });
  const shared = await create(alice, { title: "Shared with chemistry", accessGroups: ["chemistry"] });
  const groupOwned = await create(alice, { title: "Physics group data", ownerGroup: "physics" });
  const published = await create(alice, { title: "Published derived data" });
  await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { id } }`, { id: published }, alice);
  // The published dataset was derived from the secret one.
  await t.services.db.transaction((tx) =>
    t.services.provenance.addEdges(tx, [{ relation: "wasDerivedFrom", subjectType: "DATASET", subjectId: published, objectType: "DATASET", objectId: secret }]),
  );
  ids = { secret, shared, groupOwned, published };
});

afterAll(async () => {
  await t?.close();
});

const LIST = `query($text: String) { datasets(first: 50, filter: {text: $text}) { totalCount edges { node { id title } } } }`;

async function visibleIds(token?: string, text?: string): Promise<{ ids: string[]; total: number }> {
  const r = await t.gql<{ datasets: { totalCount: number; edges: { node: { id: string } }[] } }>(LIST, { text }, token);
  expect(r.errors).toBeUndefined();
  return { ids: r.data!.datasets.edges.map((e) => e.node.id), total: r.data!.datasets.totalCount };
}

test("lists and counts show each caller exactly what they may see", async () => {
  const anon = await visibleIds();
  expect(anon.ids).toEqual([ids.published]);
  expect(anon.total).toBe(1);
  expect((await visibleIds(alice)).ids.sort()).toEqual(Object.values(ids).sort());
  expect((await visibleIds(bob)).ids.sort()).toEqual([ids.shared, ids.published].sort());
  expect((await visibleIds(carol)).ids.sort()).toEqual([ids.groupOwned, ids.published].sort());
});

test("full-text search does not find restricted datasets", async () => {
  expect((await visibleIds(undefined, "zirconia")).total).toBe(0);
  expect((await visibleIds(bob, "zirconia")).total).toBe(0);
  expect((await visibleIds(alice, "zirconia")).ids).toEqual([ids.secret]);
});

test("by id, curves and downloads answer NOT_FOUND, the same as for an id that never existed", async () => {
  const unknown = "00000000-0000-4000-8000-000000000000";
  for (const id of [ids.secret, unknown]) {
    for (const token of [undefined, bob]) {
      const one = await t.gql(`query($id: ID!) { dataset(id: $id) { id } }`, { id }, token);
      expect(one.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      const curves = await t.gql(`query($id: ID!) { curves(datasetId: $id) { edges { node { q } } } }`, { id }, token);
      expect(curves.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      const dl = await t.gql(`mutation($id: ID!) { requestDownload(datasetId: $id, format: CSV) { url } }`, { id }, token);
      expect(dl.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      const prov = await t.gql(`query($id: ID!) { provenance(id: $id) { root { id } } }`, { id }, token);
      expect(prov.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    }
  }
  // A different message for hidden and missing ids would leak existence.
  const hidden = await t.gql(`query($id: ID!) { dataset(id: $id) { id } }`, { id: ids.secret }, bob);
  const missing = await t.gql(`query($id: ID!) { dataset(id: $id) { id } }`, { id: unknown }, bob);
  expect(hidden.errors?.[0].message.replace(ids.secret, "X")).toBe(missing.errors?.[0].message.replace(unknown, "X"));
});

test("writes by strangers are NOT_FOUND; by readers who are not owners, FORBIDDEN", async () => {
  const add = await t.gql(`mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { id } }`, { id: ids.secret, c: [CURVE] }, bob);
  expect(add.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  const del = await t.gql(`mutation($id: ID!) { deleteDataset(id: $id) }`, { id: ids.secret }, bob);
  expect(del.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  const pub = await t.gql(`mutation($id: ID!) { publishDataset(id: $id) { id } }`, { id: ids.shared }, bob);
  expect(pub.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  const anon = await t.gql(`mutation { createDataset(input: {kind: MEASURED, technique: SANS, title: "x"}) { id } }`);
  expect(anon.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  // The owner group may change what it co-owns.
  const carolEdits = await t.gql(
    `mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`,
    { id: ids.groupOwned, c: [CURVE] },
    carol,
  );
  expect(carolEdits.errors).toBeUndefined();
  expect((carolEdits.data as { addCurves: { curveCount: number } }).addCurves.curveCount).toBe(2);
});

test("provenance of a public dataset hides its restricted sources, nested and as a graph", async () => {
  const q = `query($id: ID!) {
    dataset(id: $id) { provenanceEdges { relation objectId } }
    provenance(id: $id, depth: 5) { nodes { id } edges { objectId subjectId } provJson }
  }`;
  const anon = await t.gql<{
    dataset: { provenanceEdges: { objectId: string }[] };
    provenance: { nodes: { id: string }[]; edges: unknown[]; provJson: object };
  }>(q, { id: ids.published });
  expect(anon.errors).toBeUndefined();
  expect(JSON.stringify(anon.data)).not.toContain(ids.secret);
  const owner = await t.gql<{ dataset: { provenanceEdges: { relation: string; objectId: string }[] } }>(q, { id: ids.published }, alice);
  expect(owner.data!.dataset.provenanceEdges).toContainEqual({ relation: "wasDerivedFrom", objectId: ids.secret });
  expect(JSON.stringify(owner.data)).toContain(ids.secret);
});

test("a download link stops working when access is withdrawn", async () => {
  const r = await t.gql<{ requestDownload: { url: string } }>(
    `mutation($id: ID!) { requestDownload(datasetId: $id, format: JSON) { url } }`,
    { id: ids.shared },
    bob,
  );
  expect(r.errors).toBeUndefined();
  expect((await fetch(r.data!.requestDownload.url)).status).toBe(200);
  const unshare = await t.gql(`mutation($id: ID!) { shareDataset(id: $id, accessGroups: []) { id } }`, { id: ids.shared }, alice);
  expect(unshare.errors).toBeUndefined();
  expect((await fetch(r.data!.requestDownload.url)).status).toBe(404);
  // A forged or altered token is refused.
  const url = r.data!.requestDownload.url;
  expect((await fetch(url.slice(0, -3) + "AAA")).status).toBe(403);
});

test("nested curve → dataset and jobs of others are not reachable", async () => {
  const job = await t.gql<{ startSimulation: { id: string } }>(
    `mutation { startSimulation(input: {title: "private sweep", sasModel: {model: "sphere", ranges: [{name: "radius", min: 10, max: 20}], count: 2, q: {min: 0.01, max: 0.1, points: 5}}}) { id } }`,
    {},
    alice,
  );
  expect(job.errors).toBeUndefined();
  const other = await t.gql(`query($id: ID!) { job(id: $id) { id } }`, { id: job.data!.startSimulation.id }, bob);
  expect(other.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  const anon = await t.gql(`query($id: ID!) { job(id: $id) { id } }`, { id: job.data!.startSimulation.id });
  expect(anon.errors?.[0].extensions?.code).toBe("NOT_FOUND");
});

test("keyword and text filters combine (a parameter named text once broke the keyword cast)", async () => {
  const r = await t.gql<{ datasets: { totalCount: number; edges: { node: { id: string } }[] } }>(
    `query { datasets(first: 5, filter: {keywords: ["zirconia"], text: "zirconia"}) { totalCount edges { node { id } } } }`,
    {},
    alice,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data!.datasets.edges.map((e) => e.node.id)).toEqual([ids.secret]);
  const after = await t.gql(
    `query($a: String) { datasets(first: 1, after: $a, orderBy: TITLE_ASC, filter: {text: "data"}) { edges { cursor } } }`,
    { a: null },
    alice,
  );
  expect(after.errors).toBeUndefined();
});
