/**
 * The embedded object store answers only requests signed with its own key: anonymous reads and
 * writes, and requests signed with any other key (s3rver's well-known S3RVER/S3RVER included), get
 * 403 and touch nothing; the platform's signed client and presigned URLs work; the key is generated
 * once, kept 0600 beside the store, and survives a restart.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Client } from "minio";
import { embeddedS3Files, startEmbeddedS3, type EmbeddedS3Handle } from "../../src/storage/embedded-s3";
import { ObjectStore } from "../../src/storage/object-store";

const KEY = "exports/private-export.csv";
const PRIVATE = Buffer.from("q,I\n0.01,123.4\n# private rows of alice's dataset\n");

let dir: string;
let s3: EmbeddedS3Handle;
let store: ObjectStore;
let base: string;

function client(accessKey: string, secretKey: string): Client {
  return new Client({ endPoint: "127.0.0.1", port: s3.settings.port, useSSL: false, accessKey, secretKey, region: "us-east-1", pathStyle: true });
}

/** An object's bytes, read with the platform's signed client. */
async function read(key: string): Promise<string> {
  return (await store.getBuffer(key)).toString("utf8");
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-s3-auth-"));
  s3 = await startEmbeddedS3(dir);
  store = new ObjectStore(s3.settings, { embedded: true });
  await store.ensureBucket();
  await store.put(KEY, PRIVATE, "text/csv");
  base = `http://127.0.0.1:${s3.settings.port}/${s3.settings.bucket}`;
});
afterAll(async () => {
  await s3?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(embeddedS3Files(dir).credentials, { force: true });
});

describe("the embedded object store", () => {
  it("refuses an anonymous GET of an existing object with 403, without its bytes", async () => {
    const res = await fetch(`${base}/${KEY}`);
    const body = await res.text();
    expect(res.status).toBe(403);
    expect(body).toContain("<Code>AccessDenied</Code>");
    expect(body).not.toContain("private rows");
    expect((await fetch(`${base}/${KEY}`, { method: "HEAD" })).status).toBe(403);
    // Nor may anyone list the bucket's keys.
    const list = await fetch(`${base}?list-type=2`);
    expect(list.status).toBe(403);
    expect(await list.text()).not.toContain("private-export");
  });

  it("refuses unsigned writes and deletes, and the object stays as it was", async () => {
    const put = await fetch(`${base}/${KEY}`, { method: "PUT", body: "replaced by a stranger" });
    expect(put.status).toBe(403);
    const created = await fetch(`${base}/models/planted.onnx`, { method: "PUT", body: "not a model" });
    expect(created.status).toBe(403);
    expect((await fetch(`${base}/${KEY}`, { method: "DELETE" })).status).toBe(403);
    expect(await read(KEY)).toBe(PRIVATE.toString("utf8"));
    expect(await store.size("models/planted.onnx")).toBeUndefined();
  });

  it("refuses requests signed with another key, s3rver's default S3RVER/S3RVER among them", async () => {
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (err: { code?: string }) => err.code,
      );
    expect(await codeOf(client("S3RVER", "S3RVER").getObject(s3.settings.bucket, KEY))).toBe("InvalidAccessKeyId");
    expect(await codeOf(client(s3.settings.accessKey, "not-the-secret").getObject(s3.settings.bucket, KEY))).toBe("SignatureDoesNotMatch");
    expect(await codeOf(client(s3.settings.accessKey, "not-the-secret").putObject(s3.settings.bucket, KEY, Buffer.from("x")))).toBe("SignatureDoesNotMatch");
    expect(await read(KEY)).toBe(PRIVATE.toString("utf8"));
  });

  it("serves the platform's signed client: put, stream, copy, list, remove", async () => {
    await store.put("a/b c~d(1).txt", Buffer.from("hello"));
    const { Readable } = await import("node:stream");
    await store.putStream("s/streamed file.bin", Readable.from([Buffer.from("streamed ")]), 9);
    await store.copy("a/b c~d(1).txt", "copies/one");
    expect(await read("copies/one")).toBe("hello");
    expect(await read("s/streamed file.bin")).toBe("streamed ");
    expect(await store.list("a/")).toEqual(["a/b c~d(1).txt"]);
    await store.remove("copies/one");
    expect(await store.size("copies/one")).toBeUndefined();
  });

  it("honours presigned URLs made with its key, for what they were signed for only", async () => {
    const right = client(s3.settings.accessKey, s3.settings.secretKey);
    const get = await right.presignedGetObject(s3.settings.bucket, KEY, 60, { "response-content-disposition": 'attachment; filename="x.csv"' });
    const res = await fetch(get);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="x.csv"');
    expect(Buffer.from(await res.arrayBuffer()).equals(PRIVATE)).toBe(true);
    // The same signature on another key, or for a PUT, is refused.
    expect((await fetch(get.replace("private-export", "other-export"))).status).toBe(403);
    expect((await fetch(get, { method: "PUT", body: "x" })).status).toBe(403);
    // Signed with the wrong secret, or expired.
    expect((await fetch(await client(s3.settings.accessKey, "wrong").presignedGetObject(s3.settings.bucket, KEY, 60))).status).toBe(403);
    const old = await right.presignedGetObject(s3.settings.bucket, KEY, 60, {}, new Date(Date.now() - 120_000));
    expect((await fetch(old)).status).toBe(403);
    // A presigned PUT uploads.
    const put = await right.presignedPutObject(s3.settings.bucket, "uploads/presigned.bin", 60);
    expect((await fetch(put, { method: "PUT", body: "uploaded" })).status).toBe(200);
    expect(await read("uploads/presigned.bin")).toBe("uploaded");
  });

  it("keeps its key 0600 beside the store, and the same key after a restart", async () => {
    const file = embeddedS3Files(dir).credentials;
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ accessKey: s3.settings.accessKey, secretKey: s3.settings.secretKey });
    const link = await client(s3.settings.accessKey, s3.settings.secretKey).presignedGetObject(s3.settings.bucket, KEY, 600);
    const { port } = s3.settings;
    await s3.stop();
    s3 = await startEmbeddedS3(dir, "sasgraph", port);
    expect(s3.settings.secretKey).toBe(JSON.parse(fs.readFileSync(file, "utf8")).secretKey);
    expect((await fetch(link)).status).toBe(200);
    expect((await fetch(`${base}/${KEY}`)).status).toBe(403);
  });

  it("shares a running store with another process of the same home, with the key from the file", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-s3-share-"));
    const objects = path.join(home, "objects");
    const first = await startEmbeddedS3(objects);
    try {
      const second = await startEmbeddedS3(objects);
      expect(second.settings).toEqual(first.settings);
      const shared = new ObjectStore(second.settings, { embedded: true });
      await shared.ensureBucket();
      await shared.put("k", Buffer.from("v"));
      expect((await new ObjectStore(first.settings, { embedded: true }).getBuffer("k")).toString()).toBe("v");
    } finally {
      await first.stop();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
