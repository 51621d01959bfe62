/**
 * The rules a detector image keeps before it is stored, whichever way it came (a simulation, an
 * NXcanSAS import): FormatError naming the field (`images[2].values`) otherwise.
 */
import type { Aperture } from "../compute/instrument/types";
import { FormatError } from "./curve";
import { DETECTOR_IMAGE_KINDS, type DetectorGeometry, type DetectorImageRecord } from "./detector-image";

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
