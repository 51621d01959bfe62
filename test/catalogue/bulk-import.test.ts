/**
 * Bulk imports for training sets: sasgraph's own JSON and NPY exports import back bit for bit with
 * their parameters (JSON from the file, NPY from the `parameters` argument), a curve table (the
 * layout of the paper 000 MD curves) imports with its per-curve parameters, REDUCED q and
 * DIMENSIONLESS intensity; bad files are BAD_USER_INPUT naming the place and leave nothing.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";
import type { Curve } from "../../src/entities";

let t: TestPlatform;
let token: string;

beforeAll(async () => {
  t = await startTestPlatform();
  token = await t.token("trainer");
});
afterAll(async () => {
  await t?.close();
});

async function dataset(title = "bulk"): Promise<string> {
  const r = await t.gql<{ createDataset: { id: string } }>(
    `mutation($t: String!) { createDataset(input: {kind: SIMULATED, technique: SANS, title: $t}) { id } }`,
    { t: title },
    token,
  );
  return r.data!.createDataset.id;
}

/** Values no decimal printing at 15 digits keeps: a round trip must give these exact doubles back. */
const awkward = (k: number, n: number) => Array.from({ length: n }, (_, i) => Math.PI * (i + 1) * (1 + k / 3) + 2 ** -40 * i);
const SOURCE = [
  {
    q: awkward(0, 5).map((v) => v / 100),
    intensity: awkward(1, 5),
    dI: awkward(2, 5).map((v) => v / 10),
    dQ: awkward(3, 5).map((v) => v / 1000),
    qUnit: "INV_NM",
    intensityUnit: "INV_CM",
    title: "pinhole",
    parameters: { radius: 1 / 3, model: "sphere", nested: { a: [1, 2] } },
  },
  {
    q: awkward(4, 4).map((v) => v / 100),
    intensity: awkward(5, 4),
    dQl: awkward(6, 4).map((v) => v / 10),
    dQw: awkward(7, 4).map((v) => v / 1000),
    qUnit: "INV_ANGSTROM",
    intensityUnit: "ARBITRARY",
    parameters: { radius: 0.1 + 0.2 },
  },
  {
    q: [3, 3.1010101010101, 13],
    intensity: [0.1, 1e-300, 7e-5],
    columns: [{ name: "Qmean", unit: "reduced", values: [3.01, 3.11, 12.9] }],
    qUnit: "REDUCED",
    intensityUnit: "DIMENSIONLESS",
    parameters: { eta: 0.3, sigma: 0.1, distribution: "uniform" },
  },
];

const IMPORT = `mutation($id: ID!, $f: ImportFormat!, $c: String!, $q: String, $i: String, $p: [JSONObject!]) {
  importCurves(datasetId: $id, format: $f, content: $c, qUnit: $q, intensityUnit: $i, parameters: $p) { curvesAdded } }`;

async function download(id: string, format: string): Promise<Buffer> {
  const r = await t.gql<{ requestDownload: { url: string } }>(
    `mutation($id: ID!, $f: ExportFormat!) { requestDownload(datasetId: $id, format: $f) { url } }`,
    { id, f: format },
    token,
  );
  expect(r.errors).toBeUndefined();
  return Buffer.from(await (await fetch(r.data!.requestDownload.url)).arrayBuffer());
}

const bits = (v: number[] | null) => (v === null ? null : Buffer.from(Float64Array.from(v).buffer).toString("hex"));

function same(a: Curve, b: Curve, withMeta: boolean): void {
  expect(bits(b.q)).toBe(bits(a.q));
  expect(bits(b.intensity)).toBe(bits(a.intensity));
  expect(bits(b.dIntensity)).toBe(bits(a.dIntensity));
  expect(bits(b.dQ)).toBe(bits(a.dQ));
  expect(b.qUnit).toBe(a.qUnit);
  expect(b.intensityUnit).toBe(a.intensityUnit);
  expect(b.parameters).toEqual(a.parameters);
  if (withMeta) {
    expect(bits(b.dQl)).toBe(bits(a.dQl));
    expect(bits(b.dQw)).toBe(bits(a.dQw));
    expect(b.extraColumnNames).toEqual(a.extraColumnNames);
    expect(b.extraColumnUnits).toEqual(a.extraColumnUnits);
    expect(bits(b.extraColumnValues)).toBe(bits(a.extraColumnValues));
    expect(b.title).toBe(a.title);
  }
}

let source: string;
let original: Curve[];

beforeAll(async () => {
  source = await dataset("source");
  const r = await t.gql(`mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`, { id: source, c: SOURCE }, token);
  expect(r.errors).toBeUndefined();
  original = await t.services.curves.curvesOfDataset(source);
});

test("the JSON export imports back bit for bit: values, resolution, columns, units, titles and parameters", async () => {
  const file = await download(source, "JSON");
  const target = await dataset();
  const r = await t.gql<{ importCurves: { curvesAdded: number } }>(IMPORT, { id: target, f: "JSON", c: file.toString("utf8") }, token);
  expect(r.errors).toBeUndefined();
  expect(r.data!.importCurves.curvesAdded).toBe(3);
  const back = await t.services.curves.curvesOfDataset(target);
  back.forEach((c, i) => same(original[i], c, true));
});

test("the NPY export imports back bit for bit, with the units and parameters given beside it", async () => {
  // One NPY holds one unit for all its curves: export the two INV_ANGSTROM/INV_NM-free curves apart.
  const reduced = await dataset("reduced");
  await t.gql(
    `mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`,
    { id: reduced, c: [SOURCE[2], { ...SOURCE[2], q: [3, 4], intensity: [1, 2], dI: [0.1, Math.SQRT1_2], columns: undefined, parameters: { eta: 0.1 } }] },
    token,
  );
  const from = await t.services.curves.curvesOfDataset(reduced);
  const file = await download(reduced, "NPY");
  const target = await dataset();
  const r = await t.gql(
    IMPORT,
    { id: target, f: "NPY", c: file.toString("base64"), q: "REDUCED", i: "DIMENSIONLESS", p: from.map((c) => c.parameters) },
    token,
  );
  expect(r.errors).toBeUndefined();
  const back = await t.services.curves.curvesOfDataset(target);
  expect(back.map((c) => c.points)).toEqual([3, 2]); // NaN padding of the shorter curve dropped
  back.forEach((c, i) => same(from[i], c, false));
  expect(back[0].dIntensity).toBeNull(); // its dI column was NaN throughout
});

test("a curve table (the MD layout) imports with per-curve and shared parameters, REDUCED q and DIMENSIONLESS intensity", async () => {
  const table = {
    distribution: "lognormal",
    q: [3, 3.10101, 13],
    q_unit: "1/D0 (D0 = 1: mean diameter for uniform and normal, median for lognormal)",
    quantity: "log10 I(Q)",
    count: 2,
    eta: [0.306382, 0.069902],
    sigma: [0.297768, 0.297281],
    log10_I: [
      [-1.5, -2.25, -3.125],
      [0.5, -0.1, -4],
    ],
  };
  const target = await dataset();
  const r = await t.gql(IMPORT, { id: target, f: "JSON", c: JSON.stringify(table), i: "DIMENSIONLESS" }, token);
  expect(r.errors).toBeUndefined();
  const back = await t.services.curves.curvesOfDataset(target);
  expect(back).toHaveLength(2);
  expect(back[1]).toMatchObject({
    qUnit: "REDUCED",
    intensityUnit: "DIMENSIONLESS",
    parameters: { distribution: "lognormal", eta: 0.069902, sigma: 0.297281 },
  });
  expect(back[0].q).toEqual([3, 3.10101, 13]);
  expect(back[0].intensity).toEqual([10 ** -1.5, 10 ** -2.25, 10 ** -3.125]);
  expect(back[1].title).toBe("eta=0.069902 sigma=0.297281");
  const ds = await t.gql<{ dataset: { metadata: { imports: { metadata: Record<string, unknown> }[] } } }>(
    `query($id: ID!) { dataset(id: $id) { metadata } }`,
    { id: target },
    token,
  );
  expect(ds.data!.dataset.metadata.imports[0].metadata).toMatchObject({ layout: "curve table", quantity: "log10 I(Q)", count: 2 });
});

test.each([
  ["JSON", "[1, 2]", "content", /must be an object/],
  ["JSON", "{not json", "content", /not valid JSON/],
  ["JSON", JSON.stringify({ format: "sasgraph-dataset", version: 2, curves: [] }), "content.version", /version 2/],
  [
    "JSON",
    JSON.stringify({ format: "sasgraph-dataset", version: 1, curves: [{ q: [1, "x"], intensity: [1, 2], qUnit: "INV_NM", intensityUnit: "INV_CM" }] }),
    "content.curves[0].q[1]",
    /not a number/,
  ],
  ["JSON", JSON.stringify({ q: [1, 2], log10_I: [[1, 2], [1]] }), "content.log10_I[1]", /1 points but q has 2/],
  ["JSON", JSON.stringify({ q: [1, 2], log10_I: [[1, 2]], eta: [0.1, 0.2] }), "content.eta", /one per curve/],
  ["JSON", JSON.stringify({ q: [2, 1], intensity: [[1, 2]] }), undefined, /q/],
  ["NPY", Buffer.from("not numpy").toString("base64"), "content", /magic/],
])("a bad %s file is BAD_USER_INPUT naming where, and leaves nothing (%#)", async (format, content, field, message) => {
  const target = await dataset();
  const r = await t.gql(IMPORT, { id: target, f: format, c: content }, token);
  expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  if (field) expect(r.errors?.[0].extensions?.field).toBe(field);
  expect(r.errors?.[0].message).toMatch(message);
  expect(await t.services.curves.curvesOfDataset(target)).toEqual([]);
});

test("NPY: parameters must come one per curve; a truncated array is refused", async () => {
  const file = await download(source, "NPY");
  const target = await dataset();
  const wrong = await t.gql(IMPORT, { id: target, f: "NPY", c: file.toString("base64"), p: [{ a: 1 }] }, token);
  expect(wrong.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "parameters" });
  expect(wrong.errors?.[0].message).toMatch(/1 entries but the file holds 3 curves/);
  const cut = await t.gql(IMPORT, { id: target, f: "NPY", c: file.subarray(0, file.length - 8).toString("base64") }, token);
  expect(cut.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(cut.errors?.[0].message).toMatch(/needs \d+/);
  expect(await t.services.curves.curvesOfDataset(target)).toEqual([]);
});
