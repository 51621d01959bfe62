/**
 * Reads the "long" CSV that csv-writer.ts writes (and scripts produce with pandas): a `curve` column
 * first, then q, I and optionally dI, dQ, dQl, dQw and named extra columns; comma-separated, empty
 * cells where a curve has no such column. The
 * `# curve k: {...}` comment lines, when present, give each curve its title, units and parameters.
 */
import { INTENSITY_UNITS, Q_UNITS } from "../compute/units";
import { FormatError, type CurveRecord, type ParsedFile } from "./curve";
import { CSV_CURVE_LINE } from "./csv-writer";
import { isRecord } from "./export-metadata";
import { isNumberToken, parseNumberToken } from "./numbers";
import { limitsOf, type ImportOptions } from "./options";
import { columnHeader, labelName, unitsFrom } from "./ascii-header";

export function isLongCsvHeader(line: string): boolean {
  return /^\s*curve\s*,/i.test(line);
}

interface CurveColumns {
  q: number[];
  intensity: number[];
  dI: number[];
  dQ: number[];
  dQl: number[];
  dQw: number[];
  extra: number[][];
}

export function readLongCsv(lines: string[], headerIndex: number, options: ImportOptions): ParsedFile {
  const { maxPoints, maxCurves } = limitsOf(options);
  const labels = columnHeader(lines[headerIndex].split(",").slice(1).join(","));
  if (!labels) throw new FormatError(`line ${headerIndex + 1}: after "curve" the columns must be q and I`, `line ${headerIndex + 1}`);
  const columnNames = labels.map((l) => l.name.replace(/\s*[([].*$/, "").toLowerCase());
  const dIAt = columnNames.findIndex((n) => n === "di" || n === "err" || n === "error");
  const dQAt = columnNames.findIndex((n) => n === "dq");
  const dQlAt = columnNames.findIndex((n) => n === "dql");
  const dQwAt = columnNames.findIndex((n) => n === "dqw");
  const known = new Set([0, 1, dIAt, dQAt, dQlAt, dQwAt]);
  const extraAt = labels.map((_, j) => j).filter((j) => !known.has(j));
  const extraNames = extraAt.map((j) => labelName(labels[j]));
  const defaults = unitsFrom({ q: labels[0].unit, intensity: labels[1].unit, dI: labels[dIAt]?.unit, dQ: labels[dQAt]?.unit }, options);

  // Per-curve descriptions from comment lines.
  const info = new Map<number, Record<string, unknown>>();
  for (const line of lines.slice(0, headerIndex)) {
    const m = CSV_CURVE_LINE.exec(line.trim());
    if (!m) continue;
    try {
      const parsed: unknown = JSON.parse(m[2]);
      if (isRecord(parsed)) info.set(Number(m[1]), parsed);
    } catch {
      throw new FormatError(`curve ${m[1]} comment: not valid JSON`, `curve ${m[1]}`);
    }
  }

  const byCurve = new Map<number, CurveColumns>();
  let total = 0;
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const cells = line.split(",").map((c) => c.trim());
    const where = `line ${i + 1}`;
    if (cells.length !== labels.length + 1) throw new FormatError(`${where}: ${cells.length} cells where the header has ${labels.length + 1}`, where);
    const k = Number(cells[0]);
    if (!Number.isInteger(k) || k < 0) throw new FormatError(`${where}: curve index "${cells[0]}" is not a non-negative integer`, where);
    const numbers = cells.slice(1).map((c, j) => {
      if (c === "" && j >= 2) return null;
      if (!isNumberToken(c)) throw new FormatError(`${where}: "${c}" in column ${labels[j].name} is not a number`, where);
      return parseNumberToken(c);
    });
    let columns = byCurve.get(k);
    if (!columns) {
      if (byCurve.size >= maxCurves) throw new FormatError(`curves: more than ${maxCurves} curves (limit)`, "curves");
      columns = { q: [], intensity: [], dI: [], dQ: [], dQl: [], dQw: [], extra: extraAt.map(() => []) };
      byCurve.set(k, columns);
    }
    if (++total > maxPoints) throw new FormatError(`content: more than ${maxPoints} rows (limit)`, "content");
    columns.q.push(numbers[0] as number);
    columns.intensity.push(numbers[1] as number);
    if (dIAt >= 0 && numbers[dIAt] !== null) columns.dI.push(numbers[dIAt] as number);
    if (dQAt >= 0 && numbers[dQAt] !== null) columns.dQ.push(numbers[dQAt] as number);
    if (dQlAt >= 0 && numbers[dQlAt] !== null) columns.dQl.push(numbers[dQlAt] as number);
    if (dQwAt >= 0 && numbers[dQwAt] !== null) columns.dQw.push(numbers[dQwAt] as number);
    extraAt.forEach((j, e) => {
      if (numbers[j] !== null) columns.extra[e].push(numbers[j] as number);
    });
  }
  if (byCurve.size === 0) throw new FormatError("content: no numeric rows found after the header", "content");

  const curves: CurveRecord[] = [...byCurve.keys()]
    .sort((a, b) => a - b)
    .map((k) => {
      const c = byCurve.get(k) as CurveColumns;
      const meta = info.get(k) ?? {};
      const n = c.q.length;
      const partial = (name: string, values: number[]) => {
        if (values.length !== 0 && values.length !== n)
          throw new FormatError(`curves[${k}].${name}: ${values.length} of ${n} rows have a value`, `curves[${k}].${name}`);
        return values.length === n ? Float64Array.from(values) : null;
      };
      const curve: CurveRecord = {
        q: Float64Array.from(c.q),
        intensity: Float64Array.from(c.intensity),
        dI: partial("dI", c.dI),
        dQ: partial("dQ", c.dQ),
        qUnit: (Q_UNITS as readonly unknown[]).includes(meta.qUnit) ? (meta.qUnit as CurveRecord["qUnit"]) : defaults.qUnit,
        intensityUnit: (INTENSITY_UNITS as readonly unknown[]).includes(meta.intensityUnit)
          ? (meta.intensityUnit as CurveRecord["intensityUnit"])
          : defaults.intensityUnit,
      };
      const dQl = partial("dQl", c.dQl);
      const dQw = partial("dQw", c.dQw);
      if (dQl) curve.dQl = dQl;
      if (dQw) curve.dQw = dQw;
      const units = isRecord(meta.columns) ? meta.columns : {};
      extraNames.forEach((name, e) => {
        const values = partial(name, c.extra[e]);
        if (!values) return;
        curve.columns ??= {};
        curve.columns[name] = { values, unit: typeof units[name] === "string" ? units[name] : "" };
      });
      if (typeof meta.title === "string") curve.title = meta.title;
      if (isRecord(meta.parameters)) curve.parameters = meta.parameters;
      return curve;
    });
  const metadata: Record<string, unknown> = { header: lines.slice(0, headerIndex).filter((l) => l.trim() !== "" && !CSV_CURVE_LINE.test(l.trim())) };
  const metaLine = lines.slice(0, headerIndex).find((l) => l.startsWith("# metadata: "));
  if (metaLine) {
    try {
      const parsed: unknown = JSON.parse(metaLine.slice("# metadata: ".length));
      if (isRecord(parsed)) metadata.exported = parsed;
    } catch {
      // a hand-edited header; keep it as text in `header`
    }
  }
  return { title: curves[0]?.title, curves, metadata };
}
