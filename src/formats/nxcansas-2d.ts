/**
 * Detector images in NXcanSAS: one SASentry per image, holding
 *
 * - a SASdata group with I[rows, columns] (1/cm for INTENSITY images; "arbitrary" for COUNTS, raw
 *   counts per pixel), Idev, and Q[2, rows, columns] with Qx in Q[0] and Qy in Q[1] (1/angstrom):
 *   the definition's convention for I(Q vector) on a grid, I_axes = "Q,Q", Q_indices = [0, 1].
 *   Mask[rows, columns] (uint8, 1 = masked, as the definition means it) is named by @mask (what
 *   SasView's loader reads) and indexed by @Mask_indices;
 * - SASinstrument with the source (incident_wavelength, incident_wavelength_spread as an absolute
 *   FWHM in angstrom), the collimation length, the source and sample apertures, and the detector
 *   (SDD, pixel sizes, beam centre as a distance from the detector's first pixel edge, m);
 *   SASsample with the transmission;
 * - the image itself as sasgraph wrote it (kind, geometry, parameters, incident, transmission) in
 *   the SASdata's @sasgraph_image, JSON, so that our import gets back exactly what was stored.
 *
 * The reader takes back SASdata groups that carry @sasgraph_image; other 2D data has no geometry a
 * detector image needs, and stays "not imported" as before.
 */
import { FormatError } from "./curve";
import { MAX_IMAGE_PIXELS } from "./detector-image-rules";
import { pixelQ, type DetectorGeometry, type DetectorImageKind, type DetectorImageRecord } from "./detector-image";
import type { H5Dataset, H5Group } from "./hdf5-memory-file";
import type { H5WasmModule } from "./hdf5-loader";

export const IMAGE_ATTR = "sasgraph_image";

type Node = H5Group | H5Dataset;

function text(node: Node, name: string, value: string): void {
  node.create_attribute(name, value);
}

function scalar(group: H5Group, name: string, value: number, units: string | null): void {
  const ds = group.create_dataset({ name, data: new Float64Array([value]), shape: [] });
  if (units !== null) text(ds, "units", units);
}

function classed(parent: H5Group, name: string, nxClass: string, canSAS: string): H5Group {
  const g = parent.create_group(name, true);
  text(g, "NX_class", nxClass);
  text(g, "canSAS_class", canSAS);
  return g;
}

/** What @sasgraph_image holds. */
interface ImageAttr {
  title?: string;
  kind: DetectorImageKind;
  geometry: DetectorGeometry;
  parameters: Record<string, unknown>;
  incident: number;
  transmission: number;
}

/** Writes `image` as entry `name` of `root`. */
export function writeImageEntry(root: H5Group, name: string, image: DetectorImageRecord, fallbackTitle: string): void {
  const [rows, columns] = image.shape;
  const g = image.geometry;
  const entry = classed(root, name, "NXentry", "SASentry");
  text(entry, "version", "1.1");
  text(entry, "default", "sasdata01");
  entry.create_dataset({ name: "definition", data: "NXcanSAS" });
  entry.create_dataset({ name: "title", data: image.title ?? fallbackTitle });
  entry.create_dataset({ name: "run", data: "" });

  const data = classed(entry, "sasdata01", "NXdata", "SASdata");
  text(data, "signal", "I");
  data.create_attribute("I_axes", ["Q", "Q"]);
  data.create_attribute("Q_indices", new Int32Array([0, 1]), [2]);
  text(data, "mask", "Mask");
  data.create_attribute("Mask_indices", new Int32Array([0, 1]), [2]);
  const unit = image.kind === "INTENSITY" ? "1/cm" : "arbitrary";
  const i = data.create_dataset({ name: "I", data: Float64Array.from(image.values), shape: [rows, columns] });
  text(i, "units", unit);
  if (image.uncertainties) {
    text(i, "uncertainties", "Idev");
    text(data, "I_uncertainties", "Idev");
    const idev = data.create_dataset({ name: "Idev", data: Float64Array.from(image.uncertainties), shape: [rows, columns] });
    text(idev, "units", unit);
  }
  const { qx, qy } = pixelQ(g, image.shape);
  const q = new Float64Array(2 * rows * columns);
  q.set(qx, 0);
  q.set(qy, rows * columns);
  text(data.create_dataset({ name: "Q", data: q, shape: [2, rows, columns] }), "units", "1/angstrom");
  data.create_dataset({ name: "Mask", data: Uint8Array.from(image.mask), shape: [rows, columns] });
  const attr: ImageAttr = {
    ...(image.title !== undefined ? { title: image.title } : {}),
    kind: image.kind,
    geometry: g,
    parameters: image.parameters,
    incident: image.incident,
    transmission: image.transmission,
  };
  text(data, IMAGE_ATTR, JSON.stringify(attr));

  const instrument = classed(entry, "sasinstrument", "NXinstrument", "SASinstrument");
  const source = classed(instrument, "sassource", "NXsource", "SASsource");
  source.create_dataset({ name: "radiation", data: "neutron" });
  scalar(source, "incident_wavelength", g.wavelength, "angstrom");
  scalar(source, "incident_wavelength_spread", g.wavelengthSpread * g.wavelength, "angstrom");
  const collimation = classed(instrument, "sascollimation01", "NXcollimator", "SAScollimation");
  scalar(collimation, "length", g.collimationLength, "m");
  for (const [k, [label, a]] of (
    [
      ["source", g.sourceAperture],
      ["sample", g.sampleAperture],
    ] as const
  ).entries()) {
    const aperture = classed(instrument, `sasaperture0${k + 1}`, "NXaperture", "SASaperture");
    text(aperture, "name", label);
    aperture.create_dataset({ name: "shape", data: "rectangle" });
    scalar(aperture, "x_gap", a.width, "m");
    scalar(aperture, "y_gap", a.height, "m");
  }
  const detector = classed(instrument, "sasdetector01", "NXdetector", "SASdetector");
  detector.create_dataset({ name: "name", data: `${rows} x ${columns} pixel detector` });
  scalar(detector, "SDD", g.detectorDistance, "m");
  scalar(detector, "x_pixel_size", g.pixelWidth, "m");
  scalar(detector, "y_pixel_size", g.pixelHeight, "m");
  scalar(detector, "beam_center_x", g.beamCentreColumn * g.pixelWidth, "m");
  scalar(detector, "beam_center_y", g.beamCentreRow * g.pixelHeight, "m");
  const sample = classed(entry, "sassample", "NXsample", "SASsample");
  sample.create_dataset({ name: "name", data: typeof image.parameters.model === "string" ? image.parameters.model : "" });
  scalar(sample, "transmission", image.transmission, null);
}

/** Whether a SASdata group is an image sasgraph wrote. */
export function isImageGroup(group: H5Group): boolean {
  return group.attrs[IMAGE_ATTR] !== undefined;
}

function floats(h5: H5WasmModule, group: H5Group, name: string, field: string, shape: readonly number[]): Float64Array {
  const ds = group.get(name);
  if (!(ds instanceof h5.Dataset)) throw new FormatError(`${field}.${name}: dataset is missing`, `${field}.${name}`);
  const got = ds.shape ?? [];
  if (got.length !== shape.length || got.some((n, k) => n !== shape[k])) {
    throw new FormatError(`${field}.${name}: shape [${got.join(", ")}], expected [${shape.join(", ")}]`, `${field}.${name}`);
  }
  const v = ds.value;
  if (!ArrayBuffer.isView(v) || v instanceof DataView) throw new FormatError(`${field}.${name}: is not numeric`, `${field}.${name}`);
  return Float64Array.from(v as unknown as ArrayLike<number>, Number);
}

/** Reads an image group written by writeImageEntry; the checks of a stored image follow on import. */
export function readImageGroup(h5: H5WasmModule, group: H5Group, field: string): DetectorImageRecord {
  const raw = group.attrs[IMAGE_ATTR].value;
  let attr: ImageAttr;
  try {
    attr = JSON.parse(typeof raw === "string" ? raw : String(raw)) as ImageAttr;
  } catch {
    throw new FormatError(`${field}@${IMAGE_ATTR}: not JSON`, `${field}@${IMAGE_ATTR}`);
  }
  const i = group.get("I");
  if (!(i instanceof h5.Dataset)) throw new FormatError(`${field}.I: dataset is missing`, `${field}.I`);
  const shape = i.shape ?? [];
  if (shape.length !== 2) throw new FormatError(`${field}.I: shape [${shape.join(", ")}]: an image has two dimensions`, `${field}.I`);
  const dims: [number, number] = [shape[0], shape[1]];
  // Before any pixel is read: a file may claim more than a server should hold.
  if (dims[0] * dims[1] > MAX_IMAGE_PIXELS) {
    throw new FormatError(`${field}.I: ${dims[0]} x ${dims[1]} pixels, more than the limit of ${MAX_IMAGE_PIXELS}`, `${field}.I`);
  }
  const maskName = typeof group.attrs.mask?.value === "string" ? (group.attrs.mask.value as string) : "Mask";
  const mask = group.get(maskName) ? floats(h5, group, maskName, field, dims) : new Float64Array(dims[0] * dims[1]);
  return {
    ...(attr.title !== undefined ? { title: attr.title } : {}),
    kind: attr.kind,
    shape: dims,
    values: floats(h5, group, "I", field, dims),
    uncertainties: group.get("Idev") ? floats(h5, group, "Idev", field, dims) : null,
    mask: Uint8Array.from(mask, (m) => (m ? 1 : 0)),
    geometry: attr.geometry,
    parameters: attr.parameters ?? {},
    incident: attr.incident,
    transmission: attr.transmission,
  };
}
