/**
 * Curve transforms used by the papers (pure: arrays in, arrays out).
 * Paper 001 (SASformer) compares three scale-invariant inputs, all built on I²:
 *  - quotient transform QT_n = I_{n+1}/I_n (scale s cancels), used as log QT(I²);
 *  - scalar neutralisation: cumulative product of QT(I²) (= I²_n/I²_0), then log;
 *  - zero-index normalisation: log(I²) divided by its value at index 0.
 */
import { SasInputError } from "./errors";

function logFn(base: "e" | 10): (x: number) => number {
  return base === 10 ? Math.log10 : Math.log;
}

/** log10 of every point. */
export function log10Curve(I: Float64Array): Float64Array {
  return Float64Array.from(I, (v) => Math.log10(v));
}

/** I_{n+1}/I_n (length n-1). With square: (I_{n+1}/I_n)². */
export function quotientTransform(I: Float64Array, options: { square?: boolean } = {}): Float64Array {
  const n = I.length;
  if (n < 2) throw new SasInputError("quotient transform needs at least 2 points", "I");
  const out = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    const r = I[i + 1] / I[i];
    out[i] = options.square ? r * r : r;
  }
  return out;
}

/** Paper 001's input: log of the quotient transform of I² (length n-1). */
export function logQuotientTransform(I: Float64Array, base: "e" | 10 = "e"): Float64Array {
  const lg = logFn(base);
  return Float64Array.from(quotientTransform(I, { square: true }), (v) => lg(v));
}

/** Paper 001's scalar neutralisation: log of the cumulative product of QT(I²), i.e. log(I²_{n}/I²_0), n >= 1. */
export function scalarNeutralisation(I: Float64Array, base: "e" | 10 = "e"): Float64Array {
  const lg = logFn(base);
  const qt = quotientTransform(I, { square: true });
  const out = new Float64Array(qt.length);
  let product = 1;
  for (let i = 0; i < qt.length; i++) {
    product *= qt[i];
    out[i] = lg(product);
  }
  return out;
}

/** Paper 001's zero-index normalisation: log(I²) / log(I²)[0] (independent of the log base). */
export function zeroIndexNormalisation(I: Float64Array): Float64Array {
  if (I.length === 0) throw new SasInputError("zero-index normalisation needs at least 1 point", "I");
  const l0 = Math.log(I[0] * I[0]);
  return Float64Array.from(I, (v) => Math.log(v * v) / l0);
}

export interface InterpolationOptions {
  /** "linear" in (q, I) or "loglog" (linear in log q, log I: exact for power laws). Default "linear". */
  mode?: "linear" | "loglog";
  /** Outside the source range: NaN (default) or the nearest end value. */
  extrapolate?: "nan" | "clamp";
}

/** Interpolate a curve given on increasing qFrom onto qTo. */
export function interpolateCurve(qFrom: Float64Array, IFrom: Float64Array, qTo: Float64Array, options: InterpolationOptions = {}): Float64Array {
  const n = qFrom.length;
  if (n !== IFrom.length) throw new SasInputError(`qFrom (${n}) and IFrom (${IFrom.length}) differ in length`, "IFrom");
  if (n < 2) throw new SasInputError("interpolation needs at least 2 source points", "qFrom");
  for (let i = 1; i < n; i++) if (!(qFrom[i] > qFrom[i - 1])) throw new SasInputError("qFrom must be strictly increasing", "qFrom");
  const loglog = options.mode === "loglog";
  const clamp = options.extrapolate === "clamp";
  const x = loglog ? Float64Array.from(qFrom, Math.log) : qFrom;
  const y = loglog ? Float64Array.from(IFrom, Math.log) : IFrom;
  const out = new Float64Array(qTo.length);
  let j = 0;
  for (let i = 0; i < qTo.length; i++) {
    const t = loglog ? Math.log(qTo[i]) : qTo[i];
    if (t < x[0] || t > x[n - 1]) {
      out[i] = clamp ? (t < x[0] ? IFrom[0] : IFrom[n - 1]) : Number.NaN;
      continue;
    }
    if (t < x[j]) j = 0;
    while (j < n - 2 && t > x[j + 1]) j++;
    const f = (t - x[j]) / (x[j + 1] - x[j]);
    const v = y[j] + f * (y[j + 1] - y[j]);
    out[i] = loglog ? Math.exp(v) : v;
  }
  return out;
}
