/**
 * A job kind describes itself in one module under src/jobs/kinds: its queue, the schema of its queued
 * input (checked when a job is asked for and again when a worker dequeues it, so a job queued by an
 * older release or written by hand fails with a message instead of running on a bad cast), its retry
 * and expiry policy, and the narrow services it needs. src/jobs/kinds/index.ts lists the kinds; the
 * services container hands each its dependencies, so no job sees the whole container.
 */
import type { Static, TSchema } from "@sinclair/typebox";
import type { EntityManager } from "typeorm";

/**
 * Run last inside the transaction that writes a job's result: it locks the job's row, checks the job
 * is still this attempt's and RUNNING, and marks it SUCCEEDED with `outcome` in the same
 * transaction. A cancelled (or retried elsewhere) job makes it throw JobCancelledError, which rolls
 * the whole write back: a cancelled job writes nothing, and a finished one is never cancelled after.
 */
export type JobCommit = (tx: EntityManager, outcome: JobOutcome) => Promise<void>;

/** What a job gets: its input, its dependencies, a progress reporter, a cancellation signal. */
export interface JobContext<I, D> {
  jobId: string;
  /** 0 on the first run, then the number of the retry (pg-boss's retryCount). */
  attempt: number;
  ownerId: string | null;
  input: I;
  deps: D;
  /** Report progress in [0, 1] with a short message; cheap to call often (writes are throttled). */
  progress(fraction: number, message?: string): Promise<void>;
  /** Aborted when the job is cancelled, or when this worker lost its claim on it. */
  signal: AbortSignal;
  /** Jobs that write give this to the service's write transaction (see JobCommit). */
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

export interface JobPolicy {
  /** Seconds before pg-boss considers an active job lost. */
  expireInSeconds: number;
  /**
   * Retries after a worker died or an infrastructure error (never after a deterministic failure);
   * default the job service's (SASGRAPH job options, 2).
   */
  retryLimit?: number;
}

export interface JobKind<S extends TSchema = TSchema, D = unknown> {
  /** pg-boss queue name. */
  readonly queue: string;
  /** The queued input (JSON). */
  readonly input: S;
  readonly policy: JobPolicy;
  /** Read the queued input against `input` with field names of the request (default: the schema's own paths). */
  parse?(raw: unknown): Static<S>;
  /** Checks the schema cannot state (DomainError, BAD_USER_INPUT naming the field): when queued and when dequeued. */
  check?(input: Static<S>, deps: D): void;
  run(context: JobContext<Static<S>, D>): Promise<JobOutcome>;
}

/** Typed in the kind's own file; methods are bivariant, so every kind fits JobKind's defaults. */
export function defineJobKind<S extends TSchema, D>(kind: JobKind<S, D>): JobKind<S, D> {
  return kind;
}
