/**
 * The preview of a detector image: a PNG, one PNG pixel per detector pixel, on a logarithmic colour
 * scale from the smallest positive unmasked value to the largest, in a viridis-like colour map
 * (dark blue to yellow, lightness rising monotonically, readable in grey and by colour-blind eyes).
 * Pixels at or below zero take the lowest colour; masked pixels are drawn mid-grey. The top PNG row
 * is the last detector row (y points up, as seen from the sample).
 */
import type { DetectorImageRecord } from "./detector-image";
import { encodePngRgb } from "./png";

/** Control points of the map at t = 0, 0.1, ..., 1 (viridis' published sRGB values at those points). */
const ANCHORS: readonly (readonly [number, number, number])[] = [
  [0x44, 0x01, 0x54],
  [0x48, 0x24, 0x75],
  [0x41, 0x44, 0x87],
  [0x35, 0x5f, 0x8d],
  [0x2a, 0x78, 0x8e],
  [0x21, 0x91, 0x8c],
  [0x22, 0xa8, 0x84],
  [0x44, 0xbf, 0x70],
  [0x7a, 0xd1, 0x51],
  [0xbd, 0xdf, 0x26],
  [0xfd, 0xe7, 0x25],
];

export const MASKED_COLOUR: readonly [number, number, number] = [128, 128, 128];

/** The colour at t in [0, 1], linear between the control points. */
export function colourAt(t: number): [number, number, number] {
  const x = Math.min(Math.max(t, 0), 1) * (ANCHORS.length - 1);
  const i = Math.min(Math.floor(x), ANCHORS.length - 2);
  const f = x - i;
  const a = ANCHORS[i];
  const b = ANCHORS[i + 1];
  return [0, 1, 2].map((k) => Math.round(a[k] + f * (b[k] - a[k]))) as [number, number, number];
}

/** The log range of an image's unmasked positive values: [log10 min, log10 max]; null when there is none. */
export function logRange(image: Pick<DetectorImageRecord, "values" | "mask">): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  image.values.forEach((v, i) => {
    if (image.mask[i] || !(v > 0)) return;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  });
  return Number.isFinite(lo) ? [Math.log10(lo), Math.log10(hi)] : null;
}

export function renderPreview(image: Pick<DetectorImageRecord, "values" | "mask" | "shape">): Buffer {
  const [rows, columns] = image.shape;
  const range = logRange(image);
  const rgb = new Uint8Array(rows * columns * 3);
  for (let r = 0; r < rows; r++) {
    const top = rows - 1 - r; // PNG row of detector row r
    for (let c = 0; c < columns; c++) {
      const at = r * columns + c;
      const v = image.values[at];
      let colour: readonly number[];
      if (image.mask[at]) colour = MASKED_COLOUR;
      else if (!range || !(v > 0)) colour = colourAt(0);
      else colour = colourAt(range[1] > range[0] ? (Math.log10(v) - range[0]) / (range[1] - range[0]) : 1);
      rgb.set(colour, (top * columns + c) * 3);
    }
  }
  return encodePngRgb(columns, rows, rgb);
}
