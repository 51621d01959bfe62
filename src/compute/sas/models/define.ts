/** Helpers shared by the model files. */
import type { ScatteringModelDefinition, ParameterSpec } from "../types";

export const INF = Number.POSITIVE_INFINITY;
export const FOUR_PI_3 = (4 * Math.PI) / 3;

/** Parameter-table row in sasmodels' order: name, unit, default, [lower, upper], kind, description. */
export function param<N extends string>(
  name: N,
  unit: string,
  dflt: number,
  limits: [number, number],
  kind: ParameterSpec["kind"],
  description: string,
): NamedParameter<N> {
  return { name, unit, default: dflt, limits, kind, description };
}

/** A table row that keeps its name as a literal type, so indexOf() can be typed by name. */
export type NamedParameter<N extends string> = ParameterSpec & { name: N };

/**
 * Position of every parameter in a model's own table, by name ({ sld: 0, radius: 2, ... }).
 * Kernels call it once at module load and destructure the result into constants, so the hot loops
 * read p[RADIUS] exactly as before while the table stays the single place that defines the order.
 */
export function indexOf<N extends string>(parameters: readonly NamedParameter<N>[]): { readonly [K in N]: number } {
  const out = {} as Record<N, number>;
  parameters.forEach((p, i) => {
    if (Object.prototype.hasOwnProperty.call(out, p.name)) throw new Error(`parameter "${p.name}" appears twice in one table`);
    out[p.name] = i;
  });
  return out;
}

/** The two orientation angles of axisymmetric shapes; they do not enter 1D (orientation-averaged) I(q). */
export function orientationParams(theta: number, phi: number): [NamedParameter<"theta">, NamedParameter<"phi">] {
  return [
    param("theta", "degrees", theta, [-360, 360], "orientation", "axis to beam angle (2D only)"),
    param("phi", "degrees", phi, [-360, 360], "orientation", "rotation about beam (2D only)"),
  ];
}

/** A model whose intensity is a plain pointwise function I(q; p) (no <F>, no beta approximation). */
export function pointwiseModel(
  spec: Omit<ScatteringModelDefinition, "accumulate" | "haveFq">,
  iq: (q: number, p: Float64Array) => number,
): ScatteringModelDefinition {
  return {
    ...spec,
    haveFq: false,
    accumulate(q, p, weight, _f1, f2) {
      for (let i = 0; i < q.length; i++) f2[i] += weight * iq(q[i], p);
    },
  };
}
