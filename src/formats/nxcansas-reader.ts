/**
 * Reads NXcanSAS (HDF5) as SasView, Mantid, Irena/Nika and NIST's macros write it: entries
 * (canSAS_class=SASentry, or NXentry with definition=NXcanSAS, e.g. /sasentry01) holding data
 * groups (canSAS_class=SASdata, e.g. sasdata01) with `signal` (I) and `I_axes` (Q). A group's
 * canSAS_class decides what it is; NX_class is used only where canSAS_class is absent (a
 * SAStransmission_spectrum is an NXdata too, and is not data).
 *
 * - Idev: I@uncertainties (or the group's I_uncertainties, or a dataset named Idev).
 * - Resolution: Q@resolutions (a text "dQw,dQl" or a list). `dQl`/`dQw` are slit length and width
 *   (curve.dQl/dQw); any other single name (Qdev, dQ) is a pinhole Gaussian width (curve.dQ). Two
 *   names that are not dQl/dQw are taken in the definition's order (width, length). Without
 *   @resolutions, Q@uncertainties is used as SasView and older Mantid files mean it (Qdev).
 * - Other per-point datasets (Qmean, ShadowFactor, Mask...) become curve.columns with their units.
 * - I[frames, points] over one Q (multi-frame 1D) gives one curve per frame (parameters.frame);
 *   our exports write frames as groups of their own marked sasgraph_frame_of/sasgraph_frame, which
 *   read back as those frames. 2D data (I over Qx, Qy) that sasgraph wrote (@sasgraph_image)
 *   becomes detector images (nxcansas-2d.ts); other 2D data, which lacks the geometry an image
 *   needs, is not imported and `metadata.notImported` says so, with its path.
 * - Transmission spectra (SAStransmission_spectrum: lambda, T, Tdev) are kept in the entry's
 *   metadata under `SAStransmission_spectrum`, arrays with their units.
 * - What else a SASdata group carries (attributes, scalars, Irena/Nika's IGORWaveNote, attributes
 *   of its datasets) is kept under the entry's `dataGroups[<group name>]`; an IGORWaveNote
 *   ("key=value;...") is also given as fields in `waveNote`. Text stays text.
 *
 * Metadata is shaped like the canSAS XML reader's: `metadata.entries[i]` with title, run, sample,
 * instrument, process, notes; a dataset with attributes becomes `{value, unit, "@attr": ...}`.
 */
import { FormatError, type CurveRecord, type ParsedFile } from "./curve";
import { readHdf5, type H5Dataset, type H5Group } from "./hdf5-memory-file";
import type { DetectorImageRecord } from "./detector-image";
import { isImageGroup, readImageGroup } from "./nxcansas-2d";
import type { H5WasmModule } from "./hdf5-loader";
import { DATA_GROUPS_KEY, FILLED_ATTR, FRAME_ATTR, FRAME_OF_ATTR, kindOfClass, metadataKeyOfClass, TRANSMISSION_KEY } from "./nxcansas-names";
import { limitsOf, type ImportOptions } from "./options";
import { intensityUnitOf, qUnitOf } from "./unit-fields";

/** Attributes that say what a group is; they are structure, not metadata. */
const STRUCTURAL_ATTRS = new Set(["NX_class", "canSAS_class", "canSAS_version", "default"]);
/** SASdata attributes the writer derives from the curve (Q_indicies: SasView's spelling). */
const DATA_STRUCTURAL_ATTRS = new Set([
  "signal",
  "I_axes",
  "Q_indices",
  "Q_indicies",
  "I_uncertainties",
  "I_uncertainty",
  "Q_uncertainties",
  "Q_uncertainty",
  FRAME_ATTR,
  FRAME_OF_ATTR,
]);
const TRANSMISSION_STRUCTURAL_ATTRS = new Set(["signal", "T_axes", "T_indices", "T_uncertainty", "T_uncertainties"]);
/** Attributes of the curve's datasets that the writer derives from the curve. */
const DATASET_STRUCTURAL_ATTRS = new Set(["units", "uncertainties", "uncertainty", "resolutions"]);

/** The canSAS class of a group, as NX_class says when canSAS_class is absent. */
const CLASS_OF_NX: Record<string, string> = {
  NXsample: "SASsample",
  NXinstrument: "SASinstrument",
  NXsource: "SASsource",
  NXcollimator: "SAScollimation",
  NXdetector: "SASdetector",
  NXaperture: "SASaperture",
  NXprocess: "SASprocess",
};

export interface NotImported {
  path: string;
  reason: string;
}

function attrText(node: H5Group | H5Dataset, name: string): string | null {
  const attr = node.attrs[name];
  if (!attr) return null;
  const v = attr.value;
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === "string") return v[0];
  return null;
}

/** A names attribute: "Q" or "dQw,dQl" or a list of texts. */
function attrList(node: H5Group | H5Dataset, name: string): string[] | null {
  const attr = node.attrs[name];
  if (!attr) return null;
  const v = attr.value;
  const parts = typeof v === "string" ? v.split(",") : Array.isArray(v) ? v.flatMap((x) => (typeof x === "string" ? x.split(",") : [])) : [];
  const list = parts.map((s) => s.trim()).filter((s) => s !== "");
  return list.length > 0 ? list : null;
}

function attrIntegers(node: H5Group, name: string): number[] | null {
  const v = node.attrs[name]?.value;
  if (typeof v === "number" || typeof v === "bigint") return [Number(v)];
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, Number);
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === "string") return v.split(",").map((s) => Number(s.trim()));
  return null;
}

function toNumber(x: unknown): unknown {
  return typeof x === "bigint" ? Number(x) : x;
}

/** Plain JSON value of an HDF5 value: text as text, single-element arrays as scalars (unless `asArray`). */
function plainValue(v: unknown, asArray = false): unknown {
  if (typeof v === "bigint") return Number(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const list = Array.from(v as unknown as ArrayLike<number | bigint>, (x) => toNumber(x));
    return list.length === 1 && !asArray ? list[0] : list;
  }
  if (Array.isArray(v)) {
    const list = v.map((x) => plainValue(x));
    return list.length === 1 && !asArray ? list[0] : list;
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

function datasetMetadata(ds: H5Dataset, asArray = false): unknown {
  const value = plainValue(ds.value, asArray);
  const attrs = metadataAttrs(ds, new Set());
  // A JSON text our writer stored for a nested value that has no HDF5 shape reads back as that value.
  if (attrs["@content_type"] === "application/json" && typeof value === "string" && Object.keys(attrs).length === 1) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return { value, ...attrs };
    }
  }
  return Object.keys(attrs).length === 0 ? value : { value, ...attrs };
}

function isGroup(h5: H5WasmModule, node: unknown): node is H5Group {
  return node instanceof h5.Group;
}

function isDataset(h5: H5WasmModule, node: unknown): node is H5Dataset {
  return node instanceof h5.Dataset;
}

/** What a group is: its canSAS_class, or what its NX_class (and, for NXdata, its signal) implies. */
function classOf(name: string, group: H5Group): string | null {
  const canSAS = attrText(group, "canSAS_class");
  if (canSAS) return canSAS.trim();
  const nx = attrText(group, "NX_class");
  if (nx === "NXdata") {
    if (attrText(group, "signal") === "T" || name.toLowerCase().startsWith("sastransmission")) return "SAStransmission_spectrum";
    return group.attrs.signal !== undefined ? "SASdata" : null;
  }
  return nx ? (CLASS_OF_NX[nx] ?? null) : null;
}

/** Irena/Nika's wave note "key=value;key=value;": fields as text, in order. */
export function parseWaveNote(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of text.split(/[;\r\n]+/)) {
    const at = item.indexOf("=");
    if (at <= 0) continue;
    const key = item.slice(0, at).trim();
    if (key && !(key in out)) out[key] = item.slice(at + 1).trim();
  }
  return out;
}

/** A metadata group → object: datasets by name, sub-groups by canSAS class (repeating ones as arrays). */
function groupMetadata(h5: H5WasmModule, group: H5Group, atEntryLevel: boolean, skip: (cls: string | null) => boolean): Record<string, unknown> {
  const out: Record<string, unknown> = metadataAttrs(group, new Set());
  for (const name of group.keys()) {
    const node = group.get(name);
    if (isDataset(h5, node)) {
      if (node.attrs[FILLED_ATTR] === undefined) out[name] = datasetMetadata(node);
    } else if (isGroup(h5, node)) {
      const cls = classOf(name, node);
      if (skip(cls)) continue;
      const kind = cls ? kindOfClass(cls) : undefined;
      const key = kind ? metadataKeyOfClass(kind.canSAS, atEntryLevel) : name;
      let value: unknown = groupMetadata(h5, node, false, () => false);
      // A note written as a lone `data` text (or SasView's lone `SASnote` text) reads back as that text.
      const fields = Object.entries(value as Record<string, unknown>);
      if (cls === "SASnote" && fields.length === 1 && ["data", "SASnote"].includes(fields[0][0]) && typeof fields[0][1] === "string") {
        value = fields[0][1];
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
  const canSAS = attrText(group, "canSAS_class");
  if (canSAS) return canSAS.trim() === "SASentry";
  const definition = group.get("definition");
  return attrText(group, "NX_class") === "NXentry" && isDataset(h5, definition) && plainValue(definition.value) === "NXcanSAS";
}

function numericValues(ds: H5Dataset, field: string): ArrayLike<number | bigint> {
  const v = ds.value;
  if (!ArrayBuffer.isView(v) || v instanceof DataView) throw new FormatError(`${field}: is not numeric`, field);
  return v as unknown as ArrayLike<number | bigint>;
}

/** Float64 copy of values[start + k*stride], k < n (float32 and integers widen exactly). */
function take(values: ArrayLike<number | bigint>, start: number, stride: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = Number(values[start + k * stride]);
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Slit length/width: finite and not negative (point numbers 1-based, as validation names rows). */
function slitColumn(values: Float64Array | null, field: string): Float64Array | null {
  values?.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0) throw new FormatError(`${field}: row ${i + 1} is ${v}: a slit length or width is a finite, non-negative number`, field);
  });
  return values;
}

interface DataGroupResult {
  curves: CurveRecord[];
  notImported: NotImported[];
  meta: Record<string, unknown>;
}

/** Frame layout of I: n points per frame, `frames` frames; point k of frame f at f*frameStride + k*pointStride. */
interface Layout {
  n: number;
  frames: number;
  frameStride: number;
  pointStride: number;
  shape: number[];
}

/** Values of one frame of a dataset that has the curve's shape (per frame) or Q's shape (shared). */
function frameColumn(ds: H5Dataset, field: string, layout: Layout, frame: number): Float64Array {
  const shape = ds.shape ?? [];
  const values = numericValues(ds, field);
  if (sameShape(shape, layout.shape)) return take(values, frame * layout.frameStride, layout.pointStride, layout.n);
  if (shape.length === 1 && shape[0] === layout.n) return take(values, 0, 1, layout.n);
  throw new FormatError(`${field}: shape [${shape.join(", ")}] fits neither I [${layout.shape.join(", ")}] nor Q [${layout.n}]`, field);
}

function isPerPoint(ds: H5Dataset, layout: Layout): boolean {
  const shape = ds.shape ?? [];
  const v = ds.value;
  return ArrayBuffer.isView(v) && (sameShape(shape, layout.shape) || (shape.length === 1 && shape[0] === layout.n && layout.n > 1));
}

function readSasData(h5: H5WasmModule, group: H5Group, field: string, options: ImportOptions): DataGroupResult {
  const { maxPoints, maxCurves } = limitsOf(options);
  const signal = attrText(group, "signal") ?? "I";
  const axes = attrList(group, "I_axes") ?? ["Q"];
  const iDs = group.get(signal);
  if (!isDataset(h5, iDs)) throw new FormatError(`${field}.${signal}: signal dataset is missing`, `${field}.${signal}`);
  const iShape = iDs.shape ?? [];
  const qAxes = axes.filter((a) => /^Q[xyz]?$/.test(a));
  const qIndices = attrIntegers(group, "Q_indices") ?? attrIntegers(group, "Q_indicies");
  const qName = axes.includes("Q") ? "Q" : (axes[qIndices?.[0] ?? axes.length - 1] ?? "Q");
  const qDs = group.get(qName);
  const qShape = isDataset(h5, qDs) ? (qDs.shape ?? []) : [];
  const skipped = (reason: string): DataGroupResult => ({ curves: [], notImported: [{ path: field, reason }], meta: {} });

  if (iShape.length >= 2 && (qAxes.length >= 2 || qShape.length >= 2 || !isDataset(h5, qDs))) {
    return skipped(`2D data (I of shape [${iShape.join(", ")}] over ${axes.join(", ")}): only 1D I(Q) is imported`);
  }
  if (iShape.length > 2) return skipped(`I has ${iShape.length} dimensions: only 1D I(Q) and frames of it are imported`);
  if (!isDataset(h5, qDs)) throw new FormatError(`${field}.${qName}: axis dataset is missing`, `${field}.${qName}`);
  if (qShape.length !== 1) throw new FormatError(`${field}.${qName}: shape [${qShape.join(", ")}]: Q of 1D data has one dimension`, `${field}.${qName}`);
  const n = qShape[0];
  if (n > maxPoints) throw new FormatError(`${field}.${qName}: ${n} points, more than the limit of ${maxPoints}`, `${field}.${qName}`);

  let layout: Layout;
  if (iShape.length === 1) {
    if (axes.length !== 1) {
      throw new FormatError(
        `${field}@I_axes: "${axes.join(",")}" names ${axes.length} axes but I has 1 dimension: only 1D data (I(Q)) is supported`,
        `${field}@I_axes`,
      );
    }
    if (iShape[0] !== n) throw new FormatError(`${field}.${signal}: ${iShape[0]} values but ${qName} has ${n}`, `${field}.${signal}`);
    layout = { n, frames: 1, frameStride: 0, pointStride: 1, shape: iShape };
  } else {
    // Multi-frame: Q runs along the axis I_axes/Q_indices name, or the one whose length matches.
    const named = axes.length === 2 ? axes.indexOf(qName) : -1;
    const qAxis = named >= 0 && iShape[named] === n ? named : iShape[1] === n ? 1 : iShape[0] === n ? 0 : -1;
    if (qAxis < 0) throw new FormatError(`${field}.${signal}: shape [${iShape.join(", ")}] has no axis of ${qName}'s length ${n}`, `${field}.${signal}`);
    layout =
      qAxis === 1
        ? { n, frames: iShape[0], frameStride: n, pointStride: 1, shape: iShape }
        : { n, frames: iShape[1], frameStride: 1, pointStride: iShape[1], shape: iShape };
    if (layout.frames > maxCurves)
      throw new FormatError(`${field}.${signal}: ${layout.frames} frames, more than the limit of ${maxCurves} curves`, `${field}.${signal}`);
  }

  const qUnitText = attrText(qDs, "units") ?? String(options.qUnit ?? "");
  const iUnitText = attrText(iDs, "units") ?? String(options.intensityUnit ?? "");
  const qUnit = qUnitOf(qUnitText, `${field}.${qName}@units`);
  const intensityUnit = intensityUnitOf(iUnitText, `${field}.${signal}@units`);

  const used = new Set([qName, signal]);
  const dataset = (name: string | null): H5Dataset | null => {
    if (!name) return null;
    const node = group.get(name);
    return isDataset(h5, node) && node.attrs[FILLED_ATTR] === undefined ? node : null;
  };
  const dIName = attrText(iDs, "uncertainties") ?? attrText(iDs, "uncertainty") ?? attrText(group, "I_uncertainties") ?? (group.get("Idev") ? "Idev" : null);
  const dIDs = dataset(dIName);
  if (dIDs && dIName) {
    used.add(dIName);
    const unit = attrText(dIDs, "units");
    if (unit && intensityUnitOf(unit, `${field}.${dIName}@units`) !== intensityUnit) {
      throw new FormatError(`${field}.${dIName}@units: "${unit}" differs from I's unit "${iUnitText}"`, `${field}.${dIName}@units`);
    }
  }

  // Resolution: which datasets, and which kind.
  const named = attrList(qDs, "resolutions");
  const byUncertainties = named ? null : attrList(qDs, "uncertainties");
  const fallback = group.get("Qdev") ? ["Qdev"] : ["dQw", "dQl"].filter((x) => group.get(x));
  const names = (named ?? byUncertainties ?? fallback).filter((x) => group.get(x));
  let pinhole: string | null = null;
  let slitLength: string | null = null;
  let slitWidth: string | null = null;
  if (names.includes("dQl") || names.includes("dQw")) {
    slitLength = names.includes("dQl") ? "dQl" : null;
    slitWidth = names.includes("dQw") ? "dQw" : null;
  } else if (names.length >= 2) {
    [slitWidth, slitLength] = names;
  } else if (names.length === 1) {
    pinhole = names[0];
  }
  // A slit width our writer filled in (the source had a length only) is not data.
  const filledWidth = group.get("dQw");
  if (slitWidth === "dQw" && isDataset(h5, filledWidth) && filledWidth.attrs[FILLED_ATTR] !== undefined) {
    used.add("dQw");
    slitWidth = null;
  }
  for (const name of [pinhole, slitLength, slitWidth]) {
    const ds = dataset(name);
    if (!ds || !name) continue;
    used.add(name);
    const unit = attrText(ds, "units");
    if (unit && qUnitOf(unit, `${field}.${name}@units`) !== qUnit) {
      throw new FormatError(`${field}.${name}@units: "${unit}" differs from Q's unit "${qUnitText}"`, `${field}.${name}@units`);
    }
  }

  // Everything else: per-point columns, or group metadata.
  const meta: Record<string, unknown> = metadataAttrs(group, DATA_STRUCTURAL_ATTRS);
  const attributes: Record<string, Record<string, unknown>> = {};
  const columnNames: string[] = [];
  for (const name of group.keys()) {
    const node = group.get(name);
    if (isDataset(h5, node)) {
      if (node.attrs[FILLED_ATTR] !== undefined) continue;
      const perPoint = used.has(name) || isPerPoint(node, layout);
      if (!used.has(name) && perPoint) columnNames.push(name);
      if (perPoint) {
        // The curve's own datasets get their structural attributes back from the writer; a column keeps all but its unit.
        const skip = used.has(name) ? DATASET_STRUCTURAL_ATTRS : new Set(["units"]);
        const extra = Object.fromEntries(
          Object.keys(node.attrs)
            .filter((a) => !skip.has(a))
            .map((a) => [a, plainValue(node.attrs[a].value)]),
        );
        if (byUncertainties && name === qName) delete extra.uncertainties;
        if (Object.keys(extra).length > 0) attributes[name] = extra;
      } else meta[name] = datasetMetadata(node);
    } else if (isGroup(h5, node)) {
      meta[name] = groupMetadata(h5, node, false, () => false);
    }
  }
  if (Object.keys(attributes).length > 0) meta.attributes = attributes;
  const notes = [meta["@IGORWaveNote"], meta.IGORWaveNote, ...Object.values(attributes).map((a) => a.IGORWaveNote)].filter(
    (t): t is string => typeof t === "string",
  );
  if (notes.length > 0) meta.waveNote = Object.assign({}, ...notes.reverse().map(parseWaveNote)) as Record<string, string>;

  const curves: CurveRecord[] = [];
  for (let f = 0; f < layout.frames; f++) {
    const column = (name: string | null): Float64Array | null => {
      const ds = dataset(name);
      return ds && name ? frameColumn(ds, `${field}.${name}`, layout, f) : null;
    };
    const curve: CurveRecord = {
      q: take(numericValues(qDs, `${field}.${qName}`), 0, 1, n),
      intensity: frameColumn(iDs, `${field}.${signal}`, layout, f),
      dI: column(dIDs ? dIName : null),
      dQ: column(pinhole),
      qUnit,
      intensityUnit,
    };
    const dQl = slitColumn(column(slitLength), `${field}.${slitLength}`);
    const dQw = slitColumn(column(slitWidth), `${field}.${slitWidth}`);
    if (dQl || dQw) {
      curve.dQl = dQl;
      curve.dQw = dQw;
    }
    if (columnNames.length > 0) {
      curve.columns = Object.fromEntries(
        columnNames.map((name) => {
          const ds = group.get(name) as H5Dataset;
          return [name, { values: frameColumn(ds, `${field}.${name}`, layout, f), unit: attrText(ds, "units") ?? "" }];
        }),
      );
    }
    curves.push(curve);
  }
  return { curves, notImported: [], meta };
}

/** A transmission spectrum: lambda, T, Tdev as arrays with their units, plus its attributes (name, timestamp). */
function readTransmission(h5: H5WasmModule, group: H5Group, field: string): Record<string, unknown> {
  const out: Record<string, unknown> = metadataAttrs(group, TRANSMISSION_STRUCTURAL_ATTRS);
  const lambda = group.get("lambda");
  const t = group.get("T");
  if (!isDataset(h5, lambda)) throw new FormatError(`${field}.lambda: dataset is missing`, `${field}.lambda`);
  if (!isDataset(h5, t)) throw new FormatError(`${field}.T: dataset is missing`, `${field}.T`);
  const n = (lambda.shape ?? [])[0] ?? 0;
  for (const name of group.keys()) {
    const node = group.get(name);
    if (isDataset(h5, node)) {
      if (node.attrs[FILLED_ATTR] !== undefined) continue;
      if (["lambda", "T", "Tdev"].includes(name)) {
        const shape = node.shape ?? [];
        numericValues(node, `${field}.${name}`);
        if (shape.length !== 1 || shape[0] !== n) {
          throw new FormatError(`${field}.${name}: shape [${shape.join(", ")}] differs from lambda's [${n}]`, `${field}.${name}`);
        }
        const leaf: Record<string, unknown> = { value: plainValue(node.value, true) };
        const attrs = metadataAttrs(node, new Set(["uncertainties", "uncertainty", "unertainties"]));
        out[name] = Object.assign(leaf, attrs);
      } else out[name] = datasetMetadata(node);
    } else if (isGroup(h5, node)) out[name] = groupMetadata(h5, node, false, () => false);
  }
  return out;
}

/** Entries: SASentry groups at the root, or inside an NXentry (the definition allows either). */
function findEntries(h5: H5WasmModule, root: H5Group): { path: string; group: H5Group }[] {
  const out: { path: string; group: H5Group }[] = [];
  for (const name of root.keys()) {
    const node = root.get(name);
    if (!isGroup(h5, node)) continue;
    if (isEntry(h5, node)) out.push({ path: name, group: node });
    else if (attrText(node, "NX_class") === "NXentry") {
      for (const inner of node.keys()) {
        const child = node.get(inner);
        if (isGroup(h5, child) && isEntry(h5, child)) out.push({ path: `${name}/${inner}`, group: child });
      }
    }
  }
  return out;
}

export async function readNxcansas(bytes: Uint8Array, options: ImportOptions = {}): Promise<ParsedFile> {
  const { maxCurves } = limitsOf(options);
  return readHdf5(bytes, (file, h5) => {
    const entries = findEntries(h5, file);
    if (entries.length === 0) {
      throw new FormatError("content: HDF5 file has no NXcanSAS entry (a group with canSAS_class=SASentry)", "SASentry");
    }
    const curves: CurveRecord[] = [];
    const entryMeta: Record<string, unknown>[] = [];
    const notImported: NotImported[] = [];
    const images: DetectorImageRecord[] = [];
    entries.forEach(({ path, group }, e) => {
      const field = path.replace(/\//g, ".");
      const meta: Record<string, unknown> = { name: path };
      const rest = groupMetadata(h5, group, true, (cls) => cls === "SASdata" || cls === "SAStransmission_spectrum");
      delete rest["@version"];
      if (rest.definition === "NXcanSAS") delete rest.definition;
      // Runs: one `run` (a text or a list of texts), or older exports' run, run02, run03...
      const extraRuns = Object.keys(rest).filter((k) => /^run\d{2}$/.test(k));
      if (rest.run !== undefined && extraRuns.length > 0) {
        rest.run = [rest.run, ...extraRuns.sort().map((k) => rest[k])];
        for (const k of extraRuns) delete rest[k];
      }
      // SasView writes the sample's canSAS XML name `ID`; the definition's is `name`.
      const sample = rest.sample;
      if (typeof sample === "object" && sample !== null && !Array.isArray(sample) && "ID" in sample && !("name" in sample)) {
        const { ID, ...others } = sample as Record<string, unknown>;
        rest.sample = { name: ID, ...others };
      }
      if (typeof rest["@IGORWaveNote"] === "string") rest.waveNote = parseWaveNote(rest["@IGORWaveNote"]);
      Object.assign(meta, rest);

      const dataGroups: Record<string, unknown> = {};
      const spectra: unknown[] = [];
      const dataNames: string[] = [];
      for (const name of group.keys()) {
        const node = group.get(name);
        if (!isGroup(h5, node)) continue;
        const cls = classOf(name, node);
        if (cls === "SAStransmission_spectrum") spectra.push(readTransmission(h5, node, `${field}.${name}`));
        else if (cls === "SASdata") dataNames.push(name);
      }
      if (spectra.length > 0) meta[TRANSMISSION_KEY] = spectra;
      if (dataNames.length === 0) throw new FormatError(`${field}: no SASdata group`, `${field}.SASdata`);
      const title = typeof meta.title === "string" ? meta.title : path;
      // Our exports write each frame of a multi-frame group as a group of its own, saying which.
      const frameOf = (name: string): { of: string; frame: number } | null => {
        const g = group.get(name) as H5Group;
        const of = attrText(g, FRAME_OF_ATTR);
        const frame = attrIntegers(g, FRAME_ATTR)?.[0];
        return of !== null && frame !== undefined && Number.isInteger(frame) ? { of, frame } : null;
      };
      const sources = new Set(dataNames.map((n) => frameOf(n)?.of ?? n));
      for (const dataName of dataNames) {
        const node = group.get(dataName) as H5Group;
        if (isImageGroup(node)) {
          if (images.length >= maxCurves) throw new FormatError(`images: more than ${maxCurves} detector images (limit)`, "images");
          images.push(readImageGroup(h5, node, `${field}.${dataName}`));
          continue;
        }
        const result = readSasData(h5, group.get(dataName) as H5Group, `${field}.${dataName}`, options);
        notImported.push(...result.notImported);
        const written = frameOf(dataName);
        const sourceName = written?.of ?? dataName;
        if (Object.keys(result.meta).length > 0 && dataGroups[sourceName] === undefined) dataGroups[sourceName] = result.meta;
        result.curves.forEach((curve, f) => {
          if (curves.length >= maxCurves) throw new FormatError(`curves: more than ${maxCurves} curves (limit)`, "curves");
          const frame = written ? written.frame : result.curves.length > 1 ? f : null;
          const where = [sources.size > 1 ? sourceName : null, frame !== null ? `frame ${frame + 1}` : null].filter(Boolean).join(" ");
          curve.title = where ? `${title} [${where}]` : title;
          curve.parameters = frame !== null ? { entry: e, sasdata: sourceName, frame } : { entry: e, sasdata: sourceName };
          curves.push(curve);
        });
      }
      if (Object.keys(dataGroups).length > 0) meta[DATA_GROUPS_KEY] = dataGroups;
      entryMeta.push(meta);
    });
    if (curves.length === 0 && images.length === 0) {
      const why = notImported.map((n) => `${n.path}: ${n.reason}`).join("; ");
      throw new FormatError(`curves: the file holds no 1D curve that can be imported (${why})`, "curves");
    }
    const first = entryMeta[0];
    const metadata: Record<string, unknown> = { format: "NXcanSAS", entries: entryMeta };
    if (notImported.length > 0) metadata.notImported = notImported;
    return { title: typeof first.title === "string" ? first.title : undefined, curves, metadata, ...(images.length > 0 ? { images } : {}) };
  });
}
