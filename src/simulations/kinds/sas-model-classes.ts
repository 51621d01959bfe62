/**
 * A sweep across model classes (SASformer's training set, paper 001): several sasmodels-style models,
 * each with its fixed parameters and ranges, `perClass` designs each, on one q grid, in one dataset;
 * every curve's `parameters.model` is its class and `parameters.label` the class's index
 * (src/compute/sas/class-sweep.ts). q in 1/Å, I in 1/cm. The whole sweep is one compute step.
 */
import { Type, type Static } from "@sinclair/typebox";
import { evaluate, SasInputError, STRUCTURE_FACTOR_MODES } from "../../compute/sas";
import { classDesigns, classSweepOrder, runClassSweep, type ClassSweepSpec } from "../../compute/sas/class-sweep";
import { sweepSlices } from "../../compute/sas/sweep";
import { SamplingError, SAMPLING_METHODS } from "../../compute/sampling";
import { badInput } from "../../services/errors";
import { oneOf } from "../../services/input-schema";
import { numericParameters, resolveQ } from "../../services/q-request";
import type { QGridInput } from "../../schema/scattering";
import { workUnits } from "../state-point-sweep";
import { defineSimulationKind } from "../simulation-kind";
import { collectCurves } from "../collect-curves";
import { polydispersityPoints, SAS_SWEEP_LIMITS, type SweepCurveData } from "./sas-model";

/** Most classes one sweep may hold (SASformer has 55). */
export const MAX_CLASSES = 200;

const MODEL_CLASS = Type.Object(
  {
    model: Type.String({ minLength: 1, description: 'Model expression, the class label: "sphere", "cylinder", "sphere@hardsphere"' }),
    parameters: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()]), { description: "Fixed parameters of this class (sasmodels names)" }),
    ranges: Type.Optional(
      Type.Array(
        Type.Object(
          { name: Type.String({ minLength: 1 }), min: Type.Number(), max: Type.Number(), log: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        { description: "Ranges of this class's design; absent: independent draws of the model's own sampler (not for GRID)" },
      ),
    ),
  },
  { additionalProperties: false },
);

export const SAS_MODEL_CLASSES_INPUT = Type.Object(
  {
    classes: Type.Array(MODEL_CLASS, { minItems: 1, maxItems: MAX_CLASSES, description: "The model classes, each with its fixed parameters and ranges" }),
    perClass: Type.Integer({ minimum: 1, description: "Samples per class, or points per range for GRID" }),
    sampling: oneOf(SAMPLING_METHODS, { default: "LATIN_HYPERCUBE" }),
    seed: Type.Integer({ default: 0 }),
    q: Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 1, unit: "1/Å", description: "q in 1/Å" }),
    resolution: Type.Optional(Type.Number({ minimum: 0, unit: "", description: "Relative pinhole resolution dq/q" })),
    countsPerUnit: Type.Optional(Type.Number({ exclusiveMinimum: 0, unit: "cm", description: "Poisson noise: counts per unit intensity (1/cm)" })),
    structureFactorMode: Type.Optional(oneOf(STRUCTURE_FACTOR_MODES, { default: "plain" })),
    first: Type.Optional(Type.Integer({ minimum: 1, description: "Compute only the first curves of the interleaved sequence (a balanced sample)" })),
  },
  { additionalProperties: false },
);
export type SasModelClassesJobInput = Static<typeof SAS_MODEL_CLASSES_INPUT>;

const field = (f: string) => `sasModels.${f}`;

function spec(input: SasModelClassesJobInput): ClassSweepSpec {
  return { ...input, q: Float64Array.from(input.q) };
}

function designs(input: SasModelClassesJobInput): Record<string, number | string>[][] {
  const L = SAS_SWEEP_LIMITS;
  input.classes.forEach((c, i) => {
    const ranges = c.ranges?.length ?? 0;
    if (input.sampling === "GRID" && Math.pow(input.perClass, ranges) > L.curves) {
      throw badInput(`perClass ${input.perClass} on a GRID of ${ranges} ranges is over the limit of ${L.curves} curves`, field(`classes[${i}].ranges`));
    }
  });
  if (input.sampling !== "GRID" && input.perClass * input.classes.length > L.curves) {
    throw badInput(`${input.classes.length} classes x perClass ${input.perClass} is over the limit of ${L.curves} curves per sweep`, field("perClass"));
  }
  try {
    return classDesigns(input);
  } catch (err) {
    if (err instanceof SamplingError) throw badInput(err.message, field(err.field));
    throw err;
  }
}

export const sasModelClasses = defineSimulationKind({
  name: "sas-model-classes",
  inputField: "sasModels",
  queue: "simulation-sas-classes",
  expireInSeconds: 4 * 3600,
  summary: "a sweep across model classes, one dataset, every curve labelled by its model (SASformer-style training data)",
  input: SAS_MODEL_CLASSES_INPUT,

  fromRequest(request: Record<string, unknown>): SasModelClassesJobInput {
    const { q, classes, ...rest } = request as { q: QGridInput; classes: { model: string; parameters?: Record<string, unknown>; ranges?: unknown[] | null }[] };
    return {
      ...(rest as Omit<SasModelClassesJobInput, "q" | "classes">),
      classes: (classes ?? []).map(({ ranges, ...c }, i) => ({
        ...c,
        // GraphQL's null means absent: the class draws from its model's sampler
        ...(ranges == null ? {} : { ranges }),
        parameters: numericParameters(c.parameters, field(`classes[${i}].parameters`)),
      })) as SasModelClassesJobInput["classes"],
      q: Array.from(resolveQ(q, field("q")).inverseAngstrom),
    };
  },

  check(input) {
    const all = designs(input);
    const q = Float64Array.from(input.q.slice(0, 2));
    input.classes.forEach((c, i) => {
      if (all[i].length === 0) return;
      try {
        // Each class's model accepts its first parameter set (names, bounds, the expression itself).
        evaluate(c.model, all[i][0], q, { structureFactorMode: input.structureFactorMode });
      } catch (err) {
        if (err instanceof SasInputError)
          throw badInput(`classes[${i}] (${c.model}): ${err.message}`, field(`classes[${i}]${err.field ? `.${err.field}` : ""}`));
        throw err;
      }
    });
  },

  checkWork(input) {
    const L = SAS_SWEEP_LIMITS;
    const all = designs(input);
    const order = classSweepOrder(all, input.first);
    if (order.length > L.curves) throw badInput(`the sweep makes ${order.length} curves, over the limit of ${L.curves}`, field("perClass"));
    if (order.length * input.q.length > L.values) {
      throw badInput(
        `${order.length} curves of ${input.q.length} q points are ${workUnits(order.length * input.q.length)} values, over the limit of ${workUnits(L.values)} per sweep`,
        field("q"),
      );
    }
    const perClass = new Array<number>(input.classes.length).fill(0);
    for (const [c] of order) perClass[c]++;
    const work = input.classes.reduce(
      (sum, c, i) => sum + perClass[i] * input.q.length * polydispersityPoints({ parameters: c.parameters, ranges: c.ranges ?? [] }),
      0,
    );
    if (work > L.work) {
      throw badInput(
        `curves x q points x polydispersity points is ${workUnits(work)} work units, over the limit of ${workUnits(L.work)} per sweep`,
        field("perClass"),
      );
    }
  },

  // Slices of the interleaved sequence on up to `threads` threads: each curve depends only on its class and index.
  concurrentSteps: true,
  steps(input, threads) {
    const whole = spec(input);
    return sweepSlices(classSweepOrder(classDesigns(whole), whole.first).length, threads).map((slice) => ({ ...whole, slice }));
  },

  compute(s: ClassSweepSpec, progress): (SweepCurveData & { model: string; label: number })[] {
    // steps() bounds every slice; a job queued without one is the whole sweep.
    const total = s.slice ? s.slice.end - s.slice.start : classSweepOrder(classDesigns(s), s.first).length;
    return collectCurves(runClassSweep(s), total, (c) => ({ model: c.model, label: c.label, parameters: c.parameters, I: c.I, dI: c.dI }), progress);
  },

  stepLabel: (_s, k, of) => (of > 1 ? `class sweep, part ${k + 1} of ${of}` : "class sweep"),

  toDataset(input, slices) {
    const curves = slices.flat();
    const q = Float64Array.from(input.q);
    const dQ = input.resolution ? q.map((v) => v * input.resolution!) : null;
    const models = input.classes.map((c) => c.model);
    const all = classSweepOrder(classDesigns(input)).length;
    const subset = curves.length < all ? { first: curves.length, of: all } : null;
    const range = { min: q[0], max: q[q.length - 1], points: q.length };
    return {
      records: curves.map((c) => ({
        q,
        intensity: c.I,
        dI: c.dI,
        dQ,
        qUnit: "INV_ANGSTROM",
        intensityUnit: "INV_CM",
        parameters: { model: c.model, label: c.label, ...c.parameters },
      })),
      description: `${subset ? `the first ${curves.length} of ${all}` : curves.length} curves of ${models.length} model classes (${models.join(", ")}), ${input.sampling.toLowerCase().replace("_", " ")} sampling, seed ${input.seed}`,
      keywords: ["simulation", "model-classes", ...new Set(models.flatMap((m) => m.split("@")))],
      metadata: {
        classes: input.classes,
        labels: models,
        perClass: input.perClass,
        sampling: input.sampling,
        seed: input.seed,
        qRange: { ...range, unit: "1/A" },
        intensityUnit: "1/cm",
        ...(input.resolution ? { resolution: { dqOverQ: input.resolution } } : {}),
        ...(input.countsPerUnit ? { noise: { kind: "poisson", countsPerUnit: input.countsPerUnit } } : {}),
        ...(subset ? { subset } : {}),
      },
      activity: {
        label: `sweep of ${models.length} model classes (${curves.length} curves)`,
        seed: input.seed,
        parameters: {
          kind: "sas-model-classes",
          classes: input.classes,
          perClass: input.perClass,
          sampling: input.sampling,
          q: range,
          resolution: input.resolution ?? null,
          countsPerUnit: input.countsPerUnit ?? null,
          structureFactorMode: input.structureFactorMode ?? "plain",
          ...(subset ? { first: curves.length } : {}),
          engine: "sasgraph src/compute/sas (double precision, worker threads)",
        },
      },
    };
  },
});
