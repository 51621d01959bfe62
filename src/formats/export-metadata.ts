/**
 * What exporters need to know about a dataset's metadata, whatever format it came from.
 *
 * Readers of canSAS XML and NXcanSAS put per-entry metadata in `metadata.entries[i]` and mark each
 * curve with `parameters.entry = i`; the import service files a parsed file's metadata under
 * `dataset.metadata.imports` (one record per file; the export service merges them into `entries`, see services/import-metadata.ts), and datasets from before that have `metadata.imported`, so both places are looked at. Exporters use that to write each curve under its own entry's
 * sample/instrument/process. Metadata submitted by hand (no `entries`) is used for every curve when
 * it has the canSAS-shaped keys (title, run, sample, instrument, process, notes).
 */
import type { CurveRecord, DatasetExport } from "./curve";

export type EntryMetadata = Record<string, unknown>;

const CANSAS_ENTRY_KEYS = ["title", "run", "sample", "instrument", "process", "notes"] as const;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The per-entry metadata of the imported source file, if the dataset has it. */
export function sourceEntries(data: DatasetExport): unknown[] | null {
  const meta = data.dataset.metadata;
  if (Array.isArray(meta.entries)) return meta.entries;
  if (isRecord(meta.imported) && Array.isArray(meta.imported.entries)) return meta.imported.entries;
  return null;
}

/** Index of the source entry a curve came from, when the metadata still has that entry. */
export function sourceEntryIndex(curve: CurveRecord, data: DatasetExport): number | null {
  const entries = sourceEntries(data);
  const index = curve.parameters?.entry;
  if (!Array.isArray(entries) || typeof index !== "number" || !Number.isInteger(index)) return null;
  return index >= 0 && index < entries.length && isRecord(entries[index]) ? index : null;
}

/** The entry metadata to write around `curve`. */
export function entryMetadataFor(curve: CurveRecord, data: DatasetExport): EntryMetadata {
  const index = sourceEntryIndex(curve, data);
  if (index !== null) return (sourceEntries(data) as EntryMetadata[])[index];
  const meta: EntryMetadata = {};
  for (const key of CANSAS_ENTRY_KEYS) if (data.dataset.metadata[key] !== undefined) meta[key] = data.dataset.metadata[key];
  if (meta.title === undefined) meta.title = curve.title ?? data.dataset.title;
  return meta;
}

/**
 * Curves grouped by the entry they will be written under: curves that shared a source entry stay
 * together (canSAS allows several SASdata per SASentry); any other curve gets an entry of its own.
 */
export function groupCurvesByEntry(data: DatasetExport): { meta: EntryMetadata; curves: { curve: CurveRecord; index: number }[] }[] {
  const groups: { key: number | null; meta: EntryMetadata; curves: { curve: CurveRecord; index: number }[] }[] = [];
  data.curves.forEach((curve, index) => {
    const key = sourceEntryIndex(curve, data);
    const existing = key === null ? undefined : groups.find((g) => g.key === key);
    if (existing) existing.curves.push({ curve, index });
    else groups.push({ key, meta: entryMetadataFor(curve, data), curves: [{ curve, index }] });
  });
  return groups;
}

/** Marks the process entry exporters add for provenance, so a re-export replaces rather than piles up. */
export const PROVENANCE_PROCESS_NAME = "sasgraph provenance";

/** One-line-per-field summary of the dataset, used in CSV headers and canSAS process terms. */
export function datasetSummary(data: DatasetExport): [string, string][] {
  const d = data.dataset;
  return [
    ["dataset_id", d.id],
    ["title", d.title],
    ["description", d.description],
    ["kind", d.kind],
    ["technique", d.technique],
    ["license", d.license],
    ["keywords", d.keywords.join(", ")],
    ["owner", d.owner],
    ["created_at", d.createdAt],
  ];
}
