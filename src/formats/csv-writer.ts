/**
 * CSV download: one table for all curves ("long" layout), which is what pandas/R scripts expect:
 *   pandas.read_csv(path, comment="#").groupby("curve")
 * Columns: curve (0-based index), q, I, dI, dQ, dQl, dQw, then the curves' extra columns by name
 * (NIST meanQ, ShadowFactor); each only when some curve has it, left empty for curves without. Column names carry units (`q (1/A)`) when all curves share them.
 * Comment lines (`# `) before the table carry the dataset summary, its metadata and a provenance
 * summary as JSON, and one `# curve k: {...}` line per curve (title, units, parameters) so that
 * importing the file again restores every curve as it was.
 */
import { INTENSITY_UNIT_LABEL, Q_UNIT_LABEL } from "../compute/units";
import type { DatasetExport } from "./curve";
import { datasetSummary, isRecord } from "./export-metadata";
import { formatFloat } from "./numbers";

export const CSV_CURVE_LINE = /^#\s*curve (\d+):\s*(\{.*\})\s*$/;

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}

/** Counts and labels of a PROV-JSON document: what a reader of the CSV header wants at a glance. */
function provenanceSummary(prov: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const kind of ["entity", "activity", "agent"]) {
    const group = prov[kind];
    if (isRecord(group)) parts.push(`${kind}: ${Object.keys(group).join(", ") || "none"}`);
  }
  return parts.length > 0 ? parts.join("; ") : "none recorded";
}

export function writeCsv(data: DatasetExport): string {
  const { curves } = data;
  const withDI = curves.some((c) => c.dI !== null);
  const withDQ = curves.some((c) => c.dQ !== null);
  const withDQl = curves.some((c) => c.dQl);
  const withDQw = curves.some((c) => c.dQw);
  const extra = [...new Set(curves.flatMap((c) => Object.keys(c.columns ?? {})))];
  const sameUnits = curves.every((c) => c.qUnit === curves[0]?.qUnit && c.intensityUnit === curves[0]?.intensityUnit);
  const qLabel = sameUnits && curves.length > 0 ? ` (${Q_UNIT_LABEL[curves[0].qUnit]})` : "";
  const iLabel = sameUnits && curves.length > 0 ? ` (${INTENSITY_UNIT_LABEL[curves[0].intensityUnit]})` : "";

  const lines: string[] = ["# sasgraph dataset export (CSV): one row per point; `curve` indexes the curve"];
  for (const [key, value] of datasetSummary(data)) lines.push(`# ${key}: ${oneLine(value)}`);
  lines.push(`# metadata: ${JSON.stringify(data.dataset.metadata)}`);
  lines.push(`# provenance: ${provenanceSummary(data.provenance)}`);
  curves.forEach((c, k) => {
    const columnUnits = c.columns ? Object.fromEntries(Object.entries(c.columns).map(([name, col]) => [name, col.unit])) : undefined;
    const info = { title: c.title, qUnit: c.qUnit, intensityUnit: c.intensityUnit, parameters: c.parameters, points: c.q.length, columns: columnUnits };
    lines.push(`# curve ${k}: ${JSON.stringify(info)}`);
  });
  const header = ["curve", `q${qLabel}`, `I${iLabel}`];
  if (withDI) header.push(`dI${iLabel}`);
  if (withDQ) header.push(`dQ${qLabel}`);
  if (withDQl) header.push(`dQl${qLabel}`);
  if (withDQw) header.push(`dQw${qLabel}`);
  header.push(...extra.map((name) => name.replace(/[,\r\n]+/g, " ")));
  lines.push(header.join(","));
  const cell = (values: ArrayLike<number> | null | undefined, i: number) => (values ? formatFloat(values[i]) : "");
  curves.forEach((c, k) => {
    for (let i = 0; i < c.q.length; i++) {
      const row = [String(k), formatFloat(c.q[i]), formatFloat(c.intensity[i])];
      if (withDI) row.push(cell(c.dI, i));
      if (withDQ) row.push(cell(c.dQ, i));
      if (withDQl) row.push(cell(c.dQl, i));
      if (withDQw) row.push(cell(c.dQw, i));
      for (const name of extra) row.push(cell(c.columns?.[name]?.values, i));
      lines.push(row.join(","));
    }
  });
  return lines.join("\n") + "\n";
}
