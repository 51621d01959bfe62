/**
 * A mixture of shapes with random sizes and scale (src/compute/sas/shape-mixture.ts): the shape
 * classifier's training data, one curve per draw, labelled with its shape. q in 1/Å, I in 1/cm.
 */
import { Type, type Static } from "@sinclair/typebox";
import { runShapeMixture, SHAPES, shapeMixtureSize, type ShapeMixtureSpec } from "../../compute/sas/shape-mixture";
import { badInput } from "../../services/errors";
import { resolveQ } from "../../services/q-request";
import type { QGridInput } from "../../schema/scattering";
import { workUnits } from "../state-point-sweep";
import { defineSimulationKind } from "../simulation-kind";
import { collectCurves } from "../collect-curves";
import { SAS_SWEEP_LIMITS, type SweepCurveData } from "./sas-model";

export const SHAPE_MIXTURE_INPUT = Type.Object(
  {
    perClass: Type.Integer({ minimum: 1, description: `Curves of each shape (${SHAPES.join(", ")})` }),
    seed: Type.Integer({ default: 0 }),
    q: Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 1, unit: "1/Å", description: "q in 1/Å" }),
    resolution: Type.Number({ minimum: 0, default: 0.05, unit: "", description: "Relative pinhole resolution dq/q" }),
    countsPerUnit: Type.Number({ exclusiveMinimum: 0, default: 1e5, unit: "cm", description: "Poisson noise: counts per unit intensity (1/cm)" }),
    first: Type.Optional(Type.Integer({ minimum: 1, description: "Compute only the first curves of the interleaved sequence" })),
  },
  { additionalProperties: false },
);
export type ShapeMixtureJobInput = Static<typeof SHAPE_MIXTURE_INPUT>;

export function shapeMixtureInput(spec: ShapeMixtureSpec): ShapeMixtureJobInput {
  return { ...spec, q: Array.from(spec.q) };
}

const field = (f: string) => `shapeMixture.${f}`;

export type ShapeCurveData = SweepCurveData & { shape: string };

export const shapeMixture = defineSimulationKind({
  name: "shape-mixture",
  inputField: "shapeMixture",
  queue: "simulation-shape-mixture",
  expireInSeconds: 2 * 3600,
  summary: `a labelled mixture of ${SHAPES.join(", ")} with random sizes, resolution and noise (shape classifier training data)`,
  input: SHAPE_MIXTURE_INPUT,

  fromRequest(request: Record<string, unknown>): ShapeMixtureJobInput {
    const { q, ...rest } = request as { q: QGridInput };
    return { ...(rest as Omit<ShapeMixtureJobInput, "q">), q: Array.from(resolveQ(q, field("q")).inverseAngstrom) };
  },

  check() {
    // Every combination the schema allows is a valid mixture.
  },

  checkWork(input) {
    const curves = shapeMixtureSize(input);
    if (curves > SAS_SWEEP_LIMITS.curves) throw badInput(`${curves} curves are over the limit of ${SAS_SWEEP_LIMITS.curves} per simulation`, field("perClass"));
    if (curves * input.q.length > SAS_SWEEP_LIMITS.values) {
      throw badInput(
        `${curves} curves of ${input.q.length} q points are ${workUnits(curves * input.q.length)} values, over the limit of ${workUnits(SAS_SWEEP_LIMITS.values)}: use fewer curves or q points`,
        field("perClass"),
      );
    }
  },

  steps: (input): ShapeMixtureSpec[] => [{ ...input, q: Float64Array.from(input.q) }],

  compute(spec: ShapeMixtureSpec, progress): ShapeCurveData[] {
    return collectCurves(runShapeMixture(spec), shapeMixtureSize(spec), (c) => ({ shape: c.shape, parameters: c.parameters, I: c.I, dI: c.dI }), progress);
  },

  stepLabel: () => "shape mixture",

  toDataset(input, [curves]) {
    const q = Float64Array.from(input.q);
    const dQ = q.map((v) => v * input.resolution);
    const total = curves.length;
    const all = input.perClass * SHAPES.length;
    const subset = total < all ? { first: total, of: all } : null;
    const range = { min: q[0], max: q[q.length - 1], points: q.length };
    return {
      records: curves.map((c) => ({
        q,
        intensity: c.I,
        dI: c.dI,
        dQ,
        qUnit: "INV_ANGSTROM",
        intensityUnit: "INV_CM",
        parameters: { shape: c.shape, ...c.parameters },
      })),
      description: `${subset ? `the first ${total} of ${all}` : total} curves of a mixture of ${SHAPES.join(", ")}, seed ${input.seed}`,
      keywords: ["simulation", "shape-mixture", ...SHAPES],
      metadata: {
        simulation: "shape-mixture",
        shapes: [...SHAPES],
        perClass: input.perClass,
        seed: input.seed,
        qRange: { ...range, unit: "1/A" },
        intensityUnit: "1/cm",
        resolution: { dqOverQ: input.resolution },
        noise: { kind: "poisson", countsPerUnit: input.countsPerUnit },
        ...(subset ? { subset } : {}),
      },
      activity: {
        label: subset ? `shape mixture (first ${total} of ${all} curves)` : `shape mixture (${total} curves)`,
        seed: input.seed,
        parameters: {
          kind: "shape-mixture",
          shapes: [...SHAPES],
          perClass: input.perClass,
          q: range,
          resolution: input.resolution,
          countsPerUnit: input.countsPerUnit,
          ...(subset ? { first: total } : {}),
          engine: "sasgraph src/compute/sas/shape-mixture (double precision, one worker thread)",
        },
      },
    };
  },
});
