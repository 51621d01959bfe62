/**
 * Text imports through the API: the file keeps the name it was given (only its object key is
 * made safe), a file without any header still gets its import record, and the qRule argument
 * (STRICT by default, LENIENT as SasView) is honoured inline and by import jobs, the import record
 * listing each row LENIENT dropped.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startTestPlatform, type TestPlatform } from "../support/platform";

const MERGED = fs.readFileSync(path.join(__dirname, "..", "fixtures", "formats", "ascii", "merged-usaxs-saxs.dat"), "utf8");
let t: TestPlatform;
let token: string;

beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  token = await t.token("ascii-importer");
});
afterAll(async () => {
  await t?.close();
});

async function newDataset(title: string): Promise<string> {
  const r = await t.gql<{ createDataset: { id: string } }>(
    `mutation($t: String!) { createDataset(input: {kind: MEASURED, technique: SAXS, title: $t}) { id } }`,
    { t: title },
    token,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.createDataset.id;
}

interface ImportRecordView {
  filename: string;
  format: string;
  firstCurveIndex: number;
  curveCount: number;
  metadata: Record<string, unknown>;
}

async function importsOf(id: string): Promise<ImportRecordView[]> {
  const r = await t.gql<{ dataset: { metadata: { imports?: ImportRecordView[] } } }>(`query($id: ID!) { dataset(id: $id) { metadata } }`, { id }, token);
  expect(r.errors).toBeUndefined();
  return r.data!.dataset.metadata.imports ?? [];
}

const IMPORT = `mutation($id: ID!, $c: String!, $n: String, $r: QRule) {
  importCurves(datasetId: $id, format: ASCII, content: $c, filename: $n, qRule: $r) { curvesAdded file { filename url } } }`;

test("a headerless file keeps its given name and gets its import record; the object key is sanitised", async () => {
  const id = await newDataset("headerless");
  const r = await t.gql<{ importCurves: { curvesAdded: number; file: { filename: string } } }>(
    IMPORT,
    { id, c: "0.01 5\n0.02 4\n0.03 3\n", n: "run+12 Å (2).txt" },
    token,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data!.importCurves.file.filename).toBe("run+12 Å (2).txt");
  const [record] = await importsOf(id);
  expect(record).toMatchObject({ filename: "run+12 Å (2).txt", format: "ASCII", firstCurveIndex: 0, curveCount: 1, metadata: {} });
  const keys = await t.services.store.list(`datasets/${id}/raw/`);
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatch(/^datasets\/[0-9a-f-]+\/raw\/[0-9a-f-]+-run_12____2_\.txt$/);
});

test("the original of a file named in any script downloads under its name (RFC 6266 filename*)", async () => {
  const id = await newDataset("named");
  const r = await t.gql<{ importCurves: { file: { filename: string; url: string } } }>(IMPORT, { id, c: "0.01 5\n0.02 4\n", n: 'データ "1".txt' }, token);
  expect(r.errors).toBeUndefined();
  const res = await fetch(r.data!.importCurves.file.url);
  expect(res.status).toBe(200);
  expect(await res.text()).toBe("0.01 5\n0.02 4\n");
  expect(res.headers.get("content-disposition")).toBe(`attachment; filename="___ _1_.txt"; filename*=UTF-8''%E3%83%87%E3%83%BC%E3%82%BF%20%221%22.txt`);
});

test("STRICT is the default and refuses the merged file naming the row; LENIENT imports it and lists what it dropped", async () => {
  const id = await newDataset("merged USAXS+SAXS");
  const strict = await t.gql(IMPORT, { id, c: MERGED, n: "merged.dat" }, token);
  expect(strict.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(strict.errors?.[0].message).toMatch(/merged\.dat \(ASCII\): curves\[0\]\.q: row 1 is 0: q must be positive/);
  expect(await importsOf(id)).toEqual([]);

  const lenient = await t.gql<{ importCurves: { curvesAdded: number } }>(IMPORT, { id, c: MERGED, n: "merged.dat", r: "LENIENT" }, token);
  expect(lenient.errors).toBeUndefined();
  const [record] = await importsOf(id);
  expect(record.metadata.qRule).toMatchObject({ rule: "LENIENT", sorted: [0] });
  expect((record.metadata.qRule as { dropped: { row: string; reason: string }[] }).dropped.map((d) => `${d.row}: ${d.reason}`)).toEqual([
    "line 3: q is 0: not positive",
    "line 6: I is NaN",
    "line 10: q repeats line 8",
    "line 12: q is -0.007: not positive",
  ]);
  const curves = await t.gql<{ curves: { edges: { node: { q: number[] } }[] } }>(
    `query($id: ID!) { curves(datasetId: $id, first: 5) { edges { node { q } } } }`,
    { id },
    token,
  );
  expect(curves.data!.curves.edges[0].node.q).toEqual([0.0001, 0.0002, 0.0003, 0.004, 0.005, 0.006, 0.008]);
});

test("an import job carries qRule to the worker", async () => {
  const id = await newDataset("merged, as a job");
  const r = await t.gql<{ startImport: { id: string } }>(
    `mutation($id: ID!, $c: String!) { startImport(datasetId: $id, format: ASCII, content: $c, filename: "merged.dat", qRule: LENIENT) { id } }`,
    { id, c: MERGED },
    token,
  );
  expect(r.errors).toBeUndefined();
  const done = await t.services.jobs.waitFor(r.data!.startImport.id, 60_000);
  expect(done.error).toBeNull();
  const [record] = await importsOf(id);
  expect((record.metadata.qRule as { dropped: unknown[] }).dropped).toHaveLength(4);
});
