/**
 * Reads 2-4 column text files: q, I, dI, dQ in that order, as SAS software writes them:
 * - SasView "Save as txt": a `<X>   <Y>   <dY>   <dX>` header, then rows;
 * - NIST/IGOR reduced .ABS: a header block, then `The 6 columns are | Q (1/A) | I(Q) (1/cm) | ...`
 *   and 6 columns, of which we keep the first 4 (meanQ and ShadowFactor have no place in a curve);
 * - ATSAS .dat: a free-text title line, then q I err;
 * - CSV with a header such as `q (1/A),I (1/cm),dI,dQ` or `Q [nm^-1];I [a.u.]`.
 * Separators: whitespace, comma, semicolon or tab. `#` starts a comment line. Units come from the
 * column header when it names them, otherwise from the caller's defaults.
 *
 * Where the data starts: after the column-header line when there is one (ABS headers hold numeric
 * lines such as the beam centre, so "first numeric line" would be wrong); otherwise at the first
 * numeric line. From there on every non-comment line must be numeric, so a broken row is an error
 * naming its line rather than silently cut off.
 */
import { FormatError, type CurveRecord, type ParsedFile } from "./curve";
import { isNumberToken, parseNumberToken } from "./numbers";
import { limitsOf, type ImportOptions } from "./options";
import { columnHeader, unitsFrom, type ColumnLabel } from "./ascii-header";
import { readLongCsv, isLongCsvHeader } from "./long-csv-reader";

const SEPARATORS = /[\s,;]+/;

function tokens(line: string): string[] {
  return line
    .trim()
    .split(SEPARATORS)
    .filter((t) => t.length > 0);
}

function isNumericLine(line: string): boolean {
  const t = tokens(line);
  return t.length > 0 && t.every(isNumberToken);
}

export function readAscii(content: string, options: ImportOptions = {}): ParsedFile {
  const { maxPoints } = limitsOf(options);
  const lines = content.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const longHeader = lines.findIndex(isLongCsvHeader);
  if (longHeader >= 0) return readLongCsv(lines, longHeader, options);
  const isSkippable = (line: string) => line.trim() === "" || line.trimStart().startsWith("#");

  let headerIndex = -1;
  let header: ColumnLabel[] | null = null;
  let firstNumeric = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "") continue;
    if (isNumericLine(line) && !line.trimStart().startsWith("#")) {
      if (firstNumeric < 0) firstNumeric = i;
      continue;
    }
    const labels = columnHeader(line);
    if (labels) {
      headerIndex = i;
      header = labels;
    }
  }
  const dataStart = headerIndex >= 0 ? headerIndex + 1 : firstNumeric;
  if (dataStart < 0 || firstNumeric < 0) throw new FormatError("content: no numeric rows found: not a q/I text file", "content");

  const rows: number[][] = [];
  let width = 0;
  for (let i = dataStart; i < lines.length; i++) {
    const line = lines[i];
    if (isSkippable(line)) continue;
    const t = tokens(line);
    const lineNo = i + 1;
    if (!t.every(isNumberToken)) {
      throw new FormatError(`line ${lineNo}: "${line.trim().slice(0, 60)}" is not a row of numbers`, `line ${lineNo}`);
    }
    if (t.length < 2) throw new FormatError(`line ${lineNo}: ${t.length} column; need at least q and I`, `line ${lineNo}`);
    const used = Math.min(t.length, 4);
    if (width === 0) width = used;
    else if (used !== width) throw new FormatError(`line ${lineNo}: ${used} columns where earlier rows have ${width}`, `line ${lineNo}`);
    if (rows.length >= maxPoints) throw new FormatError(`content: more than ${maxPoints} rows (limit)`, "content");
    rows.push(t.slice(0, used).map((tok) => parseNumberToken(tok) as number));
  }
  if (rows.length === 0) throw new FormatError("content: no numeric rows found after the header", "content");

  const column = (k: number) => Float64Array.from(rows, (r) => r[k]);
  const { qUnit, intensityUnit } = unitsFrom(
    { q: header?.[0]?.unit, intensity: header?.[1]?.unit, dI: width >= 3 ? header?.[2]?.unit : null, dQ: width >= 4 ? header?.[3]?.unit : null },
    options,
  );
  const headerLines = lines
    .slice(0, dataStart)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && l !== lines[headerIndex]?.trim());
  const title = headerLines.length > 0 && headerIndex !== 0 ? headerLines[0].replace(/^#+\s*/, "") : undefined;
  const curve: CurveRecord = {
    q: column(0),
    intensity: column(1),
    dI: width >= 3 ? column(2) : null,
    dQ: width >= 4 ? column(3) : null,
    qUnit,
    intensityUnit,
  };
  if (title) curve.title = title;
  const metadata: Record<string, unknown> = {};
  if (headerLines.length > 0) metadata.header = headerLines;
  if (header) metadata.columns = header.map((c) => c.name);
  return { title, curves: [curve], metadata };
}
