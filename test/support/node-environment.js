// Jest runs each test file in its own realm, so a Float32Array made there is not an instance of the
// outer realm's Float32Array, and native addons (onnxruntime-node) reject it. Share the outer realm's
// typed-array and buffer constructors with the sandbox.
const NodeEnvironment = require("jest-environment-node").TestEnvironment;

const SHARED = [
  "ArrayBuffer",
  "SharedArrayBuffer",
  "DataView",
  "Buffer",
  "Float32Array",
  "Float64Array",
  "Int8Array",
  "Int16Array",
  "Int32Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Uint16Array",
  "Uint32Array",
  "BigInt64Array",
  "BigUint64Array",
];

class SharedTypedArrayEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = SharedTypedArrayEnvironment;
