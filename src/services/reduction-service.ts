/**
 * Reduction of detector images to I(Q) (src/compute/instrument/reduction.ts): each COUNTS image of a
 * dataset the viewer may see becomes one curve on absolute scale (1/cm against 1/Å, Poisson dI,
 * dQ from the geometry), azimuthally averaged or over a sector, in a new DERIVED dataset whose
 * activity used the images' dataset (the image ids are in its parameters). All or nothing: one
 * transaction for the dataset, its curves and its provenance.
 */
import type { DataSource } from "typeorm";
import { pixelGeometry, type PixelGeometry } from "../compute/instrument/pixel-geometry";
import { reduceImage, type ReductionOptions, type Sector } from "../compute/instrument/reduction";
import type { DetectorImageData, InstrumentSettings } from "../compute/instrument/types";
import { SasInputError } from "../compute/sas/errors";
import { Dataset } from "../entities/dataset";
import type { CurveRecord } from "../formats/curve";
import type { DetectorImageRecord } from "../formats/detector-image";
import type { CatalogueService } from "./catalogue-service";
import type { CurveService } from "./curve-service";
import type { DetectorImageService } from "./detector-image-service";
import { badInput, notFound, unauthenticated } from "./errors";
import type { ProvenanceService } from "./provenance-service";
import type { Viewer } from "./viewer";

/** Most images one request reduces. */
export const MAX_REDUCED_IMAGES = 200;
/**
 * Most pixels one request reduces, all images together (200 of the paper's 144 x 256): the
 * reduction runs in the API process, about 0.2 µs per pixel plus 0.16 µs per pixel of a new geometry.
 */
export const MAX_REDUCED_PIXELS = 200 * 144 * 256;

export interface ReduceImagesRequest {
  datasetId: string;
  /** Images to reduce (all of the dataset's when absent). */
  imageIds?: string[] | null;
  bins: number;
  spacing: "linear" | "log";
  qMin?: number | null;
  qMax?: number | null;
  edgePixels: number;
  sector?: Sector | null;
  /** Sample thickness, cm: replaces what the images record (needed for images that record none). */
  thickness?: number | null;
  title?: string | null;
}

/** The instrument an image's geometry describes (what reduction needs of it). */
export function instrumentOfImage(image: DetectorImageRecord): InstrumentSettings {
  const g = image.geometry;
  return {
    wavelength: g.wavelength,
    wavelengthSpread: g.wavelengthSpread,
    collimationLength: g.collimationLength,
    sourceAperture: { ...g.sourceAperture },
    sampleAperture: { ...g.sampleAperture },
    detectorDistance: g.detectorDistance,
    detector: {
      rows: image.shape[0],
      columns: image.shape[1],
      pixelWidth: g.pixelWidth,
      pixelHeight: g.pixelHeight,
      beamCentreColumn: g.beamCentreColumn,
      beamCentreRow: g.beamCentreRow,
    },
    beamstop: { ...g.beamstop },
  };
}

/** The request's field a library refusal is about. */
function fieldOf(libraryField: string | undefined): string {
  if (!libraryField || libraryField.startsWith("image.")) return "imageIds";
  return libraryField;
}

export class ReductionService {
  constructor(
    private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly images: DetectorImageService,
    private readonly curves: CurveService,
    private readonly provenance: ProvenanceService,
  ) {}

  async reduce(viewer: Viewer, req: ReduceImagesRequest): Promise<Dataset> {
    if (!viewer.userId) throw unauthenticated();
    const source = await this.catalogue.getDataset(viewer, req.datasetId);
    const ids = req.imageIds ?? null;
    if (ids && ids.length === 0) throw badInput("imageIds is empty: leave it out to reduce every image", "imageIds");
    if (ids && ids.length > MAX_REDUCED_IMAGES) throw badInput(`${ids.length} images: at most ${MAX_REDUCED_IMAGES} per request`, "imageIds");
    const rows = await this.images.imagesOfDataset(source.id, ids);
    if (ids) {
      // An id that is not one of this dataset's images (or not an id at all) is not found, as anywhere else.
      const found = new Set(rows.map((r) => r.id));
      const missing = ids.find((id) => !found.has(id));
      if (missing) throw notFound("detector image of this dataset", missing);
    }
    if (rows.length === 0) throw badInput("the dataset has no detector images", "datasetId");
    if (rows.length > MAX_REDUCED_IMAGES) {
      throw badInput(`the dataset has ${rows.length} images: reduce at most ${MAX_REDUCED_IMAGES} per request (give imageIds)`, "imageIds");
    }
    const pixels = rows.reduce((n, r) => n + r.rows * r.columns, 0);
    if (pixels > MAX_REDUCED_PIXELS) {
      throw badInput(`the images hold ${pixels} pixels: reduce at most ${MAX_REDUCED_PIXELS} per request (give fewer imageIds)`, "imageIds");
    }
    const records = await this.images.recordsOf(rows);
    // The geometry of the last instrument only: images of a set share it, and memory stays one geometry.
    let geometry: { key: string; value: PixelGeometry } | null = null;
    const curves: CurveRecord[] = records.map((image, i) => {
      if (image.kind !== "COUNTS") throw badInput(`image ${rows[i].id} holds I(qx, qy), not counts: only COUNTS images are reduced`, "imageIds");
      const thickness = req.thickness ?? (typeof image.parameters.thickness === "number" ? image.parameters.thickness : undefined);
      if (thickness === undefined) throw badInput(`image ${rows[i].id} does not record its sample thickness: give thickness (cm)`, "thickness");
      const instrument = instrumentOfImage(image);
      const key = JSON.stringify(instrument);
      if (geometry?.key !== key) geometry = { key, value: pixelGeometry(instrument) };
      const data: DetectorImageData = {
        counts: image.values,
        shape: image.shape,
        mask: image.mask,
        incident: image.incident,
        transmission: image.transmission,
        beamstopCounts: 0,
        sampling: image.parameters.sampling === "importance" ? "importance" : "analog",
      };
      const options: ReductionOptions = {
        thickness,
        bins: req.bins,
        spacing: req.spacing,
        edgePixels: req.edgePixels,
        geometry: geometry.value,
        ...(req.qMin != null ? { qMin: req.qMin } : {}),
        ...(req.qMax != null ? { qMax: req.qMax } : {}),
        ...(req.sector ? { sector: req.sector } : {}),
      };
      try {
        const r = reduceImage(data, instrument, options);
        if (r.q.length === 0) {
          throw badInput(`image ${rows[i].id} has no unmasked pixel in the q range asked for: widen qMin and qMax (1/Å)`, req.qMin != null ? "qMin" : "qMax");
        }
        const { instrument: _instrument, ...made } = image.parameters;
        void _instrument;
        return {
          title: image.title,
          q: r.q,
          intensity: r.intensity,
          dI: r.dI,
          dQ: r.dQ,
          qUnit: r.qUnit,
          intensityUnit: r.intensityUnit,
          parameters: { ...made, imageId: rows[i].id, imageIndex: rows[i].index, thickness },
        };
      } catch (err) {
        if (err instanceof SasInputError) throw badInput(err.message, fieldOf(err.field));
        throw err;
      }
    });
    const reduction = {
      average: req.sector ? "sector" : "azimuthal",
      bins: req.bins,
      spacing: req.spacing,
      qMin: req.qMin ?? null,
      qMax: req.qMax ?? null,
      edgePixels: req.edgePixels,
      sector: req.sector ?? null,
      thickness: req.thickness ?? null,
    };
    const started = new Date();
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(Dataset);
      const derived = await repo.save(
        repo.create({
          kind: "DERIVED",
          technique: source.technique,
          title: req.title?.trim() || `${source.title} reduced to I(Q)`.slice(0, 500),
          description: `${curves.length} detector image(s) of dataset ${source.id} reduced to I(Q) (${reduction.average} average, ${req.bins} ${req.spacing} bins), absolute scale in 1/cm.`,
          keywords: ["reduction", "sans"],
          metadata: { reduction: { ...reduction, sourceDataset: source.id, images: rows.map((r) => r.id) } },
          ownerId: viewer.userId!,
          published: false,
          instrumentId: source.instrumentId,
          sampleId: source.sampleId,
        }),
      );
      await this.curves.appendInTransaction(tx, derived, curves);
      const activity = await this.provenance.createActivity(tx, {
        kind: "ANALYSIS",
        label: `reduction of ${curves.length} detector image(s) to I(Q)`,
        parameters: { kind: "reduction", ...reduction, sourceDataset: source.id, images: rows.map((r) => r.id) },
        ownerId: viewer.userId,
        startedAt: started,
      });
      await this.provenance.recordRun(tx, activity, {
        generated: [derived.id],
        used: [{ type: "DATASET", id: source.id }],
        derivedFrom: [{ generated: derived.id, used: source.id }],
      });
      return repo.findOneByOrFail({ id: derived.id });
    });
  }
}
