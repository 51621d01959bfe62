import type { EntityManager } from "typeorm";
import type { Services } from "../services/container";

/**
 * Run last inside the transaction that writes a job's result: it locks the job's row, checks the job
 * is still this attempt's and RUNNING, and marks it SUCCEEDED with `outcome` in the same
 * transaction. A cancelled (or retried elsewhere) job makes it throw JobCancelledError, which rolls
 * the whole write back: a cancelled job writes nothing, and a finished one is never cancelled after.
 */
export type JobCommit = (tx: EntityManager, outcome: JobOutcome) => Promise<void>;

/** What a job handler gets: its input, a progress reporter, a cancellation signal, the services. */
export interface JobContext<I> {
  jobId: string;
  /** 0 on the first run, then the number of the retry (pg-boss's retryCount). */
  attempt: number;
  ownerId: string | null;
  input: I;
  services: Services;
  /** Report progress in [0, 1] with a short message; cheap to call often (writes are throttled). */
  progress(fraction: number, message?: string): Promise<void>;
  /** Aborted when the job is cancelled, or when this worker lost its claim on it. */
  signal: AbortSignal;
  /** Handlers that write give this to the service's write transaction (see JobCommit). */
  commit: JobCommit;
}

/** A job's result: ids of what it made, shown as `Job.result` in GraphQL. */
export interface JobOutcome {
  datasetIds?: string[];
  activityId?: string;
  message?: string;
  [key: string]: unknown;
}

/** The job was cancelled, or another attempt owns it now: its result must not land. */
export class JobCancelledError extends Error {
  constructor(message = "the job was cancelled") {
    super(message);
    this.name = "JobCancelledError";
  }
}

export interface JobHandler<I = unknown> {
  /** pg-boss queue name. */
  queue: string;
  /** Throws a DomainError when the input is not acceptable (checked before queuing). */
  validate(input: unknown): I;
  run(context: JobContext<I>): Promise<JobOutcome>;
  /** Seconds before pg-boss considers an active job lost (default 2 hours). */
  expireInSeconds?: number;
}
