/**
 * A job worker in a process of its own, for tests that kill it (test/jobs/worker-death.test.ts):
 * the platform from the environment (DATABASE_URL, S3_*), workers on every queue, "ready" on stdout.
 * Run with `node -r ts-node/register/transpile-only test/support/job-worker-child.ts`.
 */
import { loadConfig } from "../../src/platform/config";
import { startPlatform } from "../../src/platform/platform";
import { startWorkers } from "../../src/jobs/worker";

async function main(): Promise<void> {
  const platform = await startPlatform(loadConfig(process.env), { migrate: false, log: () => undefined });
  await startWorkers(platform.services, 1);
  process.stdout.write("ready\n");
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
