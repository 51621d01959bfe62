/**
 * Writes canSAS 1D XML v1.1 (namespace urn:cansas1d:1.1) that validates against cansas1d.xsd, the
 * layout SasView and Mantid read: SASroot > SASentry (Title, Run+, SASdata+, SAStransmission_spectrum*,
 * SASsample, SASinstrument, SASprocess*, SASnote+).
 *
 * The writer walks the schema (cansas-xml-schema.ts), not the stored metadata's key order (jsonb
 * reorders keys), so every element lands in its sequence place. What the schema requires and the
 * metadata lacks is written minimally (empty Run, SASsample with an empty ID, SASinstrument with
 * empty name/radiation/collimation/detector, empty SASnote/SASprocessnote). What the schema has no
 * place for (keys it does not know, values of the wrong shape, texts XML cannot carry exactly) is
 * kept, as JSON under its metadata path, in one <sasgraph:metadata> element in the entry's
 * foreign-namespace slot, together with the list of what was only written to satisfy the schema; the
 * reader puts both back, so a round trip gives the metadata as it was.
 *
 * Provenance goes into a SASprocess named "sasgraph provenance": dataset fields as <term>s and the
 * PROV-JSON document as a SASprocessnote. Numbers are written with String(x), which reads back to the
 * same float64 (NaN and infinities in xsd:float spelling).
 */
import { XMLBuilder } from "fast-xml-parser";
import { INTENSITY_UNIT_LABEL, Q_UNIT_LABEL } from "../compute/units";
import type { CurveRecord, DatasetExport } from "./curve";
import { datasetSummary, groupCurvesByEntry, isRecord, PROVENANCE_PROCESS_NAME, type EntryMetadata } from "./export-metadata";
import { formatFloat } from "./numbers";
import { COMPLEX, ENTRY_HEAD, ENTRY_TAIL, isComplex, keyOf, SASGRAPH_NAMESPACE, SASGRAPH_PREFIX, type ChildSpec, type ComplexName } from "./cansas-xml-schema";

type XmlValue = string | XmlObject | XmlValue[];
interface XmlObject {
  [key: string]: XmlValue;
}
type Path = (string | number)[];

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  format: true,
  indentBy: "  ",
  processEntities: true,
  suppressEmptyNode: true,
});

/** Text XML 1.0 carries exactly through a parse that trims element text (no CR, no control characters). */
const EXACT_TEXT = /^(?!\s)[\t\n\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*(?<!\s)$/u;
/** Attribute values: no line breaks or tabs either (attribute-value normalisation would turn them into spaces). */
const EXACT_ATTRIBUTE = /^[\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;

/** Attributes a free-form element (SASnote, details...) may carry: plain names, none that would redeclare namespaces. */
const FREE_ATTRIBUTE = /^(?!xml)[A-Za-z_][\w.-]*$/i;

function xsdFloat(x: number): string {
  if (Number.isFinite(x)) return formatFloat(x);
  return Number.isNaN(x) ? "NaN" : x > 0 ? "INF" : "-INF";
}

/** A scalar as element text, or null when it cannot be written exactly. */
function scalarText(value: unknown, attribute = false): string | null {
  if (typeof value === "number") return Number.isFinite(value) ? formatFloat(value) : null;
  if (typeof value === "boolean") return String(value);
  if (typeof value !== "string") return null;
  return (attribute ? EXACT_ATTRIBUTE : EXACT_TEXT).test(value) || value === "" ? value : null;
}

/** NXcanSAS spellings of canSAS XML elements, used when the XML name itself is absent. */
const ALIASES: Partial<Record<ComplexName, Record<string, string>>> = {
  sample: { name: "ID" },
  source: { incident_wavelength: "wavelength", incident_wavelength_spread: "wavelength_spread" },
};

/** One entry's writing: what had no place in the schema and what was written only because it is required. */
class EntryWriter {
  readonly unplaced: [Path, unknown][] = [];
  readonly filled: Path[] = [];
  /** Values written under the XML name of an alias: [path written, the key they had]. */
  readonly renamed: [Path, string][] = [];
  /** Curve parameters (beyond entry and sasdata), by SASdata index. */
  readonly parameters: Record<number, Record<string, unknown>> = {};

  private away(path: Path, value: unknown): void {
    this.unplaced.push([path, value]);
  }

  /** A leaf element of `spec`'s type, or null when the value does not fit it. */
  leaf(value: unknown, spec: ChildSpec): XmlValue | null {
    const type = spec.type;
    const record = isRecord(value) ? value : { value };
    const inner = record.value;
    const out: XmlObject = {};
    for (const [key, v] of Object.entries(record)) {
      if (key === "value") continue;
      const text = scalarText(v, true);
      if (text === null) return null;
      if (key === "unit" && (type === "floatUnit" || type === "term" || type === "free")) out["@_unit"] = text;
      else if (key.startsWith("@") && (type === "free" ? FREE_ATTRIBUTE.test(key.slice(1)) : spec.attributes?.includes(key.slice(1))))
        out[`@_${key.slice(1)}`] = text;
      else return null;
    }
    if (type === "floatUnit" && out["@_unit"] === undefined) return null;
    let text: string | null;
    if (type === "float" || type === "floatUnit") text = typeof inner === "number" && Number.isFinite(inner) ? formatFloat(inner) : null;
    else text = scalarText(inner);
    if (text === null) return null;
    if (Object.keys(out).length === 0) return text;
    out["#text"] = text;
    return out;
  }

  /** The element(s) for child `spec` of value `value` at `path`, or null (then unplaced) when it does not fit. */
  child(spec: ChildSpec, value: unknown, path: Path, record: boolean): XmlValue | null {
    if (isComplex(spec.type)) {
      const type = spec.type;
      if (!spec.repeats) return this.complex(value, type, path, record);
      // the reader gives repeating elements as arrays: paths inside count from 0 either way
      const items = Array.isArray(value) ? value : [value];
      if (items.length === 0) return null;
      return items.map((item, i) => this.complex(item, type, [...path, i], record));
    }
    if (spec.repeats) {
      const items = Array.isArray(value) ? value : [value];
      const written = items.map((item) => this.leaf(item, spec));
      return items.length > 0 && written.every((w) => w !== null) ? (written as XmlValue[]) : null;
    }
    return this.leaf(value, spec);
  }

  /** The least content the schema accepts for a required child. */
  filler(spec: ChildSpec, path: Path): XmlValue {
    return isComplex(spec.type) ? this.complex({}, spec.type, path, false) : "";
  }

  /** A complex element of `type`, children in schema order; `record` says whether paths inside are to be recorded. */
  complex(value: unknown, type: ComplexName, path: Path, record: boolean): XmlObject {
    const spec = COMPLEX[type];
    const out: XmlObject = {};
    if (!isRecord(value)) {
      if (record) this.away(path, value);
      return this.complex({}, type, path, false);
    }
    const aliases = ALIASES[type] ?? {};
    const source: Record<string, unknown> = {};
    // where a value came from, so that one that does not fit is kept under its own name
    const origin: Record<string, string> = {};
    for (const [key, v] of Object.entries(value)) {
      const canonical = aliases[key];
      const as = canonical !== undefined && value[canonical] === undefined ? canonical : key;
      source[as] = v;
      origin[as] = key;
    }
    const used = new Set<string>();
    for (const [key, v] of Object.entries(source)) {
      if (!key.startsWith("@")) continue;
      used.add(key);
      const text = scalarText(v, true);
      if (spec.attributes.includes(key.slice(1)) && text !== null) out[`@_${key.slice(1)}`] = text;
      else if (record) this.away([...path, key], v);
    }
    for (const childSpec of spec.children) {
      const key = childSpec.tag;
      used.add(key);
      const childPath = [...path, origin[key] ?? key];
      const v = source[key];
      let written = v === undefined ? null : this.child(childSpec, v, childPath, record);
      if (written === null && v !== undefined && record) this.away(childPath, v);
      if (written === null && childSpec.required) {
        written = this.filler(childSpec, childPath);
        if (record && v === undefined) this.filled.push(childPath);
      }
      if (written !== null) out[key] = written;
      if (written !== null && v !== undefined && origin[key] !== key && record) this.renamed.push([[...path, key], origin[key]]);
    }
    for (const [key, v] of Object.entries(source)) {
      if (!used.has(key) && record) this.away([...path, origin[key]], v);
    }
    return out;
  }

  /** The <sasgraph:metadata> element, when anything needs it. */
  extension(): string | null {
    const record = { unplaced: this.unplaced, filled: this.filled, renamed: this.renamed, parameters: this.parameters };
    if (this.unplaced.length + this.filled.length + this.renamed.length + Object.keys(this.parameters).length === 0) return null;
    return JSON.stringify(record);
  }
}

const OWN_COLUMN_TAG = `${SASGRAPH_PREFIX}:column`;

function idataRows(curve: CurveRecord): XmlObject[] {
  const qUnit = Q_UNIT_LABEL[curve.qUnit];
  const iUnit = INTENSITY_UNIT_LABEL[curve.intensityUnit];
  const slit = Boolean(curve.dQl || curve.dQw);
  // Qmean before Shadowfactor (schema order), then ours, whatever the stored key order
  const rank = (name: string) => ({ Qmean: 0, Shadowfactor: 1 })[name] ?? 2;
  const extra = Object.entries(curve.columns ?? {}).sort(([a], [b]) => rank(a) - rank(b));
  // A curve has one kind of resolution; a dQ next to slit resolution is kept as a column of ours.
  if (slit && curve.dQ) extra.unshift(["Qdev", { values: curve.dQ, unit: qUnit }]);
  const native = (name: string, unit: string) => (name === "Qmean" ? true : name === "Shadowfactor" && unit === "");
  const rows: XmlObject[] = [];
  for (let k = 0; k < curve.q.length; k++) {
    const cell = (unit: string, x: number): XmlObject => ({ "@_unit": unit, "#text": xsdFloat(x) });
    const row: XmlObject = { Q: cell(qUnit, curve.q[k]), I: cell(iUnit, curve.intensity[k]) };
    if (curve.dI) row.Idev = cell(iUnit, curve.dI[k]);
    if (slit) {
      if (curve.dQw) row.dQw = cell(qUnit, curve.dQw[k]);
      if (curve.dQl) row.dQl = cell(qUnit, curve.dQl[k]);
    } else if (curve.dQ) row.Qdev = cell(qUnit, curve.dQ[k]);
    const own: XmlObject[] = [];
    for (const [name, column] of extra) {
      const x = xsdFloat(column.values[k]);
      if (native(name, column.unit) && !(slit && name === "Qdev")) {
        row[name] = name === "Shadowfactor" ? x : { "@_unit": column.unit, "#text": x };
      } else {
        own.push({ "@_name": name, ...(column.unit !== "" ? { "@_unit": column.unit } : {}), "#text": x });
      }
    }
    if (own.length > 0) row[OWN_COLUMN_TAG] = own;
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

/** A column of a spectrum as the readers keep it ({values, unit}; NXcanSAS-like {value: [...], unit}; a bare list). */
function spectrumColumn(v: unknown): { values: number[]; unit: string } | null {
  const record = isRecord(v) ? v : { values: v };
  const values = record.values ?? record.value;
  const unit = record.unit ?? "";
  if (!Array.isArray(values) || values.length === 0 || !values.every((x) => typeof x === "number" && Number.isFinite(x))) return null;
  if (typeof unit !== "string" || scalarText(unit, true) === null) return null;
  if (Object.keys(record).some((k) => !["values", "value", "unit"].includes(k))) return null;
  return { values: values as number[], unit };
}

const SPECTRUM_COLUMNS: Record<string, string> = { Lambda: "Lambda", lambda: "Lambda", T: "T", Tdev: "Tdev" };

/**
 * Transmission spectra (columns Lambda, T, Tdev as the reader keeps them) as Tdata rows, with what
 * else a spectrum holds set aside under its path; null when one spectrum has no valid Lambda/T.
 */
function transmissionSpectra(value: unknown): { elements: XmlObject[]; away: [Path, unknown][] } | null {
  const spectra = Array.isArray(value) ? value : [value];
  const elements: XmlObject[] = [];
  const away: [Path, unknown][] = [];
  for (const [i, s] of spectra.entries()) {
    if (!isRecord(s)) return null;
    const element: XmlObject = {};
    const columns: Record<string, { values: number[]; unit: string }> = {};
    for (const [key, v] of Object.entries(s)) {
      const text = scalarText(v, true);
      const column = SPECTRUM_COLUMNS[key] === undefined ? null : spectrumColumn(v);
      if ((key === "@name" || key === "@timestamp") && text !== null) element[`@_${key.slice(1)}`] = text;
      else if (column && columns[SPECTRUM_COLUMNS[key]] === undefined) columns[SPECTRUM_COLUMNS[key]] = column;
      else away.push([["SAStransmission_spectrum", i, key], v]);
    }
    const n = columns.Lambda?.values.length ?? 0;
    if (!columns.T || n === 0 || Object.values(columns).some((c) => c.values.length !== n)) return null;
    element.Tdata = columns.Lambda.values.map((_, k) => {
      const row: XmlObject = {};
      for (const name of ["Lambda", "T", "Tdev"]) {
        const c = columns[name];
        if (c) row[name] = { "@_unit": c.unit, "#text": formatFloat(c.values[k]) };
      }
      return row;
    });
    elements.push(element);
  }
  return { elements, away };
}

const ENTRY_KEYS_WRITTEN = new Set(["name", "title", "SAStransmission_spectrum", ...[...ENTRY_HEAD, ...ENTRY_TAIL].map(keyOf)]);

function entryElement(meta: EntryMetadata, curves: CurveRecord[], data: DatasetExport): XmlObject {
  const w = new EntryWriter();
  const entry: XmlObject = {};
  const name = meta.name === undefined ? null : scalarText(meta.name, true);
  if (name !== null) entry["@_name"] = name;
  else if (meta.name !== undefined) w.unplaced.push([["name"], meta.name]);

  const title = meta.title === undefined ? null : scalarText(meta.title);
  if (title === null && meta.title !== undefined) w.unplaced.push([["title"], meta.title]);
  entry.Title = title ?? scalarText(curves[0].title ?? data.dataset.title) ?? "";

  const [, runSpec] = ENTRY_HEAD;
  const run = meta.run === undefined ? null : w.child(runSpec, meta.run, ["run"], true);
  if (run === null && meta.run !== undefined) w.unplaced.push([["run"], meta.run]);
  if (meta.run === undefined) w.filled.push(["run"]);
  entry.Run = run ?? "";

  entry.SASdata = curves.map((curve, d) => {
    const { entry: _entry, sasdata, ...parameters } = curve.parameters ?? {};
    if (Object.keys(parameters).length > 0) w.parameters[d] = parameters;
    const dataName = sasdata === undefined ? null : scalarText(sasdata, true);
    return { ...(dataName !== null ? { "@_name": dataName } : {}), Idata: idataRows(curve) };
  });

  if (meta.SAStransmission_spectrum !== undefined) {
    const spectra = transmissionSpectra(meta.SAStransmission_spectrum);
    if (spectra) {
      entry.SAStransmission_spectrum = spectra.elements;
      w.unplaced.push(...spectra.away);
    } else w.unplaced.push([["SAStransmission_spectrum"], meta.SAStransmission_spectrum]);
  }

  const tail: XmlObject = {};
  for (const spec of ENTRY_TAIL) {
    const key = keyOf(spec);
    if (key === "process") continue;
    const v = meta[key];
    let written = v === undefined ? null : w.child(spec, v, [key], true);
    if (written === null && v !== undefined) w.unplaced.push([[key], v]);
    if (written === null) {
      written = w.filler(spec, [key]);
      if (v === undefined) w.filled.push([key]);
    }
    tail[spec.tag] = written;
  }
  const processes = (Array.isArray(meta.process) ? meta.process : meta.process !== undefined ? [meta.process] : []).filter((p) => !isOurProvenance(p));
  tail.SASprocess = [...processes.map((p, i) => w.complex(p, "process", ["process", i], true)), provenanceProcess(data)];

  for (const [key, value] of Object.entries(meta)) {
    if (!ENTRY_KEYS_WRITTEN.has(key)) w.unplaced.push([[key], value]);
  }
  const extension = w.extension();
  if (extension !== null) entry[`${SASGRAPH_PREFIX}:metadata`] = extension;
  entry.SASsample = tail.SASsample;
  entry.SASinstrument = tail.SASinstrument;
  entry.SASprocess = tail.SASprocess;
  entry.SASnote = tail.SASnote;
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
      [`@_xmlns:${SASGRAPH_PREFIX}`]: SASGRAPH_NAMESPACE,
      "@_xsi:schemaLocation": "urn:cansas1d:1.1 http://www.cansas.org/formats/1.1/cansas1d.xsd",
      SASentry: entries,
    },
  };
  return builder.build(doc) as string;
}
