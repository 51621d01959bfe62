import { defineFormat } from "../format-kind";
import { writeSasviewZip } from "../sasview-zip-writer";

export const sasviewZipFormat = defineFormat({
  name: "SASVIEW_ZIP",
  title: "ZIP of one text file per curve that SasView opens (q, I, dI, dQ in 1/A and 1/cm; slit-smeared curves as NIST .ABS)",
  extension: "zip",
  contentType: "application/zip",
  encoding: "binary",
  write: writeSasviewZip,
});
