/**
 * Where each grid point falls on an input's q axis (bracketing index and weight), computed once per
 * distinct input grid and card and then reused: curves from one instrument share their q, so in a
 * batch only the intensities differ. The arithmetic is exactly that of `interpolateOnto`.
 */
import type { ModelCard } from "./model-card";

/** Index codes for grid points outside the input's range: hold the first or the last value. */
export const HOLD_FIRST = -1;
export const HOLD_LAST = -2;

export interface InterpolationPlan {
  /** The input q this plan was made for (a private copy). */
  q: Float64Array;
  logX: boolean;
  /** Per grid point: left bracketing index j (interpolate j..j+1), or HOLD_FIRST / HOLD_LAST. */
  index: Int32Array;
  /** Per grid point: weight of point j+1. */
  weight: Float64Array;
  /** Input points [lo, hi] that any grid point reads; hi < lo when none. */
  lo: number;
  hi: number;
}

/** Plans remembered per card (a few instruments' grids). */
const PLANS_PER_CARD = 4;
const plans = new WeakMap<ModelCard, InterpolationPlan[]>();
const lnGrids = new WeakMap<ModelCard, Float64Array>();

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function lnGridOf(card: ModelCard): Float64Array {
  let ln = lnGrids.get(card);
  if (!ln) {
    ln = new Float64Array(card.qGrid.length);
    for (let i = 0; i < ln.length; i++) ln[i] = Math.log(card.qGrid[i]);
    lnGrids.set(card, ln);
  }
  return ln;
}

function makePlan(card: ModelCard, xs: Float64Array, logX: boolean): InterpolationPlan {
  const targets = card.qGrid;
  const lnT = logX ? lnGridOf(card) : targets;
  const index = new Int32Array(targets.length);
  const weight = new Float64Array(targets.length);
  const last = xs.length - 1;
  let lo = xs.length;
  let hi = -1;
  // ln of input q only where a grid point needs it (each at most once).
  let uj = NaN;
  let uj1 = NaN;
  let uAt = -1;
  let j = 0;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    if (t <= xs[0]) {
      index[i] = HOLD_FIRST;
      lo = Math.min(lo, 0);
      hi = Math.max(hi, 0);
      continue;
    }
    if (t >= xs[last]) {
      index[i] = HOLD_LAST;
      lo = Math.min(lo, last);
      hi = Math.max(hi, last);
      continue;
    }
    while (xs[j + 1] < t) j++;
    if (uAt !== j) {
      uj = uAt >= 0 && uAt === j - 1 ? uj1 : logX ? Math.log(xs[j]) : xs[j];
      uj1 = logX ? Math.log(xs[j + 1]) : xs[j + 1];
      uAt = j;
    }
    index[i] = j;
    weight[i] = (lnT[i] - uj) / (uj1 - uj);
    lo = Math.min(lo, j);
    hi = Math.max(hi, j + 1);
  }
  return { q: Float64Array.from(xs), logX, index, weight, lo, hi };
}

/** The plan for interpolating a curve on `xs` (strictly increasing) onto the card's grid. */
export function planFor(card: ModelCard, xs: Float64Array, logX: boolean): InterpolationPlan {
  let list = plans.get(card);
  if (!list) plans.set(card, (list = []));
  for (let k = 0; k < list.length; k++) {
    const p = list[k];
    if (p.logX === logX && sameValues(p.q, xs)) {
      if (k > 0) list.unshift(...list.splice(k, 1)); // most recent first
      return p;
    }
  }
  const plan = makePlan(card, xs, logX);
  list.unshift(plan);
  if (list.length > PLANS_PER_CARD) list.pop();
  return plan;
}

let lnScratch = new Float64Array(0);

/**
 * Intensities on the card's grid, written to `out`: v[j] + w (v[j+1] - v[j]) with v = ys or ln ys,
 * then exp back when `logY`; held end values are copied as given.
 */
export function applyPlan(plan: InterpolationPlan, ys: Float64Array, logY: boolean, out: Float64Array): void {
  let v: Float64Array = ys;
  if (logY) {
    if (lnScratch.length < ys.length) lnScratch = new Float64Array(ys.length);
    for (let k = plan.lo; k <= plan.hi; k++) lnScratch[k] = Math.log(ys[k]);
    v = lnScratch;
  }
  const { index, weight } = plan;
  const last = ys.length - 1;
  for (let i = 0; i < index.length; i++) {
    const j = index[i];
    if (j === HOLD_FIRST) out[i] = ys[0];
    else if (j === HOLD_LAST) out[i] = ys[last];
    else {
      const y = v[j] + weight[i] * (v[j + 1] - v[j]);
      out[i] = logY ? Math.exp(y) : y;
    }
  }
}
