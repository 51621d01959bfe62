/**
 * A sweep across model classes: for each of several models (a class, e.g. SASformer's), a design of
 * parameter sets over its own ranges, all on one q grid, labelled by class. Curves are interleaved
 * (first point of every class, then the second, ...) so the first n curves of a sweep are a balanced
 * sample of it, the same numbers as in the whole sweep. Pure and deterministic from the seed.
 */
import { sampleParameters, type ParameterRange, type SamplingMethod } from "../sampling";
import type { StructureFactorMode } from "./evaluate";
import { sweepCurve } from "./sweep";

export interface ModelClass {
  /** Model expression, the class's label. */
  model: string;
  parameters: Record<string, number | string>;
  ranges: ParameterRange[];
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
  return spec.classes.map((c, label) =>
    sampleParameters(c.ranges, spec.sampling, spec.perClass, classSeed(spec.seed, label)).map((p) => ({ ...c.parameters, ...p })),
  );
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
  for (const [label, k] of classSweepOrder(designs, spec.first)) {
    const model = spec.classes[label].model;
    // Noise too is the class's own stream, by the point's index in its class.
    const c = sweepCurve({ ...spec, model, seed: classSeed(spec.seed, label) }, designs[label][k], k, dQ);
    yield { model, label, parameters: c.parameters, I: c.I, dI: c.dI };
  }
}
