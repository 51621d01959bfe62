/**
 * HDF5 bytes <-> h5wasm File. h5wasm works on emscripten's in-memory file system: bytes are written
 * to a file there, opened, read, closed and unlinked. Each call uses its own file name, so concurrent
 * imports/exports do not collide.
 */
import { randomUUID } from "node:crypto";
import { FormatError } from "./curve";
import { loadH5Wasm, type H5WasmModule } from "./hdf5-loader";

export type H5File = InstanceType<H5WasmModule["File"]>;
export type H5Group = InstanceType<H5WasmModule["Group"]>;
export type H5Dataset = InstanceType<H5WasmModule["Dataset"]>;

/** HDF5's signature; it may sit after a user block at 0, 512, 1024, 2048... bytes. */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export function looksLikeHdf5(bytes: Uint8Array): boolean {
  for (let offset = 0; offset + SIGNATURE.length <= bytes.length; offset = offset === 0 ? 512 : offset * 2) {
    if (SIGNATURE.every((b, i) => bytes[offset + i] === b)) return true;
  }
  return false;
}

function fileSystem(h5: H5WasmModule) {
  const fs = h5.FS;
  if (!fs) throw new Error("h5wasm file system is not ready");
  return fs;
}

/** Opens `bytes` read-only and gives the File to `read`; the file is closed and removed afterwards. */
export async function readHdf5<T>(bytes: Uint8Array, read: (file: H5File, h5: H5WasmModule) => T): Promise<T> {
  if (!looksLikeHdf5(bytes)) throw new FormatError("content: not an HDF5 file (no HDF5 signature)", "content");
  const h5 = await loadH5Wasm();
  const fs = fileSystem(h5);
  const path = `/import-${randomUUID()}.h5`;
  fs.writeFile(path, bytes);
  let file: H5File | null = null;
  try {
    try {
      file = new h5.File(path, "r");
    } catch (err) {
      throw new FormatError(`content: HDF5 file cannot be opened (${describe(err)})`, "content");
    }
    // h5wasm does not throw when HDF5 cannot open the file (a truncated one): the id is negative.
    if (!(Number(file.file_id) >= 0)) {
      file = null;
      throw new FormatError("content: HDF5 file cannot be opened: it is truncated or corrupt", "content");
    }
    try {
      return read(file, h5);
    } catch (err) {
      if (err instanceof FormatError) throw err;
      // HDF5 reports damage deep inside a file (a chunk past the end) by throwing whatever it has,
      // not always an Error: the file's fault, said as such.
      throw new FormatError(`content: HDF5 file cannot be read (${describe(err)}): it is truncated or corrupt`, "content");
    }
  } finally {
    try {
      file?.close();
    } finally {
      fs.unlink(path);
    }
  }
}

function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : typeof err === "string" ? err : String((err as { message?: unknown })?.message ?? err);
  return text.slice(0, 200);
}

/**
 * Creates a new HDF5 file, lets `write` fill it, and returns its bytes. `trackOrder`: the root keeps
 * its links in creation order (readers then list them in that order, not by name); groups that
 * should too are created with `create_group(name, true)`.
 */
export async function writeHdf5(write: (file: H5File, h5: H5WasmModule) => void, options: { trackOrder?: boolean } = {}): Promise<Uint8Array> {
  const h5 = await loadH5Wasm();
  const fs = fileSystem(h5);
  const path = `/export-${randomUUID()}.h5`;
  const file = new h5.File(path, "w", { track_order: options.trackOrder ?? false });
  try {
    try {
      write(file, h5);
    } finally {
      file.close();
    }
    return fs.readFile(path);
  } finally {
    fs.unlink(path);
  }
}
