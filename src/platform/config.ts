/**
 * Configuration from the environment. Every variable the platform reads is named here, and only here:
 * docker-compose.yml is checked against `CONFIG_VARIABLES` by a test.
 */
import { availableParallelism } from "node:os";
import * as path from "node:path";

export interface S3Settings {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
  /** Base URL that clients outside the host use for presigned links (real MinIO only). */
  publicUrl?: string;
}

export interface Config {
  port: number;
  host: string;
  /** Where the embedded PostgreSQL and object store keep their data. */
  home: string;
  /** External PostgreSQL; absent means embedded. */
  databaseUrl?: string;
  /** External S3/MinIO; absent means the embedded store. */
  s3?: S3Settings;
  /** HMAC key for download tokens; generated and kept under `home` when not set. */
  secret?: string;
  /** Largest GraphQL request body accepted, bytes. */
  maxPayloadBytes: number;
  /** Largest file accepted by an import upload (createImportUpload), bytes. */
  maxImportBytes: number;
  /** Largest number of points in one curve, and of curves in one request. */
  maxPointsPerCurve: number;
  maxCurvesPerRequest: number;
  maxQueryDepth: number;
  maxQueryCost: number;
  introspection: boolean;
  /** Worker threads of the compute pool (computeIntensity, datasetSvd) in each API process. */
  computeThreads: number;
  /** Computations waiting for a compute thread before new ones are refused as busy. */
  computeQueue: number;
  /** Most numbers one computed answer may carry (q, I, P, S, β together; SVD components and scores). */
  maxResponseValues: number;
  /** Most curve values (q, I, dI, dQ together) one request may be answered with. */
  maxCurveValues: number;
  /** Lifetime of download links, seconds. */
  downloadTtlSeconds: number;
  /** pg-boss workers started inside `serve` (0 disables). */
  inProcessWorkers: number;
  /** Public base URL of this API, used in download links. */
  publicApiUrl?: string;
  seedDemo: boolean;
  /** Cron schedule of the sweep of abandoned model uploads; null: never. */
  uploadSweepCron: string | null;
  logLevel: "debug" | "info" | "warn" | "error";
  /** A running job's heartbeat, seconds (>= 10): a job silent this long is retried by another worker. */
  jobHeartbeatSeconds: number;
  /** How often pg-boss looks for jobs whose heartbeat stopped, seconds. */
  jobMonitorSeconds: number;
  /** Heap of one job's compute thread, MB. */
  jobMemoryMb: number;
  /** Compute threads one sweep job may run at once. */
  jobThreads: number;
}

/** Every environment variable read by sasgraph, with a one-line meaning (shown by `sasgraph help`). */
export const CONFIG_VARIABLES: Record<string, string> = {
  PORT: "HTTP port of the API (default 4000)",
  HOST: "interface the API binds (default 127.0.0.1 with the embedded PostgreSQL, 0.0.0.0 with DATABASE_URL)",
  SASGRAPH_HOME: "data directory of the embedded PostgreSQL and object store (default ./.sasgraph)",
  DATABASE_URL: "postgres://user:pass@host:5432/db of an external PostgreSQL; unset = embedded",
  S3_ENDPOINT: "http(s)://host:port of an external S3/MinIO; unset = embedded store",
  S3_ACCESS_KEY: "access key of the external store",
  S3_SECRET_KEY: "secret key of the external store",
  S3_BUCKET: "bucket for datasets and models (default sasgraph)",
  S3_REGION: "region of the external store (default us-east-1)",
  S3_PUBLIC_URL: "base URL clients use to reach the external store, for presigned download links",
  SASGRAPH_SECRET: "key that signs download links; shared by all API processes behind a load balancer",
  SASGRAPH_PUBLIC_URL: "public base URL of the API, used in download links (default http://localhost:PORT)",
  SASGRAPH_MAX_PAYLOAD_BYTES: "largest GraphQL request body in bytes (default 50 MB)",
  SASGRAPH_MAX_IMPORT_BYTES: "largest file imported through an upload link (createImportUpload), bytes (default 2 GiB, at most 4 GiB)",
  SASGRAPH_MAX_POINTS: "largest number of points in one curve (default 1000000)",
  SASGRAPH_MAX_CURVES: "largest number of curves in one addCurves/import (default 100000)",
  SASGRAPH_MAX_QUERY_DEPTH: "deepest GraphQL selection accepted (default 12)",
  SASGRAPH_MAX_QUERY_COST: "highest estimated GraphQL query cost accepted (default 50000)",
  SASGRAPH_INTROSPECTION: "true|false: allow schema introspection (default true)",
  SASGRAPH_COMPUTE_THREADS: "worker threads per API process for computeIntensity and datasetSvd, off the event loop (default: cores - 1, at most 4)",
  SASGRAPH_COMPUTE_QUEUE: "computations that may wait for a compute thread before new ones are refused as busy (default 32)",
  SASGRAPH_MAX_RESPONSE_VALUES:
    "most numbers in one computed answer: computeIntensity arrays, datasetSvd components and scores; serialising them holds the event loop (default 300000)",
  SASGRAPH_MAX_CURVE_VALUES:
    "most curve values (q, intensity, dI, dQ together) in one answer: completing and serialising them holds the event loop, about 0.3 s per million (default 1000000)",
  SASGRAPH_DOWNLOAD_TTL: "lifetime of download links in seconds (default 3600)",
  SASGRAPH_WORKERS: "job workers started inside `serve` (default 1; 0 with separate `sasgraph worker` hosts)",
  SASGRAPH_SEED_DEMO: "true|false: seed the demo catalogue on first start (default true)",
  SASGRAPH_UPLOAD_SWEEP: "cron schedule (UTC) removing model versions and import uploads whose upload link expired unused, or off (default */15 * * * *)",
  SASGRAPH_LOG_LEVEL: "debug|info|warn|error (default info)",
  SASGRAPH_JOB_HEARTBEAT_SECONDS:
    "a running job's worker reports every half of this; a job silent this long (its worker died) is retried, at most twice (default 30, at least 10)",
  SASGRAPH_JOB_MONITOR_SECONDS: "how often the job supervisor looks for jobs whose worker stopped (default 30)",
  SASGRAPH_JOB_MEMORY_MB: "heap limit of one job's compute thread in MB; a job needing more fails (default 4096)",
  SASGRAPH_JOB_THREADS: "compute threads one simulation sweep job may use at once (default: the machine's cores)",
  SASGRAPH_GIT_COMMIT: "git commit recorded with every activity (default: read from .git when running from a checkout)",
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name}=${raw} must be an integer >= ${min}`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name}=${raw} must be true or false`);
}

/** A five-field cron expression (minute hour day month weekday; pg-boss checks the fields), or off. */
function cron(env: NodeJS.ProcessEnv, name: string, fallback: string): string | null {
  const raw = (env[name] ?? "").trim();
  if (raw === "") return fallback;
  if (/^(off|false|no|0)$/i.test(raw)) return null;
  if (raw.split(/\s+/).length !== 5) throw new ConfigError(`${name}=${raw} must be a cron expression of five fields (e.g. "*/15 * * * *") or off`);
  return raw;
}

/** Bounded by what a worker can hold: an import is parsed from one Buffer (at most 4 GiB in Node 20). */
const MAX_IMPORT_CEILING = 4 * 1024 ** 3;

function maxImportBytes(env: NodeJS.ProcessEnv): number {
  const value = integer(env, "SASGRAPH_MAX_IMPORT_BYTES", 2 * 1024 ** 3, 1024);
  if (value > MAX_IMPORT_CEILING)
    throw new ConfigError(`SASGRAPH_MAX_IMPORT_BYTES=${value} must be at most ${MAX_IMPORT_CEILING} (4 GiB): workers parse an import in memory`);
  return value;
}

function s3FromEnv(env: NodeJS.ProcessEnv): S3Settings | undefined {
  const endpoint = env.S3_ENDPOINT;
  if (!endpoint) return undefined;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigError(`S3_ENDPOINT=${endpoint} is not a URL such as http://minio:9000`);
  }
  const useSSL = url.protocol === "https:";
  const accessKey = env.S3_ACCESS_KEY;
  const secretKey = env.S3_SECRET_KEY;
  if (!accessKey || !secretKey) throw new ConfigError("S3_ENDPOINT is set: S3_ACCESS_KEY and S3_SECRET_KEY are required");
  return {
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey,
    secretKey,
    bucket: env.S3_BUCKET || "sasgraph",
    region: env.S3_REGION || "us-east-1",
    publicUrl: env.S3_PUBLIC_URL || undefined,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, "PORT", 4000);
  const logLevel = (env.SASGRAPH_LOG_LEVEL || "info") as Config["logLevel"];
  if (!["debug", "info", "warn", "error"].includes(logLevel)) {
    throw new ConfigError(`SASGRAPH_LOG_LEVEL=${logLevel} must be debug, info, warn or error`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    port,
    // Embedded mode is a single machine's set-up: the API answers this host only unless HOST says
    // otherwise. With an external database (docker-compose, a cluster) it serves the network.
    host: env.HOST || (databaseUrl ? "0.0.0.0" : "127.0.0.1"),
    home: path.resolve(env.SASGRAPH_HOME || ".sasgraph"),
    databaseUrl,
    s3: s3FromEnv(env),
    secret: env.SASGRAPH_SECRET || undefined,
    maxPayloadBytes: integer(env, "SASGRAPH_MAX_PAYLOAD_BYTES", 50 * 1024 * 1024, 1024),
    maxImportBytes: maxImportBytes(env),
    maxPointsPerCurve: integer(env, "SASGRAPH_MAX_POINTS", 1_000_000, 1),
    maxCurvesPerRequest: integer(env, "SASGRAPH_MAX_CURVES", 100_000, 1),
    maxQueryDepth: integer(env, "SASGRAPH_MAX_QUERY_DEPTH", 12, 2),
    maxQueryCost: integer(env, "SASGRAPH_MAX_QUERY_COST", 50_000, 10),
    introspection: flag(env, "SASGRAPH_INTROSPECTION", true),
    // One core stays with the event loop.
    computeThreads: integer(env, "SASGRAPH_COMPUTE_THREADS", Math.min(4, Math.max(1, availableParallelism() - 1)), 1),
    computeQueue: integer(env, "SASGRAPH_COMPUTE_QUEUE", 32, 0),
    maxResponseValues: integer(env, "SASGRAPH_MAX_RESPONSE_VALUES", 300_000, 1000),
    maxCurveValues: integer(env, "SASGRAPH_MAX_CURVE_VALUES", 1_000_000, 1000),
    downloadTtlSeconds: integer(env, "SASGRAPH_DOWNLOAD_TTL", 3600, 1),
    inProcessWorkers: integer(env, "SASGRAPH_WORKERS", 1),
    publicApiUrl: env.SASGRAPH_PUBLIC_URL || undefined,
    seedDemo: flag(env, "SASGRAPH_SEED_DEMO", true),
    uploadSweepCron: cron(env, "SASGRAPH_UPLOAD_SWEEP", "*/15 * * * *"),
    logLevel,
    jobHeartbeatSeconds: integer(env, "SASGRAPH_JOB_HEARTBEAT_SECONDS", 30, 10),
    jobMonitorSeconds: integer(env, "SASGRAPH_JOB_MONITOR_SECONDS", 30, 1),
    jobMemoryMb: integer(env, "SASGRAPH_JOB_MEMORY_MB", 4096, 64),
    jobThreads: integer(env, "SASGRAPH_JOB_THREADS", availableParallelism(), 1),
  };
}
