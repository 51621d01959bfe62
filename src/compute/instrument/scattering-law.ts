/**
 * The sample's scattering law, tabulated once per image so that each neutron costs one
 * interpolation instead of a model evaluation:
 *   - isotropic models: I(q) from `evaluate` on a fine logarithmic q grid (4096 points over the
 *     detector's q range: a step of 0.2 % in q, far below any instrument's resolution), linear in q
 *     between nodes;
 *   - oriented models: I(qx, qy) from `evaluate2D` on a Cartesian grid (768 x 768 over ±q_max,
 *     no node at q = 0), bilinear between nodes: a step of 2·q_max/768, 0.004 1/Å at 8m-1m and
 *     4.5 Å, so a pattern with features narrower than ~3 steps (rods longer than ~1500 Å at the
 *     shortest distance) is blurred by the table, not only by the instrument.
 * Both tables answer the largest value over a range, which is an exact bound on what interpolation
 * returns there (a linear interpolant never exceeds its nodes): the Monte Carlo's envelope.
 */
import { SasInputError } from "../sas/errors";
import { evaluate } from "../sas/evaluate";
import { evaluate2D } from "../sas/evaluate-2d";
import { compileExpression } from "../sas/registry";
// Math's functions as module constants: a global lookup per call is slow inside vm contexts (jest).
const { ceil, exp, floor, log, max, min } = Math;

export const ISOTROPIC_NODES = 4096;
export const ORIENTED_NODES = 768;

export interface ScatteringLaw {
  readonly oriented: boolean;
  /** I in 1/cm at momentum transfer q (1/Å) whose detector-plane direction is (ux, uy) (a unit vector). */
  at(q: number, ux: number, uy: number): number;
  /** An upper bound of `at` over |q| in [qLo, qHi] with qx in [qxLo, qxHi] and qy in [qyLo, qyHi]. */
  maxOver(qLo: number, qHi: number, qxLo: number, qxHi: number, qyLo: number, qyHi: number): number;
}

function checkIntensity(I: Float64Array, model: string): void {
  for (let i = 0; i < I.length; i++) {
    if (!(I[i] >= 0) || !Number.isFinite(I[i])) {
      throw new SasInputError(
        `sample "${model}" gives I = ${I[i]} 1/cm somewhere on the detector: a scattering probability must be finite and >= 0 (is the background negative?)`,
        "sample.parameters",
      );
    }
  }
}

/** Re-raise a model error with the field path the caller used. */
function asSampleError(err: unknown): never {
  if (err instanceof SasInputError) {
    const field = err.field === "expression" ? "sample.model" : err.field === undefined ? "sample.parameters" : `sample.parameters.${err.field}`;
    throw new SasInputError(`sample: ${err.message}`, field);
  }
  throw err;
}

class IsotropicLaw implements ScatteringLaw {
  readonly oriented = false;
  private readonly lnQ0: number;
  private readonly step: number;
  private readonly I: Float64Array;

  constructor(model: string, params: Record<string, number | string>, qLo: number, qHi: number) {
    const n = ISOTROPIC_NODES;
    this.lnQ0 = log(qLo);
    this.step = (log(qHi) - this.lnQ0) / (n - 1);
    const q = new Float64Array(n);
    for (let i = 0; i < n; i++) q[i] = exp(this.lnQ0 + i * this.step);
    try {
      this.I = evaluate(model, params, q).I;
    } catch (err) {
      asSampleError(err);
    }
    checkIntensity(this.I, model);
  }

  at(q: number): number {
    const t = (log(q) - this.lnQ0) / this.step;
    if (!(t > 0)) return this.I[0]; // below the table (and q = 0): the Guinier plateau
    const i = floor(t);
    if (i >= this.I.length - 1) return this.I[this.I.length - 1];
    const f = t - i;
    return this.I[i] + f * (this.I[i + 1] - this.I[i]);
  }

  maxOver(qLo: number, qHi: number): number {
    const n = this.I.length;
    let lo = qLo > 0 ? floor((log(qLo) - this.lnQ0) / this.step) : 0;
    let hi = ceil((log(qHi) - this.lnQ0) / this.step);
    lo = min(n - 1, max(0, lo));
    hi = min(n - 1, max(0, hi));
    let m = 0;
    for (let i = lo; i <= hi; i++) if (this.I[i] > m) m = this.I[i];
    return m;
  }
}

class OrientedLaw implements ScatteringLaw {
  readonly oriented = true;
  private readonly n: number;
  private readonly half: number;
  private readonly step: number;
  private readonly I: Float64Array;

  constructor(model: string, params: Record<string, number | string>, qMax: number) {
    const n = ORIENTED_NODES;
    this.n = n;
    this.half = qMax;
    this.step = (2 * qMax) / n;
    const axis = new Float64Array(n);
    for (let i = 0; i < n; i++) axis[i] = -qMax + (i + 0.5) * this.step;
    try {
      this.I = evaluate2D(model, params, axis, axis).I;
    } catch (err) {
      asSampleError(err);
    }
    checkIntensity(this.I, model);
  }

  at(q: number, ux: number, uy: number): number {
    const n = this.n;
    let fx = (q * ux + this.half) / this.step - 0.5;
    let fy = (q * uy + this.half) / this.step - 0.5;
    fx = min(n - 1, max(0, fx));
    fy = min(n - 1, max(0, fy));
    const ix = min(n - 2, floor(fx));
    const iy = min(n - 2, floor(fy));
    const tx = fx - ix;
    const ty = fy - iy;
    const k = iy * n + ix;
    const I = this.I;
    return (1 - ty) * ((1 - tx) * I[k] + tx * I[k + 1]) + ty * ((1 - tx) * I[k + n] + tx * I[k + n + 1]);
  }

  maxOver(_qLo: number, _qHi: number, qxLo: number, qxHi: number, qyLo: number, qyHi: number): number {
    const n = this.n;
    const index = (v: number, up: boolean): number => {
      const f = (v + this.half) / this.step - 0.5;
      return min(n - 1, max(0, up ? ceil(f) : floor(f)));
    };
    const x0 = index(qxLo, false);
    const x1 = index(qxHi, true);
    const y0 = index(qyLo, false);
    const y1 = index(qyHi, true);
    let m = 0;
    for (let iy = y0; iy <= y1; iy++) {
      const row = iy * n;
      for (let ix = x0; ix <= x1; ix++) if (this.I[row + ix] > m) m = this.I[row + ix];
    }
    return m;
  }
}

/** True when the model has an oriented 2D kernel (its pattern can be anisotropic). */
export function isOriented(model: string): boolean {
  try {
    return compileExpression(model).form.oriented !== undefined;
  } catch (err) {
    asSampleError(err);
  }
}

/** The tabulated law over the q range the detector sees (qLo > 0; qMax bounds |q|). */
export function tabulateScatteringLaw(model: string, params: Record<string, number | string>, qLo: number, qMax: number): ScatteringLaw {
  return isOriented(model) ? new OrientedLaw(model, params, qMax) : new IsotropicLaw(model, params, qLo, qMax);
}
