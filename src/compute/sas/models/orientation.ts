/**
 * Orientation averages ∫_0^{π/2} f(α) sin α dα (= ∫_0^1 g(u) du with u = cos α) by Gauss–Legendre
 * rules in the angle α whose order follows how fast the integrand oscillates.
 *
 * sasmodels uses one 76-point rule at every q, which is exact to rounding at low q but loses digits
 * once q·size passes ~100 (the integrand then has more zeros than the rule has nodes). Here the
 * caller gives x = q · (sum of the half-extents that multiply sin α and cos α in the amplitude's
 * arguments), which bounds the amplitude's phase rate in α by x (and F²'s by 2x). The order is
 *   n(x) = 0.68 x + 3.5 x^(1/3) + 10,
 * calibrated on the hardest case of that family (F² = sinc²(x cos α) and the cylinder's
 * J1 × sinc products at every aspect ratio), where the smallest order reaching 1e-12 relative is
 * 8 + 0.6x ... 0.69x + 3.x^(1/3): the rule keeps 3–6 nodes of margin there, and Gauss–Legendre error
 * falls by orders of magnitude per node beyond that point. test/compute/sas/orientation-average.test.ts
 * checks every orientation-averaged model against independent adaptive integrals at high q·size.
 *
 * Beyond x = 400 (n ≈ 310) the interval is split into P = ceil(x/400) equal panels, each with
 * n(1.25 x/P) nodes (no cap on q·size: the work is priced by orientationPoints()). The factor: the
 * single-interval calibration profits from the phase rate averaging ~2/π of its bound over [0, π/2]
 * (x cos α or x sin α), but one panel near α = 0 of a wide thin disc (or near π/2 of a needle) sees
 * the full rate x along its whole length. There n(x/P) fell short: stacked_disks R 3000 Å at q 0.4/Å
 * (4 panels of 240 nodes) was 2e-5 off, and such a panel needs ~0.85 x/P nodes for 1e-12; n(1.25 x/P)
 * leaves ≥ 30 nodes of margin on that case at every q to 1.5/Å.
 *
 * Moving the u-form models (hollow_cylinder, ellipsoid, parallelepiped) to α changes nothing at low q
 * (both rules are converged there) and puts nodes evenly along the angle, which a panel split needs.
 */
import { SasInputError } from "../errors";
import { gaussLegendre } from "../numerics/gauss-legendre";

export interface OrientationRule {
  readonly n: number;
  readonly sin: Float64Array;
  readonly cos: Float64Array;
  /** Weight of ∫_0^{π/2} f(α) sin α dα (these sum to 1). */
  readonly weightSin: Float64Array;
  /** Weight of the mean (2/π) ∫_0^{π/2} f(α) dα (these sum to 1). */
  readonly weightMean: Float64Array;
}

/** Largest x handled by one panel. */
const PANEL_X = 400;
/** Phase-rate factor of one panel of a split interval (see the header). */
const PANEL_RATE = 1.25;

/** Panels and nodes per panel for phase rate x. */
function split(x: number): { panels: number; n: number } {
  if (!(x > PANEL_X)) return { panels: 1, n: ladderUp(nodesFor(x)) };
  const panels = Math.ceil(x / PANEL_X);
  return { panels, n: ladderUp(nodesFor((PANEL_RATE * x) / panels)) };
}

/** Nodes one panel needs for phase rate x (before rounding up to the ladder). */
export function nodesFor(x: number): number {
  return 0.68 * x + 3.5 * Math.cbrt(x) + 10;
}

/** Orders offered, so that few distinct rules are built: every even n to 32, then steps of 4, 8, 16, 32. */
function ladderUp(n: number): number {
  const step = n <= 32 ? 2 : n <= 64 ? 4 : n <= 128 ? 8 : n <= 256 ? 16 : 32;
  return Math.ceil(n / step) * step;
}

function buildRule(n: number, panels: number): OrientationRule {
  const gl = gaussLegendre(n);
  const total = n * panels;
  const sin = new Float64Array(total);
  const cos = new Float64Array(total);
  const weightSin = new Float64Array(total);
  const weightMean = new Float64Array(total);
  const half = Math.PI / 4 / panels;
  for (let p = 0; p < panels; p++) {
    const centre = (2 * p + 1) * half;
    for (let i = 0; i < n; i++) {
      const k = p * n + i;
      const alpha = centre + half * gl.nodes[i];
      sin[k] = Math.sin(alpha);
      cos[k] = Math.cos(alpha);
      weightSin[k] = gl.weights[i] * half * sin[k];
      weightMean[k] = (gl.weights[i] * half) / (Math.PI / 2);
    }
  }
  return { n: total, sin, cos, weightSin, weightMean };
}

const cache = new Map<number, OrientationRule>();
/** Rules of more nodes than this are built per call rather than kept (only absurd q·size reach it). */
const CACHE_MAX_NODES = 16384;

/** More nodes than this per q is no curve anyone can wait for (q·size ≈ 1.5e7). */
const MAX_NODES = 1e7;

/** The rule for an integrand whose amplitude has phase rate at most x (see the header). */
export function orientationRule(x: number): OrientationRule {
  if (!(orientationNodes(x) <= MAX_NODES)) {
    throw new SasInputError(`q times particle size is ${x.toPrecision(3)}: too large for an orientation average (at most ${MAX_NODES} nodes per q)`, "q");
  }
  const { panels, n } = split(x);
  const key = panels * 1024 + n;
  const hit = cache.get(key);
  if (hit) return hit;
  const rule = buildRule(n, panels);
  if (rule.n <= CACHE_MAX_NODES) cache.set(key, rule);
  return rule;
}

/** Nodes orientationRule(x) uses (for pricing work before doing it). */
export function orientationNodes(x: number): number {
  const { panels, n } = split(x);
  return panels * n;
}
