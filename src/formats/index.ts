/**
 * The import/export formats of the catalogue: pure parse/serialise functions. The service layer
 * stores what they return.
 */
import type { DatasetExport, ParsedFile } from "./curve";
import { FormatError } from "./curve";
import { readAscii } from "./ascii-reader";
import { readCansasXml } from "./cansas-xml-reader";
import { writeCansasXml } from "./cansas-xml-writer";
import { writeCsv } from "./csv-writer";
import { writeJson } from "./json-writer";
import { writeNpy } from "./npy-writer";
import { readNxcansas } from "./nxcansas-reader";
import { writeNxcansas } from "./nxcansas-writer";
import type { ImportOptions } from "./options";
import { validateParsedFile } from "./validate";

export type ImportFormat = "CANSAS_XML" | "NXCANSAS" | "ASCII";
export type ExportFormat = "CSV" | "JSON" | "NPY" | "CANSAS_XML" | "NXCANSAS";

export type { ImportOptions } from "./options";
export { FormatError } from "./curve";
export { validateCurve } from "./validate";

export interface ExportedFile {
  body: Buffer;
  contentType: string;
  extension: string;
}

function asText(content: string | Uint8Array): string {
  return typeof content === "string" ? content : Buffer.from(content).toString("utf8");
}

function asBytes(content: string | Uint8Array): Uint8Array {
  // HDF5 is binary: a string is taken as base64 (how GraphQL carries it).
  return typeof content === "string" ? Buffer.from(content.replace(/\s+/g, ""), "base64") : content;
}

/** Parses a file in `format` and validates every curve (FormatError names the field and row). */
export async function parseFile(format: ImportFormat, content: string | Uint8Array, options: ImportOptions = {}): Promise<ParsedFile> {
  let parsed: ParsedFile;
  switch (format) {
    case "CANSAS_XML":
      parsed = readCansasXml(asText(content), options);
      break;
    case "NXCANSAS":
      parsed = await readNxcansas(asBytes(content), options);
      break;
    case "ASCII":
      parsed = readAscii(asText(content), options);
      break;
    default:
      throw new FormatError(`format: unknown import format "${String(format)}"`, "format");
  }
  return validateParsedFile(parsed, options);
}

/** Serialises a dataset for download. */
export async function exportDataset(format: ExportFormat, data: DatasetExport): Promise<ExportedFile> {
  switch (format) {
    case "CSV":
      return { body: Buffer.from(writeCsv(data), "utf8"), contentType: "text/csv; charset=utf-8", extension: "csv" };
    case "JSON":
      return { body: Buffer.from(writeJson(data), "utf8"), contentType: "application/json", extension: "json" };
    case "NPY":
      return { body: writeNpy(data), contentType: "application/octet-stream", extension: "npy" };
    case "CANSAS_XML":
      return { body: Buffer.from(writeCansasXml(data), "utf8"), contentType: "application/xml", extension: "xml" };
    case "NXCANSAS":
      return { body: await writeNxcansas(data), contentType: "application/x-hdf5", extension: "h5" };
    default:
      throw new FormatError(`format: unknown export format "${String(format)}"`, "format");
  }
}
