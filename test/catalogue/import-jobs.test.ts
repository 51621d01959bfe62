/**
 * Imports as jobs: the file is stored at once and a worker imports it all or nothing; a bad file
 * fails the job with the parser's message and leaves no curve and no object.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startTestPlatform, type TestPlatform } from "../support/platform";

const XML = fs.readFileSync(path.join(__dirname, "..", "fixtures", "formats", "sasview-cansas1d-v1_1.xml"), "utf8");
let t: TestPlatform;
let token: string;
beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  token = await t.token("bulk");
});
afterAll(async () => {
  await t?.close();
});

async function dataset(): Promise<string> {
  const r = await t.gql<{ createDataset: { id: string } }>(
    `mutation { createDataset(input: {kind: MEASURED, technique: SANS, title: "bulk"}) { id } }`,
    {},
    token,
  );
  return r.data!.createDataset.id;
}

const START = `mutation($id: ID!, $c: String!) { startImport(datasetId: $id, format: CANSAS_XML, content: $c) { id state } }`;
const CURVES = `query($id: ID!) { curves(datasetId: $id) { edges { node { q intensity dI dQ } } } }`;

async function objectCount(): Promise<number> {
  return (await t.services.store.list()).length;
}

test("startImport returns a job; the imported curves equal those of the synchronous import", async () => {
  const [viaJob, direct] = [await dataset(), await dataset()];
  const started = await t.gql<{ startImport: { id: string; state: string } }>(START, { id: viaJob, c: XML }, token);
  expect(started.errors).toBeUndefined();
  expect(started.data!.startImport.state).toBe("QUEUED");
  const done = await t.services.jobs.waitFor(started.data!.startImport.id, 60_000);
  expect(done.state).toBe("SUCCEEDED");
  // One curve per <SASdata> block of the file.
  expect(done.result).toMatchObject({ curvesAdded: XML.match(/<SASdata[\s>]/g)!.length, datasetIds: [viaJob] });
  await t.gql(
    `mutation($id: ID!, $c: String!) { importCurves(datasetId: $id, format: CANSAS_XML, content: $c) { curvesAdded } }`,
    { id: direct, c: XML },
    token,
  );
  const a = await t.gql(CURVES, { id: viaJob }, token);
  const b = await t.gql(CURVES, { id: direct }, token);
  expect(a.data).toEqual(b.data);
});

test("a bad file fails the job with the parser's message and leaves nothing behind", async () => {
  const id = await dataset();
  const before = await objectCount();
  const started = await t.gql<{ startImport: { id: string } }>(START, { id, c: "<SASroot><nothing/></SASroot>" }, token);
  const done = await t.services.jobs.waitFor(started.data!.startImport.id, 60_000);
  expect(done.state).toBe("FAILED");
  expect(done.error).toMatch(/CANSAS_XML/);
  expect((await t.gql<{ curves: { edges: unknown[] } }>(CURVES, { id }, token)).data!.curves.edges).toEqual([]);
  expect(await objectCount()).toBe(before);
});

test("strangers cannot start imports into datasets they cannot see", async () => {
  const id = await dataset();
  const other = await t.token("stranger");
  const r = await t.gql(START, { id, c: XML }, other);
  expect(r.errors?.[0].extensions?.code).toBe("NOT_FOUND");
});
