import { createHash, randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { DataFile } from "../entities";
import { FormatError, type ParsedFile } from "../formats/curve";
import { findFormat, parseFile, type FormatKind, type ImportFormat } from "../formats";
import type { QRule } from "../formats/options";
import type { ObjectStore, StoredObject } from "../storage/object-store";
import type { CatalogueService } from "./catalogue-service";
import type { CurveService } from "./curve-service";
import type { DetectorImageService } from "./detector-image-service";
import type { ProvenanceService } from "./provenance-service";
import { badInput, DomainError, tooLarge } from "./errors";
import type { ImportRecord } from "./import-metadata";
import type { Viewer } from "./viewer";
import type { CommitHook } from "./commit-hook";
import type { Curve, Dataset, DetectorImage } from "../entities";

export interface ImportRequest {
  datasetId: string;
  format: ImportFormat;
  /** Text for XML and ASCII; base64 for NXcanSAS (HDF5). */
  content: string;
  filename?: string;
  qUnit?: string;
  intensityUnit?: string;
  /** STRICT (default) or LENIENT: sort by q, drop invalid rows, list them in the import record. */
  qRule?: QRule;
  /**
   * Parameters per curve, in the file's order, for files that carry none (NPY); each object is
   * merged over what the file gives its curve. Must have one entry per curve.
   */
  parameters?: Record<string, unknown>[];
}

/** Give each parsed curve its request parameters (merged over the file's); one object per curve. */
export function applyCurveParameters(parsed: ParsedFile, parameters: readonly Record<string, unknown>[] | undefined): void {
  if (parameters === undefined) return;
  if (parameters.length !== parsed.curves.length) {
    throw badInput(`parameters has ${parameters.length} entries but the file holds ${parsed.curves.length} curves: give one object per curve`, "parameters");
  }
  parsed.curves.forEach((c, i) => {
    c.parameters = { ...(c.parameters ?? {}), ...parameters[i] };
  });
}

export interface ImportResult {
  dataset: Dataset;
  curves: Curve[];
  images: DetectorImage[];
  file: DataFile;
}

/** A file already in object storage, waiting to be imported by a job. */
export interface StoredImport {
  datasetId: string;
  format: ImportFormat;
  key: string;
  filename: string;
  size: number;
  /** What the file's sha256 must be; the worker checks the bytes it reads (absent: not known yet). */
  sha256?: string;
  qUnit?: string;
  intensityUnit?: string;
  qRule?: QRule;
}

/** The format table's entry of an import format (the GraphQL enum and job inputs only carry table names). */
export function importFormatOf(format: ImportFormat): FormatKind {
  const kind = findFormat(format);
  if (!kind?.read) throw badInput(`unknown import format "${String(format)}"`, "format");
  return kind;
}

/**
 * The name an imported file is listed under: the name it was given (`run+12 Å.ABS` stays so); only
 * control characters, which no file name holds, are dropped. Object keys are sanitised apart.
 */
export function importFilename(format: ImportFormat, filename?: string | null): string {
  // eslint-disable-next-line no-control-regex
  return filename?.replace(/[\u0000-\u001f\u007f]/g, "").trim() || `import.${importFormatOf(format).extension}`;
}

/** Where the original of an imported file lives (a new key for every import; the name made key-safe). */
export function rawFileKey(datasetId: string, filename: string): string {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, "_").slice(-200);
  return `datasets/${datasetId}/raw/${randomUUID()}-${safe}`;
}

/**
 * Imports files into datasets, all or nothing: the original file goes to object storage, and the
 * curves, the file record, the ingest activity and its provenance go in one database transaction.
 * If the database part fails the stored object is removed again; if the store fails nothing is
 * written to the database. `importCurves` does it within the request; `storeForImport` +
 * `importStored` do it in two steps, the second on a job worker.
 */
export class IngestService {
  constructor(
    private readonly db: DataSource,
    private readonly store: ObjectStore,
    private readonly catalogue: CatalogueService,
    private readonly curves: CurveService,
    private readonly provenance: ProvenanceService,
    private readonly limits: { maxPointsPerCurve: number; maxCurvesPerRequest: number; maxPayloadBytes: number },
    /** Reads a file (parseFile inline when absent; the compute pool in the platform, off the event loop). */
    private readonly parseContent: typeof parseFile = parseFile,
    /** Stores the detector images a file holds (NXcanSAS 2D); without it such files import their curves only. */
    private readonly images?: DetectorImageService,
  ) {}

  /** A parsed file's curves and images, checked before anything is stored. A file of images alone needs no curve. */
  private validateParsed(parsed: ParsedFile): void {
    const images = this.images ? (parsed.images ?? []) : [];
    if (images.length > 0) this.images!.validate(images, "content.images");
    if (parsed.curves.length > 0 || images.length === 0) this.curves.validate(parsed.curves, "content.curves");
  }

  private decode(format: ImportFormat, content: string): Buffer {
    if (!content) throw badInput("content is empty", "content");
    if (content.length > this.limits.maxPayloadBytes) {
      throw tooLarge(`content is ${content.length} bytes; the limit is ${this.limits.maxPayloadBytes}`, "content");
    }
    if (importFormatOf(format).encoding === "text") return Buffer.from(content, "utf8");
    const compact = content.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
      throw badInput(`content must be base64 for ${format} (the format is binary)`, "content");
    }
    return Buffer.from(compact, "base64");
  }

  private async parse(
    format: ImportFormat,
    bytes: Buffer,
    units: { qUnit?: string; intensityUnit?: string; qRule?: QRule },
    filename: string,
  ): Promise<ParsedFile> {
    let parsed: ParsedFile;
    try {
      parsed = await this.parseContent(format, importFormatOf(format).encoding === "binary" ? new Uint8Array(bytes) : bytes.toString("utf8"), {
        qUnit: units.qUnit,
        intensityUnit: units.intensityUnit,
        qRule: units.qRule,
        maxPoints: this.limits.maxPointsPerCurve,
        maxCurves: this.limits.maxCurvesPerRequest,
      });
    } catch (err) {
      if (err instanceof FormatError) {
        const field = err.field ? `content.${err.field}` : "content";
        // The file's name leads: an import job's error is read long after the request.
        if (/limit/.test(err.message)) throw tooLarge(`${filename} (${format}): ${err.message}`, field);
        throw badInput(`${filename} (${format}): ${err.message}`, field);
      }
      throw err;
    }
    this.validateParsed(parsed);
    return parsed;
  }

  private async put(
    req: { datasetId: string; format: ImportFormat; filename?: string },
    bytes: Buffer,
  ): Promise<{ key: string; filename: string; stored: StoredObject }> {
    const filename = importFilename(req.format, req.filename);
    const key = rawFileKey(req.datasetId, filename);
    try {
      return { key, filename, stored: await this.store.put(key, bytes, importFormatOf(req.format).contentType) };
    } catch (err) {
      throw new DomainError("UNAVAILABLE", `object storage did not accept the file (${(err as Error).message}); nothing was imported`);
    }
  }

  /** The database half: curves, file record, metadata, activity and provenance in one transaction. */
  private async commit(
    viewer: Viewer,
    file: StoredImport & { sha256: string },
    parsed: ParsedFile,
    onCommit?: CommitHook<ImportResult>,
  ): Promise<ImportResult> {
    // Objects of detector images written inside the transaction, removed again if it fails.
    const imageKeys: string[] = [];
    try {
      return await this.db.transaction(async (tx) => {
        const dataset = await this.catalogue.getWritableDataset(viewer, file.datasetId, tx);
        const curves = await this.curves.appendInTransaction(tx, dataset, parsed.curves);
        const images = this.images && parsed.images?.length ? await this.images.storeDetectorImages(tx, dataset, parsed.images, imageKeys) : [];
        const fileRepo = tx.getRepository(DataFile);
        const record = await fileRepo.save(
          fileRepo.create({
            datasetId: dataset.id,
            bucket: this.store.bucket,
            key: file.key,
            size: file.size,
            sha256: file.sha256,
            format: file.format,
            role: "RAW",
            filename: file.filename,
          }),
        );
        // The file's metadata is appended to the dataset's import records (import-metadata.ts), next
        // to the curves it brought; what the owner wrote and earlier imports' records stay as they are.
        // A file without metadata (headerless text) gets its record too: which file brought which curves.
        if (curves.length > 0) {
          const entry: ImportRecord = {
            file: record.id,
            filename: file.filename,
            format: file.format,
            firstCurveIndex: curves[0].index,
            curveCount: curves.length,
            metadata: parsed.metadata,
          };
          await tx.query(
            `UPDATE datasets SET metadata = jsonb_set(metadata, '{imports}', coalesce(metadata->'imports', '[]'::jsonb) || $2::jsonb) WHERE id = $1`,
            [dataset.id, JSON.stringify([entry])],
          );
        }
        const activity = await this.provenance.createActivity(tx, {
          kind: "INGEST",
          label: `import ${file.filename} (${file.format})`,
          parameters: {
            format: file.format,
            filename: file.filename,
            sha256: file.sha256,
            curves: curves.length,
            ...(images.length > 0 ? { images: images.length } : {}),
            ...(file.qRule === "LENIENT" ? { qRule: file.qRule } : {}),
          },
          ownerId: viewer.userId,
        });
        await this.provenance.recordRun(tx, activity, { generated: [dataset.id] });
        const updated = await this.catalogue.getDataset(viewer, dataset.id, tx);
        const made = { dataset: updated, curves, images, file: record };
        await onCommit?.(tx, made);
        return made;
      });
    } catch (err) {
      await this.store.removeQuietly([file.key, ...imageKeys]);
      throw err;
    }
  }

  /** Import within the request: parse first, then store, then commit. */
  async importCurves(viewer: Viewer, req: ImportRequest): Promise<ImportResult> {
    // Check access before parsing, so a stranger learns nothing from parse errors.
    await this.db.transaction((tx) => this.catalogue.getWritableDataset(viewer, req.datasetId, tx));
    const bytes = this.decode(req.format, req.content);
    const parsed = await this.parse(req.format, bytes, req, importFilename(req.format, req.filename));
    applyCurveParameters(parsed, req.parameters);
    this.validateParsed(parsed);
    const { key, filename, stored } = await this.put(req, bytes);
    return this.commit(viewer, { ...req, key, filename, size: stored.size, sha256: stored.sha256 }, parsed);
  }

  /** First step of an import job: check access, store the file, return what the job needs. */
  async storeForImport(viewer: Viewer, req: ImportRequest): Promise<StoredImport> {
    await this.db.transaction((tx) => this.catalogue.getWritableDataset(viewer, req.datasetId, tx));
    const bytes = this.decode(req.format, req.content);
    const { key, filename, stored } = await this.put(req, bytes);
    return {
      datasetId: req.datasetId,
      format: req.format,
      key,
      filename,
      size: stored.size,
      sha256: stored.sha256,
      qUnit: req.qUnit,
      intensityUnit: req.intensityUnit,
      ...(req.qRule ? { qRule: req.qRule } : {}),
    };
  }

  /**
   * Second step, on a job worker: check the stored bytes against the expected size and sha256 (an
   * upload's object may have been replaced after it was checked), parse them and commit; a failure
   * removes the file.
   */
  async importStored(
    viewer: Viewer,
    file: StoredImport,
    progress: (fraction: number, message: string) => Promise<void> = async () => undefined,
    onCommit?: CommitHook<ImportResult>,
  ): Promise<ImportResult> {
    let parsed: ParsedFile;
    let sha256: string;
    try {
      await progress(0.1, `reading ${file.filename}`);
      const bytes = await this.store.getBuffer(file.key);
      sha256 = createHash("sha256").update(bytes).digest("hex");
      if (bytes.length !== file.size)
        throw badInput(`${file.filename} has ${bytes.length} bytes in object storage, ${file.size} were expected; nothing was imported`, "size");
      if (file.sha256 && sha256 !== file.sha256.toLowerCase()) {
        throw badInput(
          `sha256 mismatch: ${file.filename} was declared as ${file.sha256.toLowerCase()}, the stored file has ${sha256}; nothing was imported`,
          "sha256",
        );
      }
      await progress(0.3, `parsing ${file.filename}`);
      parsed = await this.parse(file.format, bytes, file, file.filename);
    } catch (err) {
      await this.store.removeQuietly([file.key]);
      throw err;
    }
    await progress(0.7, `writing ${parsed.curves.length} curves`);
    return this.commit(viewer, { ...file, sha256 }, parsed, onCommit);
  }
}
