/**
 * A sweep across model classes: for each of several models (a class, e.g. SASformer's), a design of
 * parameter sets over its own ranges, all on one q grid, labelled by class. Curves are interleaved
 * (first point of every class, then the second, ...) so the first n curves of a sweep are a balanced
 * sample of it, the same numbers as in the whole sweep. A class without ranges draws its parameter
 * sets from its model's own sampler (randomParameters: sasmodels' random() laws) instead. Pure and
 * deterministic from the seed.
 */
import { Random } from "../random";
import { SamplingError, sampleParameters, type ParameterRange, type SamplingMethod } from "../sampling";
import { randomParameters } from "./random-parameters";
import { SasInputError } from "./errors";
import type { StructureFactorMode } from "./evaluate";
import { sliceBounds, sweepCurve, type SweepSlice } from "./sweep";

export interface ModelClass {
  /** Model expression, the class's label. */
  model: string;
  parameters: Record<string, number | string>;
  /**
   * Absent: every parameter set is an independent draw of the model's sampler (for any sampling but
   * GRID, which needs ranges), with the fixed parameters above replacing what it drew.
   */
  ranges?: ParameterRange[];
}

export interface ClassSweepSpec {
  classes: ModelClass[];
  /** Samples per class (RANDOM, LATIN_HYPERCUBE) or points per range (GRID). */
  perClass: number;
  sampling: SamplingMethod;
  seed: number;
  /** q in 1/Å. */
  q: Float64Array;
  resolution?: number;
  countsPerUnit?: number;
  structureFactorMode?: StructureFactorMode;
  /** Compute only the first curves of the interleaved sequence. */
  first?: number;
  /** Compute only curves start <= k < end of that sequence. */
  slice?: SweepSlice;
}

export interface ClassSweepCurve {
  model: string;
  /** Index of the class in `classes` (a classifier's label). */
  label: number;
  parameters: Record<string, number | string>;
  I: Float64Array;
  dI: Float64Array | null;
}

/** Each class draws its design from its own stream, so adding a class changes no other class's curves. */
function classSeed(seed: number, label: number): number {
  return (Math.imul(seed | 0, 0x2545f491) ^ Math.imul(label + 1, 0x9e3779b9)) >>> 0;
}

/** Each class's parameter sets in order (cheap: lets callers check sizes before computing). */
export function classDesigns(spec: Pick<ClassSweepSpec, "classes" | "perClass" | "sampling" | "seed">): Record<string, number | string>[][] {
  return spec.classes.map((c, label) => {
    if (c.ranges) return sampleParameters(c.ranges, spec.sampling, spec.perClass, classSeed(spec.seed, label)).map((p) => ({ ...c.parameters, ...p }));
    if (spec.sampling === "GRID") {
      throw new SamplingError(
        `classes[${label}] (${c.model}) has no ranges: a GRID needs ranges (or use RANDOM to draw from the model's sampler)`,
        `classes[${label}].ranges`,
      );
    }
    if (!Number.isInteger(spec.perClass) || spec.perClass < 1) throw new SamplingError("count must be a positive integer", "count");
    const rng = new Random(classSeed(spec.seed, label));
    try {
      return Array.from({ length: spec.perClass }, () => ({ ...randomParameters(c.model, rng), ...c.parameters }));
    } catch (err) {
      // an unknown model expression: reported as this class's field
      if (err instanceof SasInputError) throw new SamplingError(`classes[${label}] (${c.model}): ${err.message}`, `classes[${label}].model`);
      throw err;
    }
  });
}

/** The interleaved order: [class, point] pairs, the first `first` of them when given. */
export function classSweepOrder(designs: Record<string, number | string>[][], first?: number): [number, number][] {
  const order: [number, number][] = [];
  const longest = Math.max(0, ...designs.map((d) => d.length));
  for (let k = 0; k < longest; k++) for (let c = 0; c < designs.length; c++) if (k < designs[c].length) order.push([c, k]);
  return first === undefined ? order : order.slice(0, first);
}

export function* runClassSweep(spec: ClassSweepSpec): Generator<ClassSweepCurve, void, void> {
  const dQ = spec.resolution ? spec.q.map((v) => v * spec.resolution!) : null;
  const designs = classDesigns(spec);
  const order = classSweepOrder(designs, spec.first);
  const { start, end } = sliceBounds(spec.slice, order.length);
  for (const [label, k] of order.slice(start, end)) {
    const model = spec.classes[label].model;
    // Noise too is the class's own stream, by the point's index in its class.
    const c = sweepCurve({ ...spec, model, seed: classSeed(spec.seed, label) }, designs[label][k], k, dQ);
    yield { model, label, parameters: c.parameters, I: c.I, dI: c.dI };
  }
}
