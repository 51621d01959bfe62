import type { StoredImport } from "../../services/ingest-service";
import type { JobHandler } from "../job-handler";

export const IMPORT_QUEUE = "import-file";

/**
 * Imports of big files: the file is already in object storage (startImport put it there); the worker
 * parses it and commits all or nothing, as the owner, whose write access is checked again.
 */
export function importFileHandler(): JobHandler<StoredImport> {
  return {
    queue: IMPORT_QUEUE,
    validate: (raw) => raw as StoredImport,
    async run({ input, ownerId, services, progress }) {
      if (!ownerId) throw new Error("imports need an owner");
      const viewer = await services.auth.viewerFor(ownerId);
      const result = await services.ingest.importStored(viewer, input, progress);
      return {
        datasetIds: [result.dataset.id],
        fileId: result.file.id,
        curvesAdded: result.curves.length,
        message: `imported ${result.curves.length} curves from ${input.filename}`,
      };
    },
  };
}
