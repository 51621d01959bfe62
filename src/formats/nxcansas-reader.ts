/**
 * Reads NXcanSAS (HDF5) as SasView, Mantid and NIST's macros write it: entries (NXentry,
 * canSAS_class=SASentry, e.g. /sasentry01) holding data groups (NXdata, canSAS_class=SASdata,
 * e.g. sasdata01) with `signal` (I) and `I_axes` (Q); Idev found through I's `uncertainties`
 * attribute (or the group's `I_uncertainties`, or a dataset named Idev); the q resolution through Q's
 * `resolutions` attribute (Qdev or dQw; dQl, a slit length, is not a Gaussian width and is skipped).
 * Units come from each dataset's `units` attribute.
 *
 * Metadata is shaped like the canSAS XML reader's: `metadata.entries[i]` with title, run, sample,
 * instrument, process, notes; a dataset with attributes becomes `{value, unit, "@attr": ...}`.
 */
import { FormatError, type CurveRecord, type ParsedFile } from "./curve";
import { readHdf5, type H5Dataset, type H5Group } from "./hdf5-memory-file";
import type { H5WasmModule } from "./hdf5-loader";
import { metadataScalar } from "./numbers";
import { kindOfClass, metadataKeyOfClass } from "./nxcansas-names";
import { limitsOf, type ImportOptions } from "./options";
import { intensityUnitOf, qUnitOf } from "./unit-fields";

/** Attributes that say what a group is; they are structure, not metadata. */
const STRUCTURAL_ATTRS = new Set(["NX_class", "canSAS_class", "canSAS_version", "default"]);

function attrText(node: H5Group | H5Dataset, name: string): string | null {
  const attr = node.attrs[name];
  if (!attr) return null;
  const v = attr.value;
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === "string") return v[0];
  return null;
}

/** Plain JSON value of an HDF5 value: single-element arrays become scalars, bigints numbers. */
function plainValue(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return metadataScalar(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const list = Array.from(v as unknown as ArrayLike<number | bigint>, (x) => (typeof x === "bigint" ? Number(x) : x));
    return list.length === 1 ? list[0] : list;
  }
  if (Array.isArray(v)) {
    const list = v.map(plainValue);
    return list.length === 1 ? list[0] : list;
  }
  return v ?? null;
}

function metadataAttrs(node: H5Group | H5Dataset, skip: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(node.attrs)) {
    if (STRUCTURAL_ATTRS.has(name) || skip.has(name)) continue;
    if (name === "units") out.unit = plainValue(node.attrs[name].value);
    else out[`@${name}`] = plainValue(node.attrs[name].value);
  }
  return out;
}

function datasetMetadata(ds: H5Dataset): unknown {
  const value = plainValue(ds.value);
  const attrs = metadataAttrs(ds, new Set());
  return Object.keys(attrs).length === 0 ? value : { value, ...attrs };
}

function isGroup(h5: H5WasmModule, node: unknown): node is H5Group {
  return node instanceof h5.Group;
}

function isDataset(h5: H5WasmModule, node: unknown): node is H5Dataset {
  return node instanceof h5.Dataset;
}

/** A metadata group → object: datasets by name, sub-groups by canSAS class (repeating ones as arrays). */
function groupMetadata(h5: H5WasmModule, group: H5Group, atEntryLevel: boolean, skip: (name: string, node: H5Group) => boolean): Record<string, unknown> {
  const out: Record<string, unknown> = metadataAttrs(group, new Set());
  for (const name of group.keys()) {
    const node = group.get(name);
    if (isDataset(h5, node)) out[name] = datasetMetadata(node);
    else if (isGroup(h5, node)) {
      if (skip(name, node)) continue;
      const canSAS = attrText(node, "canSAS_class");
      const kind = canSAS ? kindOfClass(canSAS) : undefined;
      const key = canSAS ? metadataKeyOfClass(canSAS, atEntryLevel) : name;
      let value: unknown = groupMetadata(h5, node, false, () => false);
      // A note written as a lone `data` text reads back as that text.
      if (canSAS === "SASnote" && Object.keys(value as object).length === 1 && typeof (value as Record<string, unknown>).data === "string") {
        value = (value as Record<string, unknown>).data;
      }
      if (kind?.repeats) {
        const list = Array.isArray(out[key]) ? (out[key] as unknown[]) : [];
        list.push(value);
        out[key] = list;
      } else out[key] = value;
    }
  }
  return out;
}

function isEntry(h5: H5WasmModule, group: H5Group): boolean {
  if (attrText(group, "canSAS_class") === "SASentry") return true;
  const definition = group.get("definition");
  return attrText(group, "NX_class") === "NXentry" && isDataset(h5, definition) && plainValue(definition.value) === "NXcanSAS";
}

function isSasData(group: H5Group): boolean {
  return attrText(group, "canSAS_class") === "SASdata" || (attrText(group, "NX_class") === "NXdata" && group.attrs.signal !== undefined);
}

function float64Column(h5: H5WasmModule, group: H5Group, name: string, field: string, maxPoints: number): Float64Array {
  const ds = group.get(name);
  if (!isDataset(h5, ds)) throw new FormatError(`${field}: dataset "${name}" is missing`, field);
  const shape = ds.shape ?? [];
  if (shape.length !== 1) throw new FormatError(`${field}: shape [${shape.join(", ")}]: only 1D data (I(Q)) is supported`, field);
  if (shape[0] > maxPoints) throw new FormatError(`${field}: ${shape[0]} points, more than the limit of ${maxPoints}`, field);
  const v = ds.value;
  if (!ArrayBuffer.isView(v) || typeof (v as unknown as ArrayLike<unknown>)[0] === "bigint") {
    if (!ArrayBuffer.isView(v)) throw new FormatError(`${field}: "${name}" is not numeric`, field);
  }
  // float32 (or integer) columns widen to float64 exactly.
  return Float64Array.from(v as unknown as ArrayLike<number | bigint>, (x) => Number(x));
}

function readSasData(h5: H5WasmModule, group: H5Group, field: string, options: ImportOptions): CurveRecord {
  const { maxPoints } = limitsOf(options);
  const signal = attrText(group, "signal") ?? "I";
  const axes = (attrText(group, "I_axes") ?? "Q").split(",").map((s) => s.trim());
  if (axes.length !== 1) throw new FormatError(`${field}@I_axes: "${axes.join(",")}": only 1D data (I(Q)) is supported`, `${field}@I_axes`);
  const qName = axes[0];
  const iDs = group.get(signal);
  const qDs = group.get(qName);
  if (!isDataset(h5, iDs)) throw new FormatError(`${field}.${signal}: signal dataset is missing`, `${field}.${signal}`);
  if (!isDataset(h5, qDs)) throw new FormatError(`${field}.${qName}: axis dataset is missing`, `${field}.${qName}`);

  const q = float64Column(h5, group, qName, `${field}.${qName}`, maxPoints);
  const intensity = float64Column(h5, group, signal, `${field}.${signal}`, maxPoints);
  const qUnitText = attrText(qDs, "units") ?? String(options.qUnit ?? "");
  const iUnitText = attrText(iDs, "units") ?? String(options.intensityUnit ?? "");
  const qUnit = qUnitOf(qUnitText, `${field}.${qName}@units`);
  const intensityUnit = intensityUnitOf(iUnitText, `${field}.${signal}@units`);

  const dIName = attrText(iDs, "uncertainties") ?? attrText(iDs, "uncertainty") ?? attrText(group, "I_uncertainties") ?? (group.get("Idev") ? "Idev" : null);
  let dI: Float64Array | null = null;
  if (dIName && group.get(dIName)) {
    dI = float64Column(h5, group, dIName, `${field}.${dIName}`, maxPoints);
    const unit = attrText(group.get(dIName) as H5Dataset, "units");
    if (unit && intensityUnitOf(unit, `${field}.${dIName}@units`) !== intensityUnit) {
      throw new FormatError(`${field}.${dIName}@units: "${unit}" differs from I's unit "${iUnitText}"`, `${field}.${dIName}@units`);
    }
  }
  const resolutions = (attrText(qDs, "resolutions") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s && s !== "dQl");
  const dQName = resolutions[0] ?? (group.get("Qdev") ? "Qdev" : group.get("dQw") ? "dQw" : null);
  let dQ: Float64Array | null = null;
  if (dQName && group.get(dQName)) {
    dQ = float64Column(h5, group, dQName, `${field}.${dQName}`, maxPoints);
    const unit = attrText(group.get(dQName) as H5Dataset, "units");
    if (unit && qUnitOf(unit, `${field}.${dQName}@units`) !== qUnit) {
      throw new FormatError(`${field}.${dQName}@units: "${unit}" differs from Q's unit "${qUnitText}"`, `${field}.${dQName}@units`);
    }
  }
  return { q, intensity, dI, dQ, qUnit, intensityUnit };
}

export async function readNxcansas(bytes: Uint8Array, options: ImportOptions = {}): Promise<ParsedFile> {
  const { maxCurves } = limitsOf(options);
  return readHdf5(bytes, (file, h5) => {
    const entries: { name: string; group: H5Group }[] = [];
    for (const name of file.keys()) {
      const node = file.get(name);
      if (isGroup(h5, node) && isEntry(h5, node)) entries.push({ name, group: node });
    }
    if (entries.length === 0) {
      throw new FormatError("content: HDF5 file has no NXcanSAS entry (a group with canSAS_class=SASentry)", "SASentry");
    }
    const curves: CurveRecord[] = [];
    const entryMeta: Record<string, unknown>[] = [];
    entries.forEach(({ name, group }, e) => {
      const meta: Record<string, unknown> = { name };
      const rest = groupMetadata(h5, group, true, (_n, node) => isSasData(node));
      delete rest["@version"];
      if (rest.definition === "NXcanSAS") delete rest.definition;
      Object.assign(meta, rest);
      entryMeta.push(meta);
      const dataGroups = group.keys().filter((n) => {
        const node = group.get(n);
        return isGroup(h5, node) && isSasData(node);
      });
      if (dataGroups.length === 0) throw new FormatError(`${name}: no SASdata group`, `${name}.SASdata`);
      for (const dataName of dataGroups) {
        if (curves.length >= maxCurves) throw new FormatError(`curves: more than ${maxCurves} curves (limit)`, "curves");
        const curve = readSasData(h5, group.get(dataName) as H5Group, `${name}.${dataName}`, options);
        const title = typeof meta.title === "string" ? meta.title : name;
        curve.title = dataGroups.length > 1 ? `${title} [${dataName}]` : title;
        curve.parameters = { entry: e, sasdata: dataName };
        curves.push(curve);
      }
    });
    const first = entryMeta[0];
    return { title: typeof first.title === "string" ? first.title : undefined, curves, metadata: { format: "NXcanSAS", entries: entryMeta } };
  });
}
