/** Helpers shared by the model files. */
import type { ModelDefinition, ParameterSpec } from "../types";

export const INF = Number.POSITIVE_INFINITY;
export const FOUR_PI_3 = (4 * Math.PI) / 3;

/** Parameter-table row in sasmodels' order: name, unit, default, [lower, upper], kind, description. */
export function param(
  name: string,
  unit: string,
  dflt: number,
  limits: [number, number],
  kind: ParameterSpec["kind"],
  description: string,
): ParameterSpec {
  return { name, unit, default: dflt, limits, kind, description };
}

/** The two orientation angles of axisymmetric shapes; they do not enter 1D (orientation-averaged) I(q). */
export function orientationParams(theta: number, phi: number): ParameterSpec[] {
  return [
    param("theta", "degrees", theta, [-360, 360], "orientation", "axis to beam angle (2D only)"),
    param("phi", "degrees", phi, [-360, 360], "orientation", "rotation about beam (2D only)"),
  ];
}

/** A model whose intensity is a plain pointwise function I(q; p) (no <F>, no beta approximation). */
export function pointwiseModel(
  spec: Omit<ModelDefinition, "accumulate" | "haveFq">,
  iq: (q: number, p: Float64Array) => number,
): ModelDefinition {
  return {
    ...spec,
    haveFq: false,
    accumulate(q, p, weight, _f1, f2) {
      for (let i = 0; i < q.length; i++) f2[i] += weight * iq(q[i], p);
    },
  };
}
