/**
 * The simulated training data of the shipped models, computed by the platform's own model library
 * (src/compute/sas through the same sweep code as `startSimulation`).
 */
import { runSasSweep, type SasSweepSpec } from "../src/compute/sas-sweep";
import { evaluate, addPoissonNoise, createRandom } from "../src/compute/sas";
import type { CurveInput } from "../src/serving";
import { MODEL_Q } from "./lib";

/** Resolution dq/q and counting statistics of every training curve. */
export const RESOLUTION = 0.05;
export const COUNTS_PER_UNIT = 1e5;

export const SPHERE_RANGES = { radius: { min: 10, max: 100 }, radius_pd: { min: 0, max: 0.25 } } as const;

/** Sphere curves (sasmodels defaults otherwise: scale 1, sld 1, sld_solvent 6, background 0.001) over a Latin hypercube. */
export function sphereSweep(count: number, seed: number): SasSweepSpec {
  return {
    model: "sphere",
    parameters: { radius_pd_type: "gaussian", radius_pd_n: 35, radius_pd_nsigma: 3 },
    ranges: [
      { name: "radius", ...SPHERE_RANGES.radius },
      { name: "radius_pd", ...SPHERE_RANGES.radius_pd },
    ],
    sampling: "LATIN_HYPERCUBE",
    count,
    seed,
    q: MODEL_Q,
    resolution: RESOLUTION,
    countsPerUnit: COUNTS_PER_UNIT,
  };
}

export interface LabelledCurve {
  curve: CurveInput;
  radius: number;
  radiusPd: number;
}

export function sphereCurves(count: number, seed: number): LabelledCurve[] {
  const out: LabelledCurve[] = [];
  for (const c of runSasSweep(sphereSweep(count, seed))) {
    out.push({
      curve: { q: MODEL_Q, intensity: c.I, sigma: c.dI ?? undefined },
      radius: c.parameters.radius as number,
      radiusPd: c.parameters.radius_pd as number,
    });
  }
  return out;
}

/** Shapes of the classifier and how each one's parameters are drawn. */
export const SHAPES = ["sphere", "cylinder", "ellipsoid", "core_shell_sphere", "lamellar", "vesicle"] as const;
export type Shape = (typeof SHAPES)[number];

function logUniform(u: number, lo: number, hi: number): number {
  return Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)));
}

export function shapeParameters(shape: Shape, next: () => number): Record<string, number | string> {
  const scale = logUniform(next(), 0.1, 10);
  switch (shape) {
    case "sphere":
      return { scale, radius: logUniform(next(), 10, 100), radius_pd: 0.2 * next(), radius_pd_type: "gaussian" };
    case "cylinder":
      return { scale, radius: logUniform(next(), 8, 50), length: logUniform(next(), 60, 500) };
    case "ellipsoid": {
      // Clearly anisotropic: an axis ratio of 1.6 to 5 (prolate or oblate).
      const eq = logUniform(next(), 10, 60);
      const ratio = logUniform(next(), 1.6, 5);
      return { scale, radius_equatorial: eq, radius_polar: next() < 0.5 ? eq * ratio : eq / ratio };
    }
    case "core_shell_sphere":
      return { scale, radius: logUniform(next(), 15, 80), thickness: logUniform(next(), 5, 30), sld_core: 1, sld_shell: 4, sld_solvent: 2.5 };
    case "lamellar":
      return { scale: scale * 0.01, thickness: logUniform(next(), 15, 120) };
    case "vesicle":
      return { scale, radius: logUniform(next(), 20, 90), thickness: logUniform(next(), 5, 25) };
  }
}

export interface ShapeCurve {
  curve: CurveInput;
  label: number;
}

/** `perClass` curves of each shape, interleaved, with 5 % resolution and Poisson noise. */
export function shapeCurves(perClass: number, seed: number): ShapeCurve[] {
  const rng = createRandom(seed);
  const next = () => rng.next();
  const dq = MODEL_Q.map((v) => v * RESOLUTION);
  const out: ShapeCurve[] = [];
  for (let k = 0; k < perClass; k++) {
    SHAPES.forEach((shape, label) => {
      const { I } = evaluate(shape, shapeParameters(shape, next), MODEL_Q, { resolution: { dq } });
      const noisy = addPoissonNoise(I, { seed: Math.floor(next() * 2 ** 31), countsPerUnit: COUNTS_PER_UNIT });
      out.push({ curve: { q: MODEL_Q, intensity: noisy.I, sigma: noisy.dI }, label });
    });
  }
  return out;
}
