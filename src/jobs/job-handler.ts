import type { Services } from "../services/container";

/** What a job handler gets: its input, a progress reporter, a cancellation signal, the services. */
export interface JobContext<I> {
  jobId: string;
  ownerId: string | null;
  input: I;
  services: Services;
  /** Report progress in [0, 1] with a short message; cheap to call often (writes are throttled). */
  progress(fraction: number, message?: string): Promise<void>;
  signal: AbortSignal;
}

/** A job's result: ids of what it made, shown as `Job.result` in GraphQL. */
export interface JobOutcome {
  datasetIds?: string[];
  activityId?: string;
  message?: string;
  [key: string]: unknown;
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
