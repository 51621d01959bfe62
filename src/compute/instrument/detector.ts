/**
 * Where the pixels are. Coordinates in the detector plane are metres from the point where the
 * undeviated beam axis (through the centres of both apertures) meets the detector. Column c covers
 * x in [(c - beamCentreColumn)·pixelWidth, (c + 1 - beamCentreColumn)·pixelWidth], row r likewise
 * in y: beamCentreColumn = 0.5 puts the beam on the centre of the first column.
 * The beamstop is a rectangle centred on the beam axis, taken to lie in the detector plane (on
 * KWS-1 it hangs a few cm in front of the detector; that shifts its shadow by under 1 %).
 */
import type { DetectorSpec, InstrumentSettings } from "./types";
// Math's functions as module constants: a global lookup per call is slow inside vm contexts (jest).
const { abs, floor } = Math;

export function columnLow(d: DetectorSpec, c: number): number {
  return (c - d.beamCentreColumn) * d.pixelWidth;
}

export function rowLow(d: DetectorSpec, r: number): number {
  return (r - d.beamCentreRow) * d.pixelHeight;
}

/** True when the point (x, y) of the detector plane is behind the beamstop. */
export function behindBeamstop(instrument: InstrumentSettings, x: number, y: number): boolean {
  const b = instrument.beamstop;
  return abs(x) < b.width / 2 && abs(y) < b.height / 2;
}

/** Pixels the beamstop shades, wholly or partly: 1 = shaded. */
export function beamstopShadow(instrument: InstrumentSettings): Uint8Array {
  const d = instrument.detector;
  const mask = new Uint8Array(d.rows * d.columns);
  const hw = instrument.beamstop.width / 2;
  const hh = instrument.beamstop.height / 2;
  if (hw === 0 || hh === 0) return mask;
  for (let r = 0; r < d.rows; r++) {
    const y0 = rowLow(d, r);
    if (y0 >= hh || y0 + d.pixelHeight <= -hh) continue;
    for (let c = 0; c < d.columns; c++) {
      const x0 = columnLow(d, c);
      if (x0 < hw && x0 + d.pixelWidth > -hw) mask[r * d.columns + c] = 1;
    }
  }
  return mask;
}

/** Pixels wholly behind the beamstop (nothing can reach them). */
export function fullyShaded(instrument: InstrumentSettings, r: number, c: number): boolean {
  const d = instrument.detector;
  const x0 = columnLow(d, c);
  const y0 = rowLow(d, r);
  const hw = instrument.beamstop.width / 2;
  const hh = instrument.beamstop.height / 2;
  return x0 >= -hw && x0 + d.pixelWidth <= hw && y0 >= -hh && y0 + d.pixelHeight <= hh;
}

/** The pixel (row-major index) a point of the detector plane falls in, or -1 off the detector. */
export function pixelAt(d: DetectorSpec, x: number, y: number): number {
  const c = floor(x / d.pixelWidth + d.beamCentreColumn);
  const r = floor(y / d.pixelHeight + d.beamCentreRow);
  if (c < 0 || c >= d.columns || r < 0 || r >= d.rows) return -1;
  return r * d.columns + c;
}
