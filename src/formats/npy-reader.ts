/**
 * Reads NumPy .npy files (format versions 1.0, 2.0 and 3.0) holding curves as float64 (or float32)
 * arrays, C order: [curves, points, columns] or [points, columns] for one curve, columns
 * (q, I[, dI[, dQ]]), as sasgraph's NPY export writes them (npy-writer.ts). Rows whose q is NaN are
 * padding and dropped; a dI or dQ column that is NaN on every row of a curve means the curve has
 * none. The array has no units and no parameters: they come from the import's qUnit and
 * intensityUnit, and its `parameters` (one object per curve).
 */
import { type IntensityUnit, type QUnit, parseIntensityUnit, parseQUnit } from "../compute/units";
import { FormatError, type CurveRecord, type ParsedFile } from "./curve";
import { limitsOf, type ImportOptions } from "./options";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface Header {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

function readHeader(bytes: Uint8Array): Header {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new FormatError("not a .npy file (no \\x93NUMPY magic string)");
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let length: number;
  let start: number;
  if (major === 1) {
    length = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new FormatError("truncated .npy header");
    length = view.getUint32(8, true);
    start = 12;
  } else throw new FormatError(`.npy format version ${major}.${bytes[7]} is not known (1.0 to 3.0 are)`);
  if (start + length > bytes.length) throw new FormatError("truncated .npy header");
  const text = Buffer.from(bytes.subarray(start, start + length)).toString(major === 3 ? "utf8" : "latin1");
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shape === undefined)
    throw new FormatError(`the .npy header is not a NumPy array header: ${text.trim().slice(0, 120)}`);
  const dims = shape
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number(s));
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new FormatError(`the .npy shape (${shape}) is not a list of sizes`);
  return { descr, fortranOrder: fortran === "True", shape: dims, dataOffset: start + length };
}

function unit<U>(text: string | undefined, parse: (t: string) => U, fallback: U, field: string): U {
  if (text === undefined) return fallback;
  try {
    return parse(text);
  } catch (e) {
    throw new FormatError(`${field}: ${(e as Error).message}`, field);
  }
}

export function readNpy(bytes: Uint8Array, options: ImportOptions = {}): ParsedFile {
  const { maxPoints, maxCurves } = limitsOf(options);
  const header = readHeader(bytes);
  const width = header.descr === "<f8" ? 8 : header.descr === "<f4" ? 4 : 0;
  if (width === 0) throw new FormatError(`the array's dtype is ${header.descr}; curves are little-endian float64 ('<f8') or float32 ('<f4')`);
  if (header.fortranOrder) throw new FormatError("the array is in Fortran order; write it in C order (numpy.ascontiguousarray)");
  const shape = header.shape.length === 2 ? [1, ...header.shape] : header.shape;
  if (shape.length !== 3) throw new FormatError(`the array has shape (${header.shape.join(", ")}); curves are [curves, points, columns] or [points, columns]`);
  const [curves, points, columns] = shape;
  if (columns < 2 || columns > 4) throw new FormatError(`the array has ${columns} columns per point; curves have 2 to 4 (q, I, dI, dQ)`);
  if (curves > maxCurves) throw new FormatError(`the array holds ${curves} curves, more than the limit of ${maxCurves}`);
  if (points > maxPoints) throw new FormatError(`the array holds ${points} points per curve, more than the limit of ${maxPoints}`);
  const expected = curves * points * columns * width;
  if (bytes.length - header.dataOffset !== expected)
    throw new FormatError(`the array's data has ${bytes.length - header.dataOffset} bytes; shape (${header.shape.join(", ")}) needs ${expected}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset, expected);
  const at = (k: number, i: number, c: number) => {
    const offset = ((k * points + i) * columns + c) * width;
    return width === 8 ? view.getFloat64(offset, true) : view.getFloat32(offset, true);
  };
  const qUnit = unit<QUnit>(options.qUnit, parseQUnit, "INV_ANGSTROM", "qUnit");
  const intensityUnit = unit<IntensityUnit>(options.intensityUnit, parseIntensityUnit, "ARBITRARY", "intensityUnit");
  const records: CurveRecord[] = [];
  for (let k = 0; k < curves; k++) {
    // Padding rows (q NaN) trail the curve's points in the export; any such row is dropped.
    const rows: number[] = [];
    for (let i = 0; i < points; i++) if (!Number.isNaN(at(k, i, 0))) rows.push(i);
    const column = (c: number): Float64Array | null => {
      if (c >= columns) return null;
      const values = Float64Array.from(rows, (i) => at(k, i, c));
      return values.every(Number.isNaN) ? null : values;
    };
    records.push({
      q: Float64Array.from(rows, (i) => at(k, i, 0)),
      intensity: Float64Array.from(rows, (i) => at(k, i, 1)),
      dI: column(2),
      dQ: column(3),
      qUnit,
      intensityUnit,
      parameters: {},
    });
  }
  return { curves: records, metadata: { layout: "NumPy array", shape: header.shape, dtype: header.descr } };
}
