/**
 * A whole platform for integration tests: a fresh database in the run's PostgreSQL, an in-process
 * s3rver the test may stop, the services, and a listening HTTP server.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Client } from "pg";
import { loadConfig } from "../../src/platform/config";
import { startPlatform, type Platform } from "../../src/platform/platform";
import { listen, type RunningServer } from "../../src/server/app";
import { embeddedS3Files, startEmbeddedS3, type EmbeddedS3Handle } from "../../src/storage/embedded-s3";
import type { Services } from "../../src/services/container";
import { startWorkers } from "../../src/jobs/worker";

export interface TestPlatform {
  services: Services;
  server: RunningServer;
  url: string;
  s3: EmbeddedS3Handle;
  /** Restart the object store after a test stopped it (same port and data). */
  restartStore(): Promise<void>;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResponse<T>>;
  token(user: string, groups?: string[]): Promise<string>;
  close(): Promise<void>;
}

export interface GqlResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string; [k: string]: unknown } }[];
}

let counter = 0;

/**
 * A fresh database owned by the role of `baseUrl`. With the run's embedded PostgreSQL that role may
 * not create databases, so the superuser (SASGRAPH_TEST_ADMIN_URL) makes it and hands it over.
 */
async function createDatabase(baseUrl: string): Promise<string> {
  const name = `sasgraph_t${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const adminUrl = process.env.SASGRAPH_TEST_ADMIN_URL;
  const admin = new Client({ connectionString: adminUrl ?? baseUrl });
  await admin.connect();
  const owner = decodeURIComponent(new URL(baseUrl).username);
  await admin.query(`CREATE DATABASE ${name}${adminUrl ? ` OWNER ${admin.escapeIdentifier(owner)}` : ""}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestPlatformOptions {
  workers?: number;
  env?: Record<string, string>;
  /** The S3 endpoint the platform uses, given the store's port (e.g. a proxy in front of it). */
  objectStoreEndpoint?: (port: number) => Promise<string>;
}

export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const baseUrl = process.env.SASGRAPH_TEST_DATABASE_URL;
  if (!baseUrl) throw new Error("SASGRAPH_TEST_DATABASE_URL is not set: jest's globalSetup starts the test database");
  const databaseUrl = await createDatabase(baseUrl);
  const objectsDir = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-test-s3-"));
  let s3 = await startEmbeddedS3(objectsDir);
  const port = s3.settings.port;
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    S3_ENDPOINT: options.objectStoreEndpoint ? await options.objectStoreEndpoint(port) : `http://127.0.0.1:${port}`,
    // The key the store generated: it refuses requests not signed with it.
    S3_ACCESS_KEY: s3.settings.accessKey,
    S3_SECRET_KEY: s3.settings.secretKey,
    S3_BUCKET: "sasgraph",
    SASGRAPH_SECRET: "test-secret",
    PORT: "0",
    SASGRAPH_LOG_LEVEL: "warn",
    ...options.env,
  });
  const platform: Platform = await startPlatform(config, { log: () => undefined });
  const server = await listen(platform.services, 0, "127.0.0.1");
  // Download links must point at this server's real port.
  (platform.services.exports as unknown as { options: { publicApiUrl: string } }).options.publicApiUrl = server.url;
  if (options.workers) await startWorkers(platform.services, options.workers);

  const t: TestPlatform = {
    services: platform.services,
    server,
    url: server.url,
    get s3() {
      return s3;
    },
    async restartStore() {
      s3 = await startEmbeddedS3(objectsDir, "sasgraph", port);
    },
    async gql(query, variables, token) {
      const res = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResponse<never>;
      return { ...body, status: res.status };
    },
    async token(user, groups = []) {
      return (await platform.services.auth.createToken(user, groups)).token;
    },
    async close() {
      await server.close();
      await platform.close();
      await s3.stop().catch(() => undefined);
      fs.rmSync(objectsDir, { recursive: true, force: true });
      fs.rmSync(embeddedS3Files(objectsDir).credentials, { force: true });
    },
  };
  return t;
}
