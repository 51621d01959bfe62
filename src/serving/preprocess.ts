/**
 * From a measured curve to the model's input features: check → (unit) → interpolate onto the
 * card's q grid → transform → standardise. `interpolateOnto`, `transformIntensity` and
 * `standardiseFeatures` are the reference steps; `prepareInto` computes the same values in a
 * fused pass straight into a batch buffer (interpolation-plan.ts, feature-writer.ts).
 */
import { convertQ, Q_UNIT_LABEL, type QUnit } from "../compute/units";
import { InferenceInputError } from "./errors";
import { writeFeatures } from "./feature-writer";
import { applyPlan, planFor } from "./interpolation-plan";
import { featureCount, type InterpolationStep, type ModelCard, type StandardiseStep, type TransformStep } from "./model-card";

export interface CurveInput {
  q: Float64Array;
  intensity: Float64Array;
  /** One-standard-deviation uncertainty of intensity. */
  sigma?: Float64Array;
  /** Unit of q; the card's unit when omitted. */
  qUnit?: QUnit;
}

export interface PreparedInput {
  features: Float32Array;
  warnings: string[];
}

/**
 * Interpolate (xs, ys) onto targets; xs strictly increasing. Targets outside [xs[0], xs[last]]
 * take the end value. `logX`/`logY` interpolate in ln x / ln y (caller guarantees positivity).
 */
/** Element-wise ln (a plain loop: TypedArray.map is several times slower here). */
function lnOf(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.log(values[i]);
  return out;
}

export function interpolateOnto(xs: Float64Array, ys: Float64Array, targets: Float64Array, logX: boolean, logY: boolean): Float64Array {
  // Map to the interpolation space once per point, not once per use.
  const u = logX ? lnOf(xs) : xs;
  const v = logY ? lnOf(ys) : ys;
  const out = new Float64Array(targets.length);
  const last = xs.length - 1;
  let j = 0;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    if (t <= xs[0]) {
      out[i] = ys[0];
      continue;
    }
    if (t >= xs[last]) {
      out[i] = ys[last];
      continue;
    }
    while (xs[j + 1] < t) j++; // targets ascend, so j only moves forward
    const w = ((logX ? Math.log(t) : t) - u[j]) / (u[j + 1] - u[j]);
    const y = v[j] + w * (v[j + 1] - v[j]);
    out[i] = logY ? Math.exp(y) : y;
  }
  return out;
}

/** The card's intensity transform; "quotient" gives one value fewer than it is given. */
export function transformIntensity(intensity: Float64Array, transform: TransformStep): Float64Array {
  switch (transform.kind) {
    case "none":
      return Float64Array.from(intensity);
    case "log10": {
      const out = new Float64Array(intensity.length);
      for (let i = 0; i < out.length; i++) out[i] = Math.log10(intensity[i]);
      return out;
    }
    case "quotient": {
      // ln(J_{n+1}/J_n) with J = I or I²; squaring doubles the log ratio.
      const power = transform.squareIntensity ? 2 : 1;
      const out = new Float64Array(intensity.length - 1);
      const ln0 = Math.log(intensity[0]);
      for (let n = 0; n < out.length; n++) {
        const base = transform.variant === "log_quotient" ? Math.log(intensity[n]) : ln0;
        out[n] = power * (Math.log(intensity[n + 1]) - base);
      }
      return out;
    }
  }
}

export function standardiseFeatures(features: Float64Array, step: StandardiseStep | undefined): Float64Array {
  if (step === undefined) return features;
  const out = new Float64Array(features.length);
  for (let i = 0; i < out.length; i++) out[i] = (features[i] - step.mean[i]) / step.std[i];
  return out;
}

function needsPositiveIntensity(card: ModelCard): boolean {
  return card.preprocessing.transform.kind !== "none" || card.preprocessing.interpolation.method === "log_log";
}

function needsPositiveQ(interp: InterpolationStep): boolean {
  return interp.method === "log_q" || interp.method === "log_log";
}

const fmt = (v: number) => Number(v.toPrecision(4)).toString();

type Fail = (field: string, problem: string) => never;

interface Points {
  q: Float64Array;
  intensity: Float64Array;
  sigma: Float64Array | undefined;
}

/**
 * The general path for curves that need a unit conversion, sorting or dropping points: copies,
 * sorts by q, and leaves out points a log cannot take (fatal when the curve must match the grid).
 */
function normalisePoints(card: ModelCard, input: CurveInput, fail: Fail, warnings: string[]): Points {
  const n = input.q.length;
  let q = input.qUnit === undefined || input.qUnit === card.qUnit ? Float64Array.from(input.q) : convertQ(input.q, input.qUnit, card.qUnit);
  let intensity = Float64Array.from(input.intensity);
  let sigma = input.sigma === undefined ? undefined : Float64Array.from(input.sigma);

  // Sort by q when needed (some reductions write descending q); repeated q is ambiguous.
  let ascending = true;
  for (let i = 1; i < n; i++) if (!(q[i] > q[i - 1])) ascending = false;
  if (!ascending) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => q[a] - q[b]);
    for (let k = 1; k < n; k++) if (q[order[k]] === q[order[k - 1]]) fail("q", `points ${order[k - 1]} and ${order[k]} have the same q`);
    q = Float64Array.from(order, (i) => q[i]);
    intensity = Float64Array.from(order, (i) => intensity[i]);
    if (sigma !== undefined) sigma = Float64Array.from(order, (i) => sigma![i]);
    warnings.push("q was not in ascending order; points were sorted");
  }

  const interp = card.preprocessing.interpolation;
  const positiveQ = needsPositiveQ(interp);
  const positiveI = needsPositiveIntensity(card);
  const keep = new Uint8Array(n).fill(1);
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    const badQ = positiveQ && !(q[i] > 0);
    const badI = positiveI && !(intensity[i] > 0);
    if (badQ || badI) {
      if (interp.method === "none") fail(badI ? "intensity" : "q", `point ${i} is ${badI ? intensity[i] : q[i]}; the model's preprocessing needs values > 0`);
      keep[i] = 0;
      dropped++;
    }
  }
  if (dropped > 0) {
    q = q.filter((_, i) => keep[i] === 1);
    intensity = intensity.filter((_, i) => keep[i] === 1);
    if (sigma !== undefined) sigma = sigma.filter((_, i) => keep[i] === 1);
    warnings.push(`${dropped} point(s) with non-positive ${positiveQ ? "q or " : ""}intensity were left out`);
  }
  return { q, intensity, sigma };
}

/** Grids computed by different code (numpy's geomspace, a pow loop) differ in the last bits. */
const SAME_Q = 4 * Number.EPSILON;

/**
 * Whether q is the card's grid to within a few ulps. Interpolating there would give each point's
 * own intensity back up to roundoff (relative ~1e-14, far below float32's 6e-8), so it is skipped.
 */
function isCardGrid(q: Float64Array, grid: Float64Array): boolean {
  if (q.length !== grid.length) return false;
  for (let i = 0; i < q.length; i++) if (Math.abs(q[i] - grid[i]) > SAME_Q * grid[i]) return false;
  return true;
}

/** Intensities on the grid for interpolating cards; reused by every call (single-threaded, not re-entrant). */
let gridScratch = new Float64Array(0);
const badFeature = { value: 0 };

/**
 * Check one curve and write its model features to out[offset .. offset + featureCount(card)),
 * or throw InferenceInputError. Returns the warnings. Curves already in the card's unit, ascending
 * and positive are read in place (no copies); interpolation weights are shared by curves on the
 * same q (interpolation-plan.ts); a curve on exactly the card's grid is not interpolated.
 */
export function prepareInto(card: ModelCard, input: CurveInput, inputIndex: number, out: Float32Array, offset: number): string[] {
  const fail: Fail = (field, problem) => {
    throw new InferenceInputError(inputIndex, field, problem);
  };
  const warnings: string[] = [];
  const n = input.q.length;
  const iq = input.q;
  const ii = input.intensity;
  const is = input.sigma;
  if (ii.length !== n) fail("intensity", `has ${ii.length} points but q has ${n}`);
  if (is !== undefined && is.length !== n) fail("sigma", `has ${is.length} points but q has ${n}`);
  const interp = card.preprocessing.interpolation;
  const positiveQ = needsPositiveQ(interp);
  const positiveI = needsPositiveIntensity(card);
  // One pass: the checks that throw, plus whether the curve can be used as it is.
  let inPlace = input.qUnit === undefined || input.qUnit === card.qUnit;
  for (let i = 0; i < n; i++) {
    const qi = iq[i];
    const Ii = ii[i];
    if (!Number.isFinite(qi)) fail("q", `point ${i} is ${qi}`);
    if (!Number.isFinite(Ii)) fail("intensity", `point ${i} is ${Ii}`);
    if (is !== undefined && !(Number.isFinite(is[i]) && is[i] >= 0)) fail("sigma", `point ${i} is ${is[i]}; must be finite and >= 0`);
    if ((i > 0 && !(qi > iq[i - 1])) || (positiveQ && !(qi > 0)) || (positiveI && !(Ii > 0))) inPlace = false;
  }
  const { q, intensity, sigma } = inPlace ? { q: iq, intensity: ii, sigma: is } : normalisePoints(card, input, fail, warnings);

  const grid = card.qGrid;
  const unit = Q_UNIT_LABEL[card.qUnit];
  if (q.length < 2) fail("intensity", "fewer than two usable points");

  const qLo = q[0];
  const qHi = q[q.length - 1];
  if (qLo > card.domain.qMin || qHi < card.domain.qMax) {
    warnings.push(`input covers q ${fmt(qLo)}–${fmt(qHi)} ${unit}, the model was trained on ${fmt(card.domain.qMin)}–${fmt(card.domain.qMax)} ${unit}`);
  }

  let onGrid: Float64Array;
  if (interp.method === "none") {
    if (q.length !== grid.length) fail("q", `has ${q.length} points; this model takes exactly its ${grid.length}-point grid (no interpolation)`);
    for (let i = 0; i < grid.length; i++) {
      if (Math.abs(q[i] - grid[i]) > 1e-6 * grid[i]) fail("q", `point ${i} is ${q[i]} ${unit}, the model's grid has ${grid[i]} ${unit}`);
    }
    onGrid = intensity;
  } else {
    if (qHi < grid[0] || qLo > grid[grid.length - 1]) {
      fail("q", `range ${fmt(qLo)}–${fmt(qHi)} ${unit} does not overlap the model's grid ${fmt(grid[0])}–${fmt(grid[grid.length - 1])} ${unit}`);
    }
    let outside = 0;
    for (let i = 0; i < grid.length; i++) if (grid[i] < qLo || grid[i] > qHi) outside++;
    if (outside > 0) {
      if (interp.extrapolation === "error")
        fail("q", `${outside} of the model's ${grid.length} grid points lie outside the input's q range ${fmt(qLo)}–${fmt(qHi)} ${unit}`);
      warnings.push(`${outside} of ${grid.length} grid points lie outside the input's q range; the end values were held there`);
    }
    if (isCardGrid(q, grid)) {
      onGrid = intensity;
    } else {
      if (gridScratch.length !== grid.length) gridScratch = new Float64Array(grid.length);
      applyPlan(planFor(card, q, interp.method !== "linear"), intensity, interp.method === "log_log", gridScratch);
      onGrid = gridScratch;
    }
  }

  if (sigma !== undefined) {
    let noisy = 0;
    for (let i = 0; i < q.length; i++) if (sigma[i] > Math.abs(intensity[i])) noisy++;
    if (noisy > 0) warnings.push(`${noisy} point(s) have an uncertainty larger than their intensity`);
  }

  const bad = writeFeatures(card, onGrid, out, offset, badFeature);
  if (bad >= 0) fail("intensity", `feature ${bad} is ${badFeature.value} after the model's transform`);
  return warnings;
}

/** Check one curve and turn it into model features, or throw InferenceInputError. */
export function prepareInput(card: ModelCard, input: CurveInput, inputIndex: number): PreparedInput {
  const features = new Float32Array(featureCount(card));
  const warnings = prepareInto(card, input, inputIndex, features, 0);
  return { features, warnings };
}
