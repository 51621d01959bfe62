/**
 * Object storage for files (raw imports, exports, model artifacts) through the MinIO client: the
 * embedded s3rver in the default set-up, MinIO or any S3 in production.
 */
import { createHash } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import type { Readable } from "node:stream";
import { Client } from "minio";
import type { S3Settings } from "../platform/config";
import { contentDisposition } from "./content-disposition";

export interface StoredObject {
  bucket: string;
  key: string;
  size: number;
  sha256: string;
}

export class ObjectStore {
  private readonly client: Client;
  /** Signs links with the host clients use (S3_PUBLIC_URL); signing needs no network call. */
  private readonly publicClient?: Client;
  readonly bucket: string;

  constructor(
    readonly settings: S3Settings,
    options: { embedded?: boolean } = {},
  ) {
    this.bucket = settings.bucket;
    this.client = new Client({
      endPoint: settings.endPoint,
      port: settings.port,
      useSSL: settings.useSSL,
      accessKey: settings.accessKey,
      secretKey: settings.secretKey,
      region: settings.region,
      pathStyle: true,
      // s3rver lacks ListMultipartUploads, so multipart uploads fail against it: keep objects in one part.
      partSize: options.embedded ? 5 * 1024 * 1024 * 1024 : 64 * 1024 * 1024,
    });
    if (settings.publicUrl) {
      const url = new URL(settings.publicUrl);
      const useSSL = url.protocol === "https:";
      this.publicClient = new Client({
        endPoint: url.hostname,
        port: url.port ? Number(url.port) : useSSL ? 443 : 80,
        useSSL,
        accessKey: settings.accessKey,
        secretKey: settings.secretKey,
        region: settings.region,
        pathStyle: true,
      });
    }
  }

  /** Create the bucket when missing (idempotent; safe from several processes). */
  async ensureBucket(): Promise<void> {
    if (await this.client.bucketExists(this.bucket)) return;
    try {
      await this.client.makeBucket(this.bucket, this.settings.region);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== "BucketAlreadyOwnedByYou" && code !== "BucketAlreadyExists") throw err;
    }
  }

  async put(key: string, body: Buffer, contentType = "application/octet-stream"): Promise<StoredObject> {
    await this.client.putObject(this.bucket, key, body, body.length, { "Content-Type": contentType });
    return { bucket: this.bucket, key, size: body.length, sha256: createHash("sha256").update(body).digest("hex") };
  }

  /**
   * Stream `size` bytes into an object without holding them in memory. minio's putObject reads a
   * body of up to its part size into one buffer (the whole file, with the embedded store's part
   * size), so the bytes go instead as one PUT to a presigned URL of the store itself: a presigned
   * PUT needs no payload hash, so it can be sent as the bytes arrive. S3 stores an object only when
   * the whole body arrived; the caller removes the key after a failure all the same (s3rver writes
   * in place).
   */
  async putStream(key: string, body: Readable, size: number, contentType = "application/octet-stream"): Promise<void> {
    // Presigning is local (the client knows its region); five minutes to start the request.
    const url = new URL(await this.client.presignedPutObject(this.bucket, key, 300));
    const transport = url.protocol === "https:" ? https : http;
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        if (err) {
          body.unpipe(req);
          req.destroy();
          reject(err);
        } else resolve();
      };
      const req = transport.request(url, { method: "PUT", headers: { "Content-Length": String(size), "Content-Type": contentType } }, (res) => {
        const answer: Buffer[] = [];
        res.on("data", (chunk: Buffer) => {
          if (answer.length < 16) answer.push(chunk);
        });
        res.on("error", finish);
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return finish();
          const code = /<Code>([^<]*)<\/Code>/.exec(Buffer.concat(answer).toString("utf8"))?.[1] ?? `HTTP ${status}`;
          finish(Object.assign(new Error(`the object store refused ${key}: ${code}`), { code }));
        });
      });
      req.on("error", finish);
      // The body's own error (a size limit, a client that went away) is the one to report.
      body.on("error", finish);
      body.pipe(req);
    });
  }

  /** Copy an object within the bucket on the store's side (no bytes pass through this process). */
  async copy(from: string, to: string): Promise<void> {
    await this.client.copyObject(this.bucket, to, `/${this.bucket}/${from}`);
  }

  get(key: string): Promise<Readable> {
    return this.client.getObject(this.bucket, key);
  }

  async getBuffer(key: string): Promise<Buffer> {
    const stream = await this.get(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async size(key: string): Promise<number | undefined> {
    try {
      return (await this.client.statObject(this.bucket, key)).size;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "NotFound" || code === "NoSuchKey") return undefined;
      throw err;
    }
  }

  /** The Content-Type an object was stored with (undefined when there is no object). */
  async contentType(key: string): Promise<string | undefined> {
    try {
      const meta = (await this.client.statObject(this.bucket, key)).metaData as Record<string, unknown>;
      const value = meta["content-type"];
      return typeof value === "string" ? value : undefined;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "NotFound" || code === "NoSuchKey") return undefined;
      throw err;
    }
  }

  /** Keys under a prefix (all when empty). */
  async list(prefix = ""): Promise<string[]> {
    const keys: string[] = [];
    for await (const item of this.client.listObjectsV2(this.bucket, prefix, true) as AsyncIterable<{ name?: string }>) {
      if (item.name) keys.push(item.name);
    }
    return keys;
  }

  async remove(key: string): Promise<void> {
    await this.client.removeObject(this.bucket, key);
  }

  /** Remove objects, ignoring failures: used to undo writes after a failed transaction. */
  async removeQuietly(keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => this.remove(k).catch(() => undefined)));
  }

  /** A presigned GET link for clients, only when a public URL of a real S3/MinIO is configured. */
  async presignedDownloadUrl(key: string, ttlSeconds: number, filename: string): Promise<string | undefined> {
    if (!this.publicClient) return undefined;
    return this.publicClient.presignedGetObject(this.bucket, key, ttlSeconds, {
      "response-content-disposition": contentDisposition(filename),
    });
  }

  /** A presigned PUT link (model uploads), with the same rule as downloads. */
  async presignedUploadUrl(key: string, ttlSeconds: number): Promise<string | undefined> {
    if (!this.publicClient) return undefined;
    return this.publicClient.presignedPutObject(this.bucket, key, ttlSeconds);
  }

  async ping(): Promise<void> {
    await this.client.bucketExists(this.bucket);
  }
}
