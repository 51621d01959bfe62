/**
 * The part of the WebAssembly JavaScript API the SIMD kernels use, typed here: Node has it as a
 * global, but the build's types (ES2022 and node, no DOM, tsconfig.build.json) do not declare it.
 * Undefined where a runtime has no WebAssembly.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
}

export const wasmApi: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
