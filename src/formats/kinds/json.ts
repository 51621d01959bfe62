import { defineFormat } from "../format-kind";
import { readJson } from "../json-reader";
import { writeJson } from "../json-writer";

export const jsonFormat = defineFormat({
  name: "JSON",
  title: "JSON: the dataset, its provenance and its curves",
  extension: "json",
  // RFC 8259: JSON is UTF-8 and application/json defines no charset parameter.
  contentType: "application/json",
  encoding: "text",
  read: {
    description:
      "sasgraph's JSON export (every curve with its units and parameters, bit-exact), or a curve table: shared q, rows of intensity or log10_I, per-curve parameter arrays (e.g. the paper 000 MD curves)",
    parse: readJson,
  },
  write: (data) => Buffer.from(writeJson(data), "utf8"),
});
