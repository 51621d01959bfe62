import type { Services } from "../services/container";

/**
 * Maintenance that pg-boss runs on a cron schedule: no user starts it, so it has no `job_runs`
 * row; failures are logged and the next occurrence tries again.
 */
export interface ScheduledJob {
  /** pg-boss queue name (the schedule has the same name). */
  queue: string;
  /** Five-field cron expression, UTC; null removes the schedule. */
  cron: string | null;
  /** Do the work once; returns a line for the log, or null when there was nothing to do. */
  run(services: Services): Promise<string | null>;
}
