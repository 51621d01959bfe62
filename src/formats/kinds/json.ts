import { defineFormat } from "../format-kind";
import { writeJson } from "../json-writer";

export const jsonFormat = defineFormat({
  name: "JSON",
  title: "JSON: the dataset, its provenance and its curves",
  extension: "json",
  // RFC 8259: JSON is UTF-8 and application/json defines no charset parameter.
  contentType: "application/json",
  encoding: "text",
  write: (data) => Buffer.from(writeJson(data), "utf8"),
});
