/**
 * Limits a public API needs: request size, query depth and cost, introspection switch; and the
 * Relay paging and unit arguments behaving as documented.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;

beforeAll(async () => {
  t = await startTestPlatform({
    env: { SASGRAPH_MAX_PAYLOAD_BYTES: "20000", SASGRAPH_MAX_QUERY_DEPTH: "8", SASGRAPH_MAX_QUERY_COST: "2000", SASGRAPH_INTROSPECTION: "false" },
  });
  token = await t.token("limits");
});
afterAll(async () => {
  await t?.close();
});

test("a body over the configured limit gets 413 with a GraphQL error naming the limit", async () => {
  const q = Array.from({ length: 5000 }, (_, i) => 0.001 * (i + 1));
  const r = await t.gql(`mutation($c: [CurveInput!]!) { addCurves(datasetId: "x", curves: $c) { id } }`, { c: [{ q, intensity: q }] }, token);
  expect(r.status).toBe(413);
  expect(r.errors?.[0].extensions?.code).toBe("PAYLOAD_TOO_LARGE");
  expect(r.errors?.[0].message).toContain("20000");
});

test("queries deeper than the limit are refused before running", async () => {
  const r = await t.gql(`{ datasets { edges { node { curves { edges { node { dataset { owner { name } } } } } } } } }`);
  // Apollo reports every validation rule's failure as GRAPHQL_VALIDATION_FAILED; the message says which.
  expect(r.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  expect(r.errors?.[0].message).toMatch(/9 levels deep; the limit is 8/);
});

test("costly queries (big pages of big pages) are refused with their estimated cost", async () => {
  const r = await t.gql(`{ datasets(first: 500) { edges { node { curves(first: 500) { edges { node { q } } } } } } }`);
  expect(r.errors?.[0].extensions?.code).toBe("QUERY_TOO_COSTLY");
  expect(r.errors?.[0].extensions?.limit).toBe(2000);
  const cheap = await t.gql(`{ datasets(first: 5) { edges { node { curves(first: 5) { edges { node { q } } } } } } }`);
  expect(cheap.errors).toBeUndefined();
});

test("the cost of a repeated query is remembered, but still follows its paging variables", async () => {
  const q = `query($n: Int!) { datasets(first: $n) { edges { node { curves(first: $n) { edges { node { q } } } } } } }`;
  for (let i = 0; i < 2; i++) {
    expect((await t.gql(q, { n: 5 })).errors).toBeUndefined();
    const costly = await t.gql(q, { n: 500 });
    expect(costly.errors?.[0].extensions?.code).toBe("QUERY_TOO_COSTLY");
  }
  // A variable that only skips a costly field changes the cost too.
  const skip = `query($s: Boolean!) { datasets(first: 500) { edges { node { curves(first: 500) @skip(if: $s) { edges { node { q } } } } } } }`;
  expect((await t.gql(skip, { s: true })).errors).toBeUndefined();
  expect((await t.gql(skip, { s: false })).errors?.[0].extensions?.code).toBe("QUERY_TOO_COSTLY");
  expect((await t.gql(skip, { s: true })).errors).toBeUndefined();
});

test("a revoked token is refused at once by the process that revoked it, even while cached", async () => {
  const fresh = await t.token("revocable");
  const me = `{ me { name } }`;
  expect((await t.gql<{ me: { name: string } }>(me, {}, fresh)).data?.me.name).toBe("revocable");
  expect((await t.gql<{ me: { name: string } }>(me, {}, fresh)).data?.me.name).toBe("revocable"); // served from the cache
  expect(await t.services.auth.revokeToken(fresh.slice(0, 10))).toBe(1);
  const refused = await t.gql(me, {}, fresh);
  expect(refused.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
});

test("introspection can be switched off", async () => {
  const r = await t.gql(`{ __schema { types { name } } }`);
  expect(r.errors?.[0].message).toMatch(/introspection/i);
});

test("pages follow cursors without gaps or repeats; a forged cursor is BAD_USER_INPUT", async () => {
  for (let i = 0; i < 7; i++) {
    await t.gql(`mutation($t: String!) { createDataset(input: {kind: MEASURED, technique: SAXS, title: $t}) { id } }`, { t: `page ${i}` }, token);
  }
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const r: { data?: { datasets: { edges: { node: { title: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } } = await t.gql(
      `query($a: String) { datasets(first: 3, after: $a, orderBy: TITLE_ASC) { edges { node { title } } pageInfo { hasNextPage endCursor } } }`,
      { a: after },
      token,
    );
    seen.push(...r.data!.datasets.edges.map((e) => e.node.title));
    if (!r.data!.datasets.pageInfo.hasNextPage) break;
    after = r.data!.datasets.pageInfo.endCursor;
  }
  expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `page ${i}`));
  const forged = await t.gql(`{ datasets(after: "not-a-cursor") { edges { cursor } } }`, {}, token);
  expect(forged.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  const tooMany = await t.gql(`{ datasets(first: 600) { edges { cursor } } }`, {}, token);
  expect(tooMany.errors?.[0].extensions?.field).toBe("first");
});

test("arbitrary intensities do not pretend to convert to absolute units; stored values never change", async () => {
  const created = await t.gql<{ createDataset: { id: string } }>(
    `mutation { createDataset(input: {kind: MEASURED, technique: SAXS, title: "arb"}) { id } }`,
    {},
    token,
  );
  const id = created.data!.createDataset.id;
  await t.gql(
    `mutation($id: ID!) { addCurves(datasetId: $id, curves: [{q: [1, 2], intensity: [5, 6], qUnit: INV_NM, intensityUnit: ARBITRARY}]) { id } }`,
    { id },
    token,
  );
  const r = await t.gql<{ curves: { edges: { node: { q: number[]; qA: number[]; i: number[] } }[] } }>(
    `query($id: ID!) { curves(datasetId: $id) { edges { node { q qA: q(unit: INV_ANGSTROM) i: intensity } } } }`,
    { id },
    token,
  );
  expect(r.data!.curves.edges[0].node).toEqual({ q: [1, 2], qA: [0.1, 0.2], i: [5, 6] });
  const bad = await t.gql(`query($id: ID!) { curves(datasetId: $id) { edges { node { intensity(unit: INV_CM) } } } }`, { id }, token);
  expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(bad.errors?.[0].message).toMatch(/arbitrary.*cannot be converted/);
});
