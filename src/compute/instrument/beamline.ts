/**
 * A SANS pinhole instrument simulated neutron by neutron (paper 004's McStas model of KWS-1, written
 * from the physics, not from McStas): cold source -> velocity selector -> source aperture ->
 * sample aperture -> sample (single scattering) -> beamstop -> position-sensitive detector.
 *
 * One neutron path. λ from the source spectrum times the selector triangle (spectrum.ts); a point
 * uniform on the source aperture (z = -L1) and one uniform on the sample aperture (z = 0) fix its
 * direction: the source is taken as focused on the sample aperture, as McStas sources are, so every
 * neutron leaving it reaches the sample aperture and `incident` = neutrons. A neutron outside the
 * cell's width (|x| > width/2) meets no sample. In the sample it is transmitted unscattered with
 * probability T (sample.transmission), scattered into dΩ with probability T·d·I(q)·dΩ (thin-sample
 * single scattering: I in 1/cm, d in cm, q = 4π sin θ / λ of the actual in- and out-going
 * directions), or lost (absorbed, or scattered where the detector is not). The unscattered beam
 * goes on straight and meets the beamstop (or the detector, without one).
 *
 * Scattering into the detector is drawn through an envelope. For every pixel j, G_j bounds
 * T·d·I(q)·cos α / R² over all the paths that can reach it (every λ of the band, every point of both
 * apertures and of the pixel; scattering-law.ts gives exact bounds of the tabulated I), and
 * Γ = Σ_j G_j·A_j. A point x of the detector drawn with density G_j / Γ (pixel by the alias method,
 * then uniform in it) has, for the path at hand, the true density f(x) = T·d·I(q)·cos α / R² of
 * being where the neutron lands.
 *   analog:     with probability Γ the neutron tries; it lands at x with probability f(x) / G_j
 *               (rejection), so it reaches x with probability density exactly f(x) — Bernoulli
 *               counts, as a real detector. Needs T + Γ <= 1 (else the thin-sample picture fails
 *               and the sample is refused).
 *   importance: every path scatters towards x with weight f(x)·Γ / G_j, an unbiased estimate of its
 *               scattered flux into the pixel; the unscattered weight T is added where the beam
 *               lands. The sum over paths, scaled to `neutrons`, is the expected image μ̂; the counts
 *               are Poisson(μ̂) per pixel. μ̂ has its own Monte Carlo error, Var(μ̂_j) ≈ μ_j²·c²/n_j with
 *               n_j ≈ paths·G_jA_j/Γ samples and c the spread of f/G over the pixel: against the
 *               Poisson variance μ_j its share is μ_j·c²/n_j, independent of N when paths = neutrons.
 *               bench/virtual-sans.bench.ts measures it: 1/135 of the Poisson variance (dilute
 *               spheres at 8 m), so the counts are Poisson to better than 1 % in variance.
 *
 * Approximations: no gravity (at 20 m + 20 m and 6 Å the parabola falls g·L2·(L1 + L2)/(2v²) ≈ 9 mm
 * below the line through the apertures at the detector, about one 8 mm pixel row; a real reduction
 * finds the beam centre, and the ±10 % wavelength band smears that drop by ±2 mm), no multiple
 * scattering, no incoherent or cell background, no detector efficiency, dead time or parallax, no
 * guides (the apertures alone shape the beam), beamstop in the detector plane, and the 2D kernels see (qx, qy) = |q|·(transverse direction of k_out − k_in) — |q| exact, its
 * small out-of-plane part (q·θ) folded into the plane.
 */
import { Random } from "../random";
import { samplePoisson } from "../sas/noise";
import { SasInputError } from "../sas/errors";
import { AliasTable } from "./alias-table";
import { behindBeamstop, beamstopShadow, columnLow, fullyShaded, pixelAt, rowLow } from "./detector";
import { tabulateScatteringLaw, type ScatteringLaw } from "./scattering-law";
import { sampleWavelength, spectrumOf } from "./spectrum";
import type { DetectorImageData, SamplingMode, VirtualExperiment } from "./types";
import { validateExperiment } from "./validate";
// Math's functions as module constants: a global lookup per call is slow inside vm contexts (jest).
const { abs, atan, hypot, max, min, pow, sin, sqrt } = Math;

const TWO_PI = 2 * Math.PI;
export const DEFAULT_PATHS = 1e7;
/** Relative head-room on the envelope (rounding only: the bounds themselves are exact). */
const ENVELOPE_MARGIN = 1 + 1e-6;
const PROGRESS_EVERY = 1 << 16;

export interface TraceResult {
  image: DetectorImageData;
  /** Γ: the envelope's probability of scattering into the detector. */
  envelope: number;
  /** Paths whose f exceeded their pixel's envelope (0 when the bounds hold; analog counts would be biased). */
  envelopeExceeded: number;
  /** Scattered fraction of neutrons in the sample that reach the detector plane's pixels or beamstop: the estimate of T·d·∫I dΩ. */
  scatteredFraction: number;
  paths: number;
}

/** Per-pixel envelope of the scattered flux density, and what the law must cover. */
interface Envelope {
  G: Float64Array;
  law: ScatteringLaw | null;
}

function buildEnvelope(exp: VirtualExperiment): Envelope {
  const inst = exp.instrument;
  const det = inst.detector;
  const L1 = inst.collimationLength;
  const L2 = inst.detectorDistance;
  const spectrum = spectrumOf(inst);
  const kMin = TWO_PI / spectrum.max;
  const kMax = TWO_PI / spectrum.min;
  const sx = inst.sampleAperture.width / 2;
  const sy = inst.sampleAperture.height / 2;
  // Largest slopes of the incident beam (both aperture edges), and so its largest angle to z.
  const txMax = (inst.sourceAperture.width / 2 + sx) / L1;
  const tyMax = (inst.sourceAperture.height / 2 + sy) / L1;
  const deltaIn = atan(hypot(txMax, tyMax));
  const npix = det.rows * det.columns;
  const qLo = new Float64Array(npix);
  const qHi = new Float64Array(npix);
  const box = new Float64Array(4 * npix);
  const geometry = new Float64Array(npix);
  const nearest = (lo: number, hi: number): number => (lo > 0 ? lo : hi < 0 ? -hi : 0);
  const farthest = (lo: number, hi: number): number => max(abs(lo), abs(hi));
  let qMax = 0;
  let qMinPositive = Number.POSITIVE_INFINITY;
  for (let r = 0; r < det.rows; r++) {
    const dyLo = rowLow(det, r) - sy;
    const dyHi = dyLo + det.pixelHeight + 2 * sy;
    for (let c = 0; c < det.columns; c++) {
      const j = r * det.columns + c;
      // Transverse offsets from any sample point to any point of the pixel.
      const dxLo = columnLow(det, c) - sx;
      const dxHi = dxLo + det.pixelWidth + 2 * sx;
      const xNear = nearest(dxLo, dxHi);
      const yNear = nearest(dyLo, dyHi);
      const rMin = hypot(xNear, yNear);
      const rMax = hypot(farthest(dxLo, dxHi), farthest(dyLo, dyHi));
      // The angle between k_in and k_out is within deltaIn of k_out's angle to z.
      const twoThetaLo = max(0, atan(rMin / L2) - deltaIn);
      const twoThetaHi = min(Math.PI, atan(rMax / L2) + deltaIn);
      qLo[j] = 2 * kMin * sin(twoThetaLo / 2);
      qHi[j] = 2 * kMax * sin(twoThetaHi / 2);
      if (qHi[j] > qMax) qMax = qHi[j];
      if (qLo[j] > 0 && qLo[j] < qMinPositive) qMinPositive = qLo[j];
      // Bounds of the transverse q components: k̂_out,x = dx/R is monotone in dx and in |dy|.
      const xFar = farthest(dxLo, dxHi);
      const yFar = farthest(dyLo, dyHi);
      const koxLo = dxLo / sqrt(dxLo * dxLo + (dxLo < 0 ? yNear * yNear : yFar * yFar) + L2 * L2);
      const koxHi = dxHi / sqrt(dxHi * dxHi + (dxHi > 0 ? yNear * yNear : yFar * yFar) + L2 * L2);
      const koyLo = dyLo / sqrt(dyLo * dyLo + (dyLo < 0 ? xNear * xNear : xFar * xFar) + L2 * L2);
      const koyHi = dyHi / sqrt(dyHi * dyHi + (dyHi > 0 ? xNear * xNear : xFar * xFar) + L2 * L2);
      // |v| / |v_⊥| for v = k̂_out - k̂_in: at most 1 / cos of (θ + the incident tilt), with head-room.
      const tilt = min(0.99, sin(twoThetaHi / 2) + sin(deltaIn));
      const stretch = 1.01 / sqrt(1 - tilt * tilt);
      const vxLo = koxLo - txMax;
      const vxHi = koxHi + txMax;
      const vyLo = koyLo - tyMax;
      const vyHi = koyHi + tyMax;
      box[4 * j] = vxLo < 0 ? kMax * vxLo * stretch : kMin * vxLo;
      box[4 * j + 1] = vxHi > 0 ? kMax * vxHi * stretch : kMin * vxHi;
      box[4 * j + 2] = vyLo < 0 ? kMax * vyLo * stretch : kMin * vyLo;
      box[4 * j + 3] = vyHi > 0 ? kMax * vyHi * stretch : kMin * vyHi;
      // cos α / R² = L2 / R³ is largest at the nearest point.
      geometry[j] = L2 / pow(L2 * L2 + rMin * rMin, 1.5);
    }
  }
  const G = new Float64Array(npix);
  const sample = exp.sample;
  if (!(sample.thickness > 0)) return { G, law: null };
  const tableLow = max(qMax * 1e-5, min(qMinPositive, qMax * 1e-3));
  const law = tabulateScatteringLaw(sample.model, sample.parameters as Record<string, number | string>, tableLow, qMax * 1.001);
  const td = sample.transmission * sample.thickness;
  for (let r = 0; r < det.rows; r++) {
    for (let c = 0; c < det.columns; c++) {
      const j = r * det.columns + c;
      if (fullyShaded(inst, r, c)) continue;
      const Imax = law.maxOver(qLo[j], qHi[j], box[4 * j], box[4 * j + 1], box[4 * j + 2], box[4 * j + 3]);
      G[j] = td * Imax * geometry[j] * ENVELOPE_MARGIN;
    }
  }
  return { G, law };
}

/** simulateVirtualExperiment with the Monte Carlo's own diagnostics (for tests and the bench). */
export function traceVirtualExperiment(exp: VirtualExperiment, progress?: (fraction: number) => void): TraceResult {
  validateExperiment(exp);
  const mode: SamplingMode = exp.sampling ?? "importance";
  const inst = exp.instrument;
  const det = inst.detector;
  const sample = exp.sample;
  const L1 = inst.collimationLength;
  const L2 = inst.detectorDistance;
  const npix = det.rows * det.columns;
  const pw = det.pixelWidth;
  const ph = det.pixelHeight;
  const T = sample.transmission;
  const td = T * sample.thickness;
  const halfCell = sample.width / 2;
  const srcW = inst.sourceAperture.width;
  const srcH = inst.sourceAperture.height;
  const smpW = inst.sampleAperture.width;
  const smpH = inst.sampleAperture.height;
  const spectrum = spectrumOf(inst);

  const { G, law } = buildEnvelope(exp);
  const area = pw * ph;
  const weights = new Float64Array(npix);
  for (let j = 0; j < npix; j++) weights[j] = G[j] * area;
  const alias = new AliasTable(weights);
  const gamma = alias.total;
  const scatters = law !== null && gamma > 0;
  if (mode === "analog" && T + gamma > 1) {
    throw new SasInputError(
      `the sample scatters too strongly for single scattering: transmission ${T} plus the scattering into the detector (up to ${gamma.toPrecision(3)}) exceeds 1; use a thinner sample, a lower concentration or a lower transmission`,
      "sample.thickness",
    );
  }
  const pixelX = new Float64Array(npix);
  const pixelY = new Float64Array(npix);
  for (let r = 0; r < det.rows; r++) {
    for (let c = 0; c < det.columns; c++) {
      pixelX[r * det.columns + c] = columnLow(det, c);
      pixelY[r * det.columns + c] = rowLow(det, r);
    }
  }

  const rng = new Random(exp.seed);
  const paths = mode === "analog" ? exp.neutrons : (exp.paths ?? min(exp.neutrons, DEFAULT_PATHS));
  const tally = new Float64Array(npix);
  let beamstop = 0;
  let exceeded = 0;
  let scatteredSum = 0;
  let inSampleCount = 0;
  const oriented = law?.oriented ?? false;

  for (let n = 0; n < paths; n++) {
    if (progress && (n & (PROGRESS_EVERY - 1)) === 0) progress(n / paths);
    const lambda = sampleWavelength(spectrum, rng);
    const x0 = (rng.next() - 0.5) * srcW;
    const y0 = (rng.next() - 0.5) * srcH;
    const xs = (rng.next() - 0.5) * smpW;
    const ys = (rng.next() - 0.5) * smpH;
    const tx = (xs - x0) / L1;
    const ty = (ys - y0) / L1;
    const inSample = abs(xs) <= halfCell;
    // analog: one uniform decides transmitted / scattered / lost; importance: weights instead.
    const u = mode === "analog" && inSample ? rng.next() : 0;
    const straight = mode === "analog" ? !inSample || u < T : true;
    if (straight) {
      const weight = mode === "analog" || !inSample ? 1 : T;
      const xd = xs + tx * L2;
      const yd = ys + ty * L2;
      if (behindBeamstop(inst, xd, yd)) beamstop += weight;
      else {
        const p = pixelAt(det, xd, yd);
        if (p >= 0) tally[p] += weight;
      }
    }
    if (!inSample || !scatters || law === null) continue;
    inSampleCount++;
    if (mode === "analog" && (u < T || u >= T + gamma)) continue;
    const j = alias.sample(rng.next(), rng.next());
    const xp = pixelX[j] + rng.next() * pw;
    const yp = pixelY[j] + rng.next() * ph;
    // f = T·d·I(q)·cos α / R² for this path towards (xp, yp).
    const nin = 1 / sqrt(tx * tx + ty * ty + 1);
    const dx = xp - xs;
    const dy = yp - ys;
    const invR = 1 / sqrt(dx * dx + dy * dy + L2 * L2);
    const vx = dx * invR - tx * nin;
    const vy = dy * invR - ty * nin;
    const vz = L2 * invR - nin;
    const vPerp = sqrt(vx * vx + vy * vy);
    const q = (TWO_PI / lambda) * sqrt(vPerp * vPerp + vz * vz);
    const I = oriented ? (vPerp > 0 ? law.at(q, vx / vPerp, vy / vPerp) : law.at(q, 1, 0)) : law.at(q, 0, 0);
    const f = td * I * L2 * invR * invR * invR;
    if (f > G[j]) exceeded++;
    const shaded = behindBeamstop(inst, xp, yp);
    if (mode === "analog") {
      if (rng.next() * G[j] < f) {
        scatteredSum += 1;
        if (shaded) beamstop += 1;
        else tally[j] += 1;
      }
    } else {
      const w = (f * gamma) / G[j];
      scatteredSum += w;
      if (shaded) beamstop += w;
      else tally[j] += w;
    }
  }
  progress?.(1);

  const scatteredFraction = scatteredSum / max(1, inSampleCount);
  if (mode === "importance" && T + scatteredFraction > 1 + 1e-9) {
    throw new SasInputError(
      `the sample scatters too strongly for single scattering: transmission ${T} plus the scattered fraction ${scatteredFraction.toPrecision(3)} exceeds 1; use a thinner sample, a lower concentration or a lower transmission`,
      "sample.thickness",
    );
  }
  const mask = beamstopShadow(inst);
  const image: DetectorImageData = {
    counts: tally,
    shape: [det.rows, det.columns],
    mask,
    incident: exp.neutrons,
    transmission: T,
    beamstopCounts: beamstop,
    sampling: mode,
  };
  if (mode === "importance") {
    const scale = exp.neutrons / paths;
    const expected = new Float64Array(npix);
    const counts = new Float64Array(npix);
    for (let j = 0; j < npix; j++) {
      expected[j] = tally[j] * scale;
      counts[j] = samplePoisson(expected[j], rng);
    }
    image.counts = counts;
    image.expected = expected;
    image.beamstopCounts = samplePoisson(beamstop * scale, rng);
  }
  return { image, envelope: gamma, envelopeExceeded: exceeded, scatteredFraction, paths };
}

/**
 * One virtual SANS measurement: the detector image of `exp.neutrons` neutrons (Poisson counts per
 * pixel, 144 x 256 for KWS-1), its mask (beamstop shadow) and what the reduction needs for absolute
 * scale. Deterministic for a given seed. Bad input raises SasInputError naming the field.
 */
export function simulateVirtualExperiment(exp: VirtualExperiment, progress?: (fraction: number) => void): DetectorImageData {
  return traceVirtualExperiment(exp, progress).image;
}
