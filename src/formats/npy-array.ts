/**
 * One typed array as a NumPy .npy file (format 1.0, C order): float64 as '<f8', bytes as '|u1'.
 * Detector images keep their values, uncertainties and masks this way in object storage, and the
 * same bytes are what `DetectorImage.arrayUrl` downloads (`numpy.load` reads them).
 */
const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00]); // \x93NUMPY v1.0

/** The header of an array of `descr` and `shape`, padded so that the data starts at a multiple of 64. */
export function npyHeader(descr: string, shape: readonly number[]): Buffer {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const total = Math.ceil((MAGIC.length + 2 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - MAGIC.length - 2 - 1, " ") + "\n";
  const length = Buffer.alloc(2);
  length.writeUInt16LE(header.length, 0);
  return Buffer.concat([MAGIC, length, Buffer.from(header, "latin1")]);
}

/** A float64 or uint8 array of `shape` (its length must be their product) as .npy bytes. */
export function writeNpyArray(values: Float64Array | Uint8Array, shape: readonly number[]): Buffer {
  const count = shape.reduce((n, d) => n * d, 1);
  if (count !== values.length) throw new Error(`an array of ${values.length} values cannot have shape [${shape.join(", ")}]`);
  if (values instanceof Uint8Array) return Buffer.concat([npyHeader("|u1", shape), Buffer.from(values.buffer, values.byteOffset, values.byteLength)]);
  const body = Buffer.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) body.writeDoubleLE(values[i], i * 8); // little-endian whatever the host
  return Buffer.concat([npyHeader("<f8", shape), body]);
}

/** Reads back what writeNpyArray wrote (only '<f8' and '|u1', C order): the values and the shape. */
export function readNpyArray(bytes: Uint8Array): { values: Float64Array | Uint8Array; shape: number[] } {
  if (bytes.length < 10 || MAGIC.subarray(0, 6).some((b, i) => bytes[i] !== b)) throw new Error("not a .npy file");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint16(8, true);
  const text = Buffer.from(bytes.subarray(10, 10 + length)).toString("latin1");
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const shape = (/'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const start = 10 + length;
  const count = shape.reduce((n, d) => n * d, 1);
  if (descr === "|u1") return { values: Uint8Array.from(bytes.subarray(start, start + count)), shape };
  if (descr !== "<f8") throw new Error(`.npy dtype ${String(descr)} is not one sasgraph stores`);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = view.getFloat64(start + 8 * i, true);
  return { values, shape };
}
