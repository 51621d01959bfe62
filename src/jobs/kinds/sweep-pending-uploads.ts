import type { ImportUploadService } from "../../services/import-upload-service";
import type { ModelRegistry } from "../../services/model-registry";
import type { ScheduledJob } from "../scheduled-job";

export interface SweepPendingUploadsDeps {
  registry: Pick<ModelRegistry, "sweepExpiredUploads">;
  importUploads: Pick<ImportUploadService, "sweepExpiredUploads">;
}

/**
 * Removes uploads whose link expired unused, with whatever part of a file they left in object
 * storage: model versions never completed (ModelRegistry.sweepExpiredUploads) and dataset import
 * uploads (ImportUploadService.sweepExpiredUploads). On a cron schedule, SASGRAPH_UPLOAD_SWEEP. The
 * queue keeps its first name, so deployments hold one schedule, not an old and a new one.
 */
export function sweepPendingUploadsJob(cron: string | null): ScheduledJob<SweepPendingUploadsDeps> {
  return {
    queue: "registry.sweep-pending-uploads",
    cron,
    async run(deps) {
      const versions = await deps.registry.sweepExpiredUploads();
      const imports = await deps.importUploads.sweepExpiredUploads();
      const done = [versions.length > 0 ? `${versions.length} model version(s)` : "", imports.length > 0 ? `${imports.length} import upload(s)` : ""].filter(
        Boolean,
      );
      return done.length > 0 ? `removed ${done.join(" and ")} whose upload link expired` : null;
    },
  };
}
