/** Unit parsing that reports, as a FormatError, which field carried the unknown unit. */
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

export function qUnitOf(text: string, field: string): QUnit {
  return asFormatError(field, () => parseQUnit(text));
}

export function intensityUnitOf(text: string, field: string): IntensityUnit {
  return asFormatError(field, () => parseIntensityUnit(text));
}
