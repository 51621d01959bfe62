import type { JobWithMetadata } from "pg-boss";
import type { Services } from "../services/container";
import { DomainError } from "../services/errors";
import { isOutage } from "../services/outages";
import { ComputeAbortedError, configureComputeThreads } from "../workers/jobs/compute-thread";
import { JobCancelledError, type JobHandler } from "./job-handler";
import { DEAD_LETTER_QUEUE, type QueuedData } from "./job-service";

const PROGRESS_INTERVAL_MS = 250;

/**
 * Start pg-boss workers for every registered queue, scheduled ones included, in this process. Used
 * in-process by `serve` and on their own by `sasgraph worker` on other hosts: pg-boss hands each job
 * to exactly one worker.
 */
export async function startWorkers(services: Services, concurrency: number): Promise<void> {
  const jobs = services.jobs;
  configureComputeThreads({ maxOldGenerationSizeMb: services.config.jobMemoryMb });
  for (const queue of jobs.queues) {
    const handler = jobs.handler(queue);
    await jobs.boss.work(
      queue,
      { batchSize: 1, localConcurrency: concurrency, pollingIntervalSeconds: 0.5, includeMetadata: true },
      async ([job]: JobWithMetadata<QueuedData>[]) => {
        await runJob(services, job, handler);
      },
    );
  }
  await startDeadLetterWorker(services);
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

/**
 * pg-boss moves a job to the dead-letter queue when its last attempt failed without ending its row
 * (each worker running it died): end the row FAILED, so its subscribers see the end.
 */
export async function startDeadLetterWorker(services: Services): Promise<void> {
  const jobs = services.jobs;
  await jobs.boss.work<QueuedData>(DEAD_LETTER_QUEUE, { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    const id = job.data?.runId;
    if (!id) return;
    const [row] = (await services.db.query(`SELECT attempt FROM job_runs WHERE id = $1`, [id])) as { attempt: number }[];
    if (!row) return;
    const attempts = row.attempt + 1;
    await jobs.fail(
      id,
      null,
      `the worker running this job stopped ${attempts === 1 ? "before it finished" : `in each of its ${attempts} attempts`}; nothing was written`,
    );
  });
}

/** Worth a retry: the same job may well succeed once the database or object store is back. */
export function isTransient(err: unknown): boolean {
  if (err instanceof DomainError) return err.code === "UNAVAILABLE";
  if (err instanceof JobCancelledError || err instanceof ComputeAbortedError) return false;
  // Serialization failures and deadlocks: the same transaction may pass when tried again.
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "40001" || code === "40P01") return true;
  return isOutage(err);
}

/**
 * One attempt of a job. Deterministic failures end the row FAILED and complete the pg-boss job (a
 * retry would fail the same way); transient ones are rethrown so pg-boss retries them. A cancelled
 * or superseded attempt writes nothing; the result and SUCCEEDED commit together (JobCommit).
 */
export async function runJob(services: Services, job: JobWithMetadata<QueuedData>, handler: JobHandler<unknown>): Promise<void> {
  const jobs = services.jobs;
  const id = job.id;
  const attempt = job.retryCount;
  if (!(await jobs.claim(id, attempt))) return; // cancelled, or an earlier attempt already finished it
  const local = new AbortController();
  const untrack = jobs.track(id, local);
  const signal = AbortSignal.any([job.signal, local.signal]);
  let committed = false;
  let lastWrite = 0;
  try {
    const outcome = await handler.run({
      jobId: id,
      attempt,
      ownerId: job.data.ownerId,
      input: job.data.input,
      services,
      signal,
      progress: async (fraction, message) => {
        const now = Date.now();
        if (now - lastWrite < PROGRESS_INTERVAL_MS && fraction < 1) return;
        lastWrite = now;
        // Best effort: services fire progress without awaiting it, and a lost update is only late news.
        await jobs.progress(id, attempt, Math.min(1, Math.max(0, fraction)), message).catch(() => undefined);
      },
      commit: async (tx, result) => {
        await jobs.commitSucceeded(tx, id, attempt, result);
        committed = true;
      },
    });
    // A handler that wrote nothing of its own still ends under the row lock.
    if (!committed) await services.db.transaction((tx) => jobs.commitSucceeded(tx, id, attempt, outcome));
  } catch (err) {
    // Cancelled, or the claim went to another attempt: that attempt (or the canceller) owns the row.
    if (err instanceof JobCancelledError || err instanceof ComputeAbortedError || signal.aborted) return;
    const message = err instanceof Error ? err.message : String(err);
    if (isTransient(err) && attempt < job.retryLimit) {
      await jobs.progress(id, attempt, 0, `retrying after: ${message}`).catch(() => undefined);
      throw err;
    }
    await jobs.fail(id, attempt, message).catch(() => undefined);
  } finally {
    untrack();
  }
}
