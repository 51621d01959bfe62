/**
 * What a file format declares about itself. One module per format under kinds/, one list in
 * registry.ts; the GraphQL enums, exports, downloads, imports, uploads and the CLI read that list.
 */
import type { DatasetExport, ParsedFile } from "./curve";
import type { ImportOptions } from "./options";

interface FormatBase<N extends string> {
  /** The GraphQL enum value (ImportFormat / ExportFormat), also the `format` recorded on stored files. */
  readonly name: N;
  /** What the format is, for people (CLI help). */
  readonly title: string;
  /** File name extension, without the dot. */
  readonly extension: string;
  /** The one content type of the format: stored objects, download links and the download route carry it. */
  readonly contentType: string;
  /**
   * What the format's files hold: "curves" (the default: 1D data, written from any dataset),
   * "images" (detector images; written only from a dataset that has them) or "both". An export reads
   * a dataset's images only for a format that writes them.
   */
  readonly holds?: "curves" | "images" | "both";
  /** Serialises a dataset (absent: the format is import-only). */
  readonly write?: (data: DatasetExport) => Buffer | Promise<Buffer>;
}

interface Reader<C> {
  /** The ImportFormat enum value's description in the GraphQL schema. */
  readonly description: string;
  readonly parse: (content: C, options: ImportOptions) => ParsedFile | Promise<ParsedFile>;
}

/** Read from a UTF-8 string; GraphQL carries the text as it is. */
export interface TextFormat<N extends string = string> extends FormatBase<N> {
  readonly encoding: "text";
  readonly read?: Reader<string>;
}

/** Read from bytes; GraphQL carries the file base64-encoded. */
export interface BinaryFormat<N extends string = string> extends FormatBase<N> {
  readonly encoding: "binary";
  readonly read?: Reader<Uint8Array>;
}

export type FormatKind<N extends string = string> = TextFormat<N> | BinaryFormat<N>;

/** Keeps the literal name and which of read/write a format has, so the format unions derive from the list. */
export function defineFormat<const F extends FormatKind>(format: F): F {
  return format;
}
