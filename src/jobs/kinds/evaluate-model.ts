/** Evaluates a model version on a dataset and stores the metrics on the version (EvaluationService.evaluate). */
import { Type, type Static } from "@sinclair/typebox";
import type { ModelEvaluation } from "../../entities";
import type { AuthService } from "../../services/auth-service";
import type { EvaluationService } from "../../services/evaluation/evaluation-service";
import { Uuid } from "../../services/input-schema";
import { defineJobKind } from "../job-kind";

export const EVALUATE_MODEL_INPUT = Type.Object(
  {
    model: Type.String({ minLength: 1, pattern: "\\S" }),
    datasetId: Uuid(),
  },
  { additionalProperties: false },
);
export type EvaluateModelInput = Static<typeof EVALUATE_MODEL_INPUT>;

export interface EvaluateModelDeps {
  auth: Pick<AuthService, "viewerFor">;
  evaluations: Pick<EvaluationService, "evaluate">;
}

export const evaluateModel = defineJobKind<typeof EVALUATE_MODEL_INPUT, EvaluateModelDeps>({
  queue: "evaluate-model",
  input: EVALUATE_MODEL_INPUT,
  policy: { expireInSeconds: 2 * 3600 },
  async run({ jobId, input, ownerId, deps, progress, signal, commit }) {
    if (!ownerId) throw new Error("evaluations need an owner");
    // Access is re-checked as the owner is now (groups may have changed since queuing).
    const viewer = await deps.auth.viewerFor(ownerId);
    const outcome = (e: ModelEvaluation) => ({
      evaluationId: e.id,
      versionId: e.versionId,
      datasetId: e.datasetId,
      headline: e.metrics.headline ?? null,
      message: `evaluated on ${e.curveCount} curves`,
    });
    const made = await deps.evaluations.evaluate(viewer, input, jobId, progress, (tx, e) => commit(tx, outcome(e)), signal);
    return outcome(made);
  },
});
