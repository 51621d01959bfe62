/** Small synthetic training sets from the project's own scattering library (src/compute/sas). */
import { evaluate } from "../../src/compute/sas";
import { Random } from "../../src/compute/random";
import { qGrid } from "../../src/compute/sampling";
import type { TrainingCurve } from "../../src/training/problem";

export const Q = qGrid(0.01, 0.3, 40, "LOG");

/** Sphere curves with radius uniform in [lo, hi] Å (scale 1, contrast 3e-6/Å², background 1e-3). */
export function sphereCurves(n: number, seed: number, lo = 20, hi = 80, datasetId = "d-spheres"): TrainingCurve[] {
  const random = new Random(seed);
  return Array.from({ length: n }, (_, i) => {
    const radius = lo + (hi - lo) * random.next();
    const { I } = evaluate("sphere", { radius, background: 0.001 }, Q);
    return { id: `s${i}`, datasetId, q: Q, intensity: I, qUnit: "INV_ANGSTROM", intensityUnit: "1/cm", parameters: { model: "sphere", radius } };
  });
}

/** Cylinder curves with radius in [10, 40] Å and length in [100, 400] Å. */
export function cylinderCurves(n: number, seed: number, datasetId = "d-cylinders"): TrainingCurve[] {
  const random = new Random(seed);
  return Array.from({ length: n }, (_, i) => {
    const radius = 10 + 30 * random.next();
    const length = 100 + 300 * random.next();
    const { I } = evaluate("cylinder", { radius, length, background: 0.001 }, Q);
    return { id: `c${i}`, datasetId, q: Q, intensity: I, qUnit: "INV_ANGSTROM", intensityUnit: "1/cm", parameters: { model: "cylinder", radius, length } };
  });
}

/** Interleaved spheres and cylinders (so a split sees both). */
export function mixedCurves(perClass: number, seed: number): TrainingCurve[] {
  const s = sphereCurves(perClass, seed, 20, 80, "d-mixed");
  const c = cylinderCurves(perClass, seed + 1, "d-mixed");
  return s.flatMap((curve, i) => [curve, c[i]]);
}
