/**
 * Slit smearing as sasmodels' Slit1D defines it, for slit-smeared data such as USANS: with slit
 * length l (perpendicular to q, integrated over [0, l]) and slit width w (along q, over [-w, w]),
 * per point,
 *
 *   I_s(q) = 1/(2 w l) ∫_{-w}^{w} ∫_0^{l} I(√((q + v)² + u²)) du dv,
 *
 * which is 1/l ∫_0^l I(√(q² + u²)) du for w = 0 and 1/(2w) ∫_{-w}^{w} I(|q + v|) dv for l = 0.
 * sasmodels evaluates the model on one extended q grid and interpolates; here each integral is a
 * composite Gauss–Legendre rule whose panels double until two levels agree to the tolerance, so the
 * error is controlled rather than assumed (a long slit over an oscillating form factor needs many
 * nodes). The width integral is split where q + v = 0 (|q + v| has a kink there).
 */
import { SasInputError } from "./errors";
import { gaussLegendre } from "./numerics/gauss-legendre";

export interface SlitResolution {
  /** Slit length per point (same unit as q), >= 0. */
  length: Float64Array;
  /** Slit width per point (same unit as q), >= 0. */
  width: Float64Array;
}

/** Gauss–Legendre nodes per panel. */
const RULE = gaussLegendre(8);
/** Panels per interval at most (the last level, 8 x 64 = 512 nodes per interval). */
export const MAX_SLIT_PANELS = 64;
/** Two successive levels agreeing to this (relative) end the refinement. */
export const SLIT_TOLERANCE = 1e-10;

/** Nodes and weights of `panels` equal panels on [a, b], weights summing to b - a. */
function composite(a: number, b: number, panels: number, nodes: number[], weights: number[]): void {
  const h = (b - a) / panels;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * h;
    for (let k = 0; k < RULE.nodes.length; k++) {
      nodes.push(mid + 0.5 * h * RULE.nodes[k]);
      weights.push(0.5 * h * RULE.weights[k]);
    }
  }
}

/** The quadrature of one point at one level: where to evaluate, and the normalised weights. */
function pointRule(q: number, length: number, width: number, panels: number): { at: number[]; weight: number[] } {
  const u: number[] = [];
  const wu: number[] = [];
  if (length > 0) composite(0, length, panels, u, wu);
  else {
    u.push(0);
    wu.push(1);
  }
  const v: number[] = [];
  const wv: number[] = [];
  if (width > 0) {
    // |q + v| has a kink at v = -q: integrate on each side of it.
    if (-q > -width) {
      composite(-width, -q, panels, v, wv);
      composite(-q, width, panels, v, wv);
    } else composite(-width, width, panels, v, wv);
  } else {
    v.push(0);
    wv.push(1);
  }
  const nu = length > 0 ? length : 1;
  const nv = width > 0 ? 2 * width : 1;
  const at: number[] = [];
  const weight: number[] = [];
  for (let j = 0; j < v.length; j++) {
    for (let i = 0; i < u.length; i++) {
      const x = q + v[j];
      at.push(Math.sqrt(x * x + u[i] * u[i]));
      weight.push((wu[i] / nu) * (wv[j] / nv));
    }
  }
  return { at, weight };
}

export function checkSlit(q: Float64Array, slit: SlitResolution): void {
  for (const key of ["length", "width"] as const) {
    const values = slit[key];
    if (!(values instanceof Float64Array) || values.length !== q.length) {
      throw new SasInputError(`resolution.slit.${key} must have one value per q (${q.length})`, `resolution.slit.${key}`);
    }
    for (let i = 0; i < values.length; i++) {
      if (!(values[i] >= 0) || !Number.isFinite(values[i]))
        throw new SasInputError(`resolution.slit.${key}[${i}] = ${values[i]} must be finite and >= 0`, `resolution.slit.${key}`);
    }
  }
}

/** Model evaluations the smear may need at most (the last level for every point): for pricing a request. */
export function slitWork(q: Float64Array, slit: SlitResolution): number {
  const perInterval = RULE.nodes.length * MAX_SLIT_PANELS;
  let total = 0;
  for (let i = 0; i < q.length; i++) total += (slit.length[i] > 0 ? perInterval : 1) * (slit.width[i] > 0 ? 2 * perInterval : 1);
  return total;
}

/**
 * Smear `model` (evaluated on any positive q) onto q with slit resolution. `model` returns the
 * arrays to smear (I first; P, S of a product alike), all on the q it was given; each is smeared with
 * the same rule, the rule refined until I converges.
 */
export function smearSlit(q: Float64Array, slit: SlitResolution, model: (qCalc: Float64Array) => Float64Array[], tolerance = SLIT_TOLERANCE): Float64Array[] {
  checkSlit(q, slit);
  let previous: Float64Array | null = null;
  for (let panels = 1; ; panels *= 2) {
    const rules = Array.from(q, (qi, i) => pointRule(qi, slit.length[i], slit.width[i], panels));
    const qCalc = Float64Array.from(rules.flatMap((r) => r.at));
    const raw = model(qCalc);
    const smeared = raw.map((values) => {
      const out = new Float64Array(q.length);
      let offset = 0;
      rules.forEach((r, i) => {
        let sum = 0;
        for (let k = 0; k < r.weight.length; k++) sum += r.weight[k] * values[offset + k];
        out[i] = sum;
        offset += r.weight.length;
      });
      return out;
    });
    const I = smeared[0];
    const converged = previous !== null && I.every((v, i) => Math.abs(v - previous![i]) <= tolerance * Math.abs(v) + 1e-300);
    if (converged || panels >= MAX_SLIT_PANELS) return smeared;
    previous = I;
  }
}
