/**
 * What a shipped model was trained on, as its training script records it beside the model
 * (models/<name>/training-data.json): the generator and its exact spec, seed and count included.
 * The demo seed recomputes the first curves of it through the simulation service, so the model
 * version's provenance points at a dataset of the very curves it learned from.
 */
import { qGrid } from "../../compute/sampling";
import { sweepPoints, type SasSweepSpec } from "../../compute/sas/sweep";
import { SHAPES, type ShapeMixtureSpec } from "../../compute/sas/shape-mixture";

export const TRAINING_DATA_SCHEMA = "sasgraph.training-data/1";

/** A q grid as the record states it, in 1/Å. */
export interface QGridSpec {
  min: number;
  max: number;
  points: number;
  spacing: "LOG" | "LINEAR";
}

type SweepJson = Omit<SasSweepSpec, "q" | "first"> & { q: QGridSpec };
type MixtureJson = Omit<ShapeMixtureSpec, "q" | "first"> & { shapes: string[]; q: QGridSpec };

interface Common {
  /** The script that trained the model on these curves. */
  script: string;
  description: string;
}

/** The JSON file. */
export type TrainingDataRecord = Common & { schema: typeof TRAINING_DATA_SCHEMA } & (
    { generator: "sas-sweep"; spec: SweepJson } | { generator: "shape-mixture"; spec: MixtureJson }
  );

/** The record with its q grids computed. */
export type TrainingData = Common & ({ generator: "sas-sweep"; spec: SasSweepSpec } | { generator: "shape-mixture"; spec: ShapeMixtureSpec });

export class TrainingDataError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function grid(v: unknown): Float64Array {
  if (
    !isObject(v) ||
    typeof v.min !== "number" ||
    typeof v.max !== "number" ||
    typeof v.points !== "number" ||
    (v.spacing !== "LOG" && v.spacing !== "LINEAR")
  ) {
    throw new TrainingDataError("spec.q must be {min, max, points, spacing: LOG|LINEAR}");
  }
  return qGrid(v.min, v.max, v.points, v.spacing);
}

function count(v: unknown, name: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new TrainingDataError(`spec.${name} must be a positive integer`);
  return v;
}

/** Check a record's shape (the generators check the values when they run). */
export function parseTrainingData(json: unknown): TrainingData {
  if (!isObject(json) || json.schema !== TRAINING_DATA_SCHEMA) throw new TrainingDataError(`schema must be "${TRAINING_DATA_SCHEMA}"`);
  if (typeof json.script !== "string" || typeof json.description !== "string") throw new TrainingDataError("script and description must be strings");
  const common: Common = { script: json.script, description: json.description };
  const spec = json.spec;
  if (!isObject(spec)) throw new TrainingDataError("spec must be an object");
  if (json.generator === "sas-sweep") {
    const s = spec as unknown as SweepJson;
    if (typeof s.model !== "string" || !isObject(s.parameters) || !Array.isArray(s.ranges) || typeof s.sampling !== "string") {
      throw new TrainingDataError("a sas-sweep spec needs model, parameters, ranges and sampling");
    }
    count(s.count, "count");
    count(s.seed, "seed");
    return { ...common, generator: "sas-sweep", spec: { ...s, q: grid(s.q) } };
  }
  if (json.generator === "shape-mixture") {
    const s = spec as unknown as MixtureJson;
    // The mixture's parameter draws are code: the record must name the shapes that code draws.
    if (!Array.isArray(s.shapes) || s.shapes.join() !== SHAPES.join()) throw new TrainingDataError(`spec.shapes must be ${SHAPES.join(", ")}`);
    if (typeof s.resolution !== "number" || typeof s.countsPerUnit !== "number")
      throw new TrainingDataError("a shape-mixture spec needs resolution and countsPerUnit");
    const { shapes: _shapes, q, ...rest } = s;
    return { ...common, generator: "shape-mixture", spec: { ...rest, perClass: count(s.perClass, "perClass"), seed: count(s.seed, "seed"), q: grid(q) } };
  }
  throw new TrainingDataError(`generator must be "sas-sweep" or "shape-mixture"`);
}

/** Curves in the whole training set. */
export function trainingCurveCount(data: TrainingData): number {
  return data.generator === "sas-sweep" ? sweepPoints(data.spec).length : data.spec.perClass * SHAPES.length;
}
