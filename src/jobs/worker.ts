import type { Job } from "pg-boss";
import type { Services } from "../services/container";
import type { JobOutcome } from "./job-handler";

interface QueuedData {
  input: unknown;
  ownerId: string | null;
}

const PROGRESS_INTERVAL_MS = 250;

/**
 * Start pg-boss workers for every registered queue, scheduled ones included, in this process. Used
 * in-process by `serve` and on their own by `sasgraph worker` on other hosts: pg-boss hands each job
 * to exactly one worker.
 */
export async function startWorkers(services: Services, concurrency: number): Promise<void> {
  const jobs = services.jobs;
  for (const queue of jobs.queues) {
    const handler = jobs.handler(queue);
    await jobs.boss.work<QueuedData>(queue, { batchSize: 1, localConcurrency: concurrency, pollingIntervalSeconds: 0.5 }, async ([job]: Job<QueuedData>[]) => {
      await runJob(services, job, handler.run.bind(handler));
    });
  }
  for (const scheduled of jobs.scheduled) {
    await jobs.boss.work(scheduled.queue, { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 5 }, async () => {
      try {
        const line = await scheduled.run(services);
        if (line) console.log(`[jobs] ${scheduled.queue}: ${line}`);
      } catch (err) {
        console.error(`[jobs] ${scheduled.queue} failed: ${err instanceof Error ? err.message : String(err)}`);
        throw err;
      }
    });
  }
}

async function runJob(
  services: Services,
  job: Job<QueuedData>,
  run: (ctx: Parameters<ReturnType<Services["jobs"]["handler"]>["run"]>[0]) => Promise<JobOutcome>,
): Promise<void> {
  const jobs = services.jobs;
  let lastWrite = 0;
  await jobs.update(job.id, { state: "RUNNING", message: "started", progress: 0 });
  try {
    const outcome = await run({
      jobId: job.id,
      ownerId: job.data.ownerId,
      input: job.data.input,
      services,
      signal: job.signal,
      progress: async (fraction, message) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_INTERVAL_MS && fraction < 1) return;
        lastWrite = now;
        await jobs.update(job.id, { progress: Math.min(1, Math.max(0, fraction)), ...(message ? { message } : {}) });
      },
    });
    await jobs.update(job.id, {
      state: "SUCCEEDED",
      progress: 1,
      message: outcome.message ?? "done",
      result: outcome,
      activityId: outcome.activityId ?? null,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await jobs.update(job.id, { state: "FAILED", message, error: message }).catch(() => undefined);
    // The status row tells the user; pg-boss need not retry deterministic failures.
  }
}
