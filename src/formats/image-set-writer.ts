/**
 * A set of detector images in the layout paper 004 published its virtual experiments in (Robledo
 * et al. 2024, Zenodo 10119316): an HDF5 file with a `data` dataset n x rows x columns (the counts or
 * intensities, float64) and a `target` dataset of n class labels, and beside it a CSV of the sample
 * and instrument parameters of every image, one row per image in the same order. Both travel in one
 * ZIP, named after the dataset. An image's target is its own `label` (a virtual-experiment set's
 * index of its sample, naming into the dataset's `labels`), else its model's place among the names in
 * the order they first appear; `target@labels` lists the names.
 */
import { strToU8, zipSync } from "fflate";
import { FormatError, type DatasetExport } from "./curve";
import type { DetectorImageRecord } from "./detector-image";
import { writeHdf5 } from "./hdf5-memory-file";

/** Fixed columns of the CSV, then every sample parameter (sorted) that any image has. */
const FIXED_COLUMNS = [
  "index",
  "target",
  "model",
  "preset",
  "wavelength_A",
  "wavelength_spread",
  "collimation_length_m",
  "detector_distance_m",
  "source_aperture_width_m",
  "source_aperture_height_m",
  "sample_aperture_width_m",
  "sample_aperture_height_m",
  "pixel_width_m",
  "pixel_height_m",
  "thickness_cm",
  "cell_width_m",
  "absorption_per_cm",
  "transmission",
  "incident",
  "seed",
] as const;

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function modelOf(image: DetectorImageRecord): string {
  const m = image.parameters.model;
  return typeof m === "string" ? m : "";
}

function sampleParameters(image: DetectorImageRecord): Record<string, unknown> {
  const p = image.parameters.sampleParameters ?? image.parameters.parameters;
  return p && typeof p === "object" && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

/** Class names and each image's label. */
export function imageTargets(data: DatasetExport, images: readonly DetectorImageRecord[]): { names: string[]; targets: Int32Array } {
  const given = data.dataset.metadata.labels;
  const names = Array.isArray(given) && given.every((l) => typeof l === "string") ? [...(given as string[])] : [];
  const targets = new Int32Array(images.length);
  images.forEach((im, i) => {
    // A virtual-experiment set's own label (the index of its sample in the set: two samples of the
    // same model with different ranges are two classes), else the model's place among the names.
    const own = im.parameters.label;
    if (typeof own === "number" && Number.isInteger(own) && own >= 0 && own < names.length) {
      targets[i] = own;
      return;
    }
    const model = modelOf(im);
    let label = names.indexOf(model);
    if (label < 0) {
      names.push(model);
      label = names.length - 1;
    }
    targets[i] = label;
  });
  return { names, targets };
}

export function imageSetCsv(images: readonly DetectorImageRecord[], targets: Int32Array): string {
  const extra = [...new Set(images.flatMap((im) => Object.keys(sampleParameters(im))))].sort();
  const lines = [[...FIXED_COLUMNS, ...extra].join(",")];
  images.forEach((im, i) => {
    const g = im.geometry;
    const p = im.parameters;
    const fixed = [
      i,
      targets[i],
      modelOf(im),
      p.preset,
      g.wavelength,
      g.wavelengthSpread,
      g.collimationLength,
      g.detectorDistance,
      g.sourceAperture.width,
      g.sourceAperture.height,
      g.sampleAperture.width,
      g.sampleAperture.height,
      g.pixelWidth,
      g.pixelHeight,
      p.thickness,
      p.cellWidth,
      p.absorption,
      im.transmission,
      im.incident,
      p.seed,
    ];
    const sample = sampleParameters(im);
    lines.push([...fixed, ...extra.map((k) => sample[k])].map(csvCell).join(","));
  });
  return lines.join("\n") + "\n";
}

/** File names inside the ZIP: the dataset's title, made safe. */
function baseName(title: string): string {
  const safe = title
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 80);
  return safe || "images";
}

export async function writeImageSet(data: DatasetExport): Promise<Buffer> {
  const images = data.images ?? [];
  if (images.length === 0)
    throw new FormatError("the dataset has no detector images: IMAGE_SET_ZIP writes image sets (curves go to the other formats)", "format");
  const [rows, columns] = images[0].shape;
  images.forEach((im, i) => {
    if (im.kind !== images[0].kind)
      throw new FormatError(`images[${i}] holds ${im.kind}, images[0] ${images[0].kind}: one data array needs one kind of values`, "format");
    if (im.shape[0] !== rows || im.shape[1] !== columns) {
      throw new FormatError(`images[${i}] is ${im.shape.join(" x ")}, images[0] ${rows} x ${columns}: one data array needs one detector size`, "format");
    }
  });
  const { names, targets } = imageTargets(data, images);
  const stack = new Float64Array(images.length * rows * columns);
  images.forEach((im, i) => stack.set(im.values, i * rows * columns));
  const h5 = await writeHdf5((file) => {
    const d = file.create_dataset({ name: "data", data: stack, shape: [images.length, rows, columns] });
    d.create_attribute("kind", images[0].kind);
    d.create_attribute("units", images[0].kind === "COUNTS" ? "counts" : "1/cm");
    const t = file.create_dataset({ name: "target", data: targets, shape: [images.length] });
    if (names.length > 0) t.create_attribute("labels", names);
    file.create_attribute("dataset_id", data.dataset.id);
    file.create_attribute("title", data.dataset.title);
  });
  const base = baseName(data.dataset.title);
  const mtime = new Date(data.dataset.createdAt);
  return Buffer.from(
    zipSync(
      {
        [`${base}.h5`]: [h5, { mtime, level: 0 }],
        [`${base}.csv`]: [strToU8(imageSetCsv(images, targets)), { mtime }],
      },
      { level: 6 },
    ),
  );
}
