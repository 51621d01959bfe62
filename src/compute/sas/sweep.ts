/**
 * An analytical simulation sweep: one I(q) per sampled parameter set of a sasmodels-style model,
 * optionally smeared by pinhole resolution and given Poisson counting noise. Pure and deterministic:
 * the same spec (seed included) gives the same numbers, bit for bit.
 */
import { evaluate, addPoissonNoise } from ".";
import { sampleParameters, type ParameterRange, type SamplingMethod } from "../sampling";

export interface SasSweepSpec {
  /** Model expression: "sphere", "sphere@hardsphere". */
  model: string;
  /** Fixed parameters (sasmodels names; *_pd_type as strings). */
  parameters: Record<string, number | string>;
  ranges: ParameterRange[];
  sampling: SamplingMethod;
  count: number;
  seed: number;
  /** q in 1/Å. */
  q: Float64Array;
  /** Relative pinhole resolution dq/q (Gaussian sigma); 0 or absent for none. */
  resolution?: number;
  /** Slit resolution, the same at every point (1/Å): length over [0, l] across q, width over [-w, w]; never with `resolution`. */
  slit?: { length: number; width: number };
  /** Poisson noise with this many counts per unit intensity (1/cm); absent for none. */
  countsPerUnit?: number;
  structureFactorMode?: "plain" | "beta";
  /**
   * Compute only the first `first` curves of the design (the same numbers as those curves of the
   * whole sweep): a sample of a large set, e.g. of a model's training data.
   */
  first?: number;
  /** Compute only curves start <= k < end of those (a slice another thread does not compute). */
  slice?: SweepSlice;
}

/** A contiguous range of a sweep's curves, by index. */
export interface SweepSlice {
  start: number;
  end: number;
}

/**
 * `total` curves cut into at most `parts` contiguous slices of nearly equal size, none under
 * `minimum` curves (a thread is not worth starting for fewer). Curves depend only on their index,
 * so the slices together give the same numbers as the whole.
 */
export function sweepSlices(total: number, parts: number, minimum = 16): SweepSlice[] {
  const count = Math.max(1, Math.min(Math.floor(parts), Math.floor(total / minimum)));
  return Array.from({ length: count }, (_, i) => ({ start: Math.floor((i * total) / count), end: Math.floor(((i + 1) * total) / count) }));
}

/** The indices a spec computes of a sequence of `total`: its slice, or all. */
export function sliceBounds(slice: SweepSlice | undefined, total: number): SweepSlice {
  return slice ? { start: Math.max(0, slice.start), end: Math.min(total, slice.end) } : { start: 0, end: total };
}

export interface SweepCurve {
  parameters: Record<string, number | string>;
  I: Float64Array;
  dI: Float64Array | null;
  dQ: Float64Array | null;
}

/** Parameter sets of the sweep, in order (cheap; lets callers check sizes before computing). */
export function sweepPoints(spec: SasSweepSpec): Record<string, number | string>[] {
  return sampleParameters(spec.ranges, spec.sampling, spec.count, spec.seed).map((p) => ({ ...spec.parameters, ...p }));
}

/** Curves the sweep computes: the whole design, or its first `first` points. */
export function sweepSize(spec: Pick<SasSweepSpec, "first">, designPoints: number): number {
  return spec.first === undefined ? designPoints : Math.min(spec.first, designPoints);
}

/** Each sample's noise stream is seeded from the sweep seed and its index, so curves are independent. */
function noiseSeed(seed: number, index: number): number {
  return (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

export function* runSasSweep(spec: SasSweepSpec): Generator<SweepCurve, void, void> {
  const dQ = spec.resolution ? spec.q.map((v) => v * spec.resolution!) : null;
  const points = sweepPoints(spec);
  const total = sweepSize(spec, points.length);
  const slit = spec.slit
    ? { length: new Float64Array(spec.q.length).fill(spec.slit.length), width: new Float64Array(spec.q.length).fill(spec.slit.width) }
    : null;
  const { start, end } = sliceBounds(spec.slice, total);
  for (let k = start; k < end; k++) yield sweepCurve(spec, points[k], k, dQ, slit);
}

/**
 * Curve `index` of a sweep at `parameters`: the model's I(q), smeared by `dQ` when given, with
 * Poisson noise seeded from the sweep's seed and the index when the spec asks for noise.
 */
export function sweepCurve(
  spec: Pick<SasSweepSpec, "model" | "q" | "seed" | "countsPerUnit" | "structureFactorMode">,
  parameters: Record<string, number | string>,
  index: number,
  dQ: Float64Array | null,
  slit: { length: Float64Array; width: Float64Array } | null = null,
): SweepCurve {
  const { I } = evaluate(spec.model, parameters, spec.q, {
    structureFactorMode: spec.structureFactorMode,
    resolution: dQ ? { dq: dQ } : slit ? { slit } : undefined,
  });
  if (!spec.countsPerUnit) return { parameters, I, dI: null, dQ };
  const noisy = addPoissonNoise(I, { seed: noiseSeed(spec.seed, index), countsPerUnit: spec.countsPerUnit });
  return { parameters, I: noisy.I, dI: noisy.dI, dQ };
}
