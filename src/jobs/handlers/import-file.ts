import type { ImportResult, StoredImport } from "../../services/ingest-service";
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
    async run({ input, ownerId, services, progress, commit }) {
      if (!ownerId) throw new Error("imports need an owner");
      const viewer = await services.auth.viewerFor(ownerId);
      const outcome = (result: ImportResult) => ({
        datasetIds: [result.dataset.id],
        fileId: result.file.id,
        curvesAdded: result.curves.length,
        message: `imported ${result.curves.length} curves from ${input.filename}`,
      });
      const result = await services.ingest.importStored(viewer, input, progress, (tx, made) => commit(tx, outcome(made)));
      return outcome(result);
    },
  };
}
