import type { ScheduledJob } from "../scheduled-job";

/**
 * Removes model versions whose upload link expired with no completed upload, and whatever part of
 * a file they left in object storage (ModelRegistry.sweepExpiredUploads). On a cron schedule,
 * SASGRAPH_UPLOAD_SWEEP.
 */
export function sweepPendingUploadsJob(cron: string | null): ScheduledJob {
  return {
    queue: "registry.sweep-pending-uploads",
    cron,
    async run(services) {
      const removed = await services.models.registry.sweepExpiredUploads();
      return removed.length > 0 ? `removed ${removed.length} model version(s) whose upload link expired unused` : null;
    },
  };
}
