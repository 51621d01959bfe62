/**
 * Metadata of imported files, one record per import, kept in `dataset.metadata.imports`.
 *
 * A dataset can take several files; each keeps its own metadata (sample, instrument, run, and the
 * per-entry list canSAS and NXcanSAS carry) next to the range of curve indices it added, so the
 * second file's metadata neither overwrites nor is dropped for the first's. Curves refer to their
 * source entry by `parameters.entry`, an index into their own file's entry list; exportEntriesView
 * turns that into one list the exporters read.
 */
import { isRecord } from "../formats/export-metadata";

export interface ImportRecord {
  /** The DataFile holding the original bytes. */
  file: string;
  filename: string;
  format: string;
  /** Curves of this import are those with firstCurveIndex <= index < firstCurveIndex + curveCount. */
  firstCurveIndex: number;
  curveCount: number;
  /** What the reader found in the file, as it found it. */
  metadata: Record<string, unknown>;
}

function isImportRecord(value: unknown): value is ImportRecord {
  return isRecord(value) && typeof value.firstCurveIndex === "number" && typeof value.curveCount === "number" && isRecord(value.metadata);
}

/** The import records of a dataset, in import order (none for datasets never imported into). */
export function importRecords(metadata: Record<string, unknown>): ImportRecord[] {
  return Array.isArray(metadata.imports) ? metadata.imports.filter(isImportRecord) : [];
}

interface IndexedCurve {
  index: number;
  parameters: Record<string, unknown>;
}

/**
 * What exporters read: one `entries` list (the dataset's own entries, if any, then each import's in
 * order) and each curve's `parameters.entry` shifted to point into it. Datasets without import
 * records are returned unchanged.
 */
export function exportEntriesView(
  metadata: Record<string, unknown>,
  curves: readonly IndexedCurve[],
): { metadata: Record<string, unknown>; parameters: Record<string, unknown>[] } {
  const imports = importRecords(metadata);
  const parameters = curves.map((c) => c.parameters);
  if (imports.length === 0) return { metadata, parameters };
  const entries: unknown[] = Array.isArray(metadata.entries) ? [...metadata.entries] : [];
  // Datasets imported into before import records existed keep that first file's metadata under
  // `imported`; its curves are in no record and keep their entry numbers, so its entries go first.
  if (entries.length === 0 && isRecord(metadata.imported) && Array.isArray(metadata.imported.entries)) entries.push(...metadata.imported.entries);
  const offsets = imports.map((record) => {
    const offset = entries.length;
    if (Array.isArray(record.metadata.entries)) entries.push(...record.metadata.entries);
    return offset;
  });
  const shifted = curves.map((curve) => {
    const entry = curve.parameters.entry;
    if (typeof entry !== "number") return curve.parameters;
    const k = imports.findIndex((r) => curve.index >= r.firstCurveIndex && curve.index < r.firstCurveIndex + r.curveCount);
    if (k < 0 || !Array.isArray(imports[k].metadata.entries)) return curve.parameters;
    return { ...curve.parameters, entry: entry + offsets[k] };
  });
  return { metadata: { ...metadata, entries }, parameters: shifted };
}
