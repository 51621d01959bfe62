/**
 * The sweep fields every state-point simulation shares: ranges over some of its parameters, how they
 * are sampled and how many points. A kind adds them to its point schema with `sweepFields(names)`.
 */
import { Type, type Static } from "@sinclair/typebox";
import { sampleParameters, SamplingError, SAMPLING_METHODS, type SamplingMethod } from "../compute/sampling";
import { badInput } from "../services/errors";
import { oneOf } from "../services/input-schema";

/** Most state points of one particle-simulation sweep. */
export const MAX_STATE_POINTS = 1000;

export function rangeSchema<N extends string>(names: readonly N[]) {
  return Type.Object(
    {
      name: oneOf(names, { description: "The parameter swept" }),
      min: Type.Number(),
      max: Type.Number(),
      log: Type.Optional(Type.Boolean({ default: false, description: "Sample uniformly in log(value)" })),
    },
    { additionalProperties: false },
  );
}

/** Fields of a sweep over `names` (one state point without ranges). */
export function sweepFields<N extends string>(names: readonly N[], defaultSampling: SamplingMethod = "GRID") {
  return {
    ranges: Type.Optional(Type.Array(rangeSchema(names), { default: [], description: `Sweep ${names.join(", ")} over ranges (one state point without)` })),
    sampling: Type.Optional(oneOf(SAMPLING_METHODS, { default: defaultSampling })),
    count: Type.Optional(Type.Integer({ minimum: 1, default: 1, description: "Samples, or points per range for GRID" })),
  };
}

export type SweepFields = { ranges?: Static<ReturnType<typeof rangeSchema>>[]; sampling?: SamplingMethod; count?: number };

/**
 * The state points of a sweep input: its fixed fields with each sample's values over them. GRID
 * sizes are bounded before drawing (count^ranges grows fast).
 */
export function statePoints<P extends object>(input: P & SweepFields & { seed: number }, prefix: string): Omit<P, keyof SweepFields>[] {
  const { ranges = [], sampling = "GRID", count = 1, ...base } = input;
  if (ranges.length === 0) return [base];
  if (sampling === "GRID" && Math.pow(count, ranges.length) > MAX_STATE_POINTS) {
    throw badInput(`count ${count} on a GRID of ${ranges.length} ranges is over the limit of ${MAX_STATE_POINTS} state points`, `${prefix}.count`);
  }
  let samples: Record<string, number>[];
  try {
    samples = sampleParameters(
      ranges.map((r) => ({ name: r.name, min: r.min, max: r.max, log: r.log ?? false })),
      sampling,
      count,
      input.seed,
    );
  } catch (err) {
    if (err instanceof SamplingError) throw badInput(err.message, `${prefix}.${err.field}`);
    throw err;
  }
  if (samples.length > MAX_STATE_POINTS)
    throw badInput(`the sweep has ${samples.length} state points, over the limit of ${MAX_STATE_POINTS}`, `${prefix}.count`);
  return samples.map((p) => ({ ...base, ...p }));
}

/** Work figures in messages: 1.20e12. */
export const workUnits = (v: number) => v.toExponential(2).replace("e+", "e");
