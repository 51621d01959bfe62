/**
 * Units as files spell them, reported as a FormatError naming the field that carried an unknown one.
 *
 * Files spell inverse lengths many ways: `1/A`, `A^-1`, `A-1`, `Å-1`, `1/Å`, `A^{-1}`, `invA`,
 * `1/Angstrom`, `1/nm`, `nm^-1`, `nm-1`, `n_m^-1`, `1/cm`, `cm-1`, `cm^-1`, `m-1`, ... (SasView's
 * unit converter, sasdata's nxsunit, reads these). `readQUnit` / `readIntensityUnit` take all of
 * them and say which stored unit they become and by which power of ten the values must be scaled:
 * q is stored in 1/A or 1/nm, intensity in 1/cm or 1/m, so q in 1/cm or intensity in 1/nm (an
 * inverse length like any other) are converted on the way in. The scaling is applied to the
 * number's decimal text (numbers.ts `scaleDecimal`), so the stored value is the float nearest the
 * exact decimal value times 10^n, not a product rounded twice.
 */
import { parseIntensityUnit, parseQUnit, UnitError, type IntensityUnit, type QUnit } from "../compute/units";
import { FormatError } from "./curve";

function asFormatError<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof UnitError) throw new FormatError(`${field}: ${err.message}`, field);
    throw err;
  }
}

/** A unit read from a file: the stored unit and the power of ten that takes the file's values there. */
export interface UnitReading<U> {
  unit: U;
  /** value_stored = value_in_file * 10^power10 (0: stored as written). */
  power10: number;
  /** The unit as the file spelled it. */
  spelled: string;
}

/** Lengths an inverse-length unit may be written in, as a power of ten of a metre. */
const LENGTH_EXPONENT: Record<string, number> = { a: -10, nm: -9, um: -6, mm: -3, cm: -2, m: 0 };

/** `Å`, `Angstrom`, `ang` -> `a`; `µm`/`micron` -> `um`; no spaces; `^{-1}`, `**-1`, `⁻¹`, `-1` -> `^-1`. */
function normalise(text: string): string {
  return text
    .trim()
    .replace(/[\u00c5\u212b]/g, "a") // Å (both code points)
    .replace(/[\u00b5\u03bc]/g, "u") // µ, μ
    .toLowerCase()
    .replace(/\s+/g, "")
    .replace(/angstroms?|ang/g, "a")
    .replace(/microns?|micrometers?|micrometres?/g, "um")
    .replace(/nanometers?|nanometres?|n_m/g, "nm")
    .replace(/millimeters?|millimetres?/g, "mm")
    .replace(/centimeters?|centimetres?/g, "cm")
    .replace(/meters?|metres?/g, "m")
    .replace(/\*\*/g, "^")
    .replace(/\^?\{-1\}|\^\(-1\)|⁻¹|\^-1|-1$/g, "^-1");
}

/** The length L of an inverse length spelled `1/L`, `L^-1`, `invL` or `inv_L`, or null. */
function inverseLength(text: string): string | null {
  const s = normalise(text);
  const m = /^(?:1\/(\w+)|(\w+)\^-1|inv_?(\w+))$/.exec(s);
  const length = m ? (m[1] ?? m[2] ?? m[3]) : null;
  return length !== null && length in LENGTH_EXPONENT ? length : null;
}

/** q unit of a file: 1/A and 1/nm as they are; other inverse lengths converted to 1/A. */
export function readQUnit(text: string, field: string): UnitReading<QUnit> {
  const length = inverseLength(text);
  if (length === "a") return { unit: "INV_ANGSTROM", power10: 0, spelled: text };
  if (length === "nm") return { unit: "INV_NM", power10: 0, spelled: text };
  // q[1/A] = q[1/L] * (1 A / 1 L)
  if (length !== null) return { unit: "INV_ANGSTROM", power10: LENGTH_EXPONENT.a - LENGTH_EXPONENT[length], spelled: text };
  return { unit: asFormatError(field, () => parseQUnit(text)), power10: 0, spelled: text };
}

/** Intensity unit of a file: 1/cm and 1/m as they are; other inverse lengths (1/nm, 1/A, 1/mm) converted to 1/cm. */
export function readIntensityUnit(text: string, field: string): UnitReading<IntensityUnit> {
  const length = inverseLength(text);
  if (length === "cm") return { unit: "INV_CM", power10: 0, spelled: text };
  if (length === "m") return { unit: "INV_M", power10: 0, spelled: text };
  // I[1/cm] = I[1/L] * (1 cm / 1 L)
  if (length !== null) return { unit: "INV_CM", power10: LENGTH_EXPONENT.cm - LENGTH_EXPONENT[length], spelled: text };
  return { unit: asFormatError(field, () => parseIntensityUnit(text)), power10: 0, spelled: text };
}

/** True when the text is a unit spelling readQUnit or readIntensityUnit knows (unbracketed headers: `q Å-1 I(q) cm-1`). */
export function isUnitSpelling(text: string): boolean {
  if (inverseLength(text) !== null) return true;
  for (const parse of [parseQUnit, parseIntensityUnit]) {
    try {
      parse(text);
      return !/^\d*$/.test(text.trim()); // "1" and "" parse as dimensionless, but are no unit token in a header
    } catch {
      // not this kind
    }
  }
  return false;
}

export function qUnitOf(text: string, field: string): QUnit {
  const reading = readQUnit(text, field);
  if (reading.power10 !== 0) throw new FormatError(`${field}: q unit "${text}" is not stored as such; use 1/A or 1/nm`, field);
  return reading.unit;
}

export function intensityUnitOf(text: string, field: string): IntensityUnit {
  const reading = readIntensityUnit(text, field);
  if (reading.power10 !== 0) throw new FormatError(`${field}: intensity unit "${text}" is not stored as such; use 1/cm or 1/m`, field);
  return reading.unit;
}
