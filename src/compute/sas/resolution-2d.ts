/**
 * Pinhole resolution of a 2D pattern, the quadrature sasmodels' Pinhole2D uses (so patterns agree
 * with SasView's 2D fits): each pixel's resolution is a 2D Gaussian with widths dq_parallel (along
 * q, radial) and dq_perpendicular (across q, azimuthal). It is sampled on a polar grid in units of
 * sigma — `rings` rings at radii (k + 1/2)·h, h = 3/rings (out to 3 sigma), times `angles` equally
 * spaced angles — and each ring weighs the Gaussian's probability mass between radii k·h and
 * (k + 1)·h, exp(-(k h)²/2) - exp(-((k + 1) h)²/2); the angles of a ring weigh the same. The
 * pattern at a pixel is the weighted mean of the model at its rings x angles points.
 *
 * Accuracy names are sasmodels' (low is its default): low 3 x 4 points per pixel, med 5 x 6,
 * high 5 x 12, xhigh 10 x 20. (sasmodels turns the frame by arctan(qy/qx), which puts the points
 * of pixels with qx < 0 at -q; the pattern is centrosymmetric, so turning by the true angle, as
 * here, gives the same values.)
 */
import { SasInputError } from "./errors";

export const RESOLUTION_2D_ACCURACIES = ["low", "med", "high", "xhigh"] as const;
export type Resolution2DAccuracy = (typeof RESOLUTION_2D_ACCURACIES)[number];

const GRID: Record<Resolution2DAccuracy, { rings: number; angles: number }> = {
  low: { rings: 3, angles: 4 },
  med: { rings: 5, angles: 6 },
  high: { rings: 5, angles: 12 },
  xhigh: { rings: 10, angles: 20 },
};

/** Sigmas the polar grid reaches. */
const N_SIGMA = 3;
/** Widths below this are taken as this (1/Å): a zero width is a delta, sampled at the pixel itself. */
const MINIMUM_WIDTH = 1e-10;

export interface Resolution2D {
  /** One-sigma width along q at each pixel, 1/Å (row-major like the pattern). */
  dqParallel: Float64Array;
  /** One-sigma width across q at each pixel, 1/Å. */
  dqPerpendicular: Float64Array;
  accuracy?: Resolution2DAccuracy;
}

export interface Pinhole2DSmearing {
  /** Where the model must be evaluated: point k of pixel i at index k·pixels + i. */
  qx: Float64Array;
  qy: Float64Array;
  /** The weighted mean per pixel of a pattern computed at (qx, qy). */
  apply(theory: Float64Array): Float64Array;
}

/** Model evaluations per pixel. */
export function resolutionPoints(resolution: Pick<Resolution2D, "accuracy">): number {
  const g = GRID[resolution.accuracy ?? "low"];
  return g.rings * g.angles;
}

function checkWidths(values: Float64Array, n: number, name: "dqParallel" | "dqPerpendicular"): void {
  if (values.length !== n) throw new SasInputError(`${name} has ${values.length} values for ${n} pixels: give one per pixel (row-major)`, name);
  for (let i = 0; i < n; i++) {
    if (!(values[i] >= 0) || !Number.isFinite(values[i]))
      throw new SasInputError(`${name}[${i}] = ${values[i]}: resolution widths must be finite and >= 0 (1/Å)`, name);
  }
}

export function pinhole2D(x: Float64Array, y: Float64Array, resolution: Resolution2D): Pinhole2DSmearing {
  const n = x.length;
  const accuracy = resolution.accuracy ?? "low";
  if (!(accuracy in GRID)) throw new SasInputError(`accuracy must be one of ${RESOLUTION_2D_ACCURACIES.join(", ")}`, "accuracy");
  checkWidths(resolution.dqParallel, n, "dqParallel");
  checkWidths(resolution.dqPerpendicular, n, "dqPerpendicular");
  const { rings, angles } = GRID[accuracy];
  const h = N_SIGMA / rings;
  const ringWeight = new Float64Array(rings);
  for (let k = 0; k < rings; k++) ringWeight[k] = Math.exp(-0.5 * (k * h) ** 2) - Math.exp(-0.5 * ((k + 1) * h) ** 2);
  const cosA = new Float64Array(angles);
  const sinA = new Float64Array(angles);
  for (let j = 0; j < angles; j++) {
    cosA[j] = Math.cos((2 * Math.PI * j) / angles);
    sinA[j] = Math.sin((2 * Math.PI * j) / angles);
  }
  const points = rings * angles;
  const qx = new Float64Array(points * n);
  const qy = new Float64Array(points * n);
  for (let i = 0; i < n; i++) {
    const q = Math.hypot(x[i], y[i]);
    const c = q > 0 ? x[i] / q : 1;
    const s = q > 0 ? y[i] / q : 0;
    const along = Math.max(resolution.dqParallel[i], MINIMUM_WIDTH);
    const across = Math.max(resolution.dqPerpendicular[i], MINIMUM_WIDTH);
    for (let k = 0; k < rings; k++) {
      const r = (k + 0.5) * h;
      for (let j = 0; j < angles; j++) {
        // In the pixel's frame (along q, across q), then turned back to (qx, qy).
        const a = q + r * along * cosA[j];
        const b = r * across * sinA[j];
        let px = a * c - b * s;
        let py = a * s + b * c;
        // A point on the direct beam has no direction: nudge it off (its weight is tiny).
        if (px === 0 && py === 0) [px, py] = [MINIMUM_WIDTH * c, MINIMUM_WIDTH * s];
        const at = (k * angles + j) * n + i;
        qx[at] = px;
        qy[at] = py;
      }
    }
  }
  let total = 0;
  for (let k = 0; k < rings; k++) total += ringWeight[k] * angles;
  return {
    qx,
    qy,
    apply(theory) {
      const out = new Float64Array(n);
      for (let k = 0; k < rings; k++) {
        const w = ringWeight[k] / total;
        for (let j = 0; j < angles; j++) {
          const base = (k * angles + j) * n;
          for (let i = 0; i < n; i++) out[i] += w * theory[base + i];
        }
      }
      return out;
    },
  };
}
