/**
 * Encoding of initializer tensors into ONNX TensorProto messages. Values go into raw_data, which
 * ONNX defines as little-endian whatever the host, so we write through a DataView.
 */
import { onnx } from "onnx-proto";

export type InitializerData = Float32Array | BigInt64Array;

export function elementCount(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

function littleEndianBytes(data: InitializerData): Uint8Array {
  const bytes = new Uint8Array(data.length * data.BYTES_PER_ELEMENT);
  const view = new DataView(bytes.buffer);
  if (data instanceof Float32Array) {
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  } else {
    for (let i = 0; i < data.length; i++) view.setBigInt64(i * 8, data[i], true);
  }
  return bytes;
}

/** A TensorProto for an initializer; throws when the data length does not match the dims. */
export function encodeTensor(name: string, data: InitializerData, dims: readonly number[]): onnx.ITensorProto {
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new RangeError(`initializer "${name}": dims must be non-negative integers, got [${dims.join(", ")}]`);
  }
  if (elementCount(dims) !== data.length) {
    throw new RangeError(`initializer "${name}": ${data.length} values do not fill dims [${dims.join(", ")}]`);
  }
  return {
    name,
    dims: [...dims],
    dataType: data instanceof Float32Array ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64,
    rawData: littleEndianBytes(data),
  };
}
