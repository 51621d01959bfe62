import type { Dataset } from "../../entities";
import { isUuid } from "../../services/catalogue-service";
import { badInput } from "../../services/errors";
import type { Viewer } from "../../services/viewer";
import type { JobHandler } from "../job-handler";

/** The queued form of predictDataset. */
export interface PredictDatasetInput {
  datasetId: string;
  model: string;
  curveIds?: string[];
  title?: string;
}

export const PREDICT_DATASET_QUEUE = "predict-dataset";

/** Runs a model on a dataset's curves and writes a DERIVED dataset (InferenceService.predictDataset). */
export function predictDatasetHandler(): JobHandler<PredictDatasetInput> {
  return {
    queue: PREDICT_DATASET_QUEUE,
    validate(raw) {
      const input = raw as PredictDatasetInput;
      if (!input || typeof input.datasetId !== "string" || !isUuid(input.datasetId)) throw badInput("datasetId must be a dataset id", "datasetId");
      if (typeof input.model !== "string" || !input.model.trim()) throw badInput("model must not be empty", "model");
      if (input.curveIds !== undefined && (!Array.isArray(input.curveIds) || input.curveIds.some((id) => !isUuid(id))))
        throw badInput("curveIds must be curve ids", "curveIds");
      return input;
    },
    async run({ input, ownerId, services, progress, signal, commit }) {
      if (!ownerId) throw new Error("predictions on datasets need an owner");
      // Access is re-checked as the owner is now (groups may have changed since queuing).
      const groups: { group_id: string }[] = await services.db.query(`SELECT group_id FROM user_groups WHERE user_id = $1`, [ownerId]);
      const viewer: Viewer = { userId: ownerId, userName: null, groupIds: groups.map((g) => g.group_id) };
      const outcome = ({ dataset, activity, provider }: { dataset: Dataset; activity: { id: string }; provider: string }) => ({
        datasetIds: [dataset.id],
        activityId: activity.id,
        executionProvider: provider,
        message: `made dataset ${dataset.id} with ${dataset.curveCount} predicted curves`,
      });
      const made = await services.models.inference.predictDataset(viewer, input, progress, (tx, result) => commit(tx, outcome(result)), signal);
      return outcome(made);
    },
  };
}
