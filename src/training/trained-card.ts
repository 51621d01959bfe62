/**
 * The card a trained network is registered (or shipped) with: the architecture's card, named, with
 * the domain of the training rows, the validation metrics and the record of how it was trained.
 */
import { MODEL_CARD_SCHEMA, type TrainingRecord } from "../serving/model-card";
import type { EpochReport, TrainedNetwork, TrainingProblem } from "./architecture";

export function trainedCard(
  network: TrainedNetwork,
  problem: Pick<TrainingProblem, "qGrid" | "ranges">,
  model: string,
  training: TrainingRecord,
  metrics: Record<string, number> = network.metrics,
): Record<string, unknown> {
  const qMin = problem.qGrid[0];
  const qMax = problem.qGrid[problem.qGrid.length - 1];
  return { ...network.card, schema: MODEL_CARD_SCHEMA, name: model, domain: { qMin, qMax, parameters: problem.ranges }, metrics, training };
}

/** The loss history as a card records it: stage, epoch and the two losses of each epoch. */
export function recordedHistory(history: readonly EpochReport[]): TrainingRecord["history"] {
  return history.map((h) => ({ stage: h.stage, epoch: h.epoch, trainLoss: h.trainLoss, validationLoss: h.validationLoss }));
}
