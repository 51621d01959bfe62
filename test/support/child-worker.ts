/**
 * A job worker in its own process (test/support/job-worker-child.ts) on a test platform's database and
 * object store, for tests that kill it (SIGKILL: no cleanup, no goodbye) and watch pg-boss retry.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import type { TestPlatform } from "./platform";

/** Short heartbeat (pg-boss's minimum) and a supervisor pass every second, so a retry comes soon. */
export const CHILD_WORKER_JOB_ENV = { SASGRAPH_JOB_HEARTBEAT_SECONDS: "10", SASGRAPH_JOB_MONITOR_SECONDS: "1" };

/** Resolves with the process once it works the queues. */
export function startChildWorker(t: TestPlatform): Promise<ChildProcess> {
  const config = t.services.config;
  const s3 = t.s3.settings;
  const env = {
    ...process.env,
    ...CHILD_WORKER_JOB_ENV,
    DATABASE_URL: config.databaseUrl!,
    S3_ENDPOINT: `http://127.0.0.1:${s3.port}`,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: "sasgraph",
    SASGRAPH_SECRET: "test-secret",
    SASGRAPH_LOG_LEVEL: "warn",
  };
  const root = path.join(__dirname, "..", "..");
  const proc = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(root, "test/support/job-worker-child.ts")], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let stderr = "";
    proc.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    proc.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve(proc);
    });
    proc.on("exit", (code, signal) => reject(new Error(`worker process exited (${code ?? signal}) before it was ready: ${stderr}`)));
  });
}

/** Poll until `ok` holds (jest's timeout bounds the wait). */
export async function until(ok: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await ok())) await new Promise((r) => setTimeout(r, 100));
}
