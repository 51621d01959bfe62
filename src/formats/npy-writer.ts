/**
 * NumPy .npy (format version 1.0) download: one little-endian float64 array of shape
 * [curves, points, 4], last axis = (q, I, dI, dQ), each in its curve's own unit (see the JSON or CSV
 * export for units and metadata). `numpy.load(path)` reads it.
 * - a curve without dI or dQ has NaN in that column;
 * - curves of different lengths are NaN-padded to the longest: rows whose q is NaN are padding
 *   (`a[k][~numpy.isnan(a[k, :, 0])]` gives curve k back).
 * Written by hand: the format is a fixed magic string, a Python-dict header padded to 64 bytes and the
 * raw array, a few lines; a library would add a dependency for nothing.
 */
import type { DatasetExport } from "./curve";

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00]); // \x93NUMPY v1.0

export function writeNpy(data: DatasetExport): Buffer {
  const curves = data.curves;
  const points = curves.reduce((max, c) => Math.max(max, c.q.length), 0);
  const shape = `(${curves.length}, ${points}, 4)`;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, }`;
  // Magic (8) + header length (2) + header, ending in \n, padded with spaces to a multiple of 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, " ") + "\n";
  const headerLength = Buffer.alloc(2);
  headerLength.writeUInt16LE(header.length, 0);

  const values = new Float64Array(curves.length * points * 4).fill(NaN);
  curves.forEach((c, k) => {
    for (let i = 0; i < c.q.length; i++) {
      const at = (k * points + i) * 4;
      values[at] = c.q[i];
      values[at + 1] = c.intensity[i];
      if (c.dI) values[at + 2] = c.dI[i];
      if (c.dQ) values[at + 3] = c.dQ[i];
    }
  });
  const body = Buffer.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) body.writeDoubleLE(values[i], i * 8); // explicit little-endian
  return Buffer.concat([MAGIC, headerLength, Buffer.from(header, "latin1"), body]);
}
