/**
 * The formats, one list. Adding a format is one module under kinds/ and one entry here: the
 * GraphQL enums (schema/enums.ts), parseFile/exportDataset, the download link and route, imports,
 * uploads and `sasgraph sweep --format` all read this list.
 */
import type { FormatKind } from "./format-kind";
import { asciiFormat } from "./kinds/ascii";
import { cansasXmlFormat } from "./kinds/cansas-xml";
import { csvFormat } from "./kinds/csv";
import { jsonFormat } from "./kinds/json";
import { npyFormat } from "./kinds/npy";
import { nxcansasFormat } from "./kinds/nxcansas";
import { sasviewZipFormat } from "./kinds/sasview-zip";
import { imageSetFormat } from "./kinds/image-set";

/** In the order the GraphQL enums list their values (schema.graphql is checked in). */
export const FORMATS = [csvFormat, jsonFormat, npyFormat, cansasXmlFormat, nxcansasFormat, asciiFormat, sasviewZipFormat, imageSetFormat] as const;

type AnyFormat = (typeof FORMATS)[number];
export type FormatName = AnyFormat["name"];
/** Formats with a reader. */
export type ImportFormat = Extract<AnyFormat, { read: object }>["name"];
/** Formats with a writer. */
export type ExportFormat = Extract<AnyFormat, { write: object }>["name"];

export type Readable = Extract<AnyFormat, { read: object }>;
export type Writable = Extract<AnyFormat, { write: object }>;

export const IMPORT_FORMATS: readonly Readable[] = FORMATS.filter((f): f is Readable => "read" in f);
export const EXPORT_FORMATS: readonly Writable[] = FORMATS.filter((f): f is Writable => "write" in f);
/** Export formats that write curves (the CLI's sweeps and any dataset); the rest write detector images. */
export const CURVE_EXPORT_FORMATS: readonly Writable[] = EXPORT_FORMATS.filter((f) => (f as FormatKind).holds !== "images");

const BY_NAME = new Map<string, FormatKind>(FORMATS.map((f) => [f.name, f]));

/** The format of a recorded name (a stored file's `format`, a job's input); undefined when none has it. */
export function findFormat(name: string): FormatKind | undefined {
  return BY_NAME.get(name);
}

export function isImportFormat(name: string): name is ImportFormat {
  return IMPORT_FORMATS.some((f) => f.name === name);
}

export function isExportFormat(name: string): name is ExportFormat {
  return EXPORT_FORMATS.some((f) => f.name === name);
}
