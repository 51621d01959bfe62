/**
 * Gauss–Laguerre (weight e^{-s} on [0, ∞)) and Gauss–Hermite (weight e^{-y²} on the real line)
 * rules, for integrals along paths on which an oscillation e^{iωx} has turned into a decay. Nodes are
 * the zeros of the orthonormal polynomial p_n (three-term recurrence), bracketed on a fine grid and
 * bisected to the last bit; weights are Christoffel's 1 / Σ_{j<n} p_j(node)², which holds for any
 * orthonormal family. Only small orders are asked for (tens), so this runs once per order.
 */
import type { GaussRule } from "./gauss-legendre";

/** p_0 … p_{n} at x for the recurrence p_{k+1} = (x - alpha_k) p_k / beta_{k+1} - beta_k p_{k-1} / beta_{k+1}. */
type Recurrence = { p0: number; alpha: (k: number) => number; beta: (k: number) => number };

function evaluate(r: Recurrence, n: number, x: number, out: Float64Array | null): number {
  let prev = 0;
  let p = r.p0;
  if (out) out[0] = p;
  for (let k = 0; k < n; k++) {
    const next = ((x - r.alpha(k)) * p - r.beta(k) * prev) / r.beta(k + 1);
    prev = p;
    p = next;
    if (out && k + 1 < out.length) out[k + 1] = p;
  }
  return p;
}

function zeros(r: Recurrence, n: number, grid: Float64Array): GaussRule {
  const nodes: number[] = [];
  let left = grid[0];
  let fLeft = evaluate(r, n, left, null);
  for (let g = 1; g < grid.length && nodes.length < n; g++) {
    const right = grid[g];
    const fRight = evaluate(r, n, right, null);
    // Grids are chosen so that no zero falls on a grid point (a sign change brackets every zero).
    if (fLeft * fRight < 0) {
      let lo = left;
      let hi = right;
      let fLo = fLeft;
      while (hi - lo > 0) {
        const mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi) break;
        const fMid = evaluate(r, n, mid, null);
        if (fMid === 0) {
          lo = hi = mid;
          break;
        }
        if (fLo * fMid < 0) hi = mid;
        else {
          lo = mid;
          fLo = fMid;
        }
      }
      nodes.push(0.5 * (lo + hi));
    }
    left = right;
    fLeft = fRight;
  }
  if (nodes.length !== n) throw new Error(`found ${nodes.length} of the ${n} zeros`);
  const weights = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    evaluate(r, n - 1, nodes[i], p);
    let sum = 0;
    for (let j = 0; j < n; j++) sum += p[j] * p[j];
    weights[i] = 1 / sum;
  }
  return { nodes: Float64Array.from(nodes), weights };
}

const laguerreCache = new Map<number, GaussRule>();
const hermiteCache = new Map<number, GaussRule>();

/** ∫_0^∞ f(s) e^{-s} ds ≈ Σ w_k f(s_k). Laguerre polynomials are orthonormal for this weight. */
export function gaussLaguerre(n: number): GaussRule {
  const hit = laguerreCache.get(n);
  if (hit) return hit;
  // p_{k+1} = ((2k + 1 - s) p_k - k p_{k-1}) / (k + 1): alpha_k = 2k + 1, beta_k = -k (signs cancel).
  const r: Recurrence = { p0: 1, alpha: (k) => 2 * k + 1, beta: (k) => -k };
  // Zeros lie in (0, 4n + 2); on a grid in √s, dense where the first zeros crowd near 0.
  const m = 400 * n;
  const top = 4 * n + 2;
  const grid = Float64Array.from({ length: m + 1 }, (_, i) => top * (i / m) ** 2);
  grid[0] = 0;
  const rule = zeros(r, n, grid);
  laguerreCache.set(n, rule);
  return rule;
}

/** ∫_{-∞}^{∞} f(y) e^{-y²} dy ≈ Σ w_k f(y_k). */
export function gaussHermite(n: number): GaussRule {
  const hit = hermiteCache.get(n);
  if (hit) return hit;
  // Orthonormal Hermite: p_{k+1} = (y p_k - sqrt(k/2) p_{k-1}) / sqrt((k + 1)/2).
  const r: Recurrence = { p0: Math.pow(Math.PI, -0.25), alpha: () => 0, beta: (k) => Math.sqrt(k / 2) };
  const top = Math.sqrt(2 * n + 1) + 1;
  // An odd number of steps keeps y = 0 (a zero when n is odd) off the grid.
  const m = 400 * n + 1;
  const grid = Float64Array.from({ length: m + 1 }, (_, i) => -top + (2 * top * i) / m);
  const rule = zeros(r, n, grid);
  hermiteCache.set(n, rule);
  return rule;
}
