/**
 * An analytical sweep over a sasmodels-style model: one I(q) per sampled parameter set, optionally
 * smeared by pinhole resolution and given Poisson noise (src/compute/sas/sweep.ts). q in 1/Å, I in
 * 1/cm. The whole sweep is one compute step.
 */
import { Type, type Static } from "@sinclair/typebox";
import { evaluate, SasInputError, STRUCTURE_FACTOR_MODES } from "../../compute/sas";
import { runSasSweep, sweepPoints, sweepSize, sweepSlices, type SasSweepSpec } from "../../compute/sas/sweep";
import { SamplingError, SAMPLING_METHODS } from "../../compute/sampling";
import { badInput } from "../../services/errors";
import { numericParameters, resolveQ } from "../../services/q-request";
import type { QGridInput } from "../../schema/scattering";
import { oneOf } from "../../services/input-schema";
import { workUnits } from "../state-point-sweep";
import { defineSimulationKind } from "../simulation-kind";
import { collectCurves } from "../collect-curves";

export const SAS_MODEL_INPUT = Type.Object(
  {
    model: Type.String({ minLength: 1, description: 'Model expression: "sphere", "cylinder", "sphere@hardsphere"' }),
    parameters: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()]), {
      description: "Fixed parameters (sasmodels names; *_pd_type as strings)",
    }),
    ranges: Type.Array(
      Type.Object(
        { name: Type.String({ minLength: 1 }), min: Type.Number(), max: Type.Number(), log: Type.Optional(Type.Boolean({ default: false })) },
        { additionalProperties: false },
      ),
    ),
    sampling: oneOf(SAMPLING_METHODS, { default: "LATIN_HYPERCUBE" }),
    count: Type.Integer({ minimum: 1, description: "Samples, or points per range for GRID" }),
    seed: Type.Integer({ default: 0 }),
    q: Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 1, unit: "1/Å", description: "q in 1/Å" }),
    resolution: Type.Optional(Type.Number({ minimum: 0, unit: "", description: "Relative pinhole resolution dq/q" })),
    countsPerUnit: Type.Optional(Type.Number({ exclusiveMinimum: 0, unit: "cm", description: "Poisson noise: counts per unit intensity (1/cm)" })),
    slit: Type.Optional(
      Type.Object(
        { length: Type.Number({ minimum: 0, unit: "1/Å" }), width: Type.Number({ minimum: 0, unit: "1/Å" }) },
        { additionalProperties: false, description: "Slit resolution at every point, 1/Å (slit-smeared data as USANS); not with resolution" },
      ),
    ),
    structureFactorMode: Type.Optional(oneOf(STRUCTURE_FACTOR_MODES, { default: "plain" })),
    first: Type.Optional(Type.Integer({ minimum: 1, description: "Compute only the first curves of the design (a sample of a large sweep)" })),
  },
  { additionalProperties: false },
);
export type SasModelJobInput = Static<typeof SAS_MODEL_INPUT>;

/** Server bounds: curves are written in one transaction and held in memory until then. */
export const SAS_SWEEP_LIMITS = {
  curves: 100_000,
  /** Values (curves x q points) one sweep holds in memory and writes. */
  values: 20_000_000,
  /** Model evaluations: curves x q points x polydispersity points. */
  work: 2e10,
};

/** The queued form of a sweep spec (q as plain numbers). */
export function sasModelInput(spec: SasSweepSpec): SasModelJobInput {
  return { ...spec, ranges: spec.ranges.map((r) => ({ ...r })), q: Array.from(spec.q) };
}

export function sweepSpec(input: SasModelJobInput): SasSweepSpec {
  return { ...input, q: Float64Array.from(input.q) };
}

/** Polydispersity points of a sweep's curves: the product over polydisperse parameters of their _pd_n. */
export function polydispersityPoints(input: Pick<SasModelJobInput, "parameters" | "ranges">): number {
  const widths = new Map<string, number>();
  for (const [key, value] of Object.entries(input.parameters)) if (key.endsWith("_pd") && typeof value === "number") widths.set(key, value);
  for (const r of input.ranges) if (r.name.endsWith("_pd")) widths.set(r.name, Math.max(Math.abs(r.min), Math.abs(r.max)));
  let points = 1;
  for (const [key, width] of widths) {
    if (!(width > 0)) continue;
    const n = input.parameters[`${key}_n`];
    points *= typeof n === "number" && n >= 1 ? n : 35;
  }
  return points;
}

const field = (f: string) => `sasModel.${f}`;

function designPoints(input: SasModelJobInput): Record<string, number | string>[] {
  const L = SAS_SWEEP_LIMITS;
  if (input.count > L.curves) throw badInput(`count ${input.count} is over the limit of ${L.curves} curves per sweep`, field("count"));
  // GRID sampling makes count^ranges curves: bound it before drawing them.
  if (input.sampling === "GRID" && Math.pow(input.count, input.ranges.length) > L.curves) {
    throw badInput(
      `count ${input.count} on a GRID of ${input.ranges.length} ranges makes ${workUnits(Math.pow(input.count, input.ranges.length))} curves, over the limit of ${L.curves}`,
      field("count"),
    );
  }
  try {
    const points = sweepPoints(sweepSpec(input));
    if (points.length > L.curves) throw badInput(`the sweep makes ${points.length} curves, over the limit of ${L.curves}`, field("count"));
    return points;
  } catch (err) {
    if (err instanceof SamplingError) throw badInput(err.message, field(err.field));
    throw err;
  }
}

export interface SweepCurveData {
  parameters: Record<string, number | string>;
  I: Float64Array;
  dI: Float64Array | null;
}

export const sasModel = defineSimulationKind({
  name: "sas-model",
  inputField: "sasModel",
  queue: "simulation-sas",
  expireInSeconds: 2 * 3600,
  summary: "an analytical sweep of a sasmodels-style model: I(q) per sampled parameter set",
  input: SAS_MODEL_INPUT,

  /** The GraphQL form: q as a grid or values in any unit, parameters as JSON. */
  fromRequest(request: Record<string, unknown>): SasModelJobInput {
    const { q, parameters, structureFactorMode, slitLength, slitWidth, ...rest } = request as {
      q: QGridInput;
      parameters?: Record<string, unknown>;
      structureFactorMode?: string;
      slitLength?: number;
      slitWidth?: number;
    };
    // The slit is given in the unit of q; the table holds 1/Å.
    const toA = q.unit === "INV_NM" ? 0.1 : 1;
    return {
      ...(rest as Omit<SasModelJobInput, "q" | "parameters" | "structureFactorMode">),
      ...(slitLength !== undefined || slitWidth !== undefined ? { slit: { length: (slitLength ?? 0) * toA, width: (slitWidth ?? 0) * toA } } : {}),
      parameters: numericParameters(parameters, field("parameters")),
      q: Array.from(resolveQ(q, field("q")).inverseAngstrom),
      // GraphQL's StructureFactorMode enum carries the model library's values.
      // Absent stays absent: the structure_factor_mode parameter may say which (evaluate checks the two agree).
      ...(structureFactorMode === "beta" || structureFactorMode === "plain" ? { structureFactorMode } : {}),
    };
  },

  check(input) {
    if (input.slit && input.resolution) throw badInput("give pinhole resolution or a slit, not both", field("slitLength"));
    const points = designPoints(input);
    try {
      // The model accepts the first parameter set (names, bounds, the expression itself).
      evaluate(input.model, points[0], Float64Array.from(input.q.slice(0, 2)), { structureFactorMode: input.structureFactorMode });
    } catch (err) {
      if (err instanceof SasInputError) throw badInput(err.message, err.field);
      throw err;
    }
  },

  checkWork(input) {
    const L = SAS_SWEEP_LIMITS;
    const curves = sweepSize(input, designPoints(input).length);
    if (curves * input.q.length > L.values) {
      throw badInput(
        `${curves} curves of ${input.q.length} q points are ${workUnits(curves * input.q.length)} values, over the limit of ${workUnits(L.values)} per sweep: use fewer curves or q points`,
        field("q"),
      );
    }
    const work = curves * input.q.length * polydispersityPoints(input);
    if (work > L.work) {
      throw badInput(
        `curves x q points x polydispersity points is ${workUnits(work)} work units, over the limit of ${workUnits(L.work)} per sweep: use fewer curves, q points or *_pd_n`,
        field("count"),
      );
    }
  },

  // Slices of the sweep on up to `threads` threads: each curve depends only on its index.
  concurrentSteps: true,
  steps(input, threads) {
    const spec = sweepSpec(input);
    return sweepSlices(sweepSize(spec, sweepPoints(spec).length), threads).map((slice) => ({ ...spec, slice }));
  },

  compute(spec: SasSweepSpec, progress): SweepCurveData[] {
    // steps() bounds every slice; a job queued without one is the whole sweep.
    const total = spec.slice ? spec.slice.end - spec.slice.start : sweepSize(spec, sweepPoints(spec).length);
    return collectCurves(runSasSweep(spec), total, (c) => ({ parameters: c.parameters, I: c.I, dI: c.dI }), progress);
  },

  stepLabel: (spec, k, of) => (of > 1 ? `sweep of ${spec.model}, part ${k + 1} of ${of}` : `sweep of ${spec.model}`),

  toDataset(input, slices) {
    const curves = slices.flat();
    const q = Float64Array.from(input.q);
    const dQ = input.resolution ? q.map((v) => v * input.resolution!) : null;
    const dQl = input.slit ? new Float64Array(q.length).fill(input.slit.length) : null;
    const dQw = input.slit ? new Float64Array(q.length).fill(input.slit.width) : null;
    const total = curves.length;
    const design = sweepPoints(sweepSpec(input)).length;
    // A sample of a larger sweep says so: the first `total` of its `design` curves.
    const subset = total < design ? { first: total, of: design } : null;
    const range = { min: q[0], max: q[q.length - 1], points: q.length };
    return {
      records: curves.map((c) => ({ q, intensity: c.I, dI: c.dI, dQ, dQl, dQw, qUnit: "INV_ANGSTROM", intensityUnit: "INV_CM", parameters: c.parameters })),
      description: `${subset ? `the first ${total} of ${design}` : total} curves of ${input.model}, ${input.sampling.toLowerCase().replace("_", " ")} sampling, seed ${input.seed}`,
      keywords: ["simulation", ...input.model.split("@")],
      metadata: {
        model: input.model,
        fixedParameters: input.parameters,
        ranges: input.ranges,
        sampling: input.sampling,
        seed: input.seed,
        qRange: { ...range, unit: "1/A" },
        intensityUnit: "1/cm",
        ...(input.resolution ? { resolution: { dqOverQ: input.resolution } } : {}),
        ...(input.slit ? { resolution: { slitLength: input.slit.length, slitWidth: input.slit.width, unit: "1/A" } } : {}),
        ...(input.countsPerUnit ? { noise: { kind: "poisson", countsPerUnit: input.countsPerUnit } } : {}),
        ...(subset ? { subset } : {}),
      },
      activity: {
        label: subset ? `sweep of ${input.model} (first ${total} of ${design} curves)` : `sweep of ${input.model} (${total} curves)`,
        seed: input.seed,
        parameters: {
          kind: "sas-model",
          model: input.model,
          parameters: input.parameters,
          ranges: input.ranges,
          sampling: input.sampling,
          count: input.count,
          q: range,
          resolution: input.resolution ?? null,
          slit: input.slit ?? null,
          countsPerUnit: input.countsPerUnit ?? null,
          structureFactorMode: input.structureFactorMode ?? "plain",
          ...(subset ? { first: total } : {}),
          engine: "sasgraph src/compute/sas (double precision, worker threads)",
        },
      },
    };
  },
});
