/**
 * The embedded S3-compatible store of `npm start` (s3rver), with its objects under
 * SASGRAPH_HOME/objects. It checks no signatures, so it binds to 127.0.0.1 only: clients on other
 * hosts download through the API's signed download route, never from this store directly.
 */
import * as fs from "node:fs";
import S3rver from "s3rver";
import * as path from "node:path";
import { freePort, isListening } from "../server/net";
import type { S3Settings } from "../server/config";

export interface EmbeddedS3Handle {
  settings: S3Settings;
  stop(): Promise<void>;
}

export async function startEmbeddedS3(dir: string, bucket = "sasgraph", port?: number): Promise<EmbeddedS3Handle> {
  fs.mkdirSync(dir, { recursive: true });
  const settings = (p: number): S3Settings => ({
    endPoint: "127.0.0.1",
    port: p,
    useSSL: false,
    accessKey: "S3RVER",
    secretKey: "S3RVER",
    bucket,
    region: "us-east-1",
  });
  // Share the store of another sasgraph process on the same home (it stops it).
  const portFile = path.join(dir, "..", "objects.port");
  const knownPort = !port && fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, "utf8")) : 0;
  if (knownPort && (await isListening(knownPort))) return { settings: settings(knownPort), stop: async () => undefined };
  const chosen = port || (await freePort());
  const server = new S3rver({
    address: "127.0.0.1",
    port: chosen,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }],
    vhostBuckets: false,
  });
  await server.run();
  if (!port) fs.writeFileSync(portFile, String(chosen));
  return {
    settings: settings(chosen),
    stop: async () => {
      await server.close();
      fs.rmSync(portFile, { force: true });
    },
  };
}
