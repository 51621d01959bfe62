import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { DataFile } from "../entities";
import { FormatError } from "../formats/curve";
import { parseFile, type ImportFormat } from "../formats";
import type { ObjectStore } from "../storage/object-store";
import type { CatalogueService } from "./catalogue-service";
import type { CurveService } from "./curve-service";
import type { ProvenanceService } from "./provenance-service";
import { badInput, DomainError, tooLarge } from "./errors";
import type { Viewer } from "./viewer";
import type { Curve, Dataset } from "../entities";

export interface ImportRequest {
  datasetId: string;
  format: ImportFormat;
  /** Text for XML and ASCII; base64 for NXcanSAS (HDF5). */
  content: string;
  filename?: string;
  qUnit?: string;
  intensityUnit?: string;
}

export interface ImportResult {
  dataset: Dataset;
  curves: Curve[];
  file: DataFile;
}

const CONTENT_TYPES: Record<ImportFormat, string> = {
  CANSAS_XML: "application/xml",
  NXCANSAS: "application/x-hdf5",
  ASCII: "text/plain",
};
const EXTENSIONS: Record<ImportFormat, string> = { CANSAS_XML: "xml", NXCANSAS: "h5", ASCII: "txt" };

/**
 * Imports files into datasets, all or nothing: the original file goes to object storage, and the
 * curves, the file record, the ingest activity and its provenance go in one database transaction.
 * If the database part fails the stored object is removed again; if the store fails nothing is
 * written to the database.
 */
export class IngestService {
  constructor(
    private readonly db: DataSource,
    private readonly store: ObjectStore,
    private readonly catalogue: CatalogueService,
    private readonly curves: CurveService,
    private readonly provenance: ProvenanceService,
    private readonly limits: { maxPointsPerCurve: number; maxCurvesPerRequest: number; maxPayloadBytes: number },
  ) {}

  private decode(format: ImportFormat, content: string): string | Uint8Array {
    if (format !== "NXCANSAS") return content;
    const compact = content.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
      throw badInput("content must be base64 for NXCANSAS (HDF5 is binary)", "content");
    }
    return Buffer.from(compact, "base64");
  }

  async importCurves(viewer: Viewer, req: ImportRequest): Promise<ImportResult> {
    if (!req.content) throw badInput("content is empty", "content");
    if (req.content.length > this.limits.maxPayloadBytes) {
      throw tooLarge(`content is ${req.content.length} bytes; the limit is ${this.limits.maxPayloadBytes}`, "content");
    }
    // Check access before parsing, so a stranger learns nothing from parse errors.
    await this.db.transaction((tx) => this.catalogue.getWritableDataset(viewer, req.datasetId, tx));

    const raw = this.decode(req.format, req.content);
    let parsed;
    try {
      parsed = await parseFile(req.format, raw, {
        qUnit: req.qUnit,
        intensityUnit: req.intensityUnit,
        maxPoints: this.limits.maxPointsPerCurve,
        maxCurves: this.limits.maxCurvesPerRequest,
      });
    } catch (err) {
      if (err instanceof FormatError) {
        const field = err.field ? `content.${err.field}` : "content";
        if (/limit/.test(err.message)) throw tooLarge(`${req.format}: ${err.message}`, field);
        throw badInput(`${req.format}: ${err.message}`, field);
      }
      throw err;
    }
    this.curves.validate(parsed.curves, "content.curves");

    const bytes = typeof raw === "string" ? Buffer.from(raw, "utf8") : Buffer.from(raw);
    const filename = req.filename?.replace(/[^A-Za-z0-9._-]/g, "_") || `import.${EXTENSIONS[req.format]}`;
    const key = `datasets/${req.datasetId}/raw/${randomUUID()}-${filename}`;
    let stored;
    try {
      stored = await this.store.put(key, bytes, CONTENT_TYPES[req.format]);
    } catch (err) {
      throw new DomainError("UNAVAILABLE", `object storage did not accept the file (${(err as Error).message}); nothing was imported`);
    }
    try {
      return await this.db.transaction(async (tx) => {
        const dataset = await this.catalogue.getWritableDataset(viewer, req.datasetId, tx);
        const curves = await this.curves.appendInTransaction(tx, dataset, parsed.curves);
        const fileRepo = tx.getRepository(DataFile);
        const file = await fileRepo.save(
          fileRepo.create({ datasetId: dataset.id, bucket: stored.bucket, key, size: stored.size, sha256: stored.sha256, format: req.format, role: "RAW", filename }),
        );
        // File-level metadata joins the dataset's, without overwriting what the owner wrote.
        if (Object.keys(parsed.metadata).length > 0) {
          await tx.query(`UPDATE datasets SET metadata = jsonb_build_object('imported', $2::jsonb) || metadata WHERE id = $1`, [
            dataset.id,
            JSON.stringify(parsed.metadata),
          ]);
        }
        const activity = await this.provenance.createActivity(tx, {
          kind: "INGEST",
          label: `import ${filename} (${req.format})`,
          parameters: { format: req.format, filename, sha256: stored.sha256, curves: curves.length },
          ownerId: viewer.userId,
        });
        await this.provenance.recordRun(tx, activity, { generated: [dataset.id] });
        const updated = await this.catalogue.getDataset(viewer, dataset.id, tx);
        return { dataset: updated, curves, file };
      });
    } catch (err) {
      await this.store.removeQuietly([key]);
      throw err;
    }
  }
}
