/**
 * JSON download: the whole export (dataset, metadata, PROV-JSON provenance, curves with plain number
 * arrays). JSON.stringify writes numbers in their shortest round-trip form, so values are exact, and
 * the JSON import (json-reader.ts) reads every curve back bit for bit, with its parameters.
 */
import type { DatasetExport } from "./curve";

export function writeJson(data: DatasetExport): string {
  const curves = data.curves.map((c) => ({
    title: c.title,
    qUnit: c.qUnit,
    intensityUnit: c.intensityUnit,
    parameters: c.parameters,
    q: Array.from(c.q),
    intensity: Array.from(c.intensity),
    dI: c.dI ? Array.from(c.dI) : null,
    dQ: c.dQ ? Array.from(c.dQ) : null,
    // Slit resolution and extra columns only where a curve has them (json-reader.ts reads them back).
    ...(c.dQl ? { dQl: Array.from(c.dQl) } : {}),
    ...(c.dQw ? { dQw: Array.from(c.dQw) } : {}),
    ...(c.columns && Object.keys(c.columns).length
      ? { columns: Object.fromEntries(Object.entries(c.columns).map(([k, col]) => [k, { unit: col.unit, values: Array.from(col.values) }])) }
      : {}),
  }));
  return JSON.stringify({ format: "sasgraph-dataset", version: 1, dataset: data.dataset, provenance: data.provenance, curves }, null, 2);
}
