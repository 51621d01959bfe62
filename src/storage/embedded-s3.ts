/**
 * The embedded S3-compatible store of `npm start` (s3rver), with its objects under
 * SASGRAPH_HOME/objects, on 127.0.0.1 only. Every request must be signed (SigV4, in the
 * Authorization header or a presigned URL) with a key generated on first start and kept in
 * SASGRAPH_HOME/objects.credentials.json (mode 0600); anything else gets 403.
 *
 * s3rver itself lets anonymous requests through and does not compute V4 signatures, so its Koa
 * app is not given a port of its own: our HTTP server verifies each request (sigv4-verify.ts) and
 * only then hands it to s3rver's request handler, in this process. Clients on other hosts still
 * download through the API's signed download route, never from this store.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import S3rver from "s3rver";
import { freePort, isListening } from "../platform/net";
import { generateSecret, readPrivateJson, writePrivateJson } from "../platform/private-file";
import type { S3Settings } from "../platform/config";
import { verifySigV4, type SigV4Key } from "./sigv4-verify";

export interface EmbeddedS3Handle {
  settings: S3Settings;
  stop(): Promise<void>;
}

/** s3rver's registry of accounts (no declarations ship with it): its own check wants our key listed. */
interface S3rverAccounts {
  DUMMY_ACCOUNT: { createKeyPair(accessKey: string, secretKey: string): void };
}

function registerWithS3rver(key: SigV4Key): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const accounts = require("s3rver/lib/models/account") as S3rverAccounts;
  accounts.DUMMY_ACCOUNT.createKeyPair(key.accessKey, key.secretKey);
}

/** The files kept beside a store's directory: its port (while running) and its key. */
export function embeddedS3Files(dir: string): { port: string; credentials: string } {
  return { port: `${dir}.port`, credentials: `${dir}.credentials.json` };
}

function isKey(value: unknown): value is SigV4Key {
  const v = value as SigV4Key | null;
  return typeof v === "object" && v !== null && typeof v.accessKey === "string" && typeof v.secretKey === "string";
}

function refuse(req: http.IncomingMessage, res: http.ServerResponse, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message.replace(/[<>&]/g, "")}</Message></Error>\n`;
  // Close the connection rather than read an unauthorised upload to its end.
  res.writeHead(403, { "content-type": "application/xml", "content-length": Buffer.byteLength(body), connection: "close" });
  res.end(req.method === "HEAD" ? undefined : body);
  req.resume();
}

export async function startEmbeddedS3(dir: string, bucket = "sasgraph", port?: number): Promise<EmbeddedS3Handle> {
  fs.mkdirSync(dir, { recursive: true });
  const files = embeddedS3Files(dir);
  const settings = (p: number, key: SigV4Key): S3Settings => ({
    endPoint: "127.0.0.1",
    port: p,
    useSSL: false,
    accessKey: key.accessKey,
    secretKey: key.secretKey,
    bucket,
    region: "us-east-1",
  });
  const stored = readPrivateJson(files.credentials, isKey);
  // Share the store of another sasgraph process on the same home (it stops it).
  const knownPort = !port && fs.existsSync(files.port) ? Number(fs.readFileSync(files.port, "utf8")) : 0;
  if (knownPort && (await isListening(knownPort))) {
    if (!stored)
      throw new Error(`an older sasgraph process runs the embedded object store of ${dir} (port ${knownPort}) without a key: stop it, then start again`);
    return { settings: settings(knownPort, stored), stop: async () => undefined };
  }
  const key = stored ?? { accessKey: `SG${generateSecret(8).toUpperCase()}`, secretKey: generateSecret(24) };
  if (!stored) writePrivateJson(files.credentials, key);
  registerWithS3rver(key);
  const s3rver = new S3rver({ silent: true, directory: dir, configureBuckets: [{ name: bucket }], vhostBuckets: false });
  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  const server = http.createServer((req, res) => {
    const verdict = verifySigV4({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers }, key);
    if (!verdict.ok) return refuse(req, res, verdict.code, verdict.message);
    void handle(req, res);
  });
  const chosen = port || (await freePort());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(chosen, "127.0.0.1", () => resolve());
  });
  if (!port) fs.writeFileSync(files.port, String((server.address() as AddressInfo).port));
  return {
    settings: settings(chosen, key),
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // close() waits for every keep-alive socket to end, and clients (the minio agent) keep theirs
      // open: end the idle ones now, and requests still running after a grace period.
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 5000);
      await closed;
      clearTimeout(force);
      s3rver.logger.close();
      if (!port) fs.rmSync(files.port, { force: true });
    },
  };
}
