/**
 * Checks an HDF5 file against the NXcanSAS application definition (nexusformat/definitions,
 * applications/NXcanSAS.nxdl.xml, canSAS version 1.1): the required groups, their NX_class and
 * canSAS_class, the required attributes and fields, units where the definition asks for them,
 * names the definition gives (incident_wavelength, name, x_position...), and no JSON text or
 * canSAS-XML-shaped collections where the definition has fields. Written from the definition by
 * us; returns the violations (empty: the file conforms).
 */
import type { H5Dataset, H5Group } from "../../src/formats/hdf5-memory-file";
import { readHdf5 } from "../../src/formats/hdf5-memory-file";
import { NX_CLASS_OF } from "../../src/formats/nxcansas-names";

const Q_UNITS = ["1/m", "1/nm", "1/angstrom"];
const I_UNITS = ["1/m", "1/cm", "m2/g", "cm2/g", "arbitrary"];
/** Fields with units (NX_LENGTH, NX_WAVELENGTH, NX_ANGLE...) per class. */
const UNITS_REQUIRED: Record<string, string[]> = {
  SASsample: ["thickness", "temperature", "x_position", "y_position", "roll", "pitch", "yaw"],
  SASsource: ["incident_wavelength", "wavelength_min", "wavelength_max", "incident_wavelength_spread", "beam_size_x", "beam_size_y"],
  SASdetector: ["SDD", "slit_length", "x_position", "y_position", "roll", "pitch", "yaw", "beam_center_x", "beam_center_y", "x_pixel_size", "y_pixel_size"],
  SAScollimation: ["length", "distance"],
  SASaperture: ["x_gap", "y_gap"],
};
/** Where each class may sit (its parent's canSAS class). */
const PARENT_OF: Record<string, string[]> = {
  SASdata: ["SASentry"],
  SAStransmission_spectrum: ["SASentry"],
  SASsample: ["SASentry"],
  SASinstrument: ["SASentry"],
  SASprocess: ["SASentry"],
  SASnote: ["SASentry"],
  SASsource: ["SASinstrument"],
  SAScollimation: ["SASinstrument"],
  SASdetector: ["SASinstrument"],
  SASaperture: ["SASinstrument"],
  SASprocessnote: ["SASprocess"],
};
/** canSAS XML names the definition replaces, per class. */
const XML_NAMES: Record<string, string[]> = {
  SASsample: ["ID", "position", "orientation"],
  SASsource: ["wavelength", "wavelength_spread", "beam_size"],
  SASdetector: ["offset", "orientation", "beam_center", "pixel_size", "distance"],
  SASaperture: ["size"],
  SASprocess: ["term"],
};

type Node = H5Group | H5Dataset;

function text(node: Node, name: string): string | null {
  const v = node.attrs[name]?.value;
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === "string") return v[0];
  return null;
}

function names(node: Node, name: string): string[] {
  const v = node.attrs[name]?.value;
  if (typeof v === "string") return v.split(",").map((s) => s.trim());
  if (Array.isArray(v)) return v.map((s) => String(s).trim());
  return [];
}

export async function nxcansasViolations(bytes: Uint8Array): Promise<string[]> {
  return readHdf5(bytes, (file, h5) => {
    const out: string[] = [];
    const isGroup = (n: unknown): n is H5Group => n instanceof h5.Group;
    const isDataset = (n: unknown): n is H5Dataset => n instanceof h5.Dataset;
    const datasetText = (d: H5Dataset): string | null => {
      const v = d.value;
      if (typeof v === "string") return v;
      if (Array.isArray(v) && v.length === 1 && typeof v[0] === "string") return v[0];
      return null;
    };

    const datasetTextOf = (n: unknown): string | null => (isDataset(n) ? datasetText(n) : null);

    const checkUnits = (path: string, ds: unknown, allowed: string[] | null) => {
      if (!isDataset(ds)) return;
      const unit = text(ds, "units");
      if (unit === null) out.push(`${path}@units: missing`);
      else if (allowed && !allowed.includes(unit)) out.push(`${path}@units: "${unit}" is not one of ${allowed.join(", ")}`);
    };

    const checkData = (path: string, g: H5Group) => {
      if (text(g, "signal") !== "I") out.push(`${path}@signal: must be "I"`);
      const axes = names(g, "I_axes");
      if (axes.length === 0) out.push(`${path}@I_axes: missing`);
      const qi = g.attrs.Q_indices;
      if (!qi) out.push(`${path}@Q_indices: missing`);
      else if (!/^<?[iu]/i.test(String(qi.dtype))) out.push(`${path}@Q_indices: not an integer (${String(qi.dtype)})`);
      const q = g.get("Q");
      const i = g.get("I");
      if (!isDataset(q)) out.push(`${path}/Q: missing`);
      if (!isDataset(i)) out.push(`${path}/I: missing`);
      checkUnits(`${path}/Q`, q, Q_UNITS);
      checkUnits(`${path}/I`, i, I_UNITS);
      for (const name of ["Idev"]) checkUnits(`${path}/${name}`, g.get(name), I_UNITS);
      for (const name of ["Qdev", "dQw", "dQl", "Qmean"]) checkUnits(`${path}/${name}`, g.get(name), Q_UNITS);
      if (isDataset(i))
        for (const u of names(i, "uncertainties")) if (!isDataset(g.get(u))) out.push(`${path}/I@uncertainties: names "${u}", which is not a dataset`);
      if (isDataset(q))
        for (const r of names(q, "resolutions")) if (!isDataset(g.get(r))) out.push(`${path}/Q@resolutions: names "${r}", which is not a dataset`);
    };

    const checkTransmission = (path: string, g: H5Group) => {
      if (text(g, "signal") !== "T") out.push(`${path}@signal: must be "T"`);
      if (text(g, "T_axes") !== "T") out.push(`${path}@T_axes: must be "T"`);
      if (text(g, "name") === null) out.push(`${path}@name: missing`);
      for (const f of ["lambda", "T", "Tdev"]) if (!isDataset(g.get(f))) out.push(`${path}/${f}: missing`);
      checkUnits(`${path}/lambda`, g.get("lambda"), null);
      const t = g.get("T");
      if (isDataset(t) && text(t, "uncertainties") !== "Tdev") out.push(`${path}/T@uncertainties: must be "Tdev"`);
    };

    const walk = (path: string, g: H5Group, parentClass: string) => {
      for (const name of g.keys()) {
        const node = g.get(name);
        const where = `${path}/${name}`;
        if (isDataset(node)) {
          const value = datasetText(node);
          // JSON text is allowed where it says so: @content_type, or a process note of type application/json (provenance).
          const typed =
            text(node, "content_type") === "application/json" || (parentClass === "SASprocessnote" && datasetTextOf(g.get("type")) === "application/json");
          const json = value !== null && /^\s*[[{]/.test(value) && !typed;
          if (json) out.push(`${where}: JSON text where the definition has groups or fields`);
          if (NX_CLASS_OF[name] || /^SAS[a-z_]+$/.test(name)) {
            if (!(parentClass === "SASnote" && name === "SASnote")) out.push(`${where}: a dataset named like a canSAS class`);
          }
          if ((XML_NAMES[parentClass] ?? []).includes(name)) out.push(`${where}: canSAS XML name; the definition names it otherwise`);
          if ((UNITS_REQUIRED[parentClass] ?? []).includes(name)) checkUnits(where, node, null);
          continue;
        }
        if (!isGroup(node)) continue;
        const cls = text(node, "canSAS_class");
        const nx = text(node, "NX_class");
        if (cls === null) {
          if ((XML_NAMES[parentClass] ?? []).includes(name)) out.push(`${where}: canSAS XML collection; the definition has one field per component`);
          if (nx === null) out.push(`${where}: group without NX_class`);
          walk(where, node, "");
          continue;
        }
        if (NX_CLASS_OF[cls] === undefined) out.push(`${where}@canSAS_class: "${cls}" is not a canSAS class`);
        else if (nx !== NX_CLASS_OF[cls]) out.push(`${where}@NX_class: "${nx}" but ${cls} is ${NX_CLASS_OF[cls]}`);
        const parents = PARENT_OF[cls];
        if (parents && !parents.includes(parentClass))
          out.push(`${where}: ${cls} inside ${parentClass || "a plain group"} (the definition puts it in ${parents.join(" or ")})`);
        if (cls === "SASdata") checkData(where, node);
        if (cls === "SAStransmission_spectrum") checkTransmission(where, node);
        if (cls === "SASentry") out.push(`${where}: SASentry nested in ${parentClass}`);
        walk(where, node, cls);
      }
    };

    let entries = 0;
    for (const name of file.keys()) {
      const entry = file.get(name);
      if (!isGroup(entry) || text(entry, "canSAS_class") !== "SASentry") continue;
      entries++;
      const path = `/${name}`;
      if (text(entry, "NX_class") !== "NXentry") out.push(`${path}@NX_class: must be NXentry`);
      if (text(entry, "version") !== "1.1") out.push(`${path}@version: must be "1.1" (text)`);
      const definition = entry.get("definition");
      if (!isDataset(definition) || datasetText(definition) !== "NXcanSAS") out.push(`${path}/definition: must be "NXcanSAS"`);
      if (!isDataset(entry.get("title"))) out.push(`${path}/title: missing`);
      if (!isDataset(entry.get("run"))) out.push(`${path}/run: missing`);
      const data = entry.keys().filter((k) => {
        const g = entry.get(k);
        return isGroup(g) && text(g, "canSAS_class") === "SASdata";
      });
      if (data.length === 0) out.push(`${path}: no SASdata group`);
      const def = text(entry, "default");
      if (def !== null && !data.includes(def)) out.push(`${path}@default: "${def}" is not a SASdata group`);
      walk(path, entry, "SASentry");
    }
    if (entries === 0) out.push("/: no SASentry");
    return out;
  });
}
