/**
 * Writes canSAS 1D XML v1.1 (namespace urn:cansas1d:1.1), the layout SasView and Mantid read:
 * SASroot > SASentry (Title, Run, SASdata > Idata rows, SASsample, SASinstrument, SASprocess*, SASnote*).
 * Provenance goes into a SASprocess named "sasgraph provenance": dataset fields as <term>s and the
 * PROV-JSON document as a SASprocessnote. Numbers are written with String(x), which reads back to the
 * same float64.
 */
import { XMLBuilder } from "fast-xml-parser";
import { INTENSITY_UNIT_LABEL, Q_UNIT_LABEL } from "../compute/units";
import type { CurveRecord, DatasetExport } from "./curve";
import { datasetSummary, groupCurvesByEntry, isRecord, PROVENANCE_PROCESS_NAME, type EntryMetadata } from "./export-metadata";
import { formatFloat } from "./numbers";

type XmlValue = string | XmlObject | XmlValue[];
interface XmlObject {
  [key: string]: XmlValue;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  format: true,
  indentBy: "  ",
  processEntities: true,
  suppressEmptyNode: true,
});

const VALID_TAG = /^[A-Za-z_][\w.-]*$/;

function scalarText(value: unknown): string {
  return typeof value === "number" ? formatFloat(value) : String(value ?? "");
}

/** Metadata value → XML element content; the inverse of the reader's elementToMetadata. */
function metadataToElement(value: unknown): XmlValue {
  if (Array.isArray(value)) return value.map(metadataToElement);
  if (!isRecord(value)) return scalarText(value);
  const out: XmlObject = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === "value") out["#text"] = scalarText(inner);
    else if (key === "#text") out["#text"] = scalarText(inner);
    else if (key === "unit") out["@_unit"] = scalarText(inner);
    else if (key.startsWith("@")) out[`@_${key.slice(1)}`] = scalarText(inner);
    else if (VALID_TAG.test(key)) out[key] = metadataToElement(inner);
  }
  return out;
}

function idataRows(curve: CurveRecord): XmlObject[] {
  const qUnit = Q_UNIT_LABEL[curve.qUnit];
  const iUnit = INTENSITY_UNIT_LABEL[curve.intensityUnit];
  const rows: XmlObject[] = [];
  for (let k = 0; k < curve.q.length; k++) {
    const row: XmlObject = {
      Q: { "@_unit": qUnit, "#text": formatFloat(curve.q[k]) },
      I: { "@_unit": iUnit, "#text": formatFloat(curve.intensity[k]) },
    };
    if (curve.dI) row.Idev = { "@_unit": iUnit, "#text": formatFloat(curve.dI[k]) };
    if (curve.dQ) row.Qdev = { "@_unit": qUnit, "#text": formatFloat(curve.dQ[k]) };
    rows.push(row);
  }
  return rows;
}

function provenanceProcess(data: DatasetExport): XmlObject {
  return {
    name: PROVENANCE_PROCESS_NAME,
    date: new Date().toISOString(),
    description: "Exported from sasgraph; the SASprocessnote holds the dataset's provenance as PROV-JSON.",
    term: datasetSummary(data).map(([name, value]) => ({ "@_name": name, "#text": value })),
    SASprocessnote: JSON.stringify(data.provenance),
  };
}

function isOurProvenance(process: unknown): boolean {
  return isRecord(process) && (process.name === PROVENANCE_PROCESS_NAME || (isRecord(process.name) && process.name.value === PROVENANCE_PROCESS_NAME));
}

function entryElement(meta: EntryMetadata, curves: CurveRecord[], data: DatasetExport): XmlObject {
  const entry: XmlObject = {};
  if (typeof meta.name === "string") entry["@_name"] = meta.name;
  entry.Title = scalarText(meta.title ?? curves[0].title ?? data.dataset.title);
  entry.Run = meta.run !== undefined ? metadataToElement(meta.run) : "";
  entry.SASdata = curves.map((curve) => ({ Idata: idataRows(curve) }));
  if (meta.sample !== undefined) entry.SASsample = metadataToElement(meta.sample);
  if (meta.instrument !== undefined) entry.SASinstrument = metadataToElement(meta.instrument);
  const processes = (Array.isArray(meta.process) ? meta.process : meta.process !== undefined ? [meta.process] : []).filter((p) => !isOurProvenance(p));
  entry.SASprocess = [...processes.map(metadataToElement), provenanceProcess(data)];
  if (meta.notes !== undefined) entry.SASnote = metadataToElement(meta.notes);
  const written = new Set(["name", "title", "run", "sample", "instrument", "process", "notes"]);
  for (const [key, value] of Object.entries(meta)) {
    if (!written.has(key) && VALID_TAG.test(key)) entry[key] = metadataToElement(value);
  }
  return entry;
}

export function writeCansasXml(data: DatasetExport): string {
  const entries = groupCurvesByEntry(data).map((group) =>
    entryElement(
      group.meta,
      group.curves.map((c) => c.curve),
      data,
    ),
  );
  const doc = {
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    SASroot: {
      "@_version": "1.1",
      "@_xmlns": "urn:cansas1d:1.1",
      "@_xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
      "@_xsi:schemaLocation": "urn:cansas1d:1.1 http://www.cansas.org/formats/1.1/cansas1d.xsd",
      SASentry: entries,
    },
  };
  return builder.build(doc) as string;
}
