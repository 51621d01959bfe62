/**
 * A two-dimensional detector image as the catalogue stores, serves, exports and imports it: the
 * pixel values (counts, or I(qx, qy) in 1/cm once reduced), their uncertainties, the mask, the
 * geometry that maps pixels to q, and everything the image was made with. Built from the virtual
 * instrument's DetectorImageData + InstrumentSettings (src/compute/instrument/types.ts), or read
 * from an NXcanSAS file.
 */
import type { Aperture, DetectorImageData, InstrumentSettings } from "../compute/instrument/types";

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
