/**
 * Loads h5wasm (HDF5 compiled to WebAssembly) once and hands out the initialised module.
 *
 * Why this file is odd: h5wasm 0.10 is ESM-only (its `exports` has only an `import` condition) while
 * this project compiles to CommonJS, where tsc turns `await import()` into `require()`.
 * - `require("h5wasm/node")` fails with ERR_PACKAGE_PATH_NOT_EXPORTED (no `require` condition);
 * - jest's module registry cannot load ES modules without --experimental-vm-modules, and letting
 *   ts-jest transform h5wasm breaks on its `import.meta.url`; jest also wraps `module.createRequire`
 *   and `process.getBuiltinModule`, so those give jest's loader back.
 * Node >= 20.19 can `require()` an ES module given by absolute path when it has no top-level await
 * (h5wasm awaits only inside its factory). So we find node_modules/h5wasm/dist/node/hdf5_hl.js
 * ourselves and load it through a `Module` instance's own `require` (documented as `module.require`),
 * which is Node's loader even inside jest. Same code under jest and in `node dist/...`; no jest
 * config change. Types come from h5wasm's declarations (type-only import, erased at compile time).
 */
import { existsSync } from "node:fs";
import { Module } from "node:module";
import { dirname, join } from "node:path";
import type * as H5Wasm from "h5wasm";

export type H5WasmModule = typeof H5Wasm;

const ENTRY = join("node_modules", "h5wasm", "dist", "node", "hdf5_hl.js");

/** node_modules/h5wasm/dist/node/hdf5_hl.js in this directory or the nearest one above it. */
function locateEntry(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, ENTRY);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`h5wasm not found: no ${ENTRY} above ${__dirname}`);
  }
}

let loading: Promise<H5WasmModule> | null = null;

/** The h5wasm module with its WebAssembly runtime ready (FS usable). */
export function loadH5Wasm(): Promise<H5WasmModule> {
  if (!loading) {
    loading = (async () => {
      const host = new Module(__filename);
      const h5 = host.require(locateEntry()) as H5WasmModule;
      await h5.ready;
      return h5;
    })();
    loading.catch(() => {
      loading = null; // a failed load should not poison later calls
    });
  }
  return loading;
}
