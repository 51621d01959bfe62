import type { JobWithMetadata } from "pg-boss";
import { DomainError } from "../services/errors";
import { isOutage } from "../services/outages";
import { ComputeAbortedError, configureComputeThreads } from "../workers/jobs/compute-thread";
import { JobCancelledError } from "./job-kind";
import { DEAD_LETTER_QUEUE, type JobService, type QueuedData, type RegisteredJob } from "./job-service";

const PROGRESS_INTERVAL_MS = 250;

/** What a worker process needs: the job service (with its kinds registered) and its memory limit. */
export interface WorkerHost {
  jobs: JobService;
  config: { jobMemoryMb: number; jobThreads: number };
}

/**
 * Start pg-boss workers for every registered queue, scheduled ones included, in this process. Used
 * in-process by `serve` and on their own by `sasgraph worker` on other hosts: pg-boss hands each job
 * to exactly one worker.
 */
export async function startWorkers({ jobs, config }: WorkerHost, concurrency: number): Promise<void> {
  configureComputeThreads({ maxOldGenerationSizeMb: config.jobMemoryMb, threadsPerJob: config.jobThreads });
  for (const queue of jobs.queues) {
    const registered = jobs.registered(queue);
    await jobs.boss.work(
      queue,
      { batchSize: 1, localConcurrency: concurrency, pollingIntervalSeconds: 0.5, includeMetadata: true },
      async ([job]: JobWithMetadata<QueuedData>[]) => {
        await runJob(jobs, job, registered);
      },
    );
  }
  await startDeadLetterWorker(jobs);
  for (const { job: scheduled, deps } of jobs.scheduled) {
    await jobs.boss.work(scheduled.queue, { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 5 }, async () => {
      try {
        const line = await scheduled.run(deps);
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
export async function startDeadLetterWorker(jobs: JobService): Promise<void> {
  await jobs.boss.work<QueuedData>(DEAD_LETTER_QUEUE, { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    if (job.data?.runId) await jobs.failDeadLettered(job.data.runId);
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
 * One attempt of a job. Its input is checked against its kind's schema first (a job queued by an
 * older release, or by hand, fails with the reason instead of running on a bad cast). Deterministic
 * failures end the row FAILED and complete the pg-boss job (a retry would fail the same way);
 * transient ones are rethrown so pg-boss retries them. A cancelled or superseded attempt writes
 * nothing; the result and SUCCEEDED commit together (JobCommit).
 */
export async function runJob(jobs: JobService, job: JobWithMetadata<QueuedData>, registered: RegisteredJob): Promise<void> {
  const id = job.id;
  const attempt = job.retryCount;
  if (!(await jobs.claim(id, attempt))) return; // cancelled, or an earlier attempt already finished it
  const local = new AbortController();
  const untrack = jobs.track(id, local);
  const signal = AbortSignal.any([job.signal, local.signal]);
  let committed = false;
  let lastWrite = 0;
  try {
    let input: unknown;
    try {
      input = jobs.validate(registered, job.data.input);
    } catch (err) {
      if (err instanceof DomainError && err.code === "BAD_USER_INPUT")
        throw new DomainError(err.code, `the queued input is not valid for ${registered.kind.queue}: ${err.message}`);
      throw err;
    }
    const outcome = await registered.kind.run({
      jobId: id,
      attempt,
      ownerId: job.data.ownerId,
      input,
      deps: registered.deps,
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
    // A job that wrote nothing of its own still ends under the row lock.
    if (!committed) await jobs.commitAlone(id, attempt, outcome);
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
