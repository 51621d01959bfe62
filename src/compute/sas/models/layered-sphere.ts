/**
 * Shared kernel of spheres built from two interfaces (core_shell_sphere, vesicle):
 * F = c_in V(r_in) 3j1(q r_in)/(q r_in) + c_out V(r_out) 3j1(q r_out)/(q r_out).
 * The fast path handles one polydisperse length (core radius or thickness); both interface radii
 * then move along equally spaced grids, so each needs one sin/cos pair per q.
 */
import type { PolydisperseDimension } from "../types";
import { sphereAmplitudeSweep } from "../numerics/spherical";
import { FOUR_PI_3 } from "./define";
import { isLinearGrid, scratch } from "./grid";

export interface TwoInterfaceSphere {
  /** Contrast at the inner interface (inside minus outside). */
  innerContrast: number;
  outerContrast: number;
  /** Multiplies F1; its square multiplies F2 (vesicle's sqrt(volfraction)). */
  amplitudeFactor: number;
}

export function accumulateTwoInterfaceMesh(
  q: Float64Array,
  radius: number,
  thickness: number,
  radiusIndex: number,
  thicknessIndex: number,
  dims: PolydisperseDimension[],
  shape: TwoInterfaceSphere,
  f1: Float64Array | null,
  f2: Float64Array,
): boolean {
  if (dims.length !== 1) return false;
  const dim = dims[0];
  if ((dim.index !== radiusIndex && dim.index !== thicknessIndex) || !isLinearGrid(dim.values)) return false;
  const n = dim.values.length;
  const rIn = scratch("layered.rin", n);
  const rOut = scratch("layered.rout", n);
  for (let k = 0; k < n; k++) {
    const r = dim.index === radiusIndex ? dim.values[k] : radius;
    const t = dim.index === thicknessIndex ? dim.values[k] : thickness;
    rIn[k] = r;
    rOut[k] = r + t;
  }
  const vIn = scratch("layered.vin", n);
  const vOut = scratch("layered.vout", n);
  for (let k = 0; k < n; k++) {
    vIn[k] = shape.innerContrast * FOUR_PI_3 * rIn[k] ** 3;
    vOut[k] = shape.outerContrast * FOUR_PI_3 * rOut[k] ** 3;
  }
  const ampIn = scratch("layered.ain", n);
  const ampOut = scratch("layered.aout", n);
  const dIn = n > 1 ? (rIn[n - 1] - rIn[0]) / (n - 1) : 0;
  const dOut = n > 1 ? (rOut[n - 1] - rOut[0]) / (n - 1) : 0;
  const w = dim.weights;
  const a1 = 1e-2 * shape.amplitudeFactor;
  const a2 = 1e-4 * shape.amplitudeFactor * shape.amplitudeFactor;
  for (let i = 0; i < q.length; i++) {
    sphereAmplitudeSweep(q[i], rIn[0], dIn, n, ampIn);
    sphereAmplitudeSweep(q[i], rOut[0], dOut, n, ampOut);
    let s1 = 0;
    let s2 = 0;
    for (let k = 0; k < n; k++) {
      const f = vIn[k] * ampIn[k] + vOut[k] * ampOut[k];
      s1 += w[k] * f;
      s2 += w[k] * f * f;
    }
    if (f1) f1[i] += a1 * s1;
    f2[i] += a2 * s2;
  }
  return true;
}
