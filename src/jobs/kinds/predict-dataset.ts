/** Runs a model on a dataset's curves and writes a DERIVED dataset (InferenceService.predictDataset). */
import { Type, type Static } from "@sinclair/typebox";
import type { Dataset } from "../../entities";
import type { AuthService } from "../../services/auth-service";
import type { InferenceService } from "../../services/inference-service";
import { Uuid } from "../../services/input-schema";
import { defineJobKind } from "../job-kind";

export const PREDICT_DATASET_INPUT = Type.Object(
  {
    datasetId: Uuid(),
    model: Type.String({ minLength: 1, pattern: "\\S" }),
    curveIds: Type.Optional(Type.Array(Uuid())),
    title: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type PredictDatasetInput = Static<typeof PREDICT_DATASET_INPUT>;

export interface PredictDatasetDeps {
  auth: Pick<AuthService, "viewerFor">;
  inference: Pick<InferenceService, "predictDataset">;
}

export const predictDataset = defineJobKind<typeof PREDICT_DATASET_INPUT, PredictDatasetDeps>({
  queue: "predict-dataset",
  input: PREDICT_DATASET_INPUT,
  policy: { expireInSeconds: 2 * 3600 },
  async run({ input, ownerId, deps, progress, signal, commit }) {
    if (!ownerId) throw new Error("predictions on datasets need an owner");
    // Access is re-checked as the owner is now (groups may have changed since queuing).
    const viewer = await deps.auth.viewerFor(ownerId);
    const outcome = ({ dataset, activity, provider }: { dataset: Dataset; activity: { id: string }; provider: string }) => ({
      datasetIds: [dataset.id],
      activityId: activity.id,
      executionProvider: provider,
      message: `made dataset ${dataset.id} with ${dataset.curveCount} predicted curves`,
    });
    const made = await deps.inference.predictDataset(viewer, input, progress, (tx, result) => commit(tx, outcome(result)), signal);
    return outcome(made);
  },
});
