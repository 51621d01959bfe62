/**
 * `PUT /uploads/:token` streams: the object store receives the first bytes of a file before the
 * client has sent the rest (a counting proxy sits in front of the store), the limit declared at
 * createModelVersion holds for bodies without a length, and a refused or broken upload leaves no
 * object behind.
 */
import * as http from "node:http";
import * as net from "node:net";
import { randomBytes } from "node:crypto";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { CREATE_VERSION, regressionCard, sha256 } from "./helpers";

/** A TCP proxy to the object store that counts the bytes sent to it. */
class CountingProxy {
  upstreamBytes = 0;
  target = 0;
  private readonly server = net.createServer((client) => {
    const upstream = net.connect(this.target, "127.0.0.1");
    client.on("data", (chunk: Buffer) => (this.upstreamBytes += chunk.length));
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const proxy = new CountingProxy();
let t: TestPlatform;
let alice: string;

beforeAll(async () => {
  const proxyPort = await proxy.listen();
  t = await startTestPlatform({
    objectStoreEndpoint: async (port) => {
      proxy.target = port;
      return `http://127.0.0.1:${proxyPort}`;
    },
  });
  alice = await t.token("alice");
  const m = await t.gql(`mutation { createModel(input: {name: "stream-net", task: REGRESSION}) { id } }`, {}, alice);
  expect(m.errors).toBeUndefined();
});
afterAll(async () => {
  await t?.close();
  await proxy.close();
});

async function newVersion(): Promise<{ id: string; uploadUrl: string; key: string; maxBytes: number }> {
  const r = await t.gql<{ createModelVersion: { version: { id: string }; uploadUrl: string; maxBytes: number } }>(
    CREATE_VERSION,
    { m: "stream-net", c: regressionCard() },
    alice,
  );
  expect(r.errors).toBeUndefined();
  const { version, uploadUrl, maxBytes } = r.data!.createModelVersion;
  const row: { key: string }[] = await t.services.db.query(`SELECT key FROM model_versions WHERE id = $1`, [version.id]);
  return { id: version.id, uploadUrl, key: row[0].key, maxBytes };
}

interface PutAnswer {
  status: number;
  body: { size?: number; sha256?: string; code?: string; error?: string };
}

/** A PUT whose body the test writes piece by piece; without `length` it goes chunked. */
function startPut(url: string, length?: number) {
  const req = http.request(url, { method: "PUT", headers: length === undefined ? {} : { "content-length": String(length) } });
  const answer = new Promise<PutAnswer>((resolve, reject) => {
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as PutAnswer["body"] }));
    });
    req.on("error", reject);
  });
  const write = (chunk: Buffer) => new Promise<void>((resolve) => (req.write(chunk) ? resolve() : req.once("drain", () => resolve())));
  return { req, answer, write };
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** The registry's limit, for versions created from now on (signed into their upload tokens). */
function setLimit(bytes: number): void {
  (t.services.trainedModels.registry.options as { maxArtifactBytes: number }).maxArtifactBytes = bytes;
}

test("the first bytes reach the object store before the client has sent the rest", async () => {
  setLimit(256 * 1024 * 1024);
  const v = await newVersion();
  const file = randomBytes(6 * 1024 * 1024);
  const half = 3 * 1024 * 1024;
  const put = startPut(v.uploadUrl, file.length);
  const before = proxy.upstreamBytes;
  for (let at = 0; at < half; at += 64 * 1024) await put.write(file.subarray(at, at + 64 * 1024));
  // A buffering route (or minio's putObject, which reads up to a part into memory) sends nothing yet.
  const streamed = await waitFor(() => proxy.upstreamBytes - before >= 1024 * 1024, 15_000);
  for (let at = half; at < file.length; at += 64 * 1024) await put.write(file.subarray(at, at + 64 * 1024));
  put.req.end();
  const answer = await put.answer;
  expect(streamed).toBe(true);
  expect(answer).toEqual({ status: 201, body: { size: file.length, sha256: sha256(file), versionId: v.id } });
  expect((await t.services.store.getBuffer(v.key)).equals(file)).toBe(true);
});

test("a body without a length is held to the limit while it streams: 413, and no object", async () => {
  setLimit(256 * 1024);
  const v = await newVersion();
  expect(v.maxBytes).toBe(256 * 1024);
  const put = startPut(v.uploadUrl);
  // Far more than the limit: the answer comes once the limit is passed, not at the end.
  const sending = (async () => {
    for (let i = 0; i < 64 && !put.req.destroyed; i++) await Promise.race([put.write(randomBytes(64 * 1024)), put.answer]);
    put.req.end();
  })().catch(() => undefined);
  const answer = await put.answer;
  await sending;
  expect(answer.status).toBe(413);
  expect(answer.body.code).toBe("PAYLOAD_TOO_LARGE");
  expect(await t.services.store.size(v.key)).toBeUndefined();
  const state: { state: string }[] = await t.services.db.query(`SELECT state FROM model_versions WHERE id = $1`, [v.id]);
  expect(state[0].state).toBe("PENDING_UPLOAD");

  // Within the limit, the same chunked upload is stored whole.
  const file = randomBytes(200 * 1024);
  const ok = startPut(v.uploadUrl);
  for (let at = 0; at < file.length; at += 50 * 1024) await ok.write(file.subarray(at, at + 50 * 1024));
  ok.req.end();
  expect(await ok.answer).toEqual({ status: 201, body: { size: file.length, sha256: sha256(file), versionId: v.id } });
  expect((await t.services.store.getBuffer(v.key)).equals(file)).toBe(true);
});

test("a declared length over the limit is refused before any byte is stored", async () => {
  setLimit(256 * 1024);
  const v = await newVersion();
  const res = await fetch(v.uploadUrl, { method: "PUT", body: new Uint8Array(300 * 1024) });
  expect(res.status).toBe(413);
  expect(((await res.json()) as { code: string }).code).toBe("PAYLOAD_TOO_LARGE");
  expect(await t.services.store.size(v.key)).toBeUndefined();
});

test("a client that goes away mid-upload leaves no object", async () => {
  setLimit(256 * 1024 * 1024);
  const v = await newVersion();
  const put = startPut(v.uploadUrl, 4 * 1024 * 1024);
  put.answer.catch(() => undefined);
  const before = proxy.upstreamBytes;
  await put.write(randomBytes(2 * 1024 * 1024));
  expect(await waitFor(() => proxy.upstreamBytes - before >= 1024 * 1024, 15_000)).toBe(true);
  put.req.destroy();
  // The server notices, stops the store's PUT and removes whatever part of the object it wrote.
  expect(await waitFor(async () => (await t.services.store.list(v.key)).length === 0, 10_000)).toBe(true);
  expect(await t.services.store.size(v.key)).toBeUndefined();
});
