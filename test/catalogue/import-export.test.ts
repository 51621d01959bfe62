/**
 * Files written by other SAS software import with every value intact; downloads reproduce them;
 * a failed import leaves no dataset change, curve, file record or object behind.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startTestPlatform, type TestPlatform } from "../support/platform";

const FIXTURES = path.join(__dirname, "..", "fixtures", "formats");
let t: TestPlatform;
let token: string;

interface CurveData {
  q: number[];
  intensity: number[];
  dI: number[] | null;
  dQ: number[] | null;
  qUnit: string;
  intensityUnit: string;
}

beforeAll(async () => {
  t = await startTestPlatform();
  token = await t.token("importer");
});
afterAll(async () => {
  await t?.close();
});

async function newDataset(title: string): Promise<string> {
  const r = await t.gql<{ createDataset: { id: string } }>(
    `mutation($t: String!) { createDataset(input: {kind: MEASURED, technique: SANS, title: $t}) { id } }`,
    { t: title },
    token,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.createDataset.id;
}

async function importFile(datasetId: string, format: string, content: string, extra: Record<string, unknown> = {}) {
  return t.gql<{ importCurves: { curvesAdded: number; file: { sha256: string; size: number } } }>(
    `mutation($id: ID!, $f: ImportFormat!, $c: String!, $q: String, $i: String) {
       importCurves(datasetId: $id, format: $f, content: $c, qUnit: $q, intensityUnit: $i) { curvesAdded file { sha256 size } } }`,
    { id: datasetId, f: format, c: content, q: extra.qUnit ?? null, i: extra.intensityUnit ?? null },
    token,
  );
}

async function curvesOf(datasetId: string): Promise<CurveData[]> {
  const r = await t.gql<{ curves: { edges: { node: CurveData }[] } }>(
    `query($id: ID!) { curves(datasetId: $id, first: 100) { edges { node { q intensity dI dQ qUnit intensityUnit } } } }`,
    { id: datasetId },
    token,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.curves.edges.map((e) => e.node);
}

async function download(datasetId: string, format: string): Promise<Buffer> {
  const r = await t.gql<{ requestDownload: { url: string; sha256: string; size: number } }>(
    `mutation($id: ID!, $f: ExportFormat!) { requestDownload(datasetId: $id, format: $f) { url sha256 size } }`,
    { id: datasetId, f: format },
    token,
  );
  expect(r.errors).toBeUndefined();
  const res = await fetch(r.data!.requestDownload.url);
  expect(res.status).toBe(200);
  const body = Buffer.from(await res.arrayBuffer());
  expect(body.length).toBe(r.data!.requestDownload.size);
  return body;
}

/** Values of <Q>, <I>, ... read straight from the XML text: an independent reading of the fixture. */
function xmlColumn(xml: string, tag: string): number[] {
  return [...xml.matchAll(new RegExp(`<${tag}[^>]*>([^<]+)</${tag}>`, "g"))].map((m) => Number(m[1]));
}

async function objectKeys(): Promise<string[]> {
  return t.services.store.list();
}

test("canSAS 1D XML from SasView imports every value exactly, and the CSV and CANSAS_XML downloads reproduce it", async () => {
  const xml = fs.readFileSync(path.join(FIXTURES, "sasview-cansas1d-v1_1.xml"), "utf8");
  const id = await newDataset("SasView canSAS import");
  const r = await importFile(id, "CANSAS_XML", xml);
  expect(r.errors).toBeUndefined();
  const [curve] = await curvesOf(id);
  const firstEntry = xml.slice(0, xml.indexOf("</SASdata>"));
  expect(curve.q).toEqual(xmlColumn(firstEntry, "Q"));
  expect(curve.intensity).toEqual(xmlColumn(firstEntry, "I"));
  expect(curve.dI).toEqual(xmlColumn(firstEntry, "Idev"));
  expect(curve.dQ).toEqual(xmlColumn(firstEntry, "Qdev"));
  expect(curve.qUnit).toBe("INV_ANGSTROM");
  expect(curve.intensityUnit).toBe("INV_CM");

  // CSV: a long table `curve,q,I,dI,dQ` after '#' comment lines; parse it independently.
  const csv = (await download(id, "CSV")).toString("utf8");
  expect(csv).toContain(id);
  const rows = csv.split("\n").filter((l) => l && !l.startsWith("#"));
  const header = rows[0].split(",");
  const data = rows.slice(1).map((l) => l.split(","));
  const col = (name: string) => data.filter((r) => r[header.indexOf("curve")] === "0").map((r) => Number(r[header.indexOf(name)]));
  expect(col("q")).toEqual(curve.q);
  expect(col("I")).toEqual(curve.intensity);
  expect(col("dI")).toEqual(curve.dI);
  expect(col("dQ")).toEqual(curve.dQ);

  // CANSAS_XML download → import into a new dataset → identical curves.
  const exported = (await download(id, "CANSAS_XML")).toString("utf8");
  expect(exported).toContain("urn:cansas1d:1.1");
  const again = await newDataset("re-import");
  expect((await importFile(again, "CANSAS_XML", exported)).errors).toBeUndefined();
  expect(await curvesOf(again)).toEqual(await curvesOf(id));
});

test("NXcanSAS (HDF5, base64) round-trips through the NXCANSAS download", async () => {
  const source = await newDataset("source");
  const xml = fs.readFileSync(path.join(FIXTURES, "mantid-cansas1d-v1_0.xml"), "utf8");
  expect((await importFile(source, "CANSAS_XML", xml)).errors).toBeUndefined();
  const h5 = await download(source, "NXCANSAS");
  expect(h5.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
  const target = await newDataset("from hdf5");
  const r = await importFile(target, "NXCANSAS", h5.toString("base64"));
  expect(r.errors).toBeUndefined();
  expect(await curvesOf(target)).toEqual(await curvesOf(source));
});

test("two files imported into one dataset keep their own metadata, and each curve exports under its own file's entry", async () => {
  const id = await newDataset("two instruments");
  const sasview = fs.readFileSync(path.join(FIXTURES, "sasview-cansas1d-v1_1.xml"), "utf8");
  const mantid = fs.readFileSync(path.join(FIXTURES, "mantid-cansas1d-v1_0.xml"), "utf8");
  const first = await importFile(id, "CANSAS_XML", sasview);
  const second = await importFile(id, "CANSAS_XML", mantid);
  expect(first.errors ?? second.errors).toBeUndefined();
  const n1 = first.data!.importCurves.curvesAdded;
  const n2 = second.data!.importCurves.curvesAdded;

  const meta = await t.gql<{ dataset: { metadata: { imports: { filename: string; firstCurveIndex: number; curveCount: number }[] } } }>(
    `query($id: ID!) { dataset(id: $id) { metadata } }`,
    { id },
    token,
  );
  expect(meta.errors).toBeUndefined();
  expect(meta.data!.dataset.metadata.imports.map((r) => [r.firstCurveIndex, r.curveCount])).toEqual([
    [0, n1],
    [n1, n2],
  ]);

  // Read the export back: each SASentry's title with the Q values of its SASdata.
  const exported = (await download(id, "CANSAS_XML")).toString("utf8");
  const entries = exported
    .split("<SASentry")
    .slice(1)
    .flatMap((e) => {
      const title = /<Title>([^<]*)<\/Title>/.exec(e)?.[1];
      return e
        .split("<SASdata")
        .slice(1)
        .map((block) => ({ title, q: xmlColumn(block.split("</SASdata>")[0], "Q") }));
    });
  const curves = await curvesOf(id);
  const titleOf = (q: number[]) => entries.find((e) => e.q.length === q.length && e.q.every((v, i) => v === q[i]))?.title;
  const titles = curves.map((c) => titleOf(c.q));
  expect(titles.slice(0, n1).every((title) => title?.startsWith("Silica spheres in D2O"))).toBe(true);
  expect(new Set(titles.slice(0, n1)).size).toBe(2); // the SasView file's two entries
  expect(titles.slice(n1)).toEqual(Array(n2).fill("Polymer blend 50/50 LOQ"));
});

test("ASCII as SasView and NIST write it, with units from the header or the caller", async () => {
  const id = await newDataset("ascii");
  const txt = fs.readFileSync(path.join(FIXTURES, "sasview-save-as.txt"), "utf8");
  const r = await importFile(id, "ASCII", txt, { qUnit: "1/nm", intensityUnit: "1/cm" });
  expect(r.errors).toBeUndefined();
  const [curve] = await curvesOf(id);
  const numeric = txt
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter((c) => c.length >= 2 && c.every(Number.isFinite));
  expect(curve.q).toEqual(numeric.map((c) => c[0]));
  expect(curve.intensity).toEqual(numeric.map((c) => c[1]));
  const abs = fs.readFileSync(path.join(FIXTURES, "nist-igor-reduced.ABS"), "utf8");
  expect((await importFile(id, "ASCII", abs)).errors).toBeUndefined();
  expect((await curvesOf(id)).length).toBe(2);
});

test("a file that is not what its format says is refused, naming the problem, and leaves nothing", async () => {
  const id = await newDataset("bad files");
  const before = (await objectKeys()).length;
  const cases: [string, string, RegExp, Record<string, unknown>?][] = [
    ["CANSAS_XML", "<html><body>not canSAS</body></html>", /canSAS|SASroot/i],
    ["CANSAS_XML", "<SASroot", /XML|canSAS|SASroot/i],
    ["NXCANSAS", Buffer.from("just text, not HDF5").toString("base64"), /HDF5/i],
    ["NXCANSAS", "%%% not base64 %%%", /base64/i],
    ["ASCII", "# only comments\n# nothing else\n", /numeric|no data|rows/i],
    ["ASCII", "0.01 1\n0.02 NaN\n", /NaN/],
    ["ASCII", "0.02 1\n0.01 2\n", /increase/],
    ["ASCII", "0.01 1\n0.02 2\n", /unit/i, { qUnit: "furlongs" }],
  ];
  for (const [format, content, pattern, extra] of cases) {
    const r = await importFile(id, format, content, extra);
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0].message).toMatch(pattern);
  }
  expect(await curvesOf(id)).toEqual([]);
  expect((await objectKeys()).length).toBe(before);
  const files = await t.services.db.query(`SELECT count(*)::int AS n FROM data_files WHERE dataset_id = $1`, [id]);
  expect(files[0].n).toBe(0);
});

test("object store down during an import: an UNAVAILABLE error and nothing written", async () => {
  const id = await newDataset("store outage");
  const xml = fs.readFileSync(path.join(FIXTURES, "sasview-cansas1d-v1_1.xml"), "utf8");
  await t.s3.stop();
  try {
    const r = await importFile(id, "CANSAS_XML", xml);
    expect(r.errors?.[0].extensions?.code).toBe("UNAVAILABLE");
  } finally {
    await t.restartStore();
  }
  expect(await curvesOf(id)).toEqual([]);
  const row = await t.services.db.query(`SELECT curve_count, byte_size FROM datasets WHERE id = $1`, [id]);
  expect(row[0]).toEqual({ curve_count: 0, byte_size: "0" });
});

test("database failure after the object was stored: the object is removed again", async () => {
  const id = await newDataset("db failure");
  const xml = fs.readFileSync(path.join(FIXTURES, "sasview-cansas1d-v1_1.xml"), "utf8");
  const before = await objectKeys();
  const curves = t.services.curves;
  const original = curves.appendInTransaction.bind(curves);
  const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
  // Fail after the first curve has been inserted inside the transaction.
  curves.appendInTransaction = async (tx, dataset, records) => {
    await original(tx, dataset, records.slice(0, 1));
    throw new Error("simulated database failure");
  };
  try {
    const r = await importFile(id, "CANSAS_XML", xml);
    expect(r.errors?.[0].extensions?.code).toBe("INTERNAL_SERVER_ERROR");
  } finally {
    curves.appendInTransaction = original;
    quiet.mockRestore();
  }
  expect(await curvesOf(id)).toEqual([]);
  expect((await objectKeys()).sort()).toEqual(before.sort());
});

test("bad curves in addCurves: each problem named, nothing stored", async () => {
  const id = await newDataset("bad curves");
  const add = (c: Record<string, unknown>[]) =>
    t.gql(`mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`, { id, c }, token);
  const good = { q: [0.01, 0.02], intensity: [2, 1] };
  const cases: [Record<string, unknown>[], string][] = [
    [[], "curves"],
    [[good, { q: [0.01, 0.02], intensity: [1] }], "curves[1].intensity"],
    [[{ q: [0.02, 0.01], intensity: [1, 2] }], "curves[0].q"],
    [[{ q: [-0.01, 0.02], intensity: [1, 2] }], "curves[0].q"],
    [[{ q: [0.01, 0.02], intensity: [1, 2], dI: [0.1, -0.1] }], "curves[0].dI"],
  ];
  for (const [curves, field] of cases) {
    const r = await add(curves);
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0].extensions?.field).toBe(field);
  }
  // NaN and Infinity cannot even be written in JSON: GraphQL rejects them as non-numbers.
  const nan = await t.gql(`mutation($id: ID!) { addCurves(datasetId: $id, curves: [{q: [0.01], intensity: [NaN]}]) { curveCount } }`, { id }, token);
  expect(nan.errors?.[0].message).toMatch(/NaN|Float/);
  const unit = await t.gql(
    `mutation($id: ID!) { addCurves(datasetId: $id, curves: [{q: [0.01], intensity: [1], qUnit: FURLONG}]) { curveCount } }`,
    { id },
    token,
  );
  expect(unit.errors?.[0].message).toMatch(/FURLONG/);
  expect(await curvesOf(id)).toEqual([]);
});
