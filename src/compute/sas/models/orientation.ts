/**
 * Precomputed 76-point Gauss–Legendre nodes mapped the way sasmodels maps them:
 * - angle form: alpha in [0, π/2], weight w_i π/4 (cylinder, core_shell_cylinder use ∫ f sinα dα);
 * - cosine form: u = cos α in [0, 1], weight w_i/2 (hollow_cylinder, ellipsoid, parallelepiped).
 */
import { GAUSS76 } from "../numerics/gauss-legendre";

const n = GAUSS76.nodes.length;
export const ANGLE_SIN = new Float64Array(n);
export const ANGLE_COS = new Float64Array(n);
/** w_i * (π/4) * sin α_i: the full weight of ∫_0^{π/2} f(α) sin α dα. */
export const ANGLE_WEIGHT_SIN = new Float64Array(n);
export const UNIT_NODE = new Float64Array(n);
export const UNIT_NODE_COMPLEMENT = new Float64Array(n);
/** w_i / 2: weight of ∫_0^1 f(u) du. */
export const UNIT_WEIGHT = new Float64Array(n);

for (let i = 0; i < n; i++) {
  const alpha = GAUSS76.nodes[i] * (Math.PI / 4) + Math.PI / 4;
  ANGLE_SIN[i] = Math.sin(alpha);
  ANGLE_COS[i] = Math.cos(alpha);
  ANGLE_WEIGHT_SIN[i] = GAUSS76.weights[i] * (Math.PI / 4) * ANGLE_SIN[i];
  const u = 0.5 * GAUSS76.nodes[i] + 0.5;
  UNIT_NODE[i] = u;
  UNIT_NODE_COMPLEMENT[i] = Math.sqrt(1 - u * u);
  UNIT_WEIGHT[i] = 0.5 * GAUSS76.weights[i];
}
export const ORIENTATION_POINTS = n;
