/**
 * Reads column text files: q, I, dI, dQ in that order (further columns kept by name), as SAS
 * software writes them:
 * - SasView "Save as txt": a `<X>   <Y>   <dY>   <dX>` header, then rows;
 * - NIST/IGOR reduced .ABS: a header block, then `The 6 columns are | Q (1/A) | I(Q) (1/cm) | ...`
 *   and 6 columns; columns 5-6 (meanQ, ShadowFactor) are kept as the curve's extra columns;
 * - NIST USANS .COR/.ABS: a negative 4th column marks slit-smeared data, the slit length being
 *   minus that value (the reduction's convention, which SasView's ABS reader follows): it becomes
 *   the curve's dQl, not a dQ;
 * - ISIS LOQ/SANS2D (COLETTE/RKH, Mantid SaveRKH): title lines, numeric header lines (point count,
 *   range, flags) and a Fortran format line `3 (F12.5,2E16.6)` before the data;
 * - ATSAS .dat: a free-text title line, then q I err;
 * - CSV with a header such as `q (1/A),I (1/cm),dI,dQ`, `Q [nm^-1];I [a.u.]` or `q Å-1  I(q) cm-1`.
 * Separators: whitespace, comma, semicolon or tab. `#` starts a comment line. Units come from the
 * column header when it names them, otherwise from the caller's defaults; an inverse length that
 * is not a stored unit (I in 1/nm, q in 1/cm) is converted on its decimal text (unit-fields.ts).
 *
 * Where the data is: the last block of numeric rows (blocks are separated by text lines; blank and
 * comment lines separate nothing). Numeric lines before it are header lines (the RKH point count,
 * the ABS beam centre) and stay, with the other header lines, as text in `metadata.header`. A text
 * line after the data, or one that sits among rows like a broken row, is an error naming its line,
 * so a broken row is never silently cut off.
 */
import { FormatError, type CurveRecord, type ParsedFile } from "./curve";
import { isNumberToken, scaleDecimal } from "./numbers";
import { limitsOf, type ImportOptions } from "./options";
import { columnHeader, headerFields, labelName, unitReadings, type ColumnLabel } from "./ascii-header";
import { readLongCsv, isLongCsvHeader } from "./long-csv-reader";
import { applyQRule, recordQRule } from "./validate";

const SEPARATORS = /[\s,;]+/;

function tokens(line: string): string[] {
  return line
    .trim()
    .split(SEPARATORS)
    .filter((t) => t.length > 0);
}

type LineKind = { kind: "skip" } | { kind: "numeric"; tokens: string[] } | { kind: "text" };

function classify(line: string): LineKind {
  if (line.trim() === "" || line.trimStart().startsWith("#")) return { kind: "skip" };
  const t = tokens(line);
  return t.every(isNumberToken) ? { kind: "numeric", tokens: t } : { kind: "text" };
}

/** A Fortran format line such as RKH's ` 3 (F12.5,2E16.6)`: header, never a broken row. */
const FORTRAN_FORMAT = /^\s*\d*\s*\(\s*(\d*[FEGIDA]\d+(\.\d+)?\s*,?\s*)+\)\s*$/i;

/** Which layout the header says the file has, for the import record (README lists them). */
function layoutOf(headerLines: string[], text: string[]): string | undefined {
  if (headerLines.some((l) => /^The \d+ columns are/i.test(l))) return "NIST/IGOR reduced ABS";
  if (headerLines.some((l) => /^EMP LEVEL/i.test(l))) return "NIST USANS";
  if (/\b(LOQ|SANS2D)\b/i.test(headerLines[0] ?? "") && text.some((l) => FORTRAN_FORMAT.test(l))) return "ISIS RKH (COLETTE, Mantid SaveRKH)";
  if (headerLines.some((l) => /^<X>\s+<Y>/.test(l))) return "SasView text";
  return undefined;
}

interface Block {
  start: number;
  end: number; // index after the last numeric line
}

export function readAscii(content: string, options: ImportOptions = {}): ParsedFile {
  const { maxPoints } = limitsOf(options);
  const lines = content.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const longHeader = lines.findIndex(isLongCsvHeader);
  if (longHeader >= 0) return readLongCsv(lines, longHeader, options);
  const kinds = lines.map(classify);

  // Blocks of numeric lines, and the last column header (it must come before the data).
  const blocks: Block[] = [];
  let open: Block | null = null;
  let headerIndex = -1;
  let header: ColumnLabel[] | null = null;
  kinds.forEach((k, i) => {
    if (k.kind === "numeric") {
      if (open) open.end = i + 1;
      else blocks.push((open = { start: i, end: i + 1 }));
    } else if (k.kind === "text" || lines[i].trimStart().startsWith("#")) {
      const labels = columnHeader(lines[i]);
      if (labels) {
        headerIndex = i;
        header = labels;
      }
      if (k.kind === "text") open = null;
    }
  });
  const data = blocks[blocks.length - 1];
  if (!data) throw new FormatError("content: no numeric rows found: not a q/I text file", "content");
  const tokensAt = (i: number) => (kinds[i] as { tokens: string[] }).tokens;
  const lineError = (i: number, why: string) => new FormatError(`line ${i + 1}: "${lines[i].trim().slice(0, 60)}" ${why}`, `line ${i + 1}`);

  // nextText[i]: the first text line at or after i (lines.length when none): one pass, so a file of
  // many small blocks costs no more than one of a few.
  const nextText = new Int32Array(lines.length + 1).fill(lines.length);
  for (let i = lines.length - 1; i >= 0; i--) nextText[i] = kinds[i].kind === "text" ? i : nextText[i + 1];
  const textIn = (from: number, to: number) => nextText[from] < to;

  // Text after the data, or after the column header and before the data, breaks the rows.
  if (nextText[data.end] < lines.length) throw lineError(nextText[data.end], "is not a row of numbers");
  if (headerIndex >= 0) {
    if (headerIndex > data.start) throw lineError(headerIndex, "is a column header after the data");
    const earlier = blocks.some((b) => b.start > headerIndex && b.start < data.start);
    if (earlier && textIn(headerIndex + 1, data.start)) throw lineError(nextText[headerIndex + 1], "is not a row of numbers");
  }
  const width = Math.max(tokensAt(data.start).length, 0);
  for (const b of blocks.slice(0, -1)) {
    // An earlier block of two or more rows as wide as the data is data cut by a broken line.
    const rows = [];
    for (let i = b.start; i < b.end; i++) if (kinds[i].kind === "numeric") rows.push(tokensAt(i).length);
    const next = nextText[b.end];
    if (rows.length >= 2 && rows.every((w) => w === width)) throw lineError(next, "is not a row of numbers (rows of numbers before and after it)");
    // A line starting with a number between a row as wide as the data and the data: a broken row.
    if (rows[rows.length - 1] === width && b.end === next && next < data.start && !FORTRAN_FORMAT.test(lines[next])) {
      if (!textIn(next + 1, data.start) && isNumberToken(tokens(lines[next])[0] ?? "")) throw lineError(next, "is not a row of numbers");
    }
  }

  // The text line just before the data, as wide as the rows and mostly numbers: the first row, broken
  // (a title such as "5 mg/ml lysozyme" is mostly words; a Fortran format line is header).
  let before = data.start - 1;
  while (before >= 0 && kinds[before].kind === "skip") before--;
  if (before >= 0 && before !== headerIndex && kinds[before].kind === "text" && !FORTRAN_FORMAT.test(lines[before])) {
    const t = tokens(lines[before]);
    if (t.length === width && isNumberToken(t[0]) && t.filter(isNumberToken).length * 2 > t.length) throw lineError(before, "is not a row of numbers");
  }

  // The rows.
  if (width < 2) throw new FormatError(`line ${data.start + 1}: ${width} column; need at least q and I`, `line ${data.start + 1}`);
  const label = (k: number) => header?.[k] ?? null;
  const units = unitReadings(
    { q: label(0)?.unit, intensity: label(1)?.unit, dI: width >= 3 ? label(2)?.unit : null, dQ: width >= 4 ? label(3)?.unit : null },
    options,
  );
  const power = (k: number) => (k === 0 || k === 3 ? units.q.power10 : k <= 2 ? units.intensity.power10 : 0);
  const rows: number[][] = [];
  const lineOf: number[] = [];
  for (let i = data.start; i < data.end; i++) {
    if (kinds[i].kind !== "numeric") continue;
    const t = tokensAt(i);
    if (t.length !== width) throw new FormatError(`line ${i + 1}: ${t.length} columns where earlier rows have ${width}`, `line ${i + 1}`);
    if (rows.length >= maxPoints) throw new FormatError(`content: more than ${maxPoints} rows (limit)`, "content");
    rows.push(t.map((tok, k) => scaleDecimal(tok, power(k)) as number));
    lineOf.push(i);
  }
  const column = (k: number) => Float64Array.from(rows, (r) => r[k]);

  // Resolution: the 4th column is dQ, or minus the slit length when negative (NIST USANS).
  let dQ: Float64Array | null = width >= 4 ? column(3) : null;
  let dQl: Float64Array | null = null;
  if (dQ && dQ[0] < 0) {
    const positive = rows.findIndex((r) => !(r[3] < 0));
    if (positive >= 0) {
      throw lineError(lineOf[positive], `has 4th column ${rows[positive][3]}, where line ${lineOf[0] + 1}'s negative value marks slit-smeared data`);
    }
    dQl = dQ.map((v) => -v);
    dQ = null;
  } else if (dQ) {
    const negative = rows.findIndex((r) => r[3] < 0);
    if (negative >= 0) throw lineError(lineOf[negative], `has negative dQ ${rows[negative][3]}, where line ${lineOf[0] + 1} has a positive one`);
  }

  const headerLines = lines
    .slice(0, data.start)
    .map((l) => l.trim())
    .filter((l, i) => l.length > 0 && i !== headerIndex);
  const title = headerLines.length > 0 && headerIndex !== 0 ? headerLines[0].replace(/^#+\s*/, "") : undefined;
  let curve: CurveRecord = {
    q: column(0),
    intensity: column(1),
    dI: width >= 3 ? column(2) : null,
    dQ,
    qUnit: units.q.unit,
    intensityUnit: units.intensity.unit,
  };
  if (dQl) curve.dQl = dQl;
  if (width > 4) {
    curve.columns = {};
    for (let k = 4; k < width; k++) {
      const l = label(k);
      let name = l ? labelName(l) : `column ${k + 1}`;
      if (name in curve.columns) name = `${name} (column ${k + 1})`;
      curve.columns[name] = { values: column(k), unit: l?.unit ?? "" };
    }
  }
  if (title) curve.title = title;

  const metadata: Record<string, unknown> = {};
  if (headerLines.length > 0) metadata.header = headerLines;
  const fields = headerFields(headerLines);
  if (Object.keys(fields).length > 0) metadata.fields = fields;
  if (header) metadata.columns = (header as ColumnLabel[]).map((c) => c.name);
  const layout = layoutOf(headerLines, lines.slice(0, data.start));
  if (layout) metadata.layout = layout;
  if (dQl) metadata.resolution = "slit: the 4th column is minus the slit length (NIST USANS convention)";
  const converted: Record<string, string> = {};
  if (units.q.power10 !== 0) converted.q = `${units.q.spelled} -> 1/A (x 1e${units.q.power10}, on the decimal text)`;
  if (units.intensity.power10 !== 0) converted.intensity = `${units.intensity.spelled} -> 1/cm (x 1e${units.intensity.power10}, on the decimal text)`;
  if (Object.keys(converted).length > 0) metadata.unitsConverted = converted;
  if (options.qRule === "LENIENT") {
    const outcome = applyQRule(
      curve,
      0,
      (i) => `line ${lineOf[i] + 1}`,
      (i) => lines[lineOf[i]].trim(),
    );
    curve = outcome.curve;
    recordQRule(metadata, 0, outcome);
  }
  return { title, curves: [curve], metadata };
}
