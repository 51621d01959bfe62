/**
 * Reduction of a detector image to I(Q) on absolute scale, as a SANS facility's software does it
 * for a pinhole instrument:
 *   - mask: the image's own mask (beamstop shadow), `edgePixels` rows/columns at each border, and
 *     any extra mask of the caller;
 *   - absolute scale: a pixel that counted C_j of N incident neutrons through a sample of
 *     transmission T and thickness d saw I = C_j / (N·T·d·Ω_j) in 1/cm (the Monte Carlo's own
 *     definition of the scattering probability, T·d·I·dΩ);
 *   - averaging: over the pixels of a q bin (the whole ring, or a sector),
 *     I_bin = Σ C_j / Σ N·T·d·Ω_j, with dI = √(Σ C_j) / Σ N·T·d·Ω_j (Poisson; an empty bin gets the
 *     error of one count, so that it is not taken as exact);
 *   - q of a bin: the Ω-weighted mean of its pixels' q; dQ: √(the Ω-weighted mean of the pixels'
 *     pinhole variance (pixel-geometry.ts, Mildner–Carpenter) + the Ω-weighted variance of the
 *     pixels' q within the bin (the binning)).
 * Bins without an unmasked pixel are left out.
 */
import { SasInputError } from "../sas/errors";
import type { IntensityUnit, QUnit } from "../units";
import { pixelGeometry, type PixelGeometry } from "./pixel-geometry";
import type { DetectorImageData, InstrumentSettings } from "./types";
// Math's functions as module constants: a global lookup per call is slow inside vm contexts (jest).
const { abs, floor, log, max, min, sqrt } = Math;

export interface Sector {
  /** Centre of the sector, degrees from +x towards +y. */
  centre: number;
  /** Half opening angle, degrees (0, 180]. */
  halfWidth: number;
  /** Also the opposite sector (centre + 180°): on by default, as scattering is centrosymmetric. */
  bothSides?: boolean;
}

export interface ReductionOptions {
  /** Sample thickness, cm (for absolute scale). */
  thickness: number;
  /** Number of q bins (default 100). */
  bins?: number;
  spacing?: "linear" | "log";
  /** q range of the bins, 1/Å (default: the unmasked pixels' range). */
  qMin?: number;
  qMax?: number;
  /** Pixels masked at each border of the detector (default 0). */
  edgePixels?: number;
  /** Extra mask (1 = masked), row-major as the image. */
  mask?: Uint8Array;
  /** A sector average instead of the full azimuthal one. */
  sector?: Sector;
  /** Precomputed pixel geometry of the same instrument (saves its computation when reducing many images). */
  geometry?: PixelGeometry;
}

/** A curve as src/formats' CurveRecord holds it (assignable to one), plus what the bins were made of. */
export interface ReducedCurve {
  title?: string;
  q: Float64Array;
  intensity: Float64Array;
  qUnit: QUnit;
  intensityUnit: IntensityUnit;
  dI: Float64Array;
  dQ: Float64Array;
  /** Counts and unmasked pixels per bin. */
  counts: Float64Array;
  pixels: Float64Array;
  /** Σ N·T·d·Ω_j of the bin (counts per unit I in 1/cm): the bin's exposure. */
  exposure: Float64Array;
}

function inSector(azimuth: number, s: Sector): boolean {
  const distance = (a: number, b: number): number => {
    const d = abs(((a - b) % 360) + 360) % 360;
    return min(d, 360 - d);
  };
  if (distance(azimuth, s.centre) <= s.halfWidth) return true;
  return (s.bothSides ?? true) && distance(azimuth, s.centre + 180) <= s.halfWidth;
}

function check(image: DetectorImageData, instrument: InstrumentSettings, o: ReductionOptions): void {
  const d = instrument.detector;
  if (image.shape[0] !== d.rows || image.shape[1] !== d.columns || image.counts.length !== d.rows * d.columns) {
    throw new SasInputError(`image shape ${image.shape.join(" x ")} does not match the instrument's detector ${d.rows} x ${d.columns}`, "image.shape");
  }
  if (!(o.thickness > 0) || !Number.isFinite(o.thickness)) throw new SasInputError(`thickness must be > 0 cm (got ${o.thickness})`, "thickness");
  if (!(image.incident > 0)) throw new SasInputError(`image.incident must be > 0 (got ${image.incident})`, "image.incident");
  if (!(image.transmission > 0 && image.transmission <= 1)) throw new SasInputError(`image.transmission must be in (0, 1]`, "image.transmission");
  const bins = o.bins ?? 100;
  if (!Number.isInteger(bins) || bins < 1 || bins > 100000) throw new SasInputError(`bins must be an integer in [1, 100000] (got ${bins})`, "bins");
  if (o.spacing !== undefined && o.spacing !== "linear" && o.spacing !== "log") throw new SasInputError(`spacing must be "linear" or "log"`, "spacing");
  if (o.edgePixels !== undefined && (!Number.isInteger(o.edgePixels) || o.edgePixels < 0))
    throw new SasInputError(`edgePixels must be an integer >= 0`, "edgePixels");
  if (o.mask !== undefined && o.mask.length !== image.counts.length)
    throw new SasInputError(`mask must have one entry per pixel (${image.counts.length})`, "mask");
  if (o.sector !== undefined) {
    if (!Number.isFinite(o.sector.centre)) throw new SasInputError("sector.centre must be finite (degrees)", "sector.centre");
    if (!(o.sector.halfWidth > 0 && o.sector.halfWidth <= 180)) throw new SasInputError("sector.halfWidth must be in (0, 180] degrees", "sector.halfWidth");
  }
  for (const key of ["qMin", "qMax"] as const) {
    const v = o[key];
    if (v !== undefined && !(v > 0 && Number.isFinite(v))) throw new SasInputError(`${key} must be > 0 (1/Å)`, key);
  }
}

/** The pixels that enter the average (1 = used). */
export function usedPixels(image: DetectorImageData, instrument: InstrumentSettings, geometry: PixelGeometry, o: ReductionOptions): Uint8Array {
  const d = instrument.detector;
  const edge = o.edgePixels ?? 0;
  const used = new Uint8Array(image.counts.length);
  for (let r = 0; r < d.rows; r++) {
    for (let c = 0; c < d.columns; c++) {
      const j = r * d.columns + c;
      if (image.mask[j] || (o.mask && o.mask[j])) continue;
      if (r < edge || c < edge || r >= d.rows - edge || c >= d.columns - edge) continue;
      if (!(geometry.q[j] > 0)) continue;
      if (o.sector && !inSector(geometry.azimuth[j], o.sector)) continue;
      used[j] = 1;
    }
  }
  return used;
}

/** Azimuthal (or sector) average of a detector image to I(Q) in 1/cm against q in 1/Å. */
export function reduceImage(image: DetectorImageData, instrument: InstrumentSettings, options: ReductionOptions): ReducedCurve {
  check(image, instrument, options);
  const g = options.geometry ?? pixelGeometry(instrument);
  const used = usedPixels(image, instrument, g, options);
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (let j = 0; j < used.length; j++) {
    if (!used[j]) continue;
    if (g.q[j] < lo) lo = g.q[j];
    if (g.q[j] > hi) hi = g.q[j];
  }
  if (!(hi > 0)) throw new SasInputError("no pixel is left after masking: check the mask, edgePixels and the sector", "mask");
  const qMin = options.qMin ?? lo;
  const qMax = options.qMax ?? hi * (1 + 1e-12);
  if (!(qMax > qMin)) throw new SasInputError(`qMax (${qMax}) must exceed qMin (${qMin})`, "qMax");
  const bins = options.bins ?? 100;
  const logSpacing = (options.spacing ?? "log") === "log";
  const binOf = (q: number): number => {
    const t = logSpacing ? log(q / qMin) / log(qMax / qMin) : (q - qMin) / (qMax - qMin);
    return t < 0 || t >= 1 ? -1 : floor(t * bins);
  };
  const norm = image.incident * image.transmission * options.thickness;
  const sumC = new Float64Array(bins);
  const sumW = new Float64Array(bins);
  const sumWq = new Float64Array(bins);
  const sumWq2 = new Float64Array(bins);
  const sumWdq2 = new Float64Array(bins);
  const pixels = new Float64Array(bins);
  for (let j = 0; j < used.length; j++) {
    if (!used[j]) continue;
    const b = binOf(g.q[j]);
    if (b < 0) continue;
    const w = g.solidAngle[j];
    sumC[b] += image.counts[j];
    sumW[b] += w;
    sumWq[b] += w * g.q[j];
    sumWq2[b] += w * g.q[j] * g.q[j];
    sumWdq2[b] += w * g.dq[j] * g.dq[j];
    pixels[b] += 1;
  }
  const keep: number[] = [];
  for (let b = 0; b < bins; b++) if (pixels[b] > 0) keep.push(b);
  const m = keep.length;
  const out: ReducedCurve = {
    q: new Float64Array(m),
    intensity: new Float64Array(m),
    dI: new Float64Array(m),
    dQ: new Float64Array(m),
    counts: new Float64Array(m),
    pixels: new Float64Array(m),
    exposure: new Float64Array(m),
    qUnit: "INV_ANGSTROM",
    intensityUnit: "INV_CM",
  };
  keep.forEach((b, i) => {
    const exposure = norm * sumW[b];
    const q = sumWq[b] / sumW[b];
    const binVariance = max(0, sumWq2[b] / sumW[b] - q * q);
    out.q[i] = q;
    out.intensity[i] = sumC[b] / exposure;
    out.dI[i] = sqrt(max(1, sumC[b])) / exposure;
    out.dQ[i] = sqrt(sumWdq2[b] / sumW[b] + binVariance);
    out.counts[i] = sumC[b];
    out.pixels[i] = pixels[b];
    out.exposure[i] = exposure;
  });
  return out;
}

/** A sector average: reduceImage over the pixels within `sector`. */
export function sectorAverage(image: DetectorImageData, instrument: InstrumentSettings, sector: Sector, options: ReductionOptions): ReducedCurve {
  return reduceImage(image, instrument, { ...options, sector });
}
