import { defineFormat } from "../format-kind";
import { readNpy } from "../npy-reader";
import { writeNpy } from "../npy-writer";

export const npyFormat = defineFormat({
  name: "NPY",
  title: "NumPy .npy float64 array [curves, points, (q, I, dI, dQ)]",
  extension: "npy",
  contentType: "application/octet-stream",
  encoding: "binary",
  read: {
    description:
      "NumPy .npy (base64) of [curves, points, 2-4] or [points, 2-4] float64/float32, columns q, I, dI, dQ (sasgraph's NPY export; NaN-q rows are padding); units from qUnit/intensityUnit, parameters from the parameters argument",
    parse: readNpy,
  },
  write: writeNpy,
});
