import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { In } from "typeorm";
import { DetectorImage, type Dataset } from "../entities";
import { FormatError } from "../formats/curve";
import type { DetectorGeometry, DetectorImageRecord } from "../formats/detector-image";
import { validateDetectorImage } from "../formats/detector-image-rules";
import { renderPreview } from "../formats/detector-preview";
import { readNpyArray, writeNpyArray } from "../formats/npy-array";
import type { ObjectStore } from "../storage/object-store";
import type { CatalogueService } from "./catalogue-service";
import { badInput, DomainError, notFound, tooLarge } from "./errors";
import { isUuid } from "./ids";
import { checkPageSize, decodeCursor, toPage, type Page } from "./pagination";
import { visibleDatasetCondition, type Viewer } from "./viewer";

/** Most images one write may bring (a sweep of detector settings is a few dozen). */
export const MAX_IMAGES_PER_WRITE = 256;

/** The arrays of an image that can be downloaded. */
export type DetectorArray = "VALUES" | "UNCERTAINTIES" | "MASK";

/** Images page in dataset order; their index is the cursor. */
export const imageCursorKey = (image: DetectorImage): unknown[] => [image.index];

export function geometryOfImage(image: DetectorImage): DetectorGeometry {
  return {
    detectorDistance: image.detectorDistance,
    pixelWidth: image.pixelWidth,
    pixelHeight: image.pixelHeight,
    beamCentreColumn: image.beamCentreColumn,
    beamCentreRow: image.beamCentreRow,
    wavelength: image.wavelength,
    wavelengthSpread: image.wavelengthSpread,
    collimationLength: image.collimationLength,
    sourceAperture: { width: image.sourceApertureWidth, height: image.sourceApertureHeight },
    sampleAperture: { width: image.sampleApertureWidth, height: image.sampleApertureHeight },
    beamstop: { width: image.beamstopWidth, height: image.beamstopHeight },
  };
}

/** The object key of one of an image's arrays (null: the image has none of that kind). */
export function arrayKeyOf(image: DetectorImage, array: DetectorArray): string | null {
  if (array === "VALUES") return image.valuesKey;
  if (array === "MASK") return image.maskKey;
  return image.uncertaintiesKey;
}

/**
 * Detector images of datasets: validated all-or-nothing writes (rows in the caller's transaction,
 * arrays and previews in object storage, removed again when anything fails), and reads that see an
 * image exactly when its dataset is visible.
 */
export class DetectorImageService {
  constructor(
    private readonly db: DataSource,
    private readonly store: ObjectStore,
    private readonly catalogue: CatalogueService,
  ) {}

  /** Check every image before anything is written; BAD_USER_INPUT (or PAYLOAD_TOO_LARGE) naming the field. */
  validate(images: readonly DetectorImageRecord[], field = "images"): void {
    if (images.length > MAX_IMAGES_PER_WRITE) throw tooLarge(`${field} has ${images.length} images; the limit per write is ${MAX_IMAGES_PER_WRITE}`, field);
    images.forEach((image, i) => {
      try {
        validateDetectorImage(image, `${field}[${i}]`);
      } catch (err) {
        if (err instanceof FormatError) throw /limit/.test(err.message) ? tooLarge(err.message, err.field) : badInput(err.message, err.field);
        throw err;
      }
    });
  }

  /**
   * Store `images` with `dataset` inside `tx` (the caller's transaction): indices continue after the
   * dataset's existing images. Objects are written first; when one fails, or a row does, those
   * already written are removed and the error is rethrown. Keys of written objects are also pushed
   * onto `written`, so a caller whose transaction fails later can remove them (`removeObjects`).
   */
  async storeDetectorImages(tx: EntityManager, dataset: Dataset, images: readonly DetectorImageRecord[], written: string[] = []): Promise<DetectorImage[]> {
    this.validate(images);
    if (images.length === 0) return [];
    const mine: string[] = [];
    try {
      const [{ next }] = (await tx.query(`SELECT coalesce(max(index) + 1, 0) AS next FROM detector_images WHERE dataset_id = $1`, [dataset.id])) as {
        next: number;
      }[];
      const repo = tx.getRepository(DetectorImage);
      const saved: DetectorImage[] = [];
      for (const [i, image] of images.entries()) {
        const id = randomUUID();
        const prefix = `datasets/${dataset.id}/images/${id}`;
        const put = async (name: string, body: Buffer, type: string) => {
          const key = `${prefix}/${name}`;
          // Listed before the PUT: a PUT that fails half-way may still leave an object (s3rver writes in place).
          mine.push(key);
          written.push(key);
          try {
            return await this.store.put(key, body, type);
          } catch (err) {
            throw new DomainError("UNAVAILABLE", `object storage did not accept ${name} of image ${i} (${(err as Error).message}); nothing was stored`);
          }
        };
        const shape = image.shape;
        const values = await put("values.npy", writeNpyArray(image.values, shape), "application/octet-stream");
        const uncertainties = image.uncertainties
          ? await put("uncertainties.npy", writeNpyArray(image.uncertainties, shape), "application/octet-stream")
          : null;
        const mask = await put("mask.npy", writeNpyArray(image.mask, shape), "application/octet-stream");
        const preview = await put("preview.png", renderPreview(image), "image/png");
        const g = image.geometry;
        saved.push(
          await repo.save(
            repo.create({
              id,
              datasetId: dataset.id,
              index: Number(next) + i,
              title: image.title ?? null,
              kind: image.kind,
              rows: shape[0],
              columns: shape[1],
              detectorDistance: g.detectorDistance,
              pixelWidth: g.pixelWidth,
              pixelHeight: g.pixelHeight,
              beamCentreColumn: g.beamCentreColumn,
              beamCentreRow: g.beamCentreRow,
              wavelength: g.wavelength,
              wavelengthSpread: g.wavelengthSpread,
              collimationLength: g.collimationLength,
              sourceApertureWidth: g.sourceAperture.width,
              sourceApertureHeight: g.sourceAperture.height,
              sampleApertureWidth: g.sampleAperture.width,
              sampleApertureHeight: g.sampleAperture.height,
              beamstopWidth: g.beamstop.width,
              beamstopHeight: g.beamstop.height,
              parameters: image.parameters,
              incident: image.incident,
              transmission: image.transmission,
              valuesKey: values.key,
              uncertaintiesKey: uncertainties?.key ?? null,
              maskKey: mask.key,
              previewKey: preview.key,
              byteSize: values.size + (uncertainties?.size ?? 0) + mask.size + preview.size,
            }),
          ),
        );
      }
      await tx.query(`UPDATE datasets SET updated_at = now() WHERE id = $1`, [dataset.id]);
      return saved;
    } catch (err) {
      await this.store.removeQuietly(mine);
      throw err;
    }
  }

  /** Remove objects of a write whose transaction failed (ignoring failures). */
  removeObjects(keys: readonly string[]): Promise<void> {
    return this.store.removeQuietly([...keys]);
  }

  /** Object keys of a dataset's images (to remove them after the dataset is deleted). */
  async objectKeysOfDataset(tx: EntityManager, datasetId: string): Promise<string[]> {
    const rows = await tx.getRepository(DetectorImage).findBy({ datasetId });
    return rows.flatMap((r) => [r.valuesKey, r.uncertaintiesKey, r.maskKey, r.previewKey].filter((k): k is string => k !== null));
  }

  /** Images by id whose datasets the viewer may see (others are absent): the DataLoader batch. */
  async visibleImagesByIds(viewer: Viewer, ids: readonly string[]): Promise<DetectorImage[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const { sql, params } = visibleDatasetCondition(viewer, "d");
    return this.db
      .getRepository(DetectorImage)
      .createQueryBuilder("i")
      .innerJoin("datasets", "d", "d.id = i.dataset_id")
      .where("i.id IN (:...ids)", { ids: valid })
      .andWhere(sql, params)
      .getMany();
  }

  /** One image; NOT_FOUND when it does not exist or its dataset is hidden from the viewer. */
  async getImage(viewer: Viewer, id: string): Promise<DetectorImage> {
    const [image] = await this.visibleImagesByIds(viewer, [id]);
    if (!image) throw notFound("detector image", id);
    return image;
  }

  async listImages(viewer: Viewer, args: { datasetId: string; first: number; after?: string | null }): Promise<Page<DetectorImage>> {
    const first = checkPageSize(args.first, 1000);
    const dataset = await this.catalogue.getDataset(viewer, args.datasetId);
    const qb = this.db.getRepository(DetectorImage).createQueryBuilder("i").where("i.dataset_id = :id", { id: dataset.id });
    if (args.after) {
      const [index] = decodeCursor(args.after, 1);
      if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index > 2 ** 31 - 1) {
        throw badInput("`after` is not a cursor returned by this connection", "after");
      }
      qb.andWhere("i.index > :after", { after: index });
    }
    const rows = await qb
      .orderBy("i.index", "ASC")
      .limit(first + 1)
      .getMany();
    return toPage(rows, first, imageCursorKey);
  }

  /**
   * The first `first + 1` images of each dataset, in one statement (the DataLoader batch of nested
   * `dataset.images`; the extra one says whether more follow). The datasets were seen already.
   */
  async firstImagesOfDatasets(datasetIds: readonly string[], first: number): Promise<DetectorImage[]> {
    if (datasetIds.length === 0) return [];
    const ranked = await this.db.query(
      `SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY dataset_id ORDER BY index) AS n FROM detector_images WHERE dataset_id = ANY($1::uuid[])) r WHERE n <= $2`,
      [datasetIds.filter(isUuid), first + 1],
    );
    const ids = (ranked as { id: string }[]).map((r) => r.id);
    if (ids.length === 0) return [];
    return this.db.getRepository(DetectorImage).find({ where: { id: In(ids) }, order: { datasetId: "ASC", index: "ASC" } });
  }

  /** A dataset's images with their arrays, as records (exports). */
  async recordsOfDataset(datasetId: string): Promise<DetectorImageRecord[]> {
    const rows = await this.db.getRepository(DetectorImage).find({ where: { datasetId }, order: { index: "ASC" } });
    return this.recordsOf(rows);
  }

  /** Stored images with their arrays read back, in the order given (the caller saw them already). */
  async recordsOf(rows: readonly DetectorImage[]): Promise<DetectorImageRecord[]> {
    const out: DetectorImageRecord[] = [];
    for (const row of rows) {
      const read = async (key: string) => readNpyArray(await this.store.getBuffer(key)).values;
      const [values, uncertainties, mask] = await Promise.all([
        read(row.valuesKey),
        row.uncertaintiesKey ? read(row.uncertaintiesKey) : Promise.resolve(null),
        read(row.maskKey),
      ]);
      out.push({
        title: row.title ?? undefined,
        kind: row.kind,
        shape: [row.rows, row.columns],
        values: Float64Array.from(values),
        uncertainties: uncertainties ? Float64Array.from(uncertainties) : null,
        mask: Uint8Array.from(mask),
        geometry: geometryOfImage(row),
        parameters: row.parameters,
        incident: row.incident,
        transmission: row.transmission,
      });
    }
    return out;
  }

  /** A visible dataset's images, all or those of `ids` (each must be one of them), in index order. */
  async imagesOfDataset(datasetId: string, ids?: readonly string[] | null): Promise<DetectorImage[]> {
    const qb = this.db.getRepository(DetectorImage).createQueryBuilder("i").where("i.dataset_id = :id", { id: datasetId });
    if (ids) {
      const valid = ids.filter(isUuid);
      if (valid.length === 0) return [];
      qb.andWhere("i.id IN (:...ids)", { ids: valid });
    }
    return qb.orderBy("i.index", "ASC").getMany();
  }
}
