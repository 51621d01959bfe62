/**
 * Gauss–Legendre nodes and weights on [-1, 1], computed by Newton iteration on P_n.
 * sasmodels integrates its 1D orientation averages with the 76-point rule, so we use the same order
 * (nodes agree with its tables to rounding).
 */
export interface GaussRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const cache = new Map<number, GaussRule>();

export function gaussLegendre(n: number): GaussRule {
  const hit = cache.get(n);
  if (hit) return hit;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    for (let iter = 0; iter < 100; iter++) {
      const { value, derivative } = legendre(n, x);
      const dx = value / derivative;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    // The derivative at the converged node gives the weight.
    const dp = legendre(n, x).derivative;
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  const rule = { nodes, weights };
  cache.set(n, rule);
  return rule;
}

/** The rule sasmodels uses for 1D orientation averages. */
export const GAUSS76 = gaussLegendre(76);

/** P_n(x) and P_n'(x) by the three-term recurrence. */
function legendre(n: number, x: number): { value: number; derivative: number } {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return { value: p1, derivative: (n * (x * p1 - p0)) / (x * x - 1) };
}
