/**
 * The rules every curve obeys before it is stored, whichever way it came in (file import or the
 * addCurves mutation). Errors name the field and the row (1-based point number).
 */
import { validateDetectorImage } from "./detector-image-rules";
import { INTENSITY_UNITS, Q_UNITS } from "../compute/units";
import { FormatError, type CurveRecord, type ParsedFile } from "./curve";
import { formatFloat } from "./numbers";
import { limitsOf, type ImportOptions } from "./options";

type Column = "q" | "intensity" | "dI" | "dQ" | "dQl" | "dQw";

function fail(field: string, message: string): never {
  throw new FormatError(`${field}: ${message}`, field);
}

function checkColumn(values: ArrayLike<number>, field: string, expected: number, rule: "positive-increasing" | "finite" | "non-negative"): void {
  if (values.length !== expected) fail(field, `has ${values.length} values but q has ${expected}`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const row = `row ${i + 1}`;
    if (typeof v !== "number" || Number.isNaN(v)) fail(field, `${row} is NaN`);
    if (!Number.isFinite(v)) fail(field, `${row} is infinite (${v})`);
    if (rule === "positive-increasing") {
      if (v <= 0) fail(field, `${row} is ${v}: q must be positive`);
      if (i > 0 && v <= values[i - 1]) fail(field, `${row} is ${v}, not greater than row ${i} (${values[i - 1]}): q must increase`);
    }
    if (rule === "non-negative" && v < 0) fail(field, `${row} is ${v}: uncertainties must not be negative`);
  }
}

/**
 * Throws FormatError unless the curve is storable. `prefix` names the curve in messages,
 * e.g. "curves[2]" gives "curves[2].dI: row 7 is NaN".
 */
export function validateCurve(curve: CurveRecord, prefix = "curve", options: Pick<ImportOptions, "maxPoints"> = {}): void {
  const field = (name: Column | "qUnit" | "intensityUnit") => `${prefix}.${name}`;
  const { maxPoints } = limitsOf(options);
  if (!(Q_UNITS as readonly string[]).includes(curve.qUnit)) fail(field("qUnit"), `unknown q unit "${String(curve.qUnit)}"`);
  if (!(INTENSITY_UNITS as readonly string[]).includes(curve.intensityUnit)) {
    fail(field("intensityUnit"), `unknown intensity unit "${String(curve.intensityUnit)}"`);
  }
  const n = curve.q?.length ?? 0;
  if (n === 0) fail(field("q"), "is empty: a curve needs at least one point");
  if (n > maxPoints) fail(field("q"), `has ${n} points, more than the limit of ${maxPoints}`);
  checkColumn(curve.q, field("q"), n, "positive-increasing");
  if (!curve.intensity) fail(field("intensity"), "is missing");
  checkColumn(curve.intensity, field("intensity"), n, "finite");
  if (curve.dI) checkColumn(curve.dI, field("dI"), n, "non-negative");
  if (curve.dQ) checkColumn(curve.dQ, field("dQ"), n, "non-negative");
  if (curve.dQl) checkColumn(curve.dQl, field("dQl"), n, "non-negative");
  if (curve.dQw) checkColumn(curve.dQw, field("dQw"), n, "non-negative");
  if (curve.dQ && (curve.dQl || curve.dQw)) fail(field("dQ"), "a curve has pinhole (dQ) or slit (dQl, dQw) resolution, not both");
  for (const [name, column] of Object.entries(curve.columns ?? {})) {
    const where = `${prefix}.columns.${name}`;
    if (name.trim() === "") fail(`${prefix}.columns`, "an extra column has no name");
    if (column.values.length !== n) fail(where, `has ${column.values.length} values but q has ${n}`);
  }
}

/** One row the LENIENT q rule left out, as the import record lists it. */
export interface DroppedRow {
  curve: number;
  /** Where the row was: `line 14` (text files) or `point 3` (1-based, in the file's order). */
  row: string;
  /** The row as the file has it (text files) or its q as text. */
  values: string;
  reason: string;
}

/** What the LENIENT rule did to a file, kept in its import record (`metadata.qRule`). */
export interface QRuleRecord {
  rule: "LENIENT";
  /** Curves whose rows were put in increasing q. */
  sorted: number[];
  dropped: DroppedRow[];
}

function whyInvalid(curve: CurveRecord, i: number): string | null {
  const q = curve.q[i];
  if (Number.isNaN(q)) return "q is NaN";
  if (!Number.isFinite(q)) return `q is ${q}`;
  if (q <= 0) return `q is ${formatFloat(q)}: not positive`;
  const others: [string, ArrayLike<number> | null | undefined][] = [
    ["I", curve.intensity],
    ["dI", curve.dI],
    ["dQ", curve.dQ],
    ["dQl", curve.dQl],
    ["dQw", curve.dQw],
  ];
  for (const [name, values] of others) {
    const v = values?.[i];
    if (v !== undefined && !Number.isFinite(v)) return `${name} is ${v}`;
  }
  return null;
}

const pick = (values: Float64Array, order: number[]) => Float64Array.from(order, (i) => values[i]);

/**
 * The LENIENT q rule on one curve: rows with q <= 0 or a non-finite q, I, dI or resolution are
 * dropped, the rest put in increasing q (a stable sort, so of rows with equal q the first in the
 * file comes first) and later rows repeating a q dropped. `rowName(i)` and `rowText(i)` say where
 * row i (file order) was. Values are moved, never recomputed.
 */
export function applyQRule(
  curve: CurveRecord,
  curveIndex: number,
  rowName: (i: number) => string = (i) => `point ${i + 1}`,
  rowText: (i: number) => string = (i) => `q = ${formatFloat(curve.q[i])}`,
): { curve: CurveRecord; sorted: boolean; dropped: DroppedRow[] } {
  const dropped: DroppedRow[] = [];
  const keep: number[] = [];
  for (let i = 0; i < curve.q.length; i++) {
    const reason = whyInvalid(curve, i);
    if (reason) dropped.push({ curve: curveIndex, row: rowName(i), values: rowText(i), reason });
    else keep.push(i);
  }
  const order = [...keep].sort((a, b) => curve.q[a] - curve.q[b] || a - b);
  const sorted = order.some((i, k) => i !== keep[k]);
  const unique: number[] = [];
  for (const i of order) {
    const previous = unique[unique.length - 1];
    if (previous !== undefined && curve.q[previous] === curve.q[i]) {
      dropped.push({ curve: curveIndex, row: rowName(i), values: rowText(i), reason: `q repeats ${rowName(previous)}` });
    } else unique.push(i);
  }
  if (dropped.length === 0 && !sorted) return { curve, sorted, dropped };
  dropped.sort((a, b) => a.row.localeCompare(b.row, "en", { numeric: true }));
  const out: CurveRecord = {
    ...curve,
    q: pick(curve.q, unique),
    intensity: pick(curve.intensity, unique),
    dI: curve.dI ? pick(curve.dI, unique) : null,
    dQ: curve.dQ ? pick(curve.dQ, unique) : null,
  };
  if (curve.dQl) out.dQl = pick(curve.dQl, unique);
  if (curve.dQw) out.dQw = pick(curve.dQw, unique);
  if (curve.columns) {
    out.columns = Object.fromEntries(Object.entries(curve.columns).map(([name, c]) => [name, { unit: c.unit, values: pick(c.values, unique) }]));
  }
  return { curve: out, sorted, dropped };
}

/** Adds what applyQRule did to a file's `metadata.qRule` record (made when absent). */
export function recordQRule(metadata: Record<string, unknown>, curveIndex: number, outcome: { sorted: boolean; dropped: DroppedRow[] }): void {
  const existing = metadata.qRule as QRuleRecord | undefined;
  const record: QRuleRecord = existing ?? { rule: "LENIENT", sorted: [], dropped: [] };
  if (outcome.sorted && !record.sorted.includes(curveIndex)) record.sorted.push(curveIndex);
  record.dropped.push(...outcome.dropped);
  metadata.qRule = record;
}

/** Validates every curve of a parsed file and the file-wide limits (curve count, total points). */
export function validateParsedFile(parsed: ParsedFile, options: ImportOptions = {}): ParsedFile {
  const { maxPoints, maxCurves } = limitsOf(options);
  let file = parsed;
  if (options.qRule === "LENIENT") {
    // Readers that know their rows' lines (ASCII) applied the rule already; this pass then finds nothing.
    const metadata = { ...file.metadata };
    const curves = file.curves.map((c, k) => {
      const outcome = applyQRule(c, k);
      recordQRule(metadata, k, outcome);
      return outcome.curve;
    });
    file = { ...file, curves, metadata };
  }
  const images = file.images ?? [];
  if (file.curves.length === 0 && images.length === 0) fail("curves", "the file holds no curve");
  images.forEach((image, i) => validateDetectorImage(image, `images[${i}]`));
  if (file.curves.length > maxCurves) fail("curves", `the file holds ${file.curves.length} curves, more than the limit of ${maxCurves}`);
  let total = 0;
  file.curves.forEach((curve, i) => {
    validateCurve(curve, `curves[${i}]`, { maxPoints });
    total += curve.q.length;
    if (total > maxPoints) fail("curves", `the file holds more than ${maxPoints} points in all (limit)`);
  });
  return file;
}
