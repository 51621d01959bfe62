/**
 * Column headers of q/I text files and the units they name, e.g. SasView's `<X> <Y> <dY> <dX>`,
 * NIST's `The 6 columns are | Q (1/A) | I(Q) (1/cm) | ...`, CSV `q (1/A),I (1/cm),dI,dQ`,
 * `Q [nm^-1]  I [a.u.]  err`.
 */
import type { IntensityUnit, QUnit } from "../compute/units";
import { FormatError } from "./curve";
import type { ImportOptions } from "./options";
import { intensityUnitOf, qUnitOf } from "./unit-fields";

/** First column label: q, Q, s (ATSAS), x or <X>; second: I, I(Q), Y, <Y>, intensity. */
const Q_LABEL = /^<?(q|s|x)>?(\b|$|[\s([])/i;
const I_LABEL = /^<?(i|y|intensity)>?(\b|$|[\s([])/i;

export interface ColumnLabel {
  name: string;
  unit: string | null;
}

/** The unit a column label ends with: `q (1/A)`, `Q [nm^-1]`, `I(Q) (1/cm)`; `I(Q)` alone has none. */
function labelUnit(label: string): string | null {
  const m = /[([]([^()[\]]*)[)\]]\s*$/.exec(label.trim());
  if (!m) return null;
  const inside = m[1].trim();
  if (/^(q|s)$/i.test(inside)) return null; // I(Q): the function's argument, not a unit
  return inside;
}

/** Splits a header line into column labels, or null when the line is not a q/I column header. */
export function columnHeader(line: string): ColumnLabel[] | null {
  let text = line.replace(/^#+/, "").trim();
  let parts: string[];
  const nist = /columns are\s*\|(.*)$/i.exec(text);
  if (nist) parts = nist[1].split("|");
  else if (/[,;\t]/.test(text)) parts = text.split(/[,;\t]/);
  else {
    // whitespace-separated labels: keep a bracketed unit with its label ("q (1/A)  I (1/cm)")
    text = text.replace(/\s+([([])/g, "$1");
    parts = text.split(/\s+/);
  }
  const labels = parts.map((p) => p.trim()).filter((p) => p.length > 0);
  if (labels.length < 2 || !Q_LABEL.test(labels[0]) || !I_LABEL.test(labels[1])) return null;
  return labels.map((name) => ({ name, unit: labelUnit(name) }));
}

export interface HeaderUnits {
  q?: string | null;
  intensity?: string | null;
  dI?: string | null;
  dQ?: string | null;
}

/** Units of a curve from its header, falling back to the caller's defaults; dI/dQ must agree with I/q. */
export function unitsFrom(header: HeaderUnits, options: ImportOptions): { qUnit: QUnit; intensityUnit: IntensityUnit } {
  const qUnit = header.q ? qUnitOf(header.q, "header.q") : qUnitOf(String(options.qUnit ?? "INV_ANGSTROM"), "options.qUnit");
  const intensityUnit = header.intensity
    ? intensityUnitOf(header.intensity, "header.I")
    : intensityUnitOf(String(options.intensityUnit ?? "ARBITRARY"), "options.intensityUnit");
  if (header.dI && intensityUnitOf(header.dI, "header.dI") !== intensityUnit) {
    throw new FormatError(`header.dI: unit "${header.dI}" differs from the intensity unit`, "header.dI");
  }
  if (header.dQ && qUnitOf(header.dQ, "header.dQ") !== qUnit) {
    throw new FormatError(`header.dQ: unit "${header.dQ}" differs from the q unit`, "header.dQ");
  }
  return { qUnit, intensityUnit };
}
