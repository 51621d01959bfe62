/**
 * train-model: reads the datasets as the owner is now, builds the training problem, trains the
 * architecture on a worker thread (progress per epoch), checks every exported network in
 * onnxruntime and registers them with their provenance in one transaction with the job's
 * SUCCEEDED (TrainingService.run). A training thread that dies is retried (UNAVAILABLE) under the
 * queue's retry policy; a cancelled job stops its thread and registers nothing.
 */
import { Type, type Static } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import type { EntityManager } from "typeorm";
import type { AuthService } from "../../services/auth-service";
import { badInput } from "../../services/errors";
import { oneOf, parseInput, Uuid } from "../../services/input-schema";
import type { Viewer } from "../../services/viewer";
import type { TrainingRole } from "../../training/architecture";
import { findArchitecture, TRAINING_ARCHITECTURES } from "../../training/architectures/registry";
import { INPUT_TRANSFORMS, type InputTransform } from "../../training/problem";
import { defineJobKind, type JobOutcome } from "../job-kind";

export const MAX_TRAINING_DATASETS = 100;

export const TRAIN_MODEL_INPUT = Type.Object(
  {
    model: Type.String({ minLength: 1, pattern: "\\S" }),
    architecture: Type.String({ minLength: 1 }),
    datasetIds: Type.Array(Uuid(), { minItems: 1, maxItems: MAX_TRAINING_DATASETS }),
    validationFraction: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: "Fraction of the curves held out for validation" })),
    validationDatasetIds: Type.Optional(Type.Array(Uuid(), { maxItems: MAX_TRAINING_DATASETS })),
    targets: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 64 }),
    inputTransform: Type.Unsafe<InputTransform>(oneOf(INPUT_TRANSFORMS)),
    /** As run: defaults filled in when queued. */
    hyperparameters: Type.Record(Type.String(), Type.Unknown()),
    seed: Type.Integer({ minimum: 0, maximum: 2147483647 }),
  },
  { additionalProperties: false },
);
export type TrainModelInput = Static<typeof TRAIN_MODEL_INPUT>;

/** A registered version in `job.result.versions`. */
export interface TrainedVersionRef {
  id: string;
  role: TrainingRole;
  model: string;
  version: number;
}

export interface TrainingRunResult {
  versions: TrainedVersionRef[];
  activity: { id: string };
}

export interface TrainingJobDeps {
  auth: Pick<AuthService, "viewerFor">;
  training: {
    run(
      viewer: Viewer,
      input: TrainModelInput,
      progress: (fraction: number, message: string) => Promise<void>,
      signal: AbortSignal,
      onCommit: (tx: EntityManager, made: TrainingRunResult) => Promise<void>,
    ): Promise<TrainingRunResult>;
  };
}

/** The hyperparameters with the table's defaults filled in, checked against it (BAD_USER_INPUT naming the field). */
export function resolveHyperparameters(architecture: string, given: unknown): Record<string, unknown> {
  const a = findArchitecture(architecture);
  if (!a)
    throw badInput(`architecture "${architecture}" is not known; architectures are ${TRAINING_ARCHITECTURES.map((x) => x.name).join(", ")}`, "architecture");
  const raw = given === undefined || given === null ? {} : given;
  if (typeof raw !== "object" || Array.isArray(raw)) throw badInput("hyperparameters must be an object of named values", "hyperparameters");
  return parseInput(a.hyperparameters, Value.Default(a.hyperparameters, structuredClone(raw)), "hyperparameters") as Record<string, unknown>;
}

export const trainModel = defineJobKind<typeof TRAIN_MODEL_INPUT, TrainingJobDeps>({
  queue: "train-model",
  input: TRAIN_MODEL_INPUT,
  // Generous: a worker that dies is noticed by its heartbeat, not by expiry.
  policy: { expireInSeconds: 12 * 3600 },
  check(input) {
    resolveHyperparameters(input.architecture, input.hyperparameters);
    if (input.validationFraction !== undefined && (input.validationDatasetIds?.length ?? 0) > 0)
      throw badInput("give validationFraction or validationDatasetIds, not both", "validationFraction");
    const overlap = (input.validationDatasetIds ?? []).find((id) => input.datasetIds.includes(id));
    if (overlap) throw badInput(`dataset ${overlap} is in both datasetIds and validationDatasetIds`, "validationDatasetIds");
  },
  async run({ input, ownerId, deps, progress, signal, commit }) {
    if (!ownerId) throw new Error("training needs an owner");
    // Access is checked again as the owner is now (groups may have changed since queuing).
    const viewer = await deps.auth.viewerFor(ownerId);
    const outcome = (made: TrainingRunResult): JobOutcome => ({
      versions: made.versions,
      activityId: made.activity.id,
      message: `registered ${made.versions.map((v) => `${v.model} v${v.version} (${v.role})`).join(", ")}`,
    });
    const made = await deps.training.run(viewer, input, progress, signal, (tx, result) => commit(tx, outcome(result)));
    return outcome(made);
  },
});
