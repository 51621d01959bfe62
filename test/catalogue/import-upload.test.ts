/**
 * Imports through upload links: files over SASGRAPH_MAX_PAYLOAD_BYTES go by createImportUpload, a
 * PUT of the bytes and completeImportUpload, and land curve for curve as importCurves lands a small
 * file. Declarations that do not match the upload, strangers, over-size bodies and bad files leave no
 * curve, no file record and no object; abandoned uploads are swept.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { PENDING_UPLOAD_GRACE_SECONDS } from "../../src/services/uploads/pending-upload-sweep";
import { ConfigError, loadConfig } from "../../src/platform/config";

const PAYLOAD_LIMIT = 16 * 1024;
const IMPORT_LIMIT = 1024 * 1024;
const XML = fs.readFileSync(path.join(__dirname, "..", "fixtures", "formats", "sasview-cansas1d-v1_1.xml"), "utf8");
const ENTRIES = XML.match(/<SASentry[\s\S]*?<\/SASentry>/g)!;
const COPIES = 12;
/** The fixture with its entries repeated: well over the request limit, the same curves over and over. */
const BIG = Buffer.from(XML.replace(/<SASentry[\s\S]*<\/SASentry>/, Array.from({ length: COPIES }, () => ENTRIES.join("\n  ")).join("\n  ")), "utf8");

let t: TestPlatform;
let alice: string;

beforeAll(async () => {
  t = await startTestPlatform({ workers: 1, env: { SASGRAPH_MAX_PAYLOAD_BYTES: String(PAYLOAD_LIMIT), SASGRAPH_MAX_IMPORT_BYTES: String(IMPORT_LIMIT) } });
  alice = await t.token("alice", ["physics"]);
});
afterAll(async () => {
  await t?.close();
});

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

const CREATE = `mutation($id: ID!, $f: ImportFormat!, $n: Float!, $s: String, $name: String) {
  createImportUpload(datasetId: $id, format: $f, size: $n, sha256: $s, filename: $name) { id datasetId filename size uploadUrl presignedUrl expiresAt maxBytes } }`;
const COMPLETE = `mutation($u: ID!) { completeImportUpload(uploadId: $u) { id state queue } }`;
const CURVES = `query($id: ID!) { curves(datasetId: $id, first: 100) { edges { node { title q intensity dI dQ qUnit intensityUnit parameters } } } }`;

interface Link {
  id: string;
  uploadUrl: string;
  maxBytes: number;
  size: number;
  filename: string;
}

async function dataset(token = alice, accessGroups: string[] = []): Promise<string> {
  const r = await t.gql<{ createDataset: { id: string } }>(
    `mutation($g: [String!]) { createDataset(input: {kind: MEASURED, technique: SANS, title: "uploads", accessGroups: $g}) { id } }`,
    { g: accessGroups },
    token,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.createDataset.id;
}

async function createUpload(datasetId: string, size: number, extra: { sha256?: string; format?: string; token?: string } = {}) {
  return t.gql<{ createImportUpload: Link }>(
    CREATE,
    { id: datasetId, f: extra.format ?? "CANSAS_XML", n: size, s: extra.sha256 ?? null, name: "run 4471.xml" },
    extra.token ?? alice,
  );
}

async function link(datasetId: string, bytes: Buffer, sha?: string): Promise<Link> {
  const r = await createUpload(datasetId, bytes.length, { sha256: sha ?? sha256(bytes) });
  expect(r.errors).toBeUndefined();
  return r.data!.createImportUpload;
}

async function put(url: string, bytes: Buffer): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { method: "PUT", body: new Uint8Array(bytes) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A PUT without Content-Length (chunked), of `total` bytes in 16 KiB pieces, stopping early if answered. */
function putChunked(url: string, total: number): Promise<{ status: number; code?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "PUT" });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, code: (JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { code?: string }).code }),
      );
    });
    req.on("error", (err) => (answered ? undefined : reject(err)));
    void (async () => {
      for (let sent = 0; sent < total && !answered && !req.destroyed; sent += 16 * 1024) {
        if (!req.write(Buffer.alloc(16 * 1024, 65))) await new Promise((r) => req.once("drain", r));
      }
      req.end();
    })();
  });
}

async function curves(datasetId: string) {
  const r = await t.gql<{ curves: { edges: { node: Record<string, unknown> }[] } }>(CURVES, { id: datasetId }, alice);
  expect(r.errors).toBeUndefined();
  return r.data!.curves.edges.map((e) => e.node);
}

async function objects(prefix = ""): Promise<string[]> {
  return (await t.services.store.list(prefix)).sort();
}

async function uploadRow(id: string): Promise<{ state: string; key: string } | undefined> {
  const rows: { state: string; key: string }[] = await t.services.db.query(`SELECT state, key FROM import_uploads WHERE id = $1`, [id]);
  return rows[0];
}

async function fileRows(datasetId: string): Promise<{ key: string; size: string; sha256: string }[]> {
  return t.services.db.query(`SELECT key, size, sha256 FROM data_files WHERE dataset_id = $1`, [datasetId]);
}

/** Nothing of an import into `datasetId` exists: no curve, no file record, no object of it or of its upload. */
async function expectNothingImported(datasetId: string, objectsBefore: string[]): Promise<void> {
  expect(await curves(datasetId)).toEqual([]);
  expect(await fileRows(datasetId)).toEqual([]);
  expect(await objects()).toEqual(objectsBefore);
}

test("a file over SASGRAPH_MAX_PAYLOAD_BYTES imports through an upload link, curve for curve as importCurves imports the small file", async () => {
  expect(BIG.length).toBeGreaterThan(PAYLOAD_LIMIT);
  const [big, small] = [await dataset(), await dataset()];

  // Too big for the request path.
  const direct = await t.gql(
    `mutation($id: ID!, $c: String!) { importCurves(datasetId: $id, format: CANSAS_XML, content: $c) { curvesAdded } }`,
    { id: big, c: BIG.toString("utf8") },
    alice,
  );
  expect(direct.status).toBe(413);
  expect(direct.errors?.[0].extensions?.code).toBe("PAYLOAD_TOO_LARGE");

  const l = await link(big, BIG);
  expect(l).toMatchObject({ size: BIG.length, maxBytes: BIG.length, filename: "run 4471.xml" });
  expect(l.uploadUrl).toMatch(new RegExp(`^${t.url}/uploads/`));
  const stored = await put(l.uploadUrl, BIG);
  expect(stored).toEqual({ status: 201, body: { size: BIG.length, sha256: sha256(BIG), uploadId: l.id } });

  const smallImport = await t.gql<{ importCurves: { curvesAdded: number } }>(
    `mutation($id: ID!, $c: String!) { importCurves(datasetId: $id, format: CANSAS_XML, content: $c) { curvesAdded } }`,
    { id: small, c: XML },
    alice,
  );
  expect(smallImport.errors).toBeUndefined();
  const expected = await curves(small);
  expect(expected.length).toBeGreaterThanOrEqual(ENTRIES.length);

  const started = await t.gql<{ completeImportUpload: { id: string; state: string; queue: string } }>(COMPLETE, { u: l.id }, alice);
  expect(started.errors).toBeUndefined();
  expect(started.data!.completeImportUpload).toMatchObject({ state: "QUEUED", queue: "import-file" });
  const done = await t.services.jobs.waitFor(started.data!.completeImportUpload.id, 60_000);
  expect(done.error).toBeNull();
  expect(done.state).toBe("SUCCEEDED");
  expect(done.result).toMatchObject({ curvesAdded: COPIES * expected.length, datasetIds: [big] });
  const got = await curves(big);
  expect(got).toHaveLength(COPIES * expected.length);
  got.forEach((curve, i) => {
    // The same values and units; only the entry number counts on through the copies.
    const e = expected[i % expected.length];
    const copy = Math.floor(i / expected.length);
    const parameters = e.parameters as { entry: number };
    expect(curve).toEqual({ ...e, parameters: { ...parameters, entry: parameters.entry + copy * ENTRIES.length } });
  });

  // One raw file, the bytes sent, under the dataset; nothing left at the upload's key.
  const files = await fileRows(big);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatchObject({ size: String(BIG.length), sha256: sha256(BIG) });
  expect(files[0].key).toMatch(new RegExp(`^datasets/${big}/raw/`));
  expect((await t.services.store.getBuffer(files[0].key)).equals(BIG)).toBe(true);
  expect(await objects("uploads/")).toEqual([]);
  expect((await uploadRow(l.id))!.state).toBe("STARTED");

  // An upload imports once.
  const again = await t.gql(COMPLETE, { u: l.id }, alice);
  expect(again.errors?.[0].extensions?.code).toBe("CONFLICT");
  expect((await put(l.uploadUrl, BIG)).status).toBe(409);
});

test("a wrong sha256 is refused: the upload is discarded and nothing is imported", async () => {
  const id = await dataset();
  const before = await objects();
  const l = await link(id, BIG, sha256(Buffer.from("something else")));
  expect((await put(l.uploadUrl, BIG)).status).toBe(201);
  const r = await t.gql(COMPLETE, { u: l.id }, alice);
  expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "sha256" });
  expect(r.errors?.[0].message).toMatch(/sha256 mismatch/);
  expect(await uploadRow(l.id)).toBeUndefined();
  await expectNothingImported(id, before);
  expect((await t.gql(COMPLETE, { u: l.id }, alice)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
});

test("a size mismatch is refused; completing before any PUT keeps the upload for one", async () => {
  const id = await dataset();
  const before = await objects();
  const l = await link(id, BIG);
  const early = await t.gql(COMPLETE, { u: l.id }, alice);
  expect(early.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "uploadId" });
  expect((await uploadRow(l.id))!.state).toBe("PENDING");

  const short = BIG.subarray(0, BIG.length - 100);
  expect((await put(l.uploadUrl, short)).status).toBe(201);
  const r = await t.gql(COMPLETE, { u: l.id }, alice);
  expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "size" });
  expect(await uploadRow(l.id)).toBeUndefined();
  await expectNothingImported(id, before);
});

test("someone else's private dataset is NOT_FOUND, a reader's FORBIDDEN, and no upload or object is made", async () => {
  const stranger = await t.token("mallory");
  const reader = await t.token("bob", ["chemistry"]);
  const id = await dataset(alice, ["chemistry"]);
  const before = await objects();
  const rows = async () => Number((await t.services.db.query(`SELECT count(*) AS n FROM import_uploads`))[0].n);
  const n = await rows();

  const byStranger = await createUpload(id, BIG.length, { token: stranger });
  expect(byStranger.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  const byReader = await createUpload(id, BIG.length, { token: reader });
  expect(byReader.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  const anonymous = await t.gql(CREATE, { id, f: "CANSAS_XML", n: BIG.length, s: null, name: null });
  expect(anonymous.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  expect(await rows()).toBe(n);

  // Alice's upload is hers alone to complete.
  const l = await link(id, BIG);
  expect((await put(l.uploadUrl, BIG)).status).toBe(201);
  expect((await t.gql(COMPLETE, { u: l.id }, stranger)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
  expect((await t.gql(COMPLETE, { u: l.id }, reader)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
  expect((await uploadRow(l.id))!.state).toBe("PENDING");
  expect(await objects()).toEqual([...before, `uploads/imports/${l.id}`].sort());
  await t.services.store.removeQuietly([`uploads/imports/${l.id}`]);
});

test("sizes over the limits: createImportUpload refuses them, and a PUT over the declared size is 413 with no object", async () => {
  const id = await dataset();
  const big = await createUpload(id, IMPORT_LIMIT + 1);
  expect(big.errors?.[0].extensions).toMatchObject({ code: "PAYLOAD_TOO_LARGE", field: "size" });
  // 1e20 is whole but beyond any limit: the answer is "too large", not "not an integer".
  expect((await createUpload(id, 1e20)).errors?.[0].extensions).toMatchObject({ code: "PAYLOAD_TOO_LARGE", field: "size" });
  expect((await createUpload(id, 0)).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "size" });
  expect((await createUpload(id, 1.5)).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "size" });
  expect((await createUpload(id, 10, { sha256: "abc" })).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "sha256" });

  const before = await objects();
  const l = await link(id, BIG);
  const over = Buffer.concat([BIG, Buffer.alloc(1000, 32)]);
  const declared = await put(l.uploadUrl, over);
  expect(declared.status).toBe(413);
  expect(declared.body.code).toBe("PAYLOAD_TOO_LARGE");
  const chunked = await putChunked(l.uploadUrl, 8 * BIG.length);
  expect(chunked).toEqual({ status: 413, code: "PAYLOAD_TOO_LARGE" });
  expect(await t.services.store.size(`uploads/imports/${l.id}`)).toBeUndefined();
  expect(await objects()).toEqual(before);
  // The upload is still there for a body of the declared size.
  expect((await put(l.uploadUrl, BIG)).status).toBe(201);
  await t.services.store.removeQuietly([`uploads/imports/${l.id}`]);
});

test("a bad file fails the job with the parser's message and leaves no curve, no file record and no object", async () => {
  const id = await dataset();
  const before = await objects();
  const bad = Buffer.from(`<SASroot><nothing>${" ".repeat(PAYLOAD_LIMIT)}</nothing></SASroot>`);
  const l = await link(id, bad);
  expect((await put(l.uploadUrl, bad)).status).toBe(201);
  const started = await t.gql<{ completeImportUpload: { id: string } }>(COMPLETE, { u: l.id }, alice);
  expect(started.errors).toBeUndefined();
  const done = await t.services.jobs.waitFor(started.data!.completeImportUpload.id, 60_000);
  expect(done.state).toBe("FAILED");
  expect(done.error).toMatch(/CANSAS_XML/);
  await expectNothingImported(id, before);
});

test("a file replaced after completion is caught by the worker's sha256 check", async () => {
  const id = await dataset();
  const before = await objects();
  const l = await link(id, BIG);
  expect((await put(l.uploadUrl, BIG)).status).toBe(201);
  // As if a presigned PUT had replaced the bytes after the route counted them.
  const other = Buffer.from(BIG.toString("utf8").replace("silica_run4471", "silica_run9999"));
  expect(other.length).toBe(BIG.length);
  await t.services.store.put(`uploads/imports/${l.id}`, other);
  await t.services.db.query(`UPDATE import_uploads SET received_size = NULL, received_sha256 = NULL WHERE id = $1`, [l.id]);
  const started = await t.gql<{ completeImportUpload: { id: string } }>(COMPLETE, { u: l.id }, alice);
  expect(started.errors).toBeUndefined();
  const done = await t.services.jobs.waitFor(started.data!.completeImportUpload.id, 60_000);
  expect(done.state).toBe("FAILED");
  expect(done.error).toMatch(/sha256 mismatch/);
  await expectNothingImported(id, before);
});

test("abandoned import uploads are swept with their files, by the sweep and by its scheduled queue", async () => {
  const id = await dataset();
  const before = await objects();
  const abandoned = await link(id, BIG);
  const empty = await link(id, BIG);
  const fresh = await link(id, BIG);
  const inGrace = await link(id, BIG);
  for (const l of [abandoned, fresh, inGrace]) expect((await put(l.uploadUrl, BIG)).status).toBe(201);
  const expire = (l: Link, secondsAgo: number) =>
    t.services.db.query(`UPDATE import_uploads SET upload_expires_at = now() - make_interval(secs => $2) WHERE id = $1`, [l.id, secondsAgo]);
  await expire(abandoned, PENDING_UPLOAD_GRACE_SECONDS + 60);
  await expire(empty, PENDING_UPLOAD_GRACE_SECONDS + 60);
  await expire(inGrace, PENDING_UPLOAD_GRACE_SECONDS - 120);

  const removed = await t.services.importUploads.sweepExpiredUploads();
  expect(removed.sort()).toEqual([abandoned.id, empty.id].sort());
  expect(await uploadRow(abandoned.id)).toBeUndefined();
  expect(await t.services.store.size(`uploads/imports/${abandoned.id}`)).toBeUndefined();
  expect((await uploadRow(fresh.id))!.state).toBe("PENDING");
  expect((await uploadRow(inGrace.id))!.state).toBe("PENDING");
  // The link of a swept upload leads nowhere, and completing it is NOT_FOUND.
  expect((await put(abandoned.uploadUrl, BIG)).status).toBe(404);
  expect((await t.gql(COMPLETE, { u: abandoned.id }, alice)).errors?.[0].extensions?.code).toBe("NOT_FOUND");

  // What the cron does: a job on the sweep's queue, run by the worker.
  await expire(fresh, PENDING_UPLOAD_GRACE_SECONDS + 60);
  const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    await t.services.jobs.boss.send("registry.sweep-pending-uploads", {});
    const deadline = Date.now() + 20_000;
    while ((await uploadRow(fresh.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  } finally {
    log.mockRestore();
  }
  expect(await uploadRow(fresh.id)).toBeUndefined();
  expect(await t.services.store.size(`uploads/imports/${fresh.id}`)).toBeUndefined();
  await expire(inGrace, PENDING_UPLOAD_GRACE_SECONDS + 60);
  expect(await t.services.importUploads.sweepExpiredUploads()).toEqual([inGrace.id]);
  expect(await objects()).toEqual(before);
});

test("SASGRAPH_MAX_IMPORT_BYTES defaults to 2 GiB and stays within what a worker can hold", () => {
  expect(loadConfig({}).maxImportBytes).toBe(2 * 1024 ** 3);
  expect(loadConfig({ SASGRAPH_MAX_IMPORT_BYTES: "1048576" }).maxImportBytes).toBe(1048576);
  expect(() => loadConfig({ SASGRAPH_MAX_IMPORT_BYTES: String(5 * 1024 ** 3) })).toThrow(ConfigError);
  expect(() => loadConfig({ SASGRAPH_MAX_IMPORT_BYTES: "lots" })).toThrow(ConfigError);
});

test("an upload link takes the q rule as importCurves does: STRICT refuses a negative-q row, LENIENT drops it and says so", async () => {
  const text = Buffer.from(["# q I dI", "-0.001 9.0 0.1", "0.01 5.0 0.1", "0.02 4.0 0.1", "0.03 3.0 0.1", ""].join("\n"), "utf8");
  const send = async (qRule: string) => {
    const id = await dataset();
    const r = await t.gql<{ createImportUpload: Link }>(
      `mutation($id: ID!, $n: Float!, $rule: QRule!) { createImportUpload(datasetId: $id, format: ASCII, size: $n, filename: "edge.dat", qRule: $rule) { id uploadUrl } }`,
      { id, n: text.length, rule: qRule },
      alice,
    );
    expect(r.errors).toBeUndefined();
    const l = r.data!.createImportUpload;
    expect((await put(l.uploadUrl, text)).status).toBe(201);
    const started = await t.gql<{ completeImportUpload: { id: string } }>(COMPLETE, { u: l.id }, alice);
    expect(started.errors).toBeUndefined();
    return { id, done: await t.services.jobs.waitFor(started.data!.completeImportUpload.id, 60_000) };
  };
  const strict = await send("STRICT");
  expect(strict.done.state).toBe("FAILED");
  expect(strict.done.error).toMatch(/q/);
  expect(await curves(strict.id)).toEqual([]);

  const lenient = await send("LENIENT");
  expect(lenient.done.error).toBeNull();
  expect(lenient.done.state).toBe("SUCCEEDED");
  const [curve] = await curves(lenient.id);
  expect(curve.q).toEqual([0.01, 0.02, 0.03]);
  expect(curve.intensity).toEqual([5, 4, 3]);
  const meta = await t.gql<{ dataset: { metadata: { imports: { metadata: { qRule: { rule: string; dropped: unknown[] } } }[] } } }>(
    `query($id: ID!) { dataset(id: $id) { metadata } }`,
    { id: lenient.id },
    alice,
  );
  expect(meta.errors).toBeUndefined();
  const record = meta.data!.dataset.metadata.imports[0].metadata.qRule;
  expect(record.rule).toBe("LENIENT");
  expect(record.dropped).toHaveLength(1);
});
