/**
 * A two-dimensional detector image as the catalogue stores, serves, exports and imports it: the
 * pixel values (counts, or I(qx, qy) in 1/cm once reduced), their uncertainties, the mask, the
 * geometry that maps pixels to q, and everything the image was made with. Built from the virtual
 * instrument's DetectorImageData + InstrumentSettings (src/compute/instrument/types.ts), or read
 * from an NXcanSAS file.
 */
import type { Aperture, DetectorImageData, InstrumentSettings } from "../compute/instrument/types";
import { FormatError } from "./curve";

/** COUNTS: neutrons per pixel (integers); INTENSITY: I(qx, qy) in 1/cm (absolute scale). */
export type DetectorImageKind = "COUNTS" | "INTENSITY";
export const DETECTOR_IMAGE_KINDS: readonly DetectorImageKind[] = ["COUNTS", "INTENSITY"];

/** Where the pixels sit and what beam met them. Lengths in metres, wavelength in Å. */
export interface DetectorGeometry {
  detectorDistance: number;
  pixelWidth: number;
  pixelHeight: number;
  /** Direct beam position in fractional pixel coordinates (0.5 = centre of the first pixel). */
  beamCentreColumn: number;
  beamCentreRow: number;
  wavelength: number;
  /** Relative FWHM of the wavelength distribution (0.1 = 10 %). */
  wavelengthSpread: number;
  collimationLength: number;
  sourceAperture: Aperture;
  sampleAperture: Aperture;
  beamstop: Aperture;
}

export interface DetectorImageRecord {
  title?: string;
  kind: DetectorImageKind;
  /** [rows, columns]; values are row-major, rows along y, columns along x. */
  shape: [number, number];
  values: Float64Array;
  /** One-sigma uncertainty per pixel, same unit as the values; null when not known. */
  uncertainties: Float64Array | null;
  /** 1 where the pixel is masked (beamstop shadow, dead edge), else 0. */
  mask: Uint8Array;
  geometry: DetectorGeometry;
  /** Everything the image was made with (sample model and parameters, instrument, neutrons, seed), JSON. */
  parameters: Record<string, unknown>;
  /** Neutrons that reached the sample position (the monitor). */
  incident: number;
  /** Transmission of the unscattered beam through the sample, (0, 1]. */
  transmission: number;
}

/** The geometry of an instrument setting. */
export function geometryOf(settings: InstrumentSettings): DetectorGeometry {
  const d = settings.detector;
  return {
    detectorDistance: settings.detectorDistance,
    pixelWidth: d.pixelWidth,
    pixelHeight: d.pixelHeight,
    beamCentreColumn: d.beamCentreColumn,
    beamCentreRow: d.beamCentreRow,
    wavelength: settings.wavelength,
    wavelengthSpread: settings.wavelengthSpread,
    collimationLength: settings.collimationLength,
    sourceAperture: { ...settings.sourceAperture },
    sampleAperture: { ...settings.sampleAperture },
    beamstop: { ...settings.beamstop },
  };
}

/**
 * A simulated counts image as a record. Uncertainties are Poisson: sqrt(n) per pixel (0 for an
 * empty pixel, whose sigma a fit should not take as 0: mask or weight it). `parameters` should hold
 * the sample and anything else the image was made with; the instrument settings are added.
 */
export function countsImageRecord(
  data: DetectorImageData,
  settings: InstrumentSettings,
  parameters: Record<string, unknown>,
  title?: string,
): DetectorImageRecord {
  return {
    title,
    kind: "COUNTS",
    shape: [data.shape[0], data.shape[1]],
    values: Float64Array.from(data.counts),
    uncertainties: Float64Array.from(data.counts, (n) => Math.sqrt(Math.max(n, 0))),
    mask: Uint8Array.from(data.mask),
    geometry: geometryOf(settings),
    parameters: { ...parameters, instrument: settings },
    incident: data.incident,
    transmission: data.transmission,
  };
}

/**
 * q of every pixel centre, row-major, 1/Å: the elastic scattering vector's magnitude 4π/λ·sin(θ)
 * with 2θ the angle from the direct beam, split along the pixel's azimuth into qx and qy (as
 * sasmodels' 2D evaluation takes them: q = hypot(qx, qy)). Flat detector normal to the beam.
 */
export function pixelQ(geometry: DetectorGeometry, shape: readonly [number, number]): { qx: Float64Array; qy: Float64Array } {
  const [rows, columns] = shape;
  const qx = new Float64Array(rows * columns);
  const qy = new Float64Array(rows * columns);
  const k = (4 * Math.PI) / geometry.wavelength;
  for (let r = 0; r < rows; r++) {
    const y = (r + 0.5 - geometry.beamCentreRow) * geometry.pixelHeight;
    for (let c = 0; c < columns; c++) {
      const x = (c + 0.5 - geometry.beamCentreColumn) * geometry.pixelWidth;
      const radius = Math.hypot(x, y);
      const at = r * columns + c;
      if (radius === 0) continue; // the direct beam: q = 0
      const q = k * Math.sin(0.5 * Math.atan2(radius, geometry.detectorDistance));
      qx[at] = (q * x) / radius;
      qy[at] = (q * y) / radius;
    }
  }
  return { qx, qy };
}

/** Most pixels one image may have (the paper's detector is 144 x 256; a 1024 x 1024 one fits). */
export const MAX_IMAGE_PIXELS = 1024 * 1024;

function positive(value: unknown, field: string, unit: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new FormatError(`${field} is ${String(value)}: give a finite number above 0 (${unit})`, field);
  }
}

function finite(value: unknown, field: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new FormatError(`${field} is ${String(value)}: give a finite number`, field);
}

function checkAperture(a: Aperture | undefined, field: string, allowZero: boolean): void {
  if (!a || typeof a !== "object") throw new FormatError(`${field} is missing: give its width and height (m)`, field);
  for (const side of ["width", "height"] as const) {
    if (allowZero) {
      finite(a[side], `${field}.${side}`);
      if (a[side] < 0) throw new FormatError(`${field}.${side} is ${a[side]}: a size is not negative (m)`, `${field}.${side}`);
    } else positive(a[side], `${field}.${side}`, "m");
  }
}

export function checkGeometry(g: DetectorGeometry, field: string): void {
  positive(g.detectorDistance, `${field}.detectorDistance`, "m");
  positive(g.pixelWidth, `${field}.pixelWidth`, "m");
  positive(g.pixelHeight, `${field}.pixelHeight`, "m");
  finite(g.beamCentreColumn, `${field}.beamCentreColumn`);
  finite(g.beamCentreRow, `${field}.beamCentreRow`);
  positive(g.wavelength, `${field}.wavelength`, "Å");
  finite(g.wavelengthSpread, `${field}.wavelengthSpread`);
  if (g.wavelengthSpread < 0 || g.wavelengthSpread >= 1) {
    throw new FormatError(`${field}.wavelengthSpread is ${g.wavelengthSpread}: a relative FWHM in [0, 1)`, `${field}.wavelengthSpread`);
  }
  positive(g.collimationLength, `${field}.collimationLength`, "m");
  checkAperture(g.sourceAperture, `${field}.sourceAperture`, false);
  checkAperture(g.sampleAperture, `${field}.sampleAperture`, false);
  checkAperture(g.beamstop, `${field}.beamstop`, true);
}

/** Every rule a stored image keeps; FormatError naming the field (`images[2].values`) otherwise. */
export function validateDetectorImage(image: DetectorImageRecord, field: string): void {
  if (!DETECTOR_IMAGE_KINDS.includes(image.kind)) {
    throw new FormatError(`${field}.kind is ${String(image.kind)}: one of ${DETECTOR_IMAGE_KINDS.join(", ")}`, `${field}.kind`);
  }
  const shape = image.shape;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((n) => Number.isInteger(n) && n > 0)) {
    throw new FormatError(`${field}.shape is [${String(shape)}]: give [rows, columns], two whole numbers above 0`, `${field}.shape`);
  }
  const pixels = shape[0] * shape[1];
  if (pixels > MAX_IMAGE_PIXELS)
    throw new FormatError(`${field}.shape [${shape.join(", ")}] has ${pixels} pixels, more than the limit of ${MAX_IMAGE_PIXELS}`, `${field}.shape`);
  const sized = (name: string, n: number | undefined) => {
    if (n !== pixels)
      throw new FormatError(`${field}.${name} has ${String(n)} values but shape [${shape.join(", ")}] has ${pixels} pixels`, `${field}.${name}`);
  };
  sized("values", image.values?.length);
  sized("mask", image.mask?.length);
  if (image.uncertainties) sized("uncertainties", image.uncertainties.length);
  image.values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new FormatError(`${field}.values[${i}] is ${v}: every pixel needs a finite value (mask it and give 0)`, `${field}.values`);
    if (image.kind === "COUNTS" && (v < 0 || !Number.isInteger(v))) {
      throw new FormatError(`${field}.values[${i}] is ${v}: counts are whole numbers, not negative`, `${field}.values`);
    }
  });
  image.uncertainties?.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0)
      throw new FormatError(`${field}.uncertainties[${i}] is ${v}: give a finite one-sigma, not negative`, `${field}.uncertainties`);
  });
  image.mask.forEach((m, i) => {
    if (m !== 0 && m !== 1) throw new FormatError(`${field}.mask[${i}] is ${m}: 1 masks a pixel, 0 keeps it`, `${field}.mask`);
  });
  checkGeometry(image.geometry, `${field}.geometry`);
  finite(image.incident, `${field}.incident`);
  if (image.incident < 0) throw new FormatError(`${field}.incident is ${image.incident}: a neutron count is not negative`, `${field}.incident`);
  finite(image.transmission, `${field}.transmission`);
  if (image.transmission <= 0 || image.transmission > 1) {
    throw new FormatError(`${field}.transmission is ${image.transmission}: a transmission is in (0, 1]`, `${field}.transmission`);
  }
  if (image.parameters === null || typeof image.parameters !== "object" || Array.isArray(image.parameters)) {
    throw new FormatError(`${field}.parameters must be a JSON object`, `${field}.parameters`);
  }
}
