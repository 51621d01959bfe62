/**
 * Maintenance that pg-boss runs on a cron schedule: no user starts it, so it has no `job_runs`
 * row; failures are logged and the next occurrence tries again. Like a job kind it names the narrow
 * services it needs, which the services container hands it.
 */
export interface ScheduledJob<D = unknown> {
  /** pg-boss queue name (the schedule has the same name). */
  queue: string;
  /** Five-field cron expression, UTC; null removes the schedule. */
  cron: string | null;
  /** Do the work once; returns a line for the log, or null when there was nothing to do. */
  run(deps: D): Promise<string | null>;
}
