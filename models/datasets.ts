/**
 * The simulated training data of the shipped models, computed by the platform's own model library
 * (src/compute/sas through the same sweep code as `startSimulation`).
 */
import { runSasSweep, type SasSweepSpec } from "../src/compute/sas/sweep";
import { runShapeMixture, SHAPES, type ShapeMixtureSpec } from "../src/compute/sas/shape-mixture";
import type { CurveInput } from "../src/serving";
import { TRAINING_DATA_SCHEMA, type QGridSpec, type TrainingDataRecord } from "../src/services/model-registry/training-data";
import { MODEL_Q, Q_MAX, Q_MIN, Q_POINTS } from "./lib";

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

export { SHAPES, type Shape } from "../src/compute/sas/shape-mixture";

/** The shape classifier's mixture (src/compute/sas/shape-mixture.ts): 5 % resolution, Poisson noise. */
export function shapeMixture(perClass: number, seed: number): ShapeMixtureSpec {
  return { perClass, seed, q: MODEL_Q, resolution: RESOLUTION, countsPerUnit: COUNTS_PER_UNIT };
}

export interface ShapeCurve {
  curve: CurveInput;
  label: number;
}

/** `perClass` curves of each shape, interleaved, with 5 % resolution and Poisson noise. */
export function shapeCurves(perClass: number, seed: number): ShapeCurve[] {
  const out: ShapeCurve[] = [];
  for (const c of runShapeMixture(shapeMixture(perClass, seed))) out.push({ curve: { q: MODEL_Q, intensity: c.I, sigma: c.dI }, label: c.label });
  return out;
}

/**
 * The training sets of the shipped models: the train-*.ts scripts draw exactly these, and record them
 * beside the model (training-data.json), where the demo seed reads them to recompute a sample.
 */
export const SPHERE_TRAINING = { count: 6000, seed: 20241122 } as const;
export const SHAPE_TRAINING = { perClass: 1500, seed: 4242 } as const;

const MODEL_Q_SPEC: QGridSpec = { min: Q_MIN, max: Q_MAX, points: Q_POINTS, spacing: "LOG" };

export function sphereTrainingData(count: number, seed: number): TrainingDataRecord {
  const { q: _q, ...spec } = sphereSweep(count, seed);
  return {
    schema: TRAINING_DATA_SCHEMA,
    script: "models/train-sphere-inferrer.ts",
    description: `The sphere inferrer's training curves: ${count} sasmodels sphere curves of a Latin hypercube (seed ${seed}), with 5 % pinhole resolution and Poisson noise, computed by src/compute/sas/sweep.ts (the startSimulation sweep).`,
    generator: "sas-sweep",
    spec: { ...spec, q: MODEL_Q_SPEC },
  };
}

export function shapeTrainingData(perClass: number, seed: number): TrainingDataRecord {
  const { q: _q, ...spec } = shapeMixture(perClass, seed);
  return {
    schema: TRAINING_DATA_SCHEMA,
    script: "models/train-shape-classifier.ts",
    description: `The shape classifier's training curves: ${perClass} curves of each of ${SHAPES.join(", ")}, interleaved, with random sizes and scale drawn from one random stream (seed ${seed}), 5 % pinhole resolution and Poisson noise, computed by src/compute/sas/shape-mixture.ts.`,
    generator: "shape-mixture",
    spec: { shapes: [...SHAPES], ...spec, q: MODEL_Q_SPEC },
  };
}
