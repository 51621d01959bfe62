/**
 * Writes NXcanSAS (HDF5) in the layout SasView and Mantid write and read: one NXentry per source entry
 * (/sasentry01, canSAS_class=SASentry, version 1.1, definition=NXcanSAS, title, run), holding one
 * NXdata per curve (sasdata01: signal=I, I_axes=Q, Q_indices=0, I_uncertainties=Idev; datasets Q, I,
 * Idev, Qdev as float64 with `units`; I@uncertainties=Idev, Q@resolutions=Qdev), then the metadata
 * groups (sassample, sasinstrument > sassource/sascollimation01/sasdetector01, sasprocess01...,
 * sasnote01...). Provenance: a sasprocess named "sasgraph provenance" whose NXnote holds the
 * PROV-JSON document (type application/json).
 */
import { INTENSITY_UNIT_LABEL, Q_UNIT_LABEL } from "../compute/units";
import type { CurveRecord, DatasetExport } from "./curve";
import { datasetSummary, groupCurvesByEntry, isRecord, PROVENANCE_PROCESS_NAME, type EntryMetadata } from "./export-metadata";
import { writeHdf5, type H5Group } from "./hdf5-memory-file";
import { kindOfKey } from "./nxcansas-names";

function twoDigits(n: number): string {
  return String(n).padStart(2, "0");
}

/** HDF5 link names cannot hold "/"; "." alone is the group itself. */
function safeName(key: string): string {
  const name = key.replace(/\//g, "_");
  return name === "." || name === "" ? "_" : name;
}

function setAttr(node: H5Group | ReturnType<H5Group["create_dataset"]>, name: string, value: unknown): void {
  if (typeof value === "number") node.create_attribute(name, new Float64Array([value]), []);
  else node.create_attribute(name, String(value ?? ""));
}

function writeValue(group: H5Group, name: string, value: unknown): void {
  let data: Float64Array | string | string[];
  if (typeof value === "number") data = new Float64Array([value]);
  else if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "number")) data = Float64Array.from(value as number[]);
  else if (Array.isArray(value)) data = value.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  else data = typeof value === "string" ? value : value === null || value === undefined ? "" : JSON.stringify(value);
  group.create_dataset({ name, data, shape: typeof value === "number" ? [] : undefined });
}

/** A metadata leaf {value, unit, "@attr"} → dataset with attributes. */
function writeLeaf(group: H5Group, name: string, leaf: Record<string, unknown>): void {
  writeValue(group, name, leaf.value);
  const ds = group.get(name) as ReturnType<H5Group["create_dataset"]>;
  for (const [key, v] of Object.entries(leaf)) {
    if (key === "unit") setAttr(ds, "units", v);
    else if (key.startsWith("@")) setAttr(ds, key.slice(1), v);
  }
}

function isLeaf(value: Record<string, unknown>): boolean {
  return "value" in value && Object.keys(value).every((k) => k === "value" || k === "unit" || k.startsWith("@"));
}

function createClassedGroup(parent: H5Group, name: string, nxClass: string, canSAS: string | null): H5Group {
  const group = parent.create_group(name);
  setAttr(group, "NX_class", nxClass);
  if (canSAS) setAttr(group, "canSAS_class", canSAS);
  return group;
}

/** Writes the object `meta` into `group`: leaves as datasets, known canSAS classes as NeXus groups. */
function writeMetadataGroup(group: H5Group, meta: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(meta)) {
    if (key.startsWith("@")) {
      setAttr(group, key.slice(1), value);
      continue;
    }
    if (key === "unit") {
      setAttr(group, "units", value);
      continue;
    }
    const kind = kindOfKey(key);
    const objects = Array.isArray(value) ? value : [value];
    if (kind && objects.every((v) => isRecord(v) || (kind.canSAS === "SASnote" && typeof v === "string"))) {
      objects.forEach((item, i) => {
        const name = kind.repeats ? `${kind.name}${twoDigits(i + 1)}` : kind.name;
        const child = createClassedGroup(group, name, kind.nxClass, kind.canSAS);
        writeMetadataGroup(child, isRecord(item) ? item : { data: item });
      });
    } else if (isRecord(value)) {
      if (isLeaf(value)) writeLeaf(group, safeName(key), value);
      else writeMetadataGroup(createClassedGroup(group, safeName(key), "NXcollection", null), value);
    } else writeValue(group, safeName(key), value);
  }
}

function writeSasData(group: H5Group, curve: CurveRecord): void {
  setAttr(group, "signal", "I");
  setAttr(group, "I_axes", "Q");
  group.create_attribute("Q_indices", new Int32Array([0]), []);
  if (curve.dI) setAttr(group, "I_uncertainties", "Idev");
  const qUnit = Q_UNIT_LABEL[curve.qUnit];
  const iUnit = INTENSITY_UNIT_LABEL[curve.intensityUnit];
  const q = group.create_dataset({ name: "Q", data: Float64Array.from(curve.q) });
  setAttr(q, "units", qUnit);
  if (curve.dQ) setAttr(q, "resolutions", "Qdev");
  const i = group.create_dataset({ name: "I", data: Float64Array.from(curve.intensity) });
  setAttr(i, "units", iUnit);
  if (curve.dI) {
    setAttr(i, "uncertainties", "Idev");
    setAttr(group.create_dataset({ name: "Idev", data: Float64Array.from(curve.dI) }), "units", iUnit);
  }
  if (curve.dQ) setAttr(group.create_dataset({ name: "Qdev", data: Float64Array.from(curve.dQ) }), "units", qUnit);
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

function writeEntry(root: H5Group, index: number, meta: EntryMetadata, curves: CurveRecord[], data: DatasetExport): void {
  const entry = createClassedGroup(root, `sasentry${twoDigits(index + 1)}`, "NXentry", "SASentry");
  setAttr(entry, "version", "1.1");
  setAttr(entry, "default", "sasdata01");
  writeValue(entry, "definition", "NXcanSAS");
  writeValue(entry, "title", String(meta.title ?? curves[0].title ?? data.dataset.title));
  const runs = Array.isArray(meta.run) ? meta.run : meta.run !== undefined ? [meta.run] : [""];
  runs.forEach((run, i) => {
    const name = i === 0 ? "run" : `run${twoDigits(i + 1)}`;
    if (isRecord(run)) writeLeaf(entry, name, { ...run, value: String(run.value ?? "") });
    else writeValue(entry, name, String(run));
  });
  curves.forEach((curve, i) => writeSasData(createClassedGroup(entry, `sasdata${twoDigits(i + 1)}`, "NXdata", "SASdata"), curve));

  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    if (["name", "title", "run", "format", "version", "@version", "@default", "definition"].includes(key)) continue;
    rest[key] = value;
  }
  const processes = (Array.isArray(rest.process) ? rest.process : rest.process !== undefined ? [rest.process] : []).filter(
    (p) => !(isRecord(p) && p.name === PROVENANCE_PROCESS_NAME),
  );
  rest.process = [...processes, provenanceProcess(data)];
  writeMetadataGroup(entry, rest);
}

export async function writeNxcansas(data: DatasetExport): Promise<Buffer> {
  const bytes = await writeHdf5((file) => {
    setAttr(file, "default", "sasentry01");
    setAttr(file, "creator", "sasgraph");
    setAttr(file, "file_time", new Date().toISOString());
    groupCurvesByEntry(data).forEach((group, i) =>
      writeEntry(
        file,
        i,
        group.meta,
        group.curves.map((c) => c.curve),
        data,
      ),
    );
  });
  return Buffer.from(bytes);
}
