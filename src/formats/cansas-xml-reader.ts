/**
 * Reads canSAS 1D XML (SASroot, namespaces `cansas1d/1.0` and `urn:cansas1d:1.1`).
 *
 * Every SASdata of every SASentry becomes one curve; its `parameters.entry` is the index of its
 * SASentry in `metadata.entries`, which holds each entry's title, run, sample, instrument, process
 * and notes with values and units as written: `<thickness unit="mm">1.0</thickness>` becomes
 * `{ value: 1, unit: "mm" }`; other XML attributes become `@name` keys so that nothing is lost and the
 * writer can put them back.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { FormatError, type CurveRecord, type ParsedFile } from "./curve";
import { metadataScalar, parseNumberToken } from "./numbers";
import { limitsOf, type ImportOptions } from "./options";
import { intensityUnitOf, qUnitOf } from "./unit-fields";

export const CANSAS_NAMESPACES = ["cansas1d/1.0", "urn:cansas1d:1.1"] as const;

/** Elements that may repeat: always arrays, so the shape does not depend on the count. */
const REPEATABLE = new Set([
  "SASentry",
  "SASdata",
  "Idata",
  "Run",
  "SASprocess",
  "SASnote",
  "SASdetector",
  "SAScollimation",
  "aperture",
  "term",
  "SASprocessnote",
  "SAStransmission_spectrum",
  "Tdata",
]);

/** Entry children with a name of their own in metadata; others keep their tag. */
export const ENTRY_KEYS: Record<string, string> = {
  Title: "title",
  Run: "run",
  SASsample: "sample",
  SASinstrument: "instrument",
  SASprocess: "process",
  SASnote: "notes",
};

type XmlNode = string | { [key: string]: XmlNode | XmlNode[] };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false, // numbers are parsed by us, exactly
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATABLE.has(name),
});

function asObject(node: XmlNode | XmlNode[] | undefined): Record<string, XmlNode | XmlNode[]> {
  return typeof node === "object" && node !== null && !Array.isArray(node) ? node : {};
}

function asList(node: XmlNode | XmlNode[] | undefined): XmlNode[] {
  if (node === undefined) return [];
  return Array.isArray(node) ? node : [node];
}

/** XML element → metadata value: scalar, `{value, unit, @attr}` leaf, or object of children. */
export function elementToMetadata(node: XmlNode | XmlNode[]): unknown {
  if (Array.isArray(node)) return node.map(elementToMetadata);
  if (typeof node === "string") return metadataScalar(node);
  const out: Record<string, unknown> = {};
  const children = Object.keys(node).filter((k) => !k.startsWith("@_") && k !== "#text");
  const text = node["#text"];
  for (const [key, value] of Object.entries(node)) {
    if (!key.startsWith("@_")) continue;
    const attr = key.slice(2);
    if (attr === "unit" && children.length === 0) out.unit = value as string;
    else out[`@${attr}`] = value as string;
  }
  if (children.length === 0) {
    const result: Record<string, unknown> = { value: typeof text === "string" ? metadataScalar(text) : "" };
    return Object.assign(result, out);
  }
  if (typeof text === "string") out["#text"] = text;
  for (const key of children) out[key] = elementToMetadata(node[key]);
  return out;
}

function rootNamespace(xml: string): { name: string; namespace: string | null; version: string | null } | null {
  const m = /<\s*(?:[\w.-]+:)?([\w.-]+)([^>]*)>/.exec(xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, ""));
  if (!m) return null;
  const ns = /\bxmlns(?::[\w.-]+)?\s*=\s*"([^"]*)"/.exec(m[2]);
  const version = /\bversion\s*=\s*"([^"]*)"/.exec(m[2]);
  return { name: m[1], namespace: ns ? ns[1] : null, version: version ? version[1] : null };
}

interface Column {
  values: number[];
  unit: string | null;
}

/** Reads the Idata rows of one SASdata into columns, checking units agree row by row. */
function readIdata(rows: XmlNode[], field: string, maxPoints: number): Record<"Q" | "I" | "Idev" | "Qdev", Column> {
  const columns = {
    Q: { values: [], unit: null },
    I: { values: [], unit: null },
    Idev: { values: [], unit: null },
    Qdev: { values: [], unit: null },
  } as Record<"Q" | "I" | "Idev" | "Qdev", Column>;
  if (rows.length > maxPoints) throw new FormatError(`${field}: ${rows.length} points, more than the limit of ${maxPoints}`, field);
  rows.forEach((rowNode, i) => {
    const row = asObject(rowNode);
    for (const name of ["Q", "I", "Idev", "Qdev"] as const) {
      const cell = row[name];
      const where = `${field}.Idata[${i}].${name}`;
      if (cell === undefined) {
        if (name === "Q" || name === "I") throw new FormatError(`${where}: missing (row ${i + 1})`, where);
        continue;
      }
      if (Array.isArray(cell)) throw new FormatError(`${where}: appears more than once (row ${i + 1})`, where);
      const text = typeof cell === "string" ? cell : asObject(cell)["#text"];
      const unit = typeof cell === "string" ? null : ((asObject(cell)["@_unit"] as string | undefined) ?? null);
      const value = typeof text === "string" ? parseNumberToken(text) : null;
      if (value === null) throw new FormatError(`${where}: "${String(text ?? "")}" is not a number (row ${i + 1})`, where);
      const column = columns[name];
      if (column.values.length !== i) throw new FormatError(`${where}: present in some rows only (row ${i + 1})`, where);
      if (i > 0 && column.unit !== unit) throw new FormatError(`${where}: unit "${unit}" differs from row 1 ("${column.unit}")`, where);
      column.unit = unit;
      column.values.push(value);
    }
  });
  for (const name of ["Idev", "Qdev"] as const) {
    const n = columns[name].values.length;
    if (n > 0 && n !== rows.length) throw new FormatError(`${field}.Idata.${name}: present in ${n} of ${rows.length} rows`, `${field}.Idata.${name}`);
  }
  return columns;
}

function curveFrom(data: XmlNode, field: string, options: ImportOptions): CurveRecord {
  const node = asObject(data);
  const rows = asList(node.Idata);
  if (rows.length === 0) throw new FormatError(`${field}: no Idata rows`, field);
  const c = readIdata(rows, field, limitsOf(options).maxPoints);
  const qText = c.Q.unit ?? String(options.qUnit ?? "");
  const iText = c.I.unit ?? String(options.intensityUnit ?? "");
  const qUnit = qUnitOf(qText, `${field}.Q@unit`);
  const intensityUnit = intensityUnitOf(iText, `${field}.I@unit`);
  if (c.Idev.unit !== null && c.Idev.values.length > 0 && intensityUnitOf(c.Idev.unit, `${field}.Idev@unit`) !== intensityUnit) {
    throw new FormatError(`${field}.Idev@unit: "${c.Idev.unit}" differs from I's unit "${iText}"`, `${field}.Idev@unit`);
  }
  if (c.Qdev.unit !== null && c.Qdev.values.length > 0 && qUnitOf(c.Qdev.unit, `${field}.Qdev@unit`) !== qUnit) {
    throw new FormatError(`${field}.Qdev@unit: "${c.Qdev.unit}" differs from Q's unit "${qText}"`, `${field}.Qdev@unit`);
  }
  const curve: CurveRecord = {
    q: Float64Array.from(c.Q.values),
    intensity: Float64Array.from(c.I.values),
    dI: c.Idev.values.length > 0 ? Float64Array.from(c.Idev.values) : null,
    dQ: c.Qdev.values.length > 0 ? Float64Array.from(c.Qdev.values) : null,
    qUnit,
    intensityUnit,
  };
  return curve;
}

function entryMetadata(entry: Record<string, XmlNode | XmlNode[]>): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  if (typeof entry["@_name"] === "string") meta.name = entry["@_name"];
  for (const [tag, value] of Object.entries(entry)) {
    if (tag.startsWith("@_") || tag === "#text" || tag === "SASdata") continue;
    const key = ENTRY_KEYS[tag] ?? tag;
    if (tag === "Title") meta.title = typeof value === "string" ? value : String(elementToMetadata(value as XmlNode) ?? "");
    else meta[key] = elementToMetadata(value);
  }
  return meta;
}

export function readCansasXml(content: string, options: ImportOptions = {}): ParsedFile {
  // canSAS needs no document type. A DOCTYPE can declare entities, external (XXE: local files,
  // URLs) or nested (billion laughs); none is resolved or expanded, the file is refused first.
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(content)) {
    throw new FormatError("content: DOCTYPE and ENTITY declarations are not accepted in canSAS XML (entities are never resolved)", "content");
  }
  const root = rootNamespace(content);
  if (!root) throw new FormatError("content: not XML", "content");
  if (root.name !== "SASroot") throw new FormatError(`content: root element is <${root.name}>, not <SASroot>: not canSAS 1D XML`, "SASroot");
  const knownNamespace = root.namespace !== null && (CANSAS_NAMESPACES as readonly string[]).includes(root.namespace);
  if (root.namespace !== null && !knownNamespace) {
    throw new FormatError(`SASroot: namespace "${root.namespace}" is not canSAS 1D (${CANSAS_NAMESPACES.join(" or ")})`, "SASroot");
  }
  const valid = XMLValidator.validate(content);
  if (valid !== true) throw new FormatError(`content: malformed XML at line ${valid.err.line}: ${valid.err.msg}`, "content");

  const doc = asObject(parser.parse(content) as XmlNode);
  const sasroot = asObject(doc.SASroot);
  const entries = asList(sasroot.SASentry);
  if (entries.length === 0) throw new FormatError("SASroot: no SASentry", "SASroot.SASentry");
  const { maxCurves } = limitsOf(options);

  const curves: CurveRecord[] = [];
  const entryMeta: Record<string, unknown>[] = [];
  entries.forEach((entryNode, e) => {
    const entry = asObject(entryNode);
    const meta = entryMetadata(entry);
    entryMeta.push(meta);
    const datas = asList(entry.SASdata);
    if (datas.length === 0) throw new FormatError(`SASentry[${e}]: no SASdata`, `SASentry[${e}].SASdata`);
    datas.forEach((data, d) => {
      if (curves.length >= maxCurves) throw new FormatError(`curves: more than ${maxCurves} curves (limit)`, "curves");
      const curve = curveFrom(data, `SASentry[${e}].SASdata[${d}]`, options);
      const title = meta.title ?? meta.name;
      if (typeof title === "string" && title !== "") curve.title = datas.length > 1 ? `${title} [${d}]` : title;
      const dataName = asObject(data as XmlNode)["@_name"];
      curve.parameters = { entry: e, ...(typeof dataName === "string" ? { sasdata: dataName } : {}) };
      curves.push(curve);
    });
  });
  const version = root.namespace === "urn:cansas1d:1.1" ? "1.1" : root.namespace === "cansas1d/1.0" ? "1.0" : (root.version ?? "unknown");
  const first = entryMeta[0];
  return {
    title: typeof first.title === "string" ? first.title : undefined,
    curves,
    metadata: { format: "canSAS1D", version, entries: entryMeta },
  };
}
