/**
 * Numbers as text. Writing uses JS's shortest round-trip form (String(x)), so parsing the text back
 * with Number() gives the very same float64; toFixed/toPrecision would lose bits.
 */

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Spellings of non-finite values that other software writes; parsed so validation can name the row. */
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/** Shortest text that parses back to exactly `x`. */
export function formatFloat(x: number): string {
  return String(x);
}

/** True when `text` is a number, including nan/inf spellings (which validation later rejects). */
export function isNumberToken(text: string): boolean {
  return DECIMAL.test(text) || NON_FINITE.test(text);
}

/** The float64 of a number token; NaN/±Infinity for their spellings; null when not a number. */
export function parseNumberToken(text: string): number | null {
  const t = text.trim();
  if (DECIMAL.test(t)) return Number(t);
  if (NON_FINITE.test(t)) {
    const lower = t.toLowerCase();
    if (lower.endsWith("nan")) return NaN;
    return lower.startsWith("-") ? -Infinity : Infinity;
  }
  return null;
}

/**
 * The float nearest to (the decimal `text`) * 10^power10: the power of ten moves the decimal
 * exponent of the text, and Number() rounds once, so 1/nm -> 1/cm (10^7) is as exact as reading
 * the value in 1/cm would have been; multiplying the parsed float by 1e7 would round twice.
 * Non-finite spellings keep their value; null when `text` is not a number.
 */
export function scaleDecimal(text: string, power10: number): number | null {
  const t = text.trim();
  if (power10 === 0 || !DECIMAL.test(t)) return parseNumberToken(t);
  const m = /^([^eE]*)(?:[eE]([+-]?\d+))?$/.exec(t) as RegExpExecArray;
  return Number(`${m[1]}e${Number(m[2] ?? 0) + power10}`);
}

/** `scaleDecimal` of a float already read: its shortest round-trip text is the decimal scaled. */
export function scaleFloat(x: number, power10: number): number {
  return power10 === 0 || !Number.isFinite(x) ? x : (scaleDecimal(formatFloat(x), power10) as number);
}

/**
 * Metadata scalars: numbers become numbers, except texts whose leading zeros carry meaning
 * (run "00123", IDs), which stay strings.
 */
export function metadataScalar(text: string): string | number {
  const t = text.trim();
  if (DECIMAL.test(t) && !/^[+-]?0\d/.test(t)) return Number(t);
  return t;
}
