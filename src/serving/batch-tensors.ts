/**
 * Batch assembly: stack per-row feature vectors into one input tensor, and split output tensors
 * back into per-row views along the batch dimension.
 */
import * as ort from "onnxruntime-node";
import type { InputLayout } from "./model-card";

/** Whether the rows are, in order, exactly the whole of one buffer (one call's curves, one batch). */
function wholeBuffer(rows: readonly Float32Array[], width: number): Float32Array | undefined {
  const first = rows[0];
  if (first.byteOffset !== 0 || first.buffer.byteLength !== rows.length * width * 4) return undefined;
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].buffer !== first.buffer || rows[i].byteOffset !== i * width * 4) return undefined;
  }
  return new Float32Array(first.buffer, 0, rows.length * width);
}

/** [rows, features] (curve features or parameters) or [rows, 1, features] for models that take one channel. */
export function stackRows(rows: readonly Float32Array[], layout: InputLayout): ort.Tensor {
  const width = rows[0].length;
  for (let i = 1; i < rows.length; i++) if (rows[i].length !== width) throw new Error(`row ${i} has ${rows[i].length} features, row 0 has ${width}`);
  let data = wholeBuffer(rows, width);
  if (!data) {
    data = new Float32Array(rows.length * width);
    for (let i = 0; i < rows.length; i++) data.set(rows[i], i * width);
  }
  return new ort.Tensor("float32", data, layout === "batch_channel_features" ? [rows.length, 1, width] : [rows.length, width]);
}

/** Row r's values of a [rows, ...] tensor, as views into it (for reading at once). */
export function rowViews(tensor: ort.Tensor, rows: number, name: string): Float32Array[] {
  if (!(tensor.data instanceof Float32Array)) throw new Error(`output "${name}" is ${tensor.type}, expected float32`);
  if (tensor.dims[0] !== rows) throw new Error(`output "${name}" has leading dim ${tensor.dims[0]}, expected the batch size ${rows}`);
  const width = tensor.data.length / rows;
  const data = tensor.data;
  return Array.from({ length: rows }, (_, r) => data.subarray(r * width, (r + 1) * width));
}
