/**
 * Batch assembly: stack per-row feature vectors into one input tensor, and split output tensors
 * back into per-row slices along the batch dimension.
 */
import * as ort from "onnxruntime-node";

/** [rows, features] or [rows, 1, features] for models that take one channel. */
export function stackRows(rows: readonly Float32Array[], layout: "batch_features" | "batch_channel_features"): ort.Tensor {
  const width = rows[0].length;
  const data = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    if (r.length !== width) throw new Error(`row ${i} has ${r.length} features, row 0 has ${width}`);
    data.set(r, i * width);
  });
  return new ort.Tensor("float32", data, layout === "batch_features" ? [rows.length, width] : [rows.length, 1, width]);
}

/** Row r's values of a [rows, ...] tensor (copied, so the batch buffer can be dropped). */
export function splitRows(tensor: ort.Tensor, rows: number, name: string): Float32Array[] {
  if (!(tensor.data instanceof Float32Array)) throw new Error(`output "${name}" is ${tensor.type}, expected float32`);
  if (tensor.dims[0] !== rows) throw new Error(`output "${name}" has leading dim ${tensor.dims[0]}, expected the batch size ${rows}`);
  const width = tensor.data.length / rows;
  const data = tensor.data;
  return Array.from({ length: rows }, (_, r) => data.slice(r * width, (r + 1) * width));
}
