import { defineFormat } from "../format-kind";
import { writeNpy } from "../npy-writer";

export const npyFormat = defineFormat({
  name: "NPY",
  title: "NumPy .npy float64 array [curves, points, (q, I, dI, dQ)]",
  extension: "npy",
  contentType: "application/octet-stream",
  encoding: "binary",
  write: writeNpy,
});
