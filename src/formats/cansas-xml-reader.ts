/**
 * Reads canSAS 1D XML (SASroot, namespaces `cansas1d/1.0` and `urn:cansas1d:1.1`).
 *
 * Every SASdata of every SASentry becomes one curve; its `parameters.entry` is the index of its
 * SASentry in `metadata.entries`, which holds each entry's title, run, sample, instrument, process,
 * notes and transmission spectra as written. What the schema types as a number (floatUnitType,
 * float) becomes a number, `<thickness unit="mm">1.0</thickness>` becomes `{ value: 1, unit: "mm" }`;
 * what it types as text (Title, Run, ID, name, term, notes...) stays the very text written ("1.10",
 * "00123"). Elements the schema does not know are text, or numbers when they carry a unit. Other XML
 * attributes become `@name` keys so that nothing is lost and the writer can put them back.
 *
 * Resolution: Qdev is pinhole (dQ); dQl/dQw are slit length/width. Qmean, Shadowfactor and any other
 * per-point element become named extra columns with their unit.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { FormatError, type CurveRecord, type ParsedFile } from "./curve";
import { parseNumberToken } from "./numbers";
import { limitsOf, type ImportOptions } from "./options";
import { intensityUnitOf, qUnitOf } from "./unit-fields";
import {
  childSpec,
  ENTRY_HEAD,
  ENTRY_TAIL,
  isComplex,
  keyOf,
  REPEATING_TAGS,
  SASGRAPH_NAMESPACE,
  type ChildSpec,
  type ComplexName,
  type LeafType,
} from "./cansas-xml-schema";

export const CANSAS_NAMESPACES = ["cansas1d/1.0", "urn:cansas1d:1.1"] as const;

type XmlNode = string | { [key: string]: XmlNode | XmlNode[] };
type XmlObject = Record<string, XmlNode | XmlNode[]>;

/** The local name of a (possibly prefixed) tag. */
function localName(tag: string): string {
  return tag.slice(tag.indexOf(":") + 1);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // Prefixes are kept so that namespaces can be read from the declarations; canSAS ones are
  // stripped below once the root's namespace is known.
  removeNSPrefix: false,
  parseTagValue: false, // texts stay texts; numbers are parsed by us, exactly
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => !name.startsWith("@_") && (REPEATING_TAGS.has(localName(name)) || localName(name) === "column"),
});

function asObject(node: XmlNode | XmlNode[] | undefined): XmlObject {
  return typeof node === "object" && node !== null && !Array.isArray(node) ? node : {};
}

function asList(node: XmlNode | XmlNode[] | undefined): XmlNode[] {
  if (node === undefined) return [];
  return Array.isArray(node) ? node : [node];
}

function textOf(node: XmlNode | XmlNode[] | undefined): string {
  if (typeof node === "string") return node;
  const text = asObject(node)["#text"];
  return typeof text === "string" ? text : "";
}

function childTags(node: XmlObject): string[] {
  return Object.keys(node).filter((k) => !k.startsWith("@_") && k !== "#text");
}

/** `prefix:Tag` keys become `Tag` throughout (a document whose canSAS elements are prefixed). */
function stripPrefix(node: XmlNode | XmlNode[], prefix: string): XmlNode | XmlNode[] {
  if (Array.isArray(node)) return node.map((n) => stripPrefix(n, prefix) as XmlNode);
  if (typeof node !== "object") return node;
  const out: XmlObject = {};
  for (const [key, value] of Object.entries(node)) {
    const name = !key.startsWith("@_") && key.startsWith(`${prefix}:`) ? key.slice(prefix.length + 1) : key;
    out[name] = stripPrefix(value, prefix);
  }
  return out;
}

/** A number when the text is one (finite, as the schema's float); the text itself otherwise. */
function numberOrText(text: string): number | string {
  const value = parseNumberToken(text);
  return value !== null && Number.isFinite(value) ? value : text;
}

type Context = { complex: ComplexName } | { leaf: LeafType } | "unknown";

function contextOf(spec: ChildSpec | undefined): Context {
  if (!spec) return "unknown";
  return isComplex(spec.type) ? { complex: spec.type } : { leaf: spec.type };
}

function attributesOf(node: XmlObject, out: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(node)) {
    if (!key.startsWith("@_") || key.startsWith("@_xmlns")) continue;
    const attr = key.slice(2);
    out[attr === "unit" ? "unit" : `@${attr}`] = textOf(value);
  }
}

/** XML element → metadata value, typed by the schema where it knows the element. */
export function elementToMetadata(node: XmlNode | XmlNode[], context: Context = "unknown"): unknown {
  if (Array.isArray(node)) return node.map((n) => elementToMetadata(n, context));
  const object = asObject(node);
  const children = childTags(object);
  if (context !== "unknown" && "complex" in context) {
    const out: Record<string, unknown> = {};
    attributesOf(object, out);
    const text = textOf(node);
    if (text !== "") out["#text"] = text;
    for (const tag of children) out[tag] = elementToMetadata(object[tag], contextOf(childSpec(context.complex, tag)));
    return out;
  }
  if (children.length > 0) {
    // an element with children where the schema expects none (free-form notes) or knows nothing
    const out: Record<string, unknown> = {};
    attributesOf(object, out);
    const text = textOf(node);
    if (text !== "") out["#text"] = text;
    for (const tag of children) out[tag] = elementToMetadata(object[tag]);
    return out;
  }
  const attrs: Record<string, unknown> = {};
  attributesOf(object, attrs);
  const text = textOf(node);
  const numeric = context === "unknown" ? typeof attrs.unit === "string" : context.leaf === "float" || context.leaf === "floatUnit";
  const value = numeric ? numberOrText(text) : text;
  return Object.keys(attrs).length === 0 ? value : { value, ...attrs };
}

interface Column {
  values: number[];
  unit: string | null;
}

const CORE = new Set(["Q", "I", "Idev", "Qdev", "dQl", "dQw"]);
/** Columns sasgraph wrote as <sasgraph:column name="...">, kept apart from the file's own tags. */
const OWN_COLUMN = "\u0000column:";

/** One cell of a row: its float64 and unit; FormatError naming the row when it is not a number. */
function cellValue(cell: XmlNode, where: string, row: number): { value: number; unit: string | null } {
  const text = textOf(cell);
  const rawUnit = typeof cell === "string" ? undefined : asObject(cell)["@_unit"];
  const unit = rawUnit === undefined ? null : textOf(rawUnit);
  const value = parseNumberToken(text);
  if (value === null) throw new FormatError(`${where}: "${text}" is not a number (row ${row + 1})`, where);
  return { value, unit };
}

/** Reads the Idata rows of one SASdata into columns (in first-seen order), checking presence and units row by row. */
function readIdata(rows: XmlNode[], field: string, maxPoints: number, columnTag: string | null): Map<string, Column> {
  const columns = new Map<string, Column>();
  if (rows.length > maxPoints) throw new FormatError(`${field}: ${rows.length} points, more than the limit of ${maxPoints}`, field);
  const add = (name: string, cell: XmlNode, i: number, label = name) => {
    const where = `${field}.Idata[${i}].${label}`;
    const { value, unit } = cellValue(cell, where, i);
    let column = columns.get(name);
    if (!column) {
      if (i > 0) throw new FormatError(`${where}: present in some rows only (row ${i + 1})`, where);
      column = { values: [], unit };
      columns.set(name, column);
    }
    if (column.values.length !== i) throw new FormatError(`${where}: appears more than once (row ${i + 1})`, where);
    if (column.unit !== unit) throw new FormatError(`${where}: unit "${unit}" differs from row 1 ("${column.unit}")`, where);
    column.values.push(value);
  };
  rows.forEach((rowNode, i) => {
    const row = asObject(rowNode);
    for (const name of ["Q", "I"]) {
      if (row[name] === undefined) throw new FormatError(`${field}.Idata[${i}].${name}: missing (row ${i + 1})`, `${field}.Idata[${i}].${name}`);
    }
    for (const tag of childTags(row)) {
      const cells = asList(row[tag]);
      if (tag === columnTag) {
        // sasgraph's own extra columns: <sasgraph:column name="..." unit="...">
        for (const cell of cells) {
          const name = textOf(asObject(cell)["@_name"]);
          add(`${OWN_COLUMN}${name}`, cell, i, `${tag}[@name="${name}"]`);
        }
        continue;
      }
      if (cells.length > 1) throw new FormatError(`${field}.Idata[${i}].${tag}: appears more than once (row ${i + 1})`, `${field}.Idata[${i}].${tag}`);
      add(tag, cells[0], i);
    }
    for (const [name, column] of columns) {
      if (column.values.length !== i + 1) {
        const where = `${field}.Idata[${i}].${name.replace(OWN_COLUMN, "column:")}`;
        throw new FormatError(`${where}: present in some rows only (missing in row ${i + 1})`, where);
      }
    }
  });
  return columns;
}

function curveFrom(data: XmlNode, field: string, options: ImportOptions, columnTag: string | null): CurveRecord {
  const node = asObject(data);
  const rows = asList(node.Idata);
  if (rows.length === 0) throw new FormatError(`${field}: no Idata rows`, field);
  const c = readIdata(rows, field, limitsOf(options).maxPoints, columnTag);
  const get = (name: string) => c.get(name);
  const q = get("Q") as Column;
  const i = get("I") as Column;
  const qText = q.unit ?? String(options.qUnit ?? "");
  const iText = i.unit ?? String(options.intensityUnit ?? "");
  const qUnit = qUnitOf(qText, `${field}.Q@unit`);
  const intensityUnit = intensityUnitOf(iText, `${field}.I@unit`);
  const sameUnit = (name: string, against: "Q" | "I") => {
    const column = get(name);
    if (!column || column.unit === null) return;
    const where = `${field}.${name}@unit`;
    const same = against === "Q" ? qUnitOf(column.unit, where) === qUnit : intensityUnitOf(column.unit, where) === intensityUnit;
    if (!same) throw new FormatError(`${where}: "${column.unit}" differs from ${against}'s unit "${against === "Q" ? qText : iText}"`, where);
  };
  sameUnit("Idev", "I");
  const slit = c.has("dQl") || c.has("dQw");
  for (const name of slit ? ["dQl", "dQw"] : ["Qdev"]) sameUnit(name, "Q");
  const values = (name: string) => {
    const column = get(name);
    return column ? Float64Array.from(column.values) : null;
  };
  const curve: CurveRecord = {
    q: Float64Array.from(q.values),
    intensity: Float64Array.from(i.values),
    dI: values("Idev"),
    dQ: slit ? null : values("Qdev"),
    qUnit,
    intensityUnit,
  };
  if (slit) {
    curve.dQl = values("dQl");
    curve.dQw = values("dQw");
  }
  const extra: NonNullable<CurveRecord["columns"]> = {};
  for (const [name, column] of c) {
    // A curve has one kind of resolution: next to slit data a Qdev is kept as a column, not lost.
    if (CORE.has(name) && !(slit && name === "Qdev")) continue;
    extra[name.startsWith(OWN_COLUMN) ? name.slice(OWN_COLUMN.length) : name] = { values: Float64Array.from(column.values), unit: column.unit ?? "" };
  }
  if (Object.keys(extra).length > 0) curve.columns = extra;
  return curve;
}

/** A transmission spectrum as columns ({values, unit} for Lambda, T, Tdev); null when its rows are irregular. */
function transmissionSpectrum(node: XmlNode): Record<string, unknown> | null {
  const object = asObject(node);
  const out: Record<string, unknown> = {};
  attributesOf(object, out);
  if (childTags(object).some((t) => t !== "Tdata")) return null;
  const rows = asList(object.Tdata).map(asObject);
  const columns: Record<string, { values: number[]; unit: string }> = {};
  for (const [k, row] of rows.entries()) {
    const tags = childTags(row);
    if (!tags.includes("Lambda") || !tags.includes("T") || tags.some((t) => !["Lambda", "T", "Tdev"].includes(t))) return null;
    for (const tag of tags) {
      const cell = row[tag];
      if (Array.isArray(cell) || childTags(asObject(cell)).length > 0) return null;
      const value = parseNumberToken(textOf(cell));
      const unit = textOf(asObject(cell)["@_unit"]);
      if (value === null || !Number.isFinite(value)) return null;
      const column = (columns[tag] ??= { values: [], unit });
      if (column.unit !== unit || column.values.length !== k) return null;
      column.values.push(value);
    }
  }
  if (rows.length === 0 || Object.values(columns).some((c) => c.values.length !== rows.length)) return null;
  return { ...out, ...columns };
}

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
type Path = (string | number)[];

function isPath(value: unknown): value is Path {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((p) => (typeof p === "string" && !UNSAFE_KEYS.has(p)) || (typeof p === "number" && Number.isInteger(p) && p >= 0))
  );
}

/**
 * Applies sasgraph's own record of what the schema had no place for (values under their metadata
 * path, as JSON) and of what it wrote only because the schema requires it (removed again).
 */
function applyExtension(meta: Record<string, unknown>, text: string, parameters: Record<string, unknown>[]): boolean {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return false;
  }
  const r = asObject(record as XmlNode) as Record<string, unknown>;
  const filled = Array.isArray(r.filled) ? r.filled.filter(isPath) : [];
  const unplaced = Array.isArray(r.unplaced) ? r.unplaced.filter((u): u is [Path, unknown] => Array.isArray(u) && u.length === 2 && isPath(u[0])) : [];
  // An array grows by one at most: a path cannot make a huge sparse list.
  const reachable = (holder: unknown, step: string | number) => !Array.isArray(holder) || (typeof step === "number" && step <= holder.length);
  const walk = (path: Path, create: boolean): Record<string | number, unknown> | null => {
    let at: unknown = meta;
    for (const step of path.slice(0, -1)) {
      const holder = at as Record<string | number, unknown>;
      if (typeof at !== "object" || at === null || !reachable(at, step)) return null;
      if (typeof holder[step] !== "object" || holder[step] === null) {
        if (!create) return null;
        holder[step] = {};
      }
      at = holder[step];
    }
    return typeof at === "object" && at !== null ? (at as Record<string | number, unknown>) : null;
  };
  for (const path of filled) {
    const holder = walk(path, false);
    if (holder) delete holder[path[path.length - 1]];
  }
  const renamed = Array.isArray(r.renamed)
    ? r.renamed.filter((u): u is [Path, string] => Array.isArray(u) && u.length === 2 && isPath(u[0]) && typeof u[1] === "string" && !UNSAFE_KEYS.has(u[1]))
    : [];
  for (const [path, original] of renamed) {
    const holder = walk(path, false);
    const key = path[path.length - 1];
    if (holder && key in holder) {
      holder[original] = holder[key];
      delete holder[key];
    }
  }
  const own = asObject(r.parameters as XmlNode) as Record<string, unknown>;
  for (const [d, p] of Object.entries(own)) {
    const target = parameters[Number(d)];
    if (target && typeof p === "object" && p !== null && !Array.isArray(p)) {
      for (const [k, v] of Object.entries(p)) if (!UNSAFE_KEYS.has(k) && k !== "entry" && k !== "sasdata") target[k] = v;
    }
  }
  for (const [path, value] of unplaced) {
    const holder = walk(path, true);
    if (holder && reachable(holder, path[path.length - 1])) holder[path[path.length - 1]] = value;
  }
  return true;
}

const ENTRY_SPECS = new Map([...ENTRY_HEAD, ...ENTRY_TAIL].map((s) => [s.tag, s]));

function entryMetadata(entry: XmlObject, extensionTag: string | null, parameters: Record<string, unknown>[]): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  const extensions: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    if (!key.startsWith("@_") || key.startsWith("@_xmlns")) continue;
    meta[key === "@_name" ? "name" : `@${key.slice(2)}`] = textOf(value);
  }
  for (const [tag, value] of Object.entries(entry)) {
    if (tag.startsWith("@_") || tag === "#text" || tag === "SASdata") continue;
    if (tag === extensionTag) {
      for (const node of asList(value)) extensions.push(textOf(node));
      continue;
    }
    const spec = ENTRY_SPECS.get(tag);
    if (tag === "Title") meta.title = textOf(asList(value)[0]);
    else if (tag === "SAStransmission_spectrum") {
      meta[tag] = asList(value).map((n) => transmissionSpectrum(n) ?? elementToMetadata(n));
    } else if (spec) meta[keyOf(spec)] = elementToMetadata(value, contextOf(spec));
    else meta[tag] = elementToMetadata(value);
  }
  for (const text of extensions) if (!applyExtension(meta, text, parameters)) meta[extensionTag as string] = text;
  return meta;
}

export function readCansasXml(content: string, options: ImportOptions = {}): ParsedFile {
  // canSAS needs no document type. A DOCTYPE can declare entities, external (XXE: local files,
  // URLs) or nested (billion laughs); none is resolved or expanded, the file is refused first.
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(content)) {
    throw new FormatError("content: DOCTYPE and ENTITY declarations are not accepted in canSAS XML (entities are never resolved)", "content");
  }
  const valid = XMLValidator.validate(content);
  if (valid !== true) throw new FormatError(`content: malformed XML at line ${valid.err.line}: ${valid.err.msg}`, "content");
  const doc = asObject(parser.parse(content) as XmlNode);
  const rootTag = Object.keys(doc).find((k) => !k.startsWith("?"));
  if (rootTag === undefined) throw new FormatError("content: not XML (no root element)", "content");
  if (localName(rootTag) !== "SASroot") throw new FormatError(`content: root element is <${rootTag}>, not <SASroot>: not canSAS 1D XML`, "SASroot");
  const rawRoot = asObject(doc[rootTag]);
  // The namespace of the root element, as the parser read its declarations (quotes, order and
  // other declarations such as xmlns:xsi do not matter).
  const prefix = rootTag.includes(":") ? rootTag.slice(0, rootTag.indexOf(":")) : null;
  const declared = rawRoot[prefix === null ? "@_xmlns" : `@_xmlns:${prefix}`];
  const namespace = declared === undefined ? null : textOf(declared);
  if (prefix !== null && namespace === null) throw new FormatError(`SASroot: the prefix "${prefix}" has no namespace declaration`, "SASroot");
  if (namespace !== null && !(CANSAS_NAMESPACES as readonly string[]).includes(namespace)) {
    throw new FormatError(`SASroot: namespace "${namespace}" is not canSAS 1D (${CANSAS_NAMESPACES.join(" or ")})`, "SASroot");
  }
  const sasroot = asObject(prefix === null ? rawRoot : (stripPrefix(rawRoot, prefix) as XmlNode));
  const ours = Object.keys(sasroot).find((k) => k.startsWith("@_xmlns:") && textOf(sasroot[k]) === SASGRAPH_NAMESPACE);
  const ourPrefix = ours === undefined ? null : ours.slice("@_xmlns:".length);
  const extensionTag = ourPrefix === null ? null : `${ourPrefix}:metadata`;
  const columnTag = ourPrefix === null ? null : `${ourPrefix}:column`;

  const entries = asList(sasroot.SASentry);
  if (entries.length === 0) throw new FormatError("SASroot: no SASentry", "SASroot.SASentry");
  const { maxCurves } = limitsOf(options);

  const curves: CurveRecord[] = [];
  const entryMeta: Record<string, unknown>[] = [];
  entries.forEach((entryNode, e) => {
    const entry = asObject(entryNode);
    const datas = asList(entry.SASdata);
    if (datas.length === 0) throw new FormatError(`SASentry[${e}]: no SASdata`, `SASentry[${e}].SASdata`);
    const parameters = datas.map((data) => {
      const dataName = asObject(data)["@_name"];
      return { entry: e, ...(typeof dataName === "string" ? { sasdata: dataName } : {}) } as Record<string, unknown>;
    });
    const meta = entryMetadata(entry, extensionTag, parameters);
    entryMeta.push(meta);
    datas.forEach((data, d) => {
      if (curves.length >= maxCurves) throw new FormatError(`curves: more than ${maxCurves} curves (limit)`, "curves");
      const curve = curveFrom(data, `SASentry[${e}].SASdata[${d}]`, options, columnTag);
      const title = meta.title ?? meta.name;
      if (typeof title === "string" && title !== "") curve.title = datas.length > 1 ? `${title} [${d}]` : title;
      curve.parameters = parameters[d];
      curves.push(curve);
    });
  });
  const version = namespace === "urn:cansas1d:1.1" ? "1.1" : namespace === "cansas1d/1.0" ? "1.0" : textOf(sasroot["@_version"]) || "unknown";
  const first = entryMeta[0];
  return {
    title: typeof first.title === "string" ? first.title : undefined,
    curves,
    metadata: { format: "canSAS1D", version, entries: entryMeta },
  };
}
