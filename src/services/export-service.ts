import { createHash } from "node:crypto";
import type { DataSource } from "typeorm";
import { DataFile, User } from "../entities";
import type { Dataset } from "../entities";
import { exportDataset, findFormat, type ExportedFile, type ExportFormat } from "../formats";
import type { DatasetExport } from "../formats/curve";
import type { DetectorImageRecord } from "../formats/detector-image";
import type { ObjectStore } from "../storage/object-store";
import type { CatalogueService } from "./catalogue-service";
import { curveRecordOf, type CurveService } from "./curve-service";
import { toProvJson, type ProvenanceService } from "./provenance-service";
import { signDownload } from "./download-token";
import { badInput, DomainError } from "./errors";
import { exportEntriesView } from "./import-metadata";
import type { Viewer } from "./viewer";

/** Relations out from the dataset that an export's provenance holds. */
const EXPORT_PROVENANCE_DEPTH = 3;

export interface DownloadLink {
  url: string;
  /** A presigned link straight to the object store, when a public S3/MinIO URL is configured. */
  directUrl: string | null;
  expiresAt: Date;
  filename: string;
  format: ExportFormat;
  size: number;
  sha256: string;
}

/**
 * Exports of datasets. An export is built once per dataset version (its `updatedAt`), format and
 * provenance as the asking viewer may see it, kept in object storage as an EXPORT file (a cache:
 * never listed among the dataset's files), and handed out through expiring signed links.
 */
export class ExportService {
  constructor(
    private readonly db: DataSource,
    private readonly store: ObjectStore,
    private readonly catalogue: CatalogueService,
    private readonly curves: CurveService,
    private readonly provenance: ProvenanceService,
    private readonly options: {
      secret: string;
      ttlSeconds: number;
      publicApiUrl: string;
      /** Writes the file (exportDataset inline when absent; the compute pool in the platform). */
      write?: (format: ExportFormat, data: DatasetExport) => Promise<ExportedFile>;
      /** A dataset's detector images with their arrays (formats that carry 2D data write them). */
      images?: { recordsOfDataset(datasetId: string): Promise<DetectorImageRecord[]> };
    },
  ) {}

  /** Base URL of this API as clients reach it; upload links use it too. Read on each call (tests set it after start-up). */
  apiUrl(): string {
    return this.options.publicApiUrl.replace(/\/$/, "");
  }

  /**
   * The provenance an export carries: the graph as this viewer sees it (provenance-nodes.ts), and a
   * hash of it. Two viewers who see the same graph share one cached file; one who sees less never
   * gets a file built for someone who sees more.
   */
  async exportProvenance(viewer: Viewer, dataset: Dataset): Promise<{ provJson: Record<string, unknown>; hash: string }> {
    const graph = await this.provenance.graph(viewer, dataset.id, EXPORT_PROVENANCE_DEPTH);
    const activityIds = graph.nodes.filter((n) => n.type === "ACTIVITY").map((n) => n.id);
    const activities = new Map((await this.provenance.visibleActivitiesByIds(viewer, activityIds)).map((a) => [a.id, a]));
    const provJson = toProvJson(graph, activities);
    return { provJson, hash: createHash("sha256").update(JSON.stringify(provJson)).digest("hex").slice(0, 32) };
  }

  /** What `format` writes of the dataset: its curves, and its detector images when the format writes images. */
  async buildExport(dataset: Dataset, provenance: Record<string, unknown>, format: ExportFormat): Promise<DatasetExport> {
    const withImages = (findFormat(format)?.holds ?? "curves") !== "curves";
    const [curves, owner, images] = await Promise.all([
      this.curves.curvesOfDataset(dataset.id),
      this.db.getRepository(User).findOneBy({ id: dataset.ownerId }),
      withImages ? (this.options.images?.recordsOfDataset(dataset.id) ?? Promise.resolve([])) : Promise.resolve([]),
    ]);
    // Several imported files: one entry list, each curve pointing at its own file's entry.
    const view = exportEntriesView(dataset.metadata, curves);
    const records = curves.map((c, i) => curveRecordOf(c, view.parameters[i]));
    return {
      dataset: {
        id: dataset.id,
        title: dataset.title,
        description: dataset.description,
        kind: dataset.kind,
        technique: dataset.technique,
        license: dataset.license,
        keywords: dataset.keywords,
        metadata: view.metadata,
        owner: owner?.name ?? dataset.ownerId,
        createdAt: dataset.createdAt.toISOString(),
      },
      provenance,
      curves: records,
      ...(images.length > 0 ? { images } : {}),
    };
  }

  /** An expiring link to one of a dataset's stored files (the caller has already seen the dataset). */
  fileLink(viewer: Viewer, file: DataFile): { url: string; expiresAt: Date } {
    return this.objectLink(viewer, {
      key: file.key,
      datasetId: file.datasetId!,
      filename: file.filename ?? file.key.split("/").pop()!,
      contentType: contentTypeOf(file.format),
    });
  }

  /**
   * An expiring link to any object of a dataset (an image's arrays, its preview), served by the
   * download route, which checks again that the link's user may still see the dataset.
   */
  objectLink(viewer: Viewer, object: { key: string; datasetId: string; filename: string; contentType: string }): { url: string; expiresAt: Date } {
    const exp = Math.floor(Date.now() / 1000) + this.options.ttlSeconds;
    const token = signDownload({ ...object, userId: viewer.userId, exp }, this.options.secret);
    return { url: `${this.options.publicApiUrl.replace(/\/$/, "")}/downloads/${token}`, expiresAt: new Date(exp * 1000) };
  }

  async requestDownload(viewer: Viewer, datasetId: string, format: ExportFormat): Promise<DownloadLink> {
    const dataset = await this.catalogue.getDataset(viewer, datasetId);
    const version = dataset.updatedAt.getTime();
    const provenance = await this.exportProvenance(viewer, dataset);
    // Cached per dataset version and per provenance as this viewer sees it.
    const key = `datasets/${dataset.id}/exports/${version}-${provenance.hash}.${format.toLowerCase()}`;
    const fileRepo = this.db.getRepository(DataFile);
    let file = await fileRepo.findOneBy({ bucket: this.store.bucket, key });
    if (!file) {
      const data = await this.buildExport(dataset, provenance.provJson, format);
      if (findFormat(format)?.holds === "images" && !data.images?.length) {
        throw badInput(`${format} writes detector images and dataset ${dataset.id} has none: choose a curve format`, "format");
      }
      let exported;
      try {
        exported = await (this.options.write ?? exportDataset)(format, data);
      } catch (err) {
        // A writer's refusal of this dataset's content (FormatError, also from the pool's thread) is the request's.
        if (err instanceof Error && err.name === "FormatError") throw badInput(err.message, "format");
        throw err;
      }
      const filename = `${slug(dataset.title)}-${dataset.id.slice(0, 8)}.${exported.extension}`;
      let stored;
      try {
        stored = await this.store.put(key, exported.body, exported.contentType);
      } catch (err) {
        throw new DomainError("UNAVAILABLE", `object storage is unavailable (${(err as Error).message}); try again`);
      }
      await fileRepo
        .createQueryBuilder()
        .insert()
        .values({
          datasetId: dataset.id,
          bucket: stored.bucket,
          key,
          size: stored.size,
          sha256: stored.sha256,
          format,
          role: "EXPORT",
          filename,
        })
        .orIgnore()
        .execute();
      file = await fileRepo.findOneByOrFail({ bucket: this.store.bucket, key });
    }
    const filename = file.filename ?? `${dataset.id}.${findFormat(format)!.extension}`;
    const exp = Math.floor(Date.now() / 1000) + this.options.ttlSeconds;
    const token = signDownload({ key, datasetId: dataset.id, userId: viewer.userId, filename, contentType: contentTypeOf(format), exp }, this.options.secret);
    return {
      url: `${this.options.publicApiUrl.replace(/\/$/, "")}/downloads/${token}`,
      directUrl: (await this.store.presignedDownloadUrl(key, this.options.ttlSeconds, filename)) ?? null,
      expiresAt: new Date(exp * 1000),
      filename,
      format,
      size: file.size,
      sha256: file.sha256,
    };
  }
}

/** Content type of a stored file (raw import, export, configuration) by its recorded format: the format table's, the one it was stored with. */
export function contentTypeOf(format: string): string {
  return findFormat(format)?.contentType ?? "application/octet-stream";
}

function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "dataset"
  );
}
