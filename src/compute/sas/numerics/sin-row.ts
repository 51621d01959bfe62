/**
 * sin(k·(c0·x[i] + c1y)) along one detector row whose x is equally spaced by dx (a 2D kernel's phase
 * is linear along a row), without a Math.sin per pixel. Every ROW_ANCHOR pixels the phase t is taken
 * at the true x (one sin/cos pair); the pixels after it are sin(t + jδ) = sin t·cos jδ + cos t·sin jδ,
 * δ = k·c0·dx, from a table of cos jδ and sin jδ (j < ROW_ANCHOR) that depends on δ only, so it is
 * built once per orientation and size and shared by every row. Nothing accumulates: each value is two
 * products of correctly rounded numbers, within ~3ε of sin of the phase t + jδ, which is returned too.
 * That phase differs from k·(c0·x[i] + c1y) computed directly by rounding (ε times the phases
 * involved) — harmless for sin x/x only if the same phase is the divisor (near x = 0 the two roundings
 * would not cancel), so kernels divide by the returned phase. x's departure from an exact linspace
 * over one anchor block adds k|c0| times it; callers take this path only when that departure is a few
 * ulps (uniformStep).
 */
export const ROW_ANCHOR = 32;

/** Largest departure of x from an exact linspace, in units of max|x|, still taken as uniform. */
const UNIFORM_TOLERANCE = 8 * Number.EPSILON;

/** x's spacing when it is a linspace to rounding (the row form may step along it), else null. */
export function uniformStep(x: Float64Array): number | null {
  const n = x.length;
  if (n < 2) return 0;
  const step = (x[n - 1] - x[0]) / (n - 1);
  const tol = UNIFORM_TOLERANCE * Math.max(Math.abs(x[0]), Math.abs(x[n - 1]));
  for (let i = 1; i < n - 1; i++) if (Math.abs(x[0] + i * step - x[i]) > tol) return null;
  return step;
}

/** One kernel's phase stepper: keeps the cos jδ, sin jδ table of the last step it was asked for. */
export class RowSines {
  private step = Number.NaN;
  private readonly cosStep = new Float64Array(ROW_ANCHOR);
  private readonly sinStep = new Float64Array(ROW_ANCHOR);

  /** phase[i] ≈ k·(c0·x[i] + c1y) and out[i] = sin(phase[i]) for i < x.length, x equally spaced by dx. */
  fill(x: Float64Array, dx: number, c0: number, c1y: number, k: number, out: Float64Array, phase: Float64Array): void {
    const step = k * c0 * dx;
    const cs = this.cosStep;
    const sn = this.sinStep;
    if (step !== this.step) {
      this.step = step;
      for (let j = 0; j < ROW_ANCHOR; j++) {
        cs[j] = Math.cos(j * step);
        sn[j] = Math.sin(j * step);
      }
    }
    const n = x.length;
    for (let start = 0; start < n; start += ROW_ANCHOR) {
      const t = k * (c0 * x[start] + c1y);
      const s = Math.sin(t);
      const c = Math.cos(t);
      const end = Math.min(n, start + ROW_ANCHOR);
      for (let i = start, j = 0; i < end; i++, j++) {
        out[i] = s * cs[j] + c * sn[j];
        phase[i] = t + j * step;
      }
    }
  }
}
