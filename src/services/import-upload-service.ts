/**
 * Imports of files too big for a GraphQL request: the file travels out of band, like a model file.
 *
 *   createImportUpload  checks write access and the declared size, records the upload and signs a
 *                       `PUT /uploads/:token` link (and a presigned S3 PUT where clients reach the store);
 *   PUT                 streams the bytes to a pending key, counted and hashed on the way, refused
 *                       (413, no object) past the declared size;
 *   completeImportUpload checks the stored size and sha256 against the declaration, moves the file to
 *                       its dataset's raw key on the store's side and starts the import job, which parses
 *                       and commits all or nothing (IngestService.importStored).
 *
 * Records the sweep removes some time after their link expired (uploads/pending-upload-sweep.ts).
 */
import { randomUUID } from "node:crypto";
import { constants as bufferConstants } from "node:buffer";
import type { Readable } from "node:stream";
import type { DataSource } from "typeorm";
import { ImportUpload, type JobRun } from "../entities";
import { IMPORT_FORMATS, isImportFormat, type ImportFormat } from "../formats";
import type { QRule } from "../formats/options";
import { importFile } from "../jobs/kinds/import-file";
import type { JobService } from "../jobs/job-service";
import type { ObjectStore } from "../storage/object-store";
import type { CatalogueService } from "./catalogue-service";
import { isUuid } from "./catalogue-service";
import { badInput, DomainError, tooLarge, unauthenticated } from "./errors";
import { importFilename, importFormatOf, rawFileKey, type StoredImport } from "./ingest-service";
import { IMPORT_UPLOADS, PENDING_UPLOAD_GRACE_SECONDS, sweepPendingUploads } from "./uploads/pending-upload-sweep";
import { receiveIntoStore, type ReceivedUpload } from "./uploads/upload-receiver";
import { signUpload, type UploadClaims } from "./uploads/upload-token";
import type { Viewer } from "./viewer";

export interface ImportUploadOptions {
  secret: string;
  /** Base URL of this API as clients reach it (upload links point here). */
  publicApiUrl: () => string;
  ttlSeconds: number;
  /** Largest file accepted (SASGRAPH_MAX_IMPORT_BYTES). */
  maxBytes: number;
}

export interface NewImportUpload {
  datasetId: string;
  format: ImportFormat;
  filename?: string;
  /** Bytes the client will PUT; the upload must have exactly this size. */
  size: number;
  /** Hex sha256 of the file, checked before the import starts when given. */
  sha256?: string;
  qUnit?: string;
  intensityUnit?: string;
  /** How rows the format refuses are treated (default STRICT), as importCurves takes it. */
  qRule?: QRule;
}

export interface ImportUploadLink {
  upload: ImportUpload;
  /** Signed PUT route on this API. */
  uploadUrl: string;
  /** Presigned S3 PUT, when the object store has a public URL. */
  presignedUrl: string | null;
  expiresAt: Date;
  maxBytes: number;
}

const uploadNotFound = (id: string) => new DomainError("NOT_FOUND", `import upload ${id} was not found`, "uploadId");
const SHA256 = /^[0-9a-fA-F]{64}$/;

export class ImportUploadService {
  constructor(
    private readonly db: DataSource,
    private readonly store: ObjectStore,
    private readonly catalogue: CatalogueService,
    private readonly jobs: JobService,
    readonly options: ImportUploadOptions,
  ) {}

  async createImportUpload(viewer: Viewer, input: NewImportUpload): Promise<ImportUploadLink> {
    // Access first (the same errors as importCurves), so a stranger learns nothing from the checks below.
    await this.db.transaction((tx) => this.catalogue.getWritableDataset(viewer, input.datasetId, tx));
    const { size } = input;
    // Too big first: 1e20 is a whole number too, and "too large" is the answer that helps.
    if (Number.isFinite(size) && size > this.options.maxBytes)
      throw tooLarge(`the file is ${size} bytes; imports are limited to ${this.options.maxBytes} (SASGRAPH_MAX_IMPORT_BYTES)`, "size");
    if (!Number.isSafeInteger(size) || size < 1) throw badInput("size must be a positive integer (bytes)", "size");
    // Text formats are parsed from one string, which V8 bounds well below the import limit.
    const binary = IMPORT_FORMATS.filter((f) => f.encoding === "binary").map((f) => f.name);
    if (importFormatOf(input.format).encoding === "text" && size > bufferConstants.MAX_STRING_LENGTH) {
      throw tooLarge(
        `${input.format} files are read as text, at most ${bufferConstants.MAX_STRING_LENGTH} bytes; split the file or send ${binary.join(" or ")}`,
        "size",
      );
    }
    if (input.sha256 !== undefined && !SHA256.test(input.sha256)) throw badInput("sha256 must be 64 hexadecimal digits", "sha256");

    const id = randomUUID();
    const exp = Math.floor(Date.now() / 1000) + this.options.ttlSeconds;
    const repo = this.db.getRepository(ImportUpload);
    const upload = await repo.save(
      repo.create({
        id,
        datasetId: input.datasetId,
        createdBy: viewer.userId!,
        state: "PENDING",
        format: input.format,
        filename: importFilename(input.format, input.filename),
        bucket: this.store.bucket,
        key: `uploads/imports/${id}`,
        size,
        sha256: input.sha256?.toLowerCase() ?? null,
        qUnit: input.qUnit ?? null,
        intensityUnit: input.intensityUnit ?? null,
        qRule: input.qRule ?? "STRICT",
        uploadExpiresAt: new Date(exp * 1000),
      }),
    );
    // The token's limit is the declared size: a bigger body is refused while it streams.
    const token = signUpload({ kind: "IMPORT", id, key: upload.key, userId: viewer.userId!, maxBytes: size, exp }, this.options.secret);
    const presignedUrl = (await this.store.presignedUploadUrl(upload.key, this.options.ttlSeconds).catch(() => undefined)) ?? null;
    return { upload, uploadUrl: `${this.options.publicApiUrl()}/uploads/${token}`, presignedUrl, expiresAt: upload.uploadExpiresAt, maxBytes: size };
  }

  /** The body of `PUT /uploads/:token` for an import (UploadDispatch checked the token). */
  async receiveUpload(claims: UploadClaims, body: Readable, declaredLength?: number): Promise<ReceivedUpload & { uploadId: string }> {
    const upload = await this.pending(claims.id, claims.key);
    const received = await receiveIntoStore(this.store, upload.key, body, {
      maxBytes: claims.maxBytes,
      // Kept by the store-side copy to the raw key: the same type an inline import stores.
      contentType: isImportFormat(upload.format) ? importFormatOf(upload.format).contentType : undefined,
      declaredLength,
      // Swept, or its import started, while the bytes were on the way.
      stillPending: () => this.pending(upload.id, upload.key),
    });
    // Recorded so that completion need not read the file again to check its sha256.
    await this.db.query(`UPDATE import_uploads SET received_size = $2, received_sha256 = $3 WHERE id = $1 AND state = 'PENDING'`, [
      upload.id,
      received.size,
      received.sha256,
    ]);
    return { ...received, uploadId: upload.id };
  }

  private async pending(id: string, key: string): Promise<ImportUpload> {
    const upload = isUuid(id) ? await this.db.getRepository(ImportUpload).findOneBy({ id }) : null;
    if (!upload || upload.key !== key) throw uploadNotFound(id);
    if (upload.state !== "PENDING")
      throw new DomainError("CONFLICT", `the import of upload ${id} has started already; create a new upload to send another file`);
    return upload;
  }

  /**
   * Check the uploaded file against the declaration and start its import job. A file of the wrong
   * size or sha256 is discarded with its upload (nothing is imported); a missing file leaves the
   * upload for another PUT. The job parses and commits all or nothing, and removes the file when it fails.
   */
  async completeImportUpload(viewer: Viewer, uploadId: string): Promise<JobRun> {
    if (!viewer.userId) throw unauthenticated();
    const found = isUuid(uploadId) ? await this.db.getRepository(ImportUpload).findOneBy({ id: uploadId }) : null;
    // Uploads are private to the user who made them.
    if (!found || found.createdBy !== viewer.userId) throw uploadNotFound(uploadId);
    if (found.state !== "PENDING") throw new DomainError("CONFLICT", `the import of upload ${uploadId} has started already (job ${found.jobId})`, "uploadId");
    await this.db.transaction((tx) => this.catalogue.getWritableDataset(viewer, found.datasetId, tx));

    let stored: number | undefined;
    try {
      stored = await this.store.size(found.key);
    } catch (err) {
      throw new DomainError("UNAVAILABLE", `object storage is unavailable (${(err as Error).message}); try again`);
    }
    if (stored === undefined) throw badInput(`no file has been uploaded for import upload ${uploadId}: PUT it to the upload URL first`, "uploadId");
    const fail = async (message: string, field: string): Promise<never> => {
      await this.discard(found);
      throw badInput(`${message}; the upload was discarded and nothing was imported`, field);
    };
    if (stored !== found.size) await fail(`size mismatch: you declared ${found.size} bytes, the uploaded file has ${stored}`, "size");
    // The route counted the bytes it stored; after a presigned PUT the worker hashes them instead.
    const received = found.receivedSize === stored ? found.receivedSha256 : null;
    if (found.sha256 && received && received !== found.sha256)
      await fail(`sha256 mismatch: you declared ${found.sha256}, the uploaded file has ${received}`, "sha256");

    const finalKey = rawFileKey(found.datasetId, found.filename);
    let copied = false;
    try {
      const job = await this.db.transaction(async (tx) => {
        // Locked: neither the sweep nor a second completion can take the upload meanwhile.
        const locked = await tx.getRepository(ImportUpload).findOne({ where: { id: found.id }, lock: { mode: "pessimistic_write" } });
        if (!locked) throw uploadNotFound(uploadId);
        if (locked.state !== "PENDING") throw new DomainError("CONFLICT", `the import of upload ${uploadId} has started already`, "uploadId");
        // Its own key: a presigned PUT can still overwrite the pending one until the link expires.
        try {
          await this.store.copy(locked.key, finalKey);
        } catch (err) {
          throw new DomainError("UNAVAILABLE", `object storage did not copy the file (${(err as Error).message}); try again`);
        }
        copied = true;
        const file: StoredImport = {
          datasetId: locked.datasetId,
          format: locked.format as ImportFormat,
          key: finalKey,
          filename: locked.filename,
          size: locked.size,
          sha256: locked.sha256 ?? received ?? undefined,
          qUnit: locked.qUnit ?? undefined,
          intensityUnit: locked.intensityUnit ?? undefined,
          ...(locked.qRule === "LENIENT" ? { qRule: locked.qRule } : {}),
        };
        const run = await this.jobs.enqueue(viewer, importFile, file);
        await tx.query(`UPDATE import_uploads SET state = 'STARTED', job_id = $2 WHERE id = $1`, [locked.id, run.id]);
        return run;
      });
      await this.store.removeQuietly([found.key]);
      return job;
    } catch (err) {
      if (copied) await this.store.removeQuietly([finalKey]);
      throw err;
    }
  }

  private async discard(upload: ImportUpload): Promise<void> {
    await this.db.query(`DELETE FROM import_uploads WHERE id = $1 AND state = 'PENDING'`, [upload.id]);
    await this.store.removeQuietly([upload.key]);
  }

  /**
   * Remove import uploads whose link expired more than `graceSeconds` ago, with any object at their
   * key, all or nothing per upload. Returns the ids removed (the scheduled sweep runs it).
   */
  sweepExpiredUploads(graceSeconds = PENDING_UPLOAD_GRACE_SECONDS): Promise<string[]> {
    return sweepPendingUploads(this.db, this.store, IMPORT_UPLOADS, graceSeconds);
  }
}
