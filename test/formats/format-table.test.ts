/**
 * The format table (src/formats/registry.ts) is the one place a format is described: every format
 * that reads and writes round-trips, the GraphQL enums list exactly its names, and the content type
 * it declares is the one the stored object, the download link and the download route carry.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { GraphQLEnumType } from "graphql";
import { CURVE_EXPORT_FORMATS, EXPORT_FORMATS, FORMATS, IMPORT_FORMATS, exportDataset, findFormat, parseFile } from "../../src/formats";
import type { CurveRecord } from "../../src/formats/curve";
import { outputFormat } from "../../src/cli/commands/sweep";
import { buildGraphQLSchema } from "../../src/server/schema";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { exportOf, expectSameBits, fixture } from "./helpers";
import { writeNpy } from "../../src/formats/npy-writer";

const curve = (n: number, scale: number, withErrors: boolean): CurveRecord => {
  const q = Float64Array.from({ length: n }, (_, i) => 0.001 * (i + 1) * (1 + 1e-13));
  return {
    title: `curve ${scale}`,
    q,
    intensity: q.map((x) => scale / (1 + (x * 100) ** 2)),
    dI: withErrors ? q.map((x) => 0.03 * scale * x + 1e-300) : null,
    dQ: withErrors ? q.map((x) => x / 20) : null,
    qUnit: "INV_ANGSTROM",
    intensityUnit: "INV_CM",
  };
};

describe("the format table", () => {
  it("names each format once, with an extension and a content type", () => {
    const names = FORMATS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of FORMATS) {
      expect(f.extension).toMatch(/^[a-z0-9]+$/);
      // Text formats of a text/* type say their charset; the body is UTF-8.
      if (f.contentType.startsWith("text/")) expect(f.contentType).toMatch(/; charset=utf-8$/);
      expect("read" in f || "write" in f).toBe(true);
      expect(findFormat(f.name)).toBe(f);
    }
    expect(findFormat("NOT_A_FORMAT")).toBeUndefined();
  });

  const both = FORMATS.filter((f) => "read" in f && "write" in f).map((f) => f.name);
  it.each(both)("%s writes what it reads back bit for bit", async (name) => {
    const data = exportOf({ title: "round trip", curves: [curve(7, 1, true), curve(4, 250, false)], metadata: {} });
    const file = await exportDataset(name as never, data);
    const kind = findFormat(name)!;
    expect({ contentType: file.contentType, extension: file.extension }).toEqual({ contentType: kind.contentType, extension: kind.extension });
    // Units for formats whose files carry none (NPY); the others read their own.
    const back = await parseFile(name as never, kind.encoding === "binary" ? new Uint8Array(file.body) : file.body.toString("utf8"), {
      qUnit: "INV_ANGSTROM",
      intensityUnit: "INV_CM",
    });
    expect(back.curves).toHaveLength(2);
    back.curves.forEach((c, i) => {
      const sent = data.curves[i];
      expectSameBits(c.q, sent.q);
      expectSameBits(c.intensity, sent.intensity);
      expectSameBits(c.dI, sent.dI);
      expectSameBits(c.dQ, sent.dQ);
      expect({ qUnit: c.qUnit, intensityUnit: c.intensityUnit }).toEqual({ qUnit: sent.qUnit, intensityUnit: sent.intensityUnit });
    });
  });

  it("is what the GraphQL ImportFormat and ExportFormat enums list, in its order, with the readers' descriptions", async () => {
    const schema = await buildGraphQLSchema();
    const values = (type: string) =>
      (schema.getType(type) as GraphQLEnumType).getValues().map((v) => ({ name: v.name, value: v.value as unknown, description: v.description }));
    expect(values("ImportFormat")).toEqual(IMPORT_FORMATS.map((f) => ({ name: f.name, value: f.name, description: f.read.description })));
    expect(values("ExportFormat").map((v) => v.name)).toEqual(EXPORT_FORMATS.map((f) => f.name));
    expect(IMPORT_FORMATS.map((f) => f.name)).toEqual(["JSON", "NPY", "CANSAS_XML", "NXCANSAS", "ASCII"]);
    expect(EXPORT_FORMATS.map((f) => f.name)).toEqual(["CSV", "JSON", "NPY", "CANSAS_XML", "NXCANSAS", "SASVIEW_ZIP", "IMAGE_SET_ZIP"]);
    expect(CURVE_EXPORT_FORMATS.map((f) => f.name)).toEqual(["CSV", "JSON", "NPY", "CANSAS_XML", "NXCANSAS", "SASVIEW_ZIP"]);
  });

  it("is what `sasgraph sweep` picks its output format from (the formats that hold curves)", () => {
    for (const f of CURVE_EXPORT_FORMATS) {
      expect(outputFormat(undefined, `out/spheres.${f.extension}`)).toBe(f.name);
      expect(outputFormat(f.name.toLowerCase(), "spheres.bin")).toBe(f.name);
      expect(outputFormat(f.extension.toUpperCase(), "spheres")).toBe(f.name);
    }
    expect(() => outputFormat(undefined, "spheres.txt")).toThrow(/use --format/);
    expect(() => outputFormat("ascii", "spheres.csv")).toThrow(/--format must be one of csv, json, npy, cansas_xml, nxcansas, sasview_zip/);
  });
});

describe("a format's content type", () => {
  let t: TestPlatform;
  let token: string;
  let datasetId: string;
  beforeAll(async () => {
    t = await startTestPlatform({ workers: 1 });
    token = await t.token("formats", []);
    const r = await t.gql<{ createDataset: { id: string } }>(
      `mutation { createDataset(input: {kind: MEASURED, technique: SANS, title: "formats"}) { id } }`,
      {},
      token,
    );
    expect(r.errors).toBeUndefined();
    datasetId = r.data!.createDataset.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const rawOf = async (format: string): Promise<string[]> =>
    (
      await t.services.db.query<{ key: string }[]>(`SELECT key FROM data_files WHERE dataset_id = $1 AND role = 'RAW' AND format = $2`, [datasetId, format])
    ).map((r) => r.key);

  const served = async (url: string) => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    return res.headers.get("content-type");
  };

  const CONTENT: Record<string, () => string> = {
    JSON: () => JSON.stringify({ q: [0.01, 0.02], intensity: [[2, 1]] }),
    NPY: () => writeNpy(exportOf({ title: "npy", curves: [curve(3, 1, false)], metadata: {} })).toString("base64"),
    CANSAS_XML: () => fixture("sasview-cansas1d-v1_1.xml"),
    NXCANSAS: () => fs.readFileSync(path.join(__dirname, "..", "..", "examples", "run4471.h5")).toString("base64"),
    ASCII: () => fixture("sasview-save-as.txt"),
  };

  it("is the stored raw file's and its download's, for every import format (inline and uploaded)", async () => {
    expect(Object.keys(CONTENT)).toEqual(IMPORT_FORMATS.map((f) => f.name));
    for (const f of IMPORT_FORMATS) {
      const r = await t.gql<{ importCurves: { file: { format: string; url: string } } }>(
        `mutation($id: ID!, $f: ImportFormat!, $c: String!) { importCurves(datasetId: $id, format: $f, content: $c, qUnit: "1/A", intensityUnit: "1/cm") { file { format url } } }`,
        { id: datasetId, f: f.name, c: CONTENT[f.name]() },
        token,
      );
      expect(r.errors).toBeUndefined();
      const [key] = await rawOf(f.name);
      expect({ format: f.name, stored: await t.services.store.contentType(key), served: await served(r.data!.importCurves.file.url) }).toEqual({
        format: f.name,
        stored: f.contentType,
        served: f.contentType,
      });
    }

    // Through an upload link: the PUT stores the pending object with the format's type and the copy keeps it.
    const bytes = Buffer.from(fixture("sasview-save-as.txt"), "utf8");
    const created = await t.gql<{ createImportUpload: { id: string; uploadUrl: string } }>(
      `mutation($id: ID!, $n: Float!) { createImportUpload(datasetId: $id, format: ASCII, size: $n, qUnit: "1/A", intensityUnit: "1/cm") { id uploadUrl } }`,
      { id: datasetId, n: bytes.length },
      token,
    );
    expect(created.errors).toBeUndefined();
    const put = await fetch(created.data!.createImportUpload.uploadUrl, { method: "PUT", body: new Uint8Array(bytes) });
    expect(put.status).toBe(201);
    const before = await rawOf("ASCII");
    const started = await t.gql<{ completeImportUpload: { id: string } }>(
      `mutation($u: ID!) { completeImportUpload(uploadId: $u) { id } }`,
      { u: created.data!.createImportUpload.id },
      token,
    );
    expect(started.errors).toBeUndefined();
    const done = await t.services.jobs.waitFor(started.data!.completeImportUpload.id, 60_000);
    expect(done.error).toBeNull();
    const uploaded = (await rawOf("ASCII")).filter((k) => !before.includes(k));
    expect(uploaded).toHaveLength(1);
    expect(await t.services.store.contentType(uploaded[0])).toBe(findFormat("ASCII")!.contentType);
  });

  it("is the stored export's, the download link's and the download route's, for every curve export format", async () => {
    for (const f of CURVE_EXPORT_FORMATS) {
      const r = await t.gql<{ requestDownload: { url: string; filename: string } }>(
        `mutation($id: ID!, $f: ExportFormat!) { requestDownload(datasetId: $id, format: $f) { url filename } }`,
        { id: datasetId, f: f.name },
        token,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data!.requestDownload.filename.endsWith(`.${f.extension}`)).toBe(true);
      const keys = (await t.services.store.list(`datasets/${datasetId}/exports/`)).filter((k) => k.endsWith(`.${f.name.toLowerCase()}`));
      expect(keys).toHaveLength(1);
      expect({ format: f.name, stored: await t.services.store.contentType(keys[0]), served: await served(r.data!.requestDownload.url) }).toEqual({
        format: f.name,
        stored: f.contentType,
        served: f.contentType,
      });
    }
    // A format of detector images asked of a dataset of curves: the request's fault, said so.
    const images = await t.gql(`mutation($id: ID!) { requestDownload(datasetId: $id, format: IMAGE_SET_ZIP) { url } }`, { id: datasetId }, token);
    expect(images.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "format" });
  });
});
