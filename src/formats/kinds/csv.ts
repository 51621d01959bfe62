import { writeCsv } from "../csv-writer";
import { defineFormat } from "../format-kind";

export const csvFormat = defineFormat({
  name: "CSV",
  title: "CSV, all curves in one long table (curve, q, I, dI, dQ), metadata in # comment lines",
  extension: "csv",
  contentType: "text/csv; charset=utf-8",
  encoding: "text",
  write: (data) => Buffer.from(writeCsv(data), "utf8"),
});
