/**
 * Column headers of q/I text files and the units they name, e.g. SasView's `<X> <Y> <dY> <dX>`,
 * NIST's `The 6 columns are | Q (1/A) | I(Q) (1/cm) | ...`, CSV `q (1/A),I (1/cm),dI,dQ`,
 * `Q [nm^-1]  I [a.u.]  err`, and units without brackets: `q Å-1  I(q) cm-1`.
 */
import type { IntensityUnit, QUnit } from "../compute/units";
import { FormatError } from "./curve";
import type { ImportOptions } from "./options";
import { isUnitSpelling, readIntensityUnit, readQUnit, type UnitReading } from "./unit-fields";

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

/** A label without its unit: `meanQ`, `std. dev. I(Q)`. */
export function labelName(label: ColumnLabel): string {
  if (label.unit === null) return label.name.trim();
  const m = /\s*[([]([^()[\]]*)[)\]]\s*$/.exec(label.name.trim());
  return m && m[1].trim() === label.unit ? label.name.trim().slice(0, m.index).trim() : label.name.trim();
}

/** `1/barn`, `s^-1`, `b-1`: spelled as a unit even when not one we know, so it is refused by name rather than ignored. */
const LOOKS_LIKE_UNIT = /^(1\/\S+|[^\s^]+\^\{?-\d\}?|\p{L}+-1)$/u;

/** Whitespace-separated labels; a unit token after a label without one is that label's unit (`q Å-1 I(q) cm-1`). */
function whitespaceLabels(text: string): ColumnLabel[] {
  // keep a bracketed unit with its label ("q (1/A)  I (1/cm)")
  const parts = text.replace(/\s+([([])/g, "$1").split(/\s+/);
  const labels: ColumnLabel[] = [];
  for (const part of parts) {
    const last = labels[labels.length - 1];
    if (last && last.unit === null && (isUnitSpelling(part) || LOOKS_LIKE_UNIT.test(part))) last.unit = part;
    else labels.push({ name: part, unit: labelUnit(part) });
  }
  return labels;
}

/** Splits a header line into column labels, or null when the line is not a q/I column header. */
export function columnHeader(line: string): ColumnLabel[] | null {
  const text = line.replace(/^#+/, "").trim();
  let labels: ColumnLabel[];
  const nist = /columns are\s*\|(.*)$/i.exec(text);
  const split = (parts: string[]) => parts.map((p) => p.trim()).filter((p) => p.length > 0);
  if (nist) labels = split(nist[1].split("|")).map((name) => ({ name, unit: labelUnit(name) }));
  else if (/[,;\t]/.test(text)) labels = split(text.split(/[,;\t]/)).map((name) => ({ name, unit: labelUnit(name) }));
  else if (!Q_LABEL.test(text))
    return null; // most text lines: no need to look for units in them
  else labels = whitespaceLabels(text);
  if (labels.length < 2 || !Q_LABEL.test(labels[0].name) || !I_LABEL.test(labels[1].name)) return null;
  return labels;
}

export interface HeaderUnits {
  q?: string | null;
  intensity?: string | null;
  dI?: string | null;
  dQ?: string | null;
}

export interface CurveUnits {
  q: UnitReading<QUnit>;
  intensity: UnitReading<IntensityUnit>;
}

/**
 * Units of a curve from its header, falling back to the caller's defaults, with the power of ten
 * that takes the file's values to the stored unit; dI/dQ must be in the unit of I/q.
 */
export function unitReadings(header: HeaderUnits, options: ImportOptions): CurveUnits {
  const q = header.q ? readQUnit(header.q, "header.q") : readQUnit(String(options.qUnit ?? "INV_ANGSTROM"), "options.qUnit");
  const intensity = header.intensity
    ? readIntensityUnit(header.intensity, "header.I")
    : readIntensityUnit(String(options.intensityUnit ?? "ARBITRARY"), "options.intensityUnit");
  const same = <U>(a: UnitReading<U>, b: UnitReading<U>) => a.unit === b.unit && a.power10 === b.power10;
  if (header.dI && !same(readIntensityUnit(header.dI, "header.dI"), intensity)) {
    throw new FormatError(`header.dI: unit "${header.dI}" differs from the intensity unit`, "header.dI");
  }
  if (header.dQ && !same(readQUnit(header.dQ, "header.dQ"), q)) {
    throw new FormatError(`header.dQ: unit "${header.dQ}" differs from the q unit`, "header.dQ");
  }
  return { q, intensity };
}

/** Units of a curve whose values are stored as written (the long CSV): no conversion allowed. */
export function unitsFrom(header: HeaderUnits, options: ImportOptions): { qUnit: QUnit; intensityUnit: IntensityUnit } {
  const { q, intensity } = unitReadings(header, options);
  if (q.power10 !== 0) throw new FormatError(`header.q: q unit "${q.spelled}" is not stored as such; use 1/A or 1/nm`, "header.q");
  if (intensity.power10 !== 0) {
    throw new FormatError(`header.I: intensity unit "${intensity.spelled}" is not stored as such; use 1/cm or 1/m`, "header.I");
  }
  return { qUnit: q.unit, intensityUnit: intensity.unit };
}

/**
 * NIST/IGOR ABS label lines whose values are on the next line, by position (the positions SasView's
 * ABS reader reads: wavelength is LAMBDA, the sample-detector distance DET DIST, ...).
 */
const POSITIONAL: { line: RegExp; labels: string[] }[] = [
  { line: /^MON CNT\s+LAMBDA\b/, labels: ["MON CNT", "LAMBDA", "DET ANG", "DET DIST", "TRANS", "THICK", "AVE", "STEP"] },
  { line: /^BCENT\(X,Y\)/, labels: ["BCENT(X)", "BCENT(Y)", "A1(mm)", "A2(mm)", "A1A2DIST(m)", "DL/L", "BSTOP(mm)", "DET_TYP"] },
];

/**
 * `Key: value` pairs: at the line start, or after a tab, a `;` or two spaces (any key), or after one
 * space (a one-word key: RKH's `... 10:15 Workspace: name`). A value runs to the next key.
 */
const KEY = /(^|[\t;]\s*|\s{2,})([A-Za-z][\w ()./-]{0,40}?):\s+|(\s)([A-Za-z][\w()./-]{0,40}):\s+/g;

/**
 * Named fields of the header lines, every value the text the file has ("79680", "10.00", "0.1C"
 * stay so): `Key: value` pairs and NIST's label line + value line. A repeated key gets " (2)".
 */
export function headerFields(lines: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const put = (key: string, value: string) => {
    let name = key.trim();
    for (let n = 2; name in fields; n++) name = `${key.trim()} (${n})`;
    fields[name] = value;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const positional = POSITIONAL.find((p) => p.line.test(line));
    if (positional && i + 1 < lines.length) {
      lines[i + 1]
        .trim()
        .split(/\s+/)
        .forEach((value, k) => {
          if (k < positional.labels.length && value !== "") put(positional.labels[k], value);
        });
      i++;
      continue;
    }
    const keys = [...line.matchAll(KEY)].map((m) => ({ key: m[2] ?? m[4], start: m.index, valueAt: m.index + m[0].length }));
    keys.forEach((k, j) => {
      const next = keys[j + 1];
      const value = line.slice(k.valueAt, next?.start ?? line.length).trim();
      put(k.key, next ? value.replace(/\s*;$/, "") : value); // a `;` before the next key separates, it is no part of the value
    });
  }
  return fields;
}
