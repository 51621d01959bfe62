/**
 * Writes NXcanSAS (HDF5) as the NXcanSAS application definition names things (nexusformat/definitions,
 * applications/NXcanSAS.nxdl.xml), in a layout SasView's and Mantid's readers take:
 *
 * - one NXentry per source entry (sasentry01: canSAS_class=SASentry, version "1.1",
 *   definition=NXcanSAS, title, run: one text, or a list of texts for several runs);
 * - one NXdata per curve (signal=I, I_axes=Q, Q_indices=0; Q, I, Idev as float64 with `units`;
 *   I@uncertainties=Idev; pinhole resolution as Qdev with Q@resolutions="Qdev", slit resolution as
 *   dQw and dQl with Q@resolutions=["dQw", "dQl"]; named extra columns as datasets), holding back
 *   what the source's data group carried besides the curve (entry `dataGroups`); the frames of a
 *   multi-frame source group one group each, marked with the group and frame they came from;
 * - transmission spectra as NXdata groups (canSAS_class=SAStransmission_spectrum, signal=T,
 *   T_axes=T, @name; lambda, T, Tdev with units);
 * - sample, instrument (source, collimations, apertures, detectors), processes and notes as their
 *   NeXus classes, with the definition's field names (canSAS XML's `ID`, `wavelength`, vectors
 *   such as `position`/`orientation` become `name`, `incident_wavelength`, `x_position`, `roll`...);
 *   process terms are datasets named after the term.
 *
 * - detector images (2D) as entries of their own after the curves' (nxcansas-2d.ts).
 *
 * Provenance: a sasprocess named "sasgraph provenance" whose SASprocessnote holds the PROV-JSON
 * document (type application/json).
 */
import { INTENSITY_UNIT_LABEL, Q_UNIT_LABEL, type QUnit } from "../compute/units";
import type { CurveRecord, DatasetExport } from "./curve";
import { datasetSummary, groupCurvesByEntry, isRecord, PROVENANCE_PROCESS_NAME, type EntryMetadata } from "./export-metadata";
import { writeHdf5, type H5Dataset, type H5Group } from "./hdf5-memory-file";
import { writeImageEntry } from "./nxcansas-2d";
import { DATA_GROUPS_KEY, FILLED_ATTR, FRAME_ATTR, FRAME_OF_ATTR, kindOfClass, kindOfKey, TRANSMISSION_KEY, XML_TO_NX } from "./nxcansas-names";

type Node = H5Group | H5Dataset;

/** Q units as the definition enumerates them (1/m, 1/nm, 1/angstrom). */
const Q_UNIT_NX: Record<QUnit, string> = { ...Q_UNIT_LABEL, INV_ANGSTROM: "1/angstrom" };

function twoDigits(n: number): string {
  return String(n).padStart(2, "0");
}

/** HDF5 link names cannot hold "/"; "." alone is the group itself. */
function safeName(key: string): string {
  const name = key.replace(/\//g, "_");
  return name === "." || name === "" ? "_" : name;
}

function setAttr(node: Node, name: string, value: unknown): void {
  if (node.attrs[name] !== undefined) node.delete_attribute(name);
  if (typeof value === "number") node.create_attribute(name, new Float64Array([value]), []);
  else if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "number"))
    node.create_attribute(name, Float64Array.from(value as number[]));
  else if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) node.create_attribute(name, value as string[]);
  else if (typeof value === "string") node.create_attribute(name, value);
  else node.create_attribute(name, JSON.stringify(value ?? null));
}

function isNumberList(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "number");
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string");
}

/** A value as a dataset: numbers as float64, texts as text; what has no HDF5 shape as JSON text, marked so. */
function writeValue(group: H5Group, name: string, value: unknown): H5Dataset {
  if (typeof value === "number") return group.create_dataset({ name, data: new Float64Array([value]), shape: [] });
  if (typeof value === "string") return group.create_dataset({ name, data: value });
  if (isNumberList(value)) return group.create_dataset({ name, data: Float64Array.from(value) });
  if (isTextList(value)) return group.create_dataset({ name, data: value });
  const ds = group.create_dataset({ name, data: JSON.stringify(value ?? null) });
  setAttr(ds, "content_type", "application/json");
  return ds;
}

/** A metadata leaf {value, unit, "@attr"} → dataset with attributes. */
function writeLeaf(group: H5Group, name: string, leaf: Record<string, unknown>): void {
  const ds = writeValue(group, name, leaf.value);
  for (const [key, v] of Object.entries(leaf)) {
    if (key === "unit") setAttr(ds, "units", v);
    else if (key.startsWith("@")) setAttr(ds, key.slice(1), v);
  }
}

function isLeaf(value: Record<string, unknown>): boolean {
  return "value" in value && Object.keys(value).every((k) => k === "value" || k === "unit" || k.startsWith("@"));
}

function createClassedGroup(parent: H5Group, name: string, nxClass: string, canSAS: string | null): H5Group {
  // Creation order kept, so that curves and spectra read back in the order they were written.
  const group = parent.create_group(name, true);
  setAttr(group, "NX_class", nxClass);
  if (canSAS) setAttr(group, "canSAS_class", canSAS);
  return group;
}

function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A name not yet used in `taken` (name, name_2, name_3...). */
function freeName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}_${i}`;
  taken.add(candidate);
  return candidate;
}

/** canSAS XML field names → the definition's, for a group of class `cls` (idempotent on NXcanSAS names). */
function toDefinitionNames(cls: string | null, meta: Record<string, unknown>): Record<string, unknown> {
  const renames = cls ? XML_TO_NX[cls] : undefined;
  const out: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (!(key in out)) out[key] = value;
  };
  for (const [key, value] of Object.entries(meta)) {
    const vector = renames?.vectors[key];
    if (vector && isRecord(value) && !isLeaf(value)) {
      for (const [component, v] of Object.entries(value)) {
        if (component.startsWith("@") || component === "unit") out[`@${key}_${component.replace(/^@/, "")}`] = v;
        else put(vector[component] ?? `${key}_${component}`, v);
      }
    } else if (renames?.fields[key] && !(renames.fields[key] in meta)) put(renames.fields[key], value);
    else put(key, value);
  }
  if (cls === "SASprocess" && out.term !== undefined) {
    // canSAS XML's <term name="..." unit="...">: one dataset per term, named after it.
    const terms = listOf(out.term);
    delete out.term;
    const taken = new Set(Object.keys(out));
    terms.forEach((term, i) => {
      const named = isRecord(term) && typeof term["@name"] === "string" && term["@name"] !== "" ? (term["@name"] as string) : `term${twoDigits(i + 1)}`;
      const name = freeName(safeName(named), taken);
      if (isRecord(term)) {
        const { "@name": _name, ...leaf } = term;
        out[name] = Object.keys(leaf).length === 1 && "value" in leaf ? leaf.value : leaf;
      } else out[name] = term;
    });
  }
  return out;
}

/** Writes the object `meta` into `group` (of canSAS class `cls`): leaves as datasets, canSAS classes as NeXus groups. */
function writeMetadataGroup(group: H5Group, meta: Record<string, unknown>, cls: string | null): void {
  const fields = toDefinitionNames(cls, meta);
  if (cls === "SASinstrument") moveAperturesToInstrument(fields);
  for (const [key, value] of Object.entries(fields)) {
    if (key.startsWith("@")) {
      setAttr(group, key.slice(1), value);
      continue;
    }
    if (key === "unit") {
      setAttr(group, "units", value);
      continue;
    }
    // SasView writes a note's text as a SASnote dataset inside the SASnote group.
    const kind = cls === "SASnote" && key === "SASnote" ? undefined : kindOfKey(key, cls === "SASentry");
    const items = listOf(value);
    if (kind && kind.canSAS !== "SAStransmission_spectrum" && items.every((v) => isRecord(v) || v === "" || v === null || typeof v === "string")) {
      items.forEach((item, i) => {
        const name = kind.repeats ? `${kind.name}${twoDigits(i + 1)}` : kind.name;
        const child = createClassedGroup(group, name, kind.nxClass, kind.canSAS);
        // An empty element (<SAScollimation/>) is an empty group; a note's text is its SASnote dataset (as SasView writes it).
        if (isRecord(item)) writeMetadataGroup(child, item, kind.canSAS);
        else if (typeof item === "string" && (item !== "" || kind.canSAS === "SASnote"))
          writeValue(child, kind.canSAS === "SASnote" ? "SASnote" : "data", item);
      });
    } else if (isRecord(value)) {
      if (isLeaf(value)) writeLeaf(group, safeName(key), value);
      else writeMetadataGroup(createClassedGroup(group, safeName(key), "NXcollection", null), value, null);
    } else if (value !== undefined) writeValue(group, safeName(key), value);
  }
}

/**
 * The definition places SASaperture in SASinstrument (canSAS XML: inside a SAScollimation); each
 * moved aperture says which collimation it came from in @collimation.
 */
function moveAperturesToInstrument(fields: Record<string, unknown>): void {
  const apertures = listOf(fields.aperture ?? fields.SASaperture);
  const collimations = listOf(fields.SAScollimation).map((c, i) => {
    if (!isRecord(c)) return c;
    const { aperture, SASaperture, ...rest } = c;
    for (const a of listOf(aperture ?? SASaperture)) apertures.push(isRecord(a) ? { ...a, "@collimation": `sascollimation${twoDigits(i + 1)}` } : a);
    return rest;
  });
  delete fields.SASaperture;
  delete fields.aperture;
  const rest = { ...fields };
  for (const key of Object.keys(fields)) delete fields[key];
  // Apertures before collimations: SasView's loader files an aperture under the collimation read after it.
  if (apertures.length > 0) fields.aperture = apertures;
  Object.assign(fields, rest);
  if (rest.SAScollimation !== undefined) fields.SAScollimation = collimations;
}

function floatDataset(group: H5Group, name: string, values: ArrayLike<number>, unit: string | null): H5Dataset {
  const ds = group.create_dataset({ name, data: Float64Array.from(values) });
  if (unit) setAttr(ds, "units", unit);
  return ds;
}

function writeSasData(group: H5Group, curve: CurveRecord, source: Record<string, unknown> | undefined): void {
  setAttr(group, "signal", "I");
  setAttr(group, "I_axes", "Q");
  group.create_attribute("Q_indices", new Int32Array([0]), []);
  if (curve.dI) setAttr(group, "I_uncertainties", "Idev");
  const qUnit = Q_UNIT_NX[curve.qUnit];
  const iUnit = INTENSITY_UNIT_LABEL[curve.intensityUnit];
  const n = curve.q.length;
  const q = floatDataset(group, "Q", curve.q, qUnit);
  const i = floatDataset(group, "I", curve.intensity, iUnit);
  if (curve.dI) {
    setAttr(i, "uncertainties", "Idev");
    floatDataset(group, "Idev", curve.dI, iUnit);
  }
  const slit = Boolean(curve.dQl || curve.dQw);
  if (slit) {
    // Both datasets, width first as the definition orders them; SasView's loader needs the pair.
    setAttr(q, "resolutions", ["dQw", "dQl"]);
    for (const [name, values] of [
      ["dQw", curve.dQw],
      ["dQl", curve.dQl],
    ] as const) {
      const ds = floatDataset(group, name, values ?? new Float64Array(n), qUnit);
      if (!values) setAttr(ds, FILLED_ATTR, `zeros: the source has no ${name === "dQw" ? "slit width" : "slit length"}`);
    }
  } else if (curve.dQ) {
    setAttr(q, "resolutions", "Qdev");
    floatDataset(group, "Qdev", curve.dQ, qUnit);
  }
  if (slit && curve.dQ) floatDataset(group, "Qdev", curve.dQ, qUnit);
  const taken = new Set(group.keys());
  for (const [name, column] of Object.entries(curve.columns ?? {})) {
    floatDataset(group, freeName(safeName(name), taken), column.values, column.unit || null);
  }
  if (!source) return;
  // What the source's data group carried besides the curve.
  const { attributes, waveNote: _derived, ...rest } = source;
  if (isRecord(attributes)) {
    for (const [dsName, attrs] of Object.entries(attributes)) {
      // Only onto datasets written above from the curve (so never onto a group).
      if (!isRecord(attrs) || !taken.has(dsName)) continue;
      const node = group.get(dsName) as H5Dataset;
      for (const [a, v] of Object.entries(attrs)) if (node.attrs[a] === undefined) setAttr(node, a, v);
    }
  }
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key.startsWith("@") ? group.attrs[key.slice(1)] === undefined : !taken.has(key)) extra[key] = value;
  }
  writeMetadataGroup(group, extra, null);
}

/** Columns of a spectrum from canSAS XML's Tdata rows ({Lambda, T, Tdev} leaves), or already as arrays. */
function spectrumColumns(spectrum: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(spectrum.Tdata)) return spectrum;
  const { Tdata: rows, ...rest } = spectrum;
  const column = (tag: string) => {
    const cells = (rows as unknown[]).map((r) => (isRecord(r) ? r[tag] : undefined));
    if (cells.every((c) => c === undefined)) return undefined;
    const unit = cells.map((c) => (isRecord(c) && typeof c.unit === "string" ? c.unit : undefined)).find((u) => u !== undefined);
    const values = cells.map((c) => Number(isRecord(c) ? c.value : c));
    return unit === undefined ? { value: values } : { value: values, unit };
  };
  return { ...rest, lambda: column("Lambda"), T: column("T"), Tdev: column("Tdev") };
}

function numbersOf(leaf: unknown): number[] | null {
  const value = isRecord(leaf) ? leaf.value : leaf;
  if (typeof value === "number") return [value];
  return isNumberList(value) ? value : null;
}

function unitOf(leaf: unknown): string | null {
  return isRecord(leaf) && typeof leaf.unit === "string" ? leaf.unit : null;
}

function writeTransmission(entry: H5Group, name: string, source: Record<string, unknown>): void {
  const spectrum = spectrumColumns(source);
  const lambda = numbersOf(spectrum.lambda);
  const t = numbersOf(spectrum.T);
  if (!lambda || !t) {
    // Not a spectrum we can lay out as one: keep it as a collection rather than lose it.
    writeMetadataGroup(createClassedGroup(entry, name, "NXcollection", null), source, null);
    return;
  }
  const group = createClassedGroup(entry, name, "NXdata", "SAStransmission_spectrum");
  setAttr(group, "signal", "T");
  setAttr(group, "T_axes", "T");
  floatDataset(group, "lambda", lambda, unitOf(spectrum.lambda));
  const tDs = floatDataset(group, "T", t, unitOf(spectrum.T));
  setAttr(tDs, "uncertainties", "Tdev");
  const tdev = numbersOf(spectrum.Tdev);
  // SasView's loader cannot read a spectrum without Tdev (and the definition requires it): NaN, marked, when unknown.
  const tdevDs = floatDataset(group, "Tdev", tdev ?? new Float64Array(t.length).fill(NaN), unitOf(spectrum.Tdev));
  if (!tdev) setAttr(tdevDs, FILLED_ATTR, "NaN: the source has no transmission uncertainties");
  for (const leaf of ["lambda", "T", "Tdev"] as const) {
    const node = group.get(leaf) as H5Dataset;
    const value = spectrum[leaf];
    if (isRecord(value))
      for (const [k, v] of Object.entries(value)) if (k.startsWith("@") && node.attrs[k.slice(1)] === undefined) setAttr(node, k.slice(1), v);
  }
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spectrum)) if (!["lambda", "T", "Tdev"].includes(key) && value !== undefined) rest[key] = value;
  writeMetadataGroup(group, rest, "SAStransmission_spectrum");
}

function provenanceProcess(data: DatasetExport): Record<string, unknown> {
  const process: Record<string, unknown> = {
    name: PROVENANCE_PROCESS_NAME,
    date: new Date().toISOString(),
    description: "Exported from sasgraph; the process note holds the dataset's provenance as PROV-JSON.",
  };
  for (const [key, value] of datasetSummary(data)) process[key] = value;
  process.SASprocessnote = [{ type: "application/json", data: JSON.stringify(data.provenance) }];
  return process;
}

/** Runs as one `run`: a text, or a list of texts; names (@name) alongside. */
function writeRuns(entry: H5Group, run: unknown): void {
  const runs: { value: string; name?: string }[] = [];
  for (const item of listOf(run)) {
    if (isRecord(item)) {
      const values = listOf(item.value);
      const names = listOf(item["@name"]);
      values.forEach((v, i) => runs.push({ value: String(v ?? ""), name: names[i] === undefined ? undefined : String(names[i]) }));
    } else runs.push({ value: String(item ?? "") });
  }
  if (runs.length === 0) runs.push({ value: "" }); // the definition requires a run
  const ds = writeValue(entry, "run", runs.length === 1 ? runs[0].value : runs.map((r) => r.value));
  if (runs.some((r) => r.name !== undefined)) setAttr(ds, "name", runs.length === 1 ? (runs[0].name ?? "") : runs.map((r) => r.name ?? ""));
}

/**
 * Group name of each curve's SASdata: the source's name when it is free, else sasdataNN. Frames of
 * a multi-frame source group are written one group each (SasView's loader gives every frame the
 * last frame's values when they share one I[frames, points]).
 */
function dataGroupNames(curves: CurveRecord[]): string[] {
  const taken = new Set<string>();
  const wanted = curves.map((c) => {
    const name = c.parameters?.sasdata;
    if (typeof name !== "string" || name === "") return null;
    const frame = c.parameters?.frame;
    return safeName(typeof frame === "number" ? `${name}_frame${twoDigits(frame + 1)}` : name);
  });
  const count = (name: string) => wanted.filter((w) => w === name).length;
  return curves.map((_c, i) => {
    const w = wanted[i];
    if (w && count(w) === 1 && !taken.has(w)) {
      taken.add(w);
      return w;
    }
    return freeName(`sasdata${twoDigits(i + 1)}`, taken);
  });
}

const ENTRY_SKIP = new Set(["name", "title", "run", "format", "version", "@version", "@default", "definition", DATA_GROUPS_KEY, TRANSMISSION_KEY]);

function writeEntry(root: H5Group, index: number, meta: EntryMetadata, curves: CurveRecord[], data: DatasetExport): void {
  const entry = createClassedGroup(root, `sasentry${twoDigits(index + 1)}`, "NXentry", "SASentry");
  setAttr(entry, "version", "1.1");
  const names = dataGroupNames(curves);
  setAttr(entry, "default", names[0]);
  writeValue(entry, "definition", "NXcanSAS");
  writeValue(entry, "title", String(meta.title ?? curves[0].title ?? data.dataset.title));
  writeRuns(entry, meta.run);

  const sources = isRecord(meta[DATA_GROUPS_KEY]) ? (meta[DATA_GROUPS_KEY] as Record<string, unknown>) : {};
  curves.forEach((curve, i) => {
    const sourceName = curve.parameters?.sasdata;
    const frame = curve.parameters?.frame;
    // A frame's group says which source group and frame it is; the first frame carries the source group's metadata.
    const carries = typeof frame !== "number" || frame === 0;
    const source = carries && typeof sourceName === "string" && isRecord(sources[sourceName]) ? (sources[sourceName] as Record<string, unknown>) : undefined;
    const group = createClassedGroup(entry, names[i], "NXdata", "SASdata");
    if (typeof frame === "number" && typeof sourceName === "string") {
      setAttr(group, FRAME_OF_ATTR, sourceName);
      group.create_attribute(FRAME_ATTR, new Int32Array([frame]), []);
    }
    writeSasData(group, curve, source);
  });
  listOf(meta[TRANSMISSION_KEY]).forEach((spectrum, i) => {
    const name = `${kindOfClass("SAStransmission_spectrum")?.name ?? "sastransmission_spectrum"}${twoDigits(i + 1)}`;
    if (isRecord(spectrum)) writeTransmission(entry, name, spectrum);
  });

  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    if (ENTRY_SKIP.has(key) || (key === "waveNote" && meta["@IGORWaveNote"] !== undefined)) continue;
    rest[key] = value;
  }
  const processes = listOf(rest.process).filter((p) => !(isRecord(p) && p.name === PROVENANCE_PROCESS_NAME));
  rest.process = [...processes, provenanceProcess(data)];
  writeMetadataGroup(entry, rest, "SASentry");
}

export async function writeNxcansas(data: DatasetExport): Promise<Buffer> {
  const bytes = await writeHdf5(
    (file) => {
      setAttr(file, "default", "sasentry01");
      setAttr(file, "creator", "sasgraph");
      setAttr(file, "file_time", new Date().toISOString());
      const groups = groupCurvesByEntry(data);
      groups.forEach((group, i) =>
        writeEntry(
          file,
          i,
          group.meta,
          group.curves.map((c) => c.curve),
          data,
        ),
      );
      // Detector images: one entry each after the curves' (nxcansas-2d.ts); without curves the
      // first of them carries the provenance.
      (data.images ?? []).forEach((image, k) => {
        const name = `sasentry${twoDigits(groups.length + k + 1)}`;
        writeImageEntry(file, name, image, `${data.dataset.title} [image ${k + 1}]`);
        if (groups.length === 0 && k === 0) writeMetadataGroup(file.get(name) as H5Group, { process: [provenanceProcess(data)] }, "SASentry");
      });
    },
    { trackOrder: true },
  );
  return Buffer.from(bytes);
}
