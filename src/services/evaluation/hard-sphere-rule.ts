/**
 * Which dataset curves are polydisperse hard spheres, so that an evaluation can put Percus–Yevick
 * and PY + β beside a generator (paper 000, eqs. 4 and 5). A curve counts when
 * - its q unit is REDUCED (q·D0, D0 = 1: the mean diameter, the median for lognormal), and
 * - its parameters carry `distribution` ("uniform", "normal" or "lognormal", any case), a number
 *   `eta` in [0, 0.6) and a number `sigma` >= 0 (< 1 for uniform, so that every D > 0).
 * That is what sasgraph's hard-sphere simulations write on each curve, and what `sasgraph import
 * --layout md-json` writes for the authors' MD curves. Other curves get no PY comparison.
 */
import type { ReducedDistribution } from "../../compute/sas";
import type { QUnit } from "../../compute/units";

export interface HardSpherePoint {
  distribution: ReducedDistribution;
  eta: number;
  sigma: number;
}

const DISTRIBUTIONS: readonly ReducedDistribution[] = ["uniform", "normal", "lognormal"];

/** Below random close packing; PY is defined to η < 1 but means nothing past the glass. */
export const HARD_SPHERE_MAX_ETA = 0.6;

export function hardSpherePointOf(curve: { qUnit: QUnit; parameters: Record<string, unknown> | null }): HardSpherePoint | null {
  if (curve.qUnit !== "REDUCED" || !curve.parameters) return null;
  const { distribution, eta, sigma } = curve.parameters;
  if (typeof distribution !== "string" || typeof eta !== "number" || typeof sigma !== "number") return null;
  const d = distribution.toLowerCase() as ReducedDistribution;
  if (!DISTRIBUTIONS.includes(d)) return null;
  if (!(eta >= 0 && eta < HARD_SPHERE_MAX_ETA) || !(sigma >= 0) || !Number.isFinite(sigma)) return null;
  if (d === "uniform" && !(sigma < 1)) return null;
  return { distribution: d, eta, sigma };
}
