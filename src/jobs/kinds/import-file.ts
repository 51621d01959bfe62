/**
 * Imports of big files: the file is already in object storage (startImport or an upload link put it
 * there); the worker parses it and commits all or nothing, as the owner, whose write access is
 * checked again.
 */
import { Type } from "@sinclair/typebox";
import type { AuthService } from "../../services/auth-service";
import type { ImportResult, IngestService } from "../../services/ingest-service";
import { IMPORT_FORMATS, type ImportFormat } from "../../formats/registry";
import { Q_RULES, type QRule } from "../../formats/options";
import { oneOf, Uuid } from "../../services/input-schema";
import { defineJobKind } from "../job-kind";

export interface ImportFileDeps {
  auth: Pick<AuthService, "viewerFor">;
  ingest: Pick<IngestService, "importStored">;
}

const IMPORT_FILE_INPUT = Type.Object(
  {
    datasetId: Uuid(),
    format: Type.Unsafe<ImportFormat>(oneOf(IMPORT_FORMATS.map((f) => f.name))),
    key: Type.String({ minLength: 1 }),
    filename: Type.String(),
    size: Type.Integer({ minimum: 0 }),
    sha256: Type.Optional(Type.String({ pattern: "^[0-9a-f]{64}$" })),
    qUnit: Type.Optional(Type.String()),
    intensityUnit: Type.Optional(Type.String()),
    qRule: Type.Optional(Type.Unsafe<QRule>(oneOf([...Q_RULES]))),
  },
  { additionalProperties: false },
);

export const importFile = defineJobKind<typeof IMPORT_FILE_INPUT, ImportFileDeps>({
  queue: "import-file",
  input: IMPORT_FILE_INPUT,
  policy: { expireInSeconds: 2 * 3600 },
  async run({ input, ownerId, deps, progress, commit }) {
    if (!ownerId) throw new Error("imports need an owner");
    const viewer = await deps.auth.viewerFor(ownerId);
    const outcome = (result: ImportResult) => ({
      datasetIds: [result.dataset.id],
      fileId: result.file.id,
      curvesAdded: result.curves.length,
      message: `imported ${result.curves.length} curves from ${input.filename}`,
    });
    const result = await deps.ingest.importStored(viewer, input, progress, (tx, made) => commit(tx, outcome(made)));
    return outcome(result);
  },
});
