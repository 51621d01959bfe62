/**
 * PUT /uploads/:token — streams a file (the body, any content type) into object storage, up to the
 * token's size limit, without buffering it in memory: the ONNX file of a pending model version
 * (createModelVersion) or a file to import into a dataset (createImportUpload). The token is signed
 * and expiring; UploadDispatch hands the body to the service that issued it. Answers the stored size
 * and sha256 (with versionId or uploadId), for completeModelUpload or completeImportUpload.
 */
import type { Express } from "express";
import type { Services } from "../../services/container";
import { DomainError } from "../../services/errors";

const STATUS: Record<string, number> = { FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, PAYLOAD_TOO_LARGE: 413, BAD_USER_INPUT: 400, UNAVAILABLE: 503 };

export function mountUploads(app: Express, services: Services): void {
  app.put("/uploads/:token", async (req, res) => {
    const declared = req.headers["content-length"] === undefined ? undefined : Number(req.headers["content-length"]);
    try {
      const stored = await services.uploads.receive(req.params.token, req, Number.isFinite(declared) ? declared : undefined);
      res.status(201).json(stored);
    } catch (err) {
      if (err instanceof DomainError) {
        res
          .status(STATUS[err.code] ?? 400)
          .set("Connection", "close")
          .json({ error: err.message, code: err.code });
        // Stop reading a body we refused.
        req.unpipe();
        req.resume();
        return;
      }
      console.error("[uploads]", err);
      if (!res.headersSent) res.status(500).json({ error: "the upload failed on the server" });
    }
  });
}
