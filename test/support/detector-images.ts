/**
 * Detector images for tests, made with the library's 2D kernel (evaluate2D) on a grid of (qx, qy)
 * or as counts drawn from it: no Monte Carlo needed.
 */
import { evaluate2D } from "../../src/compute/sas/evaluate-2d";
import type { InstrumentSettings } from "../../src/compute/instrument/types";
import { countsImageRecord, geometryOf, type DetectorImageRecord } from "../../src/formats/detector-image";

/** A KWS-1-like setting on a small detector (rows x columns pixels of 8 mm, beam at the centre). */
export function smallSettings(rows = 12, columns = 16): InstrumentSettings {
  return {
    wavelength: 5,
    wavelengthSpread: 0.1,
    collimationLength: 8,
    sourceAperture: { width: 0.03, height: 0.03 },
    sampleAperture: { width: 0.01, height: 0.01 },
    detectorDistance: 8,
    detector: { rows, columns, pixelWidth: 0.008, pixelHeight: 0.008, beamCentreColumn: columns / 2, beamCentreRow: rows / 2 },
    beamstop: { width: 0.016, height: 0.016 },
  };
}

/** I(qx, qy) of an oriented cylinder on a grid that avoids q = 0 (1/cm), masked around the beam. */
export function intensityImage(rows = 12, columns = 16, title = "cylinder"): DetectorImageRecord {
  const axis = (n: number, step: number) => Float64Array.from({ length: n }, (_, k) => (k + 0.5 - n / 2) * step);
  const parameters = { radius: 40, length: 200, sld: 4, sld_solvent: 1, theta: 90, phi: 20, scale: 0.01, background: 0.001 };
  const { I } = evaluate2D("cylinder", parameters, axis(columns, 0.004), axis(rows, 0.004));
  const mask = new Uint8Array(rows * columns);
  for (let r = rows / 2 - 1; r <= rows / 2; r++) for (let c = columns / 2 - 1; c <= columns / 2; c++) mask[r * columns + c] = 1;
  const settings = smallSettings(rows, columns);
  return {
    title,
    kind: "INTENSITY",
    shape: [rows, columns],
    values: Float64Array.from(I),
    uncertainties: Float64Array.from(I, (v) => 0.05 * v),
    mask,
    geometry: geometryOf(settings),
    parameters: { model: "cylinder", ...parameters, instrument: settings },
    incident: 1e7,
    transmission: 0.9,
  };
}

/** Counts: round(I * scale) per pixel (deterministic, not a Poisson draw), as the instrument's image type. */
export function countsImage(rows = 12, columns = 16): DetectorImageRecord {
  const source = intensityImage(rows, columns);
  const settings = smallSettings(rows, columns);
  return countsImageRecord(
    { counts: Float64Array.from(source.values, (v) => Math.round(v * 50)), shape: [rows, columns], mask: source.mask, incident: 2.5e6, transmission: 0.8 },
    settings,
    { model: "cylinder", seed: 7 },
    "counts",
  );
}
