/**
 * GET /downloads/:token — streams an exported dataset from object storage after checking the
 * token's signature and expiry, and that the user it was issued to may still see the dataset.
 */
import type { Express } from "express";
import type { Services } from "../../services/container";
import { DownloadTokenError, verifyDownload } from "../../services/download-token";
import { DomainError } from "../../services/errors";
import { ANONYMOUS, type Viewer } from "../../services/viewer";
import { contentDisposition } from "../../storage/content-disposition";

export function mountDownloads(app: Express, services: Pick<Services, "secret" | "auth" | "catalogue" | "store">): void {
  app.get("/downloads/:token", async (req, res) => {
    let claims;
    try {
      claims = verifyDownload(req.params.token, services.secret);
    } catch (err) {
      const message = err instanceof DownloadTokenError ? err.message : "invalid download token";
      res.status(403).json({ error: message });
      return;
    }
    try {
      let viewer: Viewer = ANONYMOUS;
      if (claims.userId) {
        // A link outlives its user: then it shows what anyone may see.
        viewer = await services.auth.viewerFor(claims.userId).catch((err: unknown) => {
          if (err instanceof DomainError && err.code === "UNAUTHENTICATED") return ANONYMOUS;
          throw err;
        });
      }
      // Access may have been withdrawn since the link was made.
      const visible = await services.catalogue.visibleDatasetsByIds(viewer, [claims.datasetId]);
      if (visible.length === 0) {
        res.status(404).json({ error: `dataset ${claims.datasetId} was not found` });
        return;
      }
      const size = await services.store.size(claims.key);
      if (size === undefined) {
        res.status(404).json({ error: "the exported file is gone: request a new download" });
        return;
      }
      // setHeader, not res.set: Express would append a charset of its own choosing to some types
      // (application/json); the link carries the format table's type and that is what is served.
      res.setHeader("Content-Type", claims.contentType);
      res.set({
        "Content-Length": String(size),
        "Content-Disposition": contentDisposition(claims.filename),
        "Cache-Control": "private, no-store",
      });
      const stream = await services.store.get(claims.key);
      stream.on("error", () => res.destroy());
      stream.pipe(res);
    } catch (err) {
      console.error("[downloads]", err);
      if (!res.headersSent) res.status(503).json({ error: "object storage is unavailable; try again" });
    }
  });
}
