import type { StepProgress } from "./simulation-kind";

/**
 * Drain a curve generator on a compute thread, keeping what `keep` picks of each curve and reporting
 * progress every 100 curves and at the end.
 */
export function collectCurves<C, K>(curves: Iterable<C>, total: number, keep: (curve: C) => K, progress: StepProgress): K[] {
  const out: K[] = [];
  for (const c of curves) {
    out.push(keep(c));
    if (out.length % 100 === 0 || out.length === total) progress(out.length / total, `computed ${out.length} of ${total} curves`);
  }
  return out;
}
