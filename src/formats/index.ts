/**
 * The import/export formats of the catalogue: pure parse/serialise functions. The service layer
 * stores what they return. Each format describes itself (kinds/, listed in registry.ts).
 */
import type { DatasetExport, ParsedFile } from "./curve";
import { FormatError } from "./curve";
import type { ImportOptions } from "./options";
import { findFormat, isExportFormat, isImportFormat, type ExportFormat, type ImportFormat } from "./registry";
import { validateParsedFile } from "./validate";

export type { ImportOptions } from "./options";
export type { FormatKind } from "./format-kind";
export { FormatError } from "./curve";
export { validateCurve } from "./validate";
export { CURVE_EXPORT_FORMATS, EXPORT_FORMATS, FORMATS, IMPORT_FORMATS, findFormat, isExportFormat, isImportFormat } from "./registry";
export type { ExportFormat, FormatName, ImportFormat } from "./registry";

export interface ExportedFile {
  body: Buffer;
  contentType: string;
  extension: string;
}

function asText(content: string | Uint8Array): string {
  return typeof content === "string" ? content : Buffer.from(content).toString("utf8");
}

function asBytes(content: string | Uint8Array): Uint8Array {
  // A binary format given as a string is taken as base64 (how GraphQL carries it).
  return typeof content === "string" ? Buffer.from(content.replace(/\s+/g, ""), "base64") : content;
}

/** Parses a file in `format` and validates every curve (FormatError names the field and row). */
export async function parseFile(format: ImportFormat, content: string | Uint8Array, options: ImportOptions = {}): Promise<ParsedFile> {
  const kind = isImportFormat(format) ? findFormat(format) : undefined;
  if (!kind?.read) throw new FormatError(`format: unknown import format "${String(format)}"`, "format");
  const parsed = kind.encoding === "binary" ? await kind.read.parse(asBytes(content), options) : await kind.read.parse(asText(content), options);
  return validateParsedFile(parsed, options);
}

/** Serialises a dataset for download. */
export async function exportDataset(format: ExportFormat, data: DatasetExport): Promise<ExportedFile> {
  const kind = isExportFormat(format) ? findFormat(format) : undefined;
  if (!kind?.write) throw new FormatError(`format: unknown export format "${String(format)}"`, "format");
  return { body: await kind.write(data), contentType: kind.contentType, extension: kind.extension };
}
