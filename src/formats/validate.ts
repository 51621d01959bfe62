/**
 * The rules every curve obeys before it is stored, whichever way it came in (file import or the
 * addCurves mutation). Errors name the field and the row (1-based point number).
 */
import { INTENSITY_UNITS, Q_UNITS } from "../compute/units";
import { FormatError, type CurveRecord, type ParsedFile } from "./curve";
import { limitsOf, type ImportOptions } from "./options";

type Column = "q" | "intensity" | "dI" | "dQ";

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
}

/** Validates every curve of a parsed file and the file-wide limits (curve count, total points). */
export function validateParsedFile(file: ParsedFile, options: ImportOptions = {}): ParsedFile {
  const { maxPoints, maxCurves } = limitsOf(options);
  if (file.curves.length === 0) fail("curves", "the file holds no curve");
  if (file.curves.length > maxCurves) fail("curves", `the file holds ${file.curves.length} curves, more than the limit of ${maxCurves}`);
  let total = 0;
  file.curves.forEach((curve, i) => {
    validateCurve(curve, `curves[${i}]`, { maxPoints });
    total += curve.q.length;
    if (total > maxPoints) fail("curves", `the file holds more than ${maxPoints} points in all (limit)`);
  });
  return file;
}
