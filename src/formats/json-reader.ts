/**
 * Reads JSON curve files in two layouts:
 * - sasgraph's own JSON export (`"format": "sasgraph-dataset"`, json-writer.ts): every curve with
 *   its title, units, parameters, q, I, dI, dQ, slit dQl/dQw and extra columns, number for number
 *   (JSON.stringify writes the shortest text that parses back to the same float64);
 * - a curve table, as training sets are often shared (e.g. the paper 000 MD curves): one shared
 *   `q`, the curves as rows of `intensity` or `log10_I` (I = 10^value), optional rows of `dI`, and
 *   per-curve arrays (one entry per curve, e.g. `eta`, `sigma`) that become each curve's parameters.
 *   Other scalar fields (e.g. `distribution`) become parameters of every curve, except the
 *   descriptive ones (DESCRIPTIVE), kept in the import record. `q_unit` / `intensity_unit` give the
 *   units when their first word is a unit sasgraph knows ("1/D0 (D0 = 1 ...)" is REDUCED), else
 *   the import's qUnit / intensityUnit apply.
 */
import { parseIntensityUnit, parseQUnit, type IntensityUnit, type QUnit } from "../compute/units";
import { FormatError, type CurveRecord, type ParsedFile } from "./curve";
import { limitsOf, type ImportOptions } from "./options";

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Table fields that describe the file, not the curves. */
const DESCRIPTIVE = new Set(["q_unit", "intensity_unit", "quantity", "description", "count", "units", "source", "title", "format", "version"]);
const TABLE_ARRAYS = new Set(["q", "intensity", "log10_I", "dI"]);

function numberArray(v: Json, field: string, maxPoints: number): Float64Array {
  if (!Array.isArray(v)) throw new FormatError(`${field} must be an array of numbers`, field);
  if (v.length > maxPoints) throw new FormatError(`${field} has ${v.length} points, more than the limit of ${maxPoints}`, field);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== "number") throw new FormatError(`${field}[${i}] is ${JSON.stringify(x)}, not a number`, `${field}[${i}]`);
    out[i] = x;
  }
  return out;
}

function optionalArray(v: Json, field: string, maxPoints: number): Float64Array | null {
  return v === undefined || v === null ? null : numberArray(v, field, maxPoints);
}

function unitOrDefault<U>(text: Json, fallback: string | undefined, parse: (t: string) => U, defaultUnit: U, field: string): U {
  if (typeof text === "string") {
    const first = text.trim().split(/[\s(]/)[0];
    try {
      return parse(first);
    } catch {
      // Free text such as "arbitrary units of the detector": the import's option decides.
    }
  }
  if (fallback === undefined) return defaultUnit;
  try {
    return parse(fallback);
  } catch (e) {
    throw new FormatError(`${field}: ${(e as Error).message}`, field);
  }
}

function readExport(root: Record<string, Json>, options: ImportOptions): ParsedFile {
  const { maxPoints, maxCurves } = limitsOf(options);
  if (root.version !== 1) throw new FormatError(`version ${JSON.stringify(root.version)} of sasgraph-dataset is not known (this reader knows 1)`, "version");
  if (!Array.isArray(root.curves)) throw new FormatError("curves must be an array", "curves");
  if (root.curves.length > maxCurves) throw new FormatError(`curves: ${root.curves.length} curves, more than the limit of ${maxCurves}`, "curves");
  const curves = root.curves.map((raw, i): CurveRecord => {
    const f = `curves[${i}]`;
    if (!isObject(raw)) throw new FormatError(`${f} must be an object`, f);
    let qUnit: QUnit;
    let intensityUnit: IntensityUnit;
    try {
      qUnit = parseQUnit(String(raw.qUnit));
    } catch (e) {
      throw new FormatError(`${f}.qUnit: ${(e as Error).message}`, `${f}.qUnit`);
    }
    try {
      intensityUnit = parseIntensityUnit(String(raw.intensityUnit));
    } catch (e) {
      throw new FormatError(`${f}.intensityUnit: ${(e as Error).message}`, `${f}.intensityUnit`);
    }
    if (raw.parameters !== undefined && raw.parameters !== null && !isObject(raw.parameters))
      throw new FormatError(`${f}.parameters must be an object`, `${f}.parameters`);
    const curve: CurveRecord = {
      q: numberArray(raw.q, `${f}.q`, maxPoints),
      intensity: numberArray(raw.intensity, `${f}.intensity`, maxPoints),
      dI: optionalArray(raw.dI, `${f}.dI`, maxPoints),
      dQ: optionalArray(raw.dQ, `${f}.dQ`, maxPoints),
      qUnit,
      intensityUnit,
      parameters: isObject(raw.parameters) ? raw.parameters : {},
    };
    if (typeof raw.title === "string") curve.title = raw.title;
    const dQl = optionalArray(raw.dQl, `${f}.dQl`, maxPoints);
    const dQw = optionalArray(raw.dQw, `${f}.dQw`, maxPoints);
    if (dQl) curve.dQl = dQl;
    if (dQw) curve.dQw = dQw;
    if (raw.columns !== undefined && raw.columns !== null) {
      if (!isObject(raw.columns)) throw new FormatError(`${f}.columns must be an object`, `${f}.columns`);
      curve.columns = {};
      for (const [name, col] of Object.entries(raw.columns)) {
        const cf = `${f}.columns.${name}`;
        if (!isObject(col)) throw new FormatError(`${cf} must be {values, unit}`, cf);
        curve.columns[name] = { values: numberArray(col.values, `${cf}.values`, maxPoints), unit: typeof col.unit === "string" ? col.unit : "" };
      }
    }
    return curve;
  });
  const dataset = isObject(root.dataset) ? root.dataset : {};
  const source: Record<string, Json> = {};
  for (const k of ["id", "title", "kind", "technique", "owner", "createdAt"]) if (dataset[k] !== undefined) source[k] = dataset[k];
  return {
    title: typeof dataset.title === "string" ? dataset.title : undefined,
    curves,
    metadata: { layout: "sasgraph JSON export", sourceDataset: source },
  };
}

function readTable(root: Record<string, Json>, options: ImportOptions): ParsedFile {
  const { maxPoints, maxCurves } = limitsOf(options);
  const q = numberArray(root.q, "q", maxPoints);
  const key = root.log10_I !== undefined ? "log10_I" : "intensity";
  const rows = root[key];
  if (!Array.isArray(rows)) throw new FormatError(`${key} must be an array of curves (arrays of numbers)`, key);
  if (rows.length > maxCurves) throw new FormatError(`${key}: ${rows.length} curves, more than the limit of ${maxCurves}`, key);
  const n = rows.length;
  if (root.count !== undefined && root.count !== n) throw new FormatError(`count is ${JSON.stringify(root.count)} but ${key} has ${n} curves`, "count");
  const dIRows = root.dI;
  if (dIRows !== undefined && (!Array.isArray(dIRows) || dIRows.length !== n)) throw new FormatError(`dI must have one row per curve (${n})`, "dI");

  const perCurve: [string, Json[]][] = [];
  const shared: Record<string, Json> = {};
  const metadata: Record<string, Json> = { layout: "curve table" };
  for (const [name, v] of Object.entries(root)) {
    if (TABLE_ARRAYS.has(name)) continue;
    if (DESCRIPTIVE.has(name)) metadata[name] = v;
    else if (Array.isArray(v)) {
      if (v.length !== n) throw new FormatError(`${name} has ${v.length} entries; a per-curve parameter needs one per curve (${n})`, name);
      v.forEach((x, i) => {
        if (typeof x !== "number" && typeof x !== "string" && typeof x !== "boolean")
          throw new FormatError(`${name}[${i}] is ${JSON.stringify(x)}; parameters are numbers, strings or booleans`, `${name}[${i}]`);
      });
      perCurve.push([name, v]);
    } else if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") shared[name] = v;
    else metadata[name] = v;
  }
  const qUnit = unitOrDefault(root.q_unit, options.qUnit, parseQUnit, "INV_ANGSTROM" as QUnit, "q_unit");
  const intensityUnit = unitOrDefault(root.intensity_unit, options.intensityUnit, parseIntensityUnit, "ARBITRARY" as IntensityUnit, "intensity_unit");
  const curves = rows.map((row, k): CurveRecord => {
    const values = numberArray(row, `${key}[${k}]`, maxPoints);
    if (values.length !== q.length) throw new FormatError(`${key}[${k}] has ${values.length} points but q has ${q.length}`, `${key}[${k}]`);
    // 10^x of a log10 value: the nearest float64 to the intensity the file means.
    const intensity = key === "log10_I" ? Float64Array.from(values, (v) => 10 ** v) : values;
    const dI = dIRows === undefined ? null : numberArray((dIRows as Json[])[k], `dI[${k}]`, maxPoints);
    if (dI && dI.length !== q.length) throw new FormatError(`dI[${k}] has ${dI.length} points but q has ${q.length}`, `dI[${k}]`);
    const parameters: Record<string, unknown> = { ...shared };
    for (const [name, v] of perCurve) parameters[name] = v[k];
    return {
      title: perCurve.map(([name, v]) => `${name}=${String(v[k])}`).join(" ") || `curve ${k}`,
      q: Float64Array.from(q),
      intensity,
      dI,
      dQ: null,
      qUnit,
      intensityUnit,
      parameters,
    };
  });
  return { curves, metadata };
}

export function readJson(text: string, options: ImportOptions = {}): ParsedFile {
  let root: Json;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new FormatError(`not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(root)) throw new FormatError("the JSON must be an object: a sasgraph export or a curve table");
  if (root.format === "sasgraph-dataset") return readExport(root, options);
  if (root.q !== undefined && (root.log10_I !== undefined || root.intensity !== undefined)) return readTable(root, options);
  throw new FormatError(
    'neither a sasgraph export ("format": "sasgraph-dataset") nor a curve table (q with intensity or log10_I rows): see README, bulk import',
  );
}
