/**
 * One training loop for every architecture: Adam on mini-batches in a seeded order (tfjs's own
 * shuffle draws from Math.random), the validation loss after every epoch, early stopping with
 * patience and the best epoch's weights restored, a report per epoch, and cancellation checked
 * between batches.
 */
import * as tf from "@tensorflow/tfjs";
import { Random } from "../compute/random";
import type { EpochReport, TrainingContext } from "./architecture";

export interface FitOptions {
  stage: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
  seed: number;
  trainRows: number;
  variables: tf.Variable[];
  /** The loss on the training rows `indices` (int32, 1D). */
  loss(indices: tf.Tensor1D): tf.Scalar;
  /** The loss on the whole validation set. */
  validationLoss(): number;
  snapshot(): Float32Array[];
  restore(weights: Float32Array[]): void;
}

/** Shuffle in place with our seeded generator. */
export function shuffle(order: Int32Array, random: Random): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
}

export async function fit(o: FitOptions, context: Pick<TrainingContext, "signal" | "report">): Promise<EpochReport[]> {
  const optimizer = tf.train.adam(o.learningRate);
  const random = new Random(o.seed);
  const order = Int32Array.from({ length: o.trainRows }, (_, i) => i);
  const history: EpochReport[] = [];
  let best = Infinity;
  let bestEpoch = -1;
  let bestWeights: Float32Array[] | null = null;
  try {
    for (let epoch = 0; epoch < o.epochs && epoch - bestEpoch <= o.patience; epoch++) {
      shuffle(order, random);
      let sum = 0;
      for (let start = 0; start < o.trainRows; start += o.batchSize) {
        if (context.signal.aborted) throw context.signal.reason ?? new Error("cancelled");
        const batch = order.subarray(start, Math.min(o.trainRows, start + o.batchSize));
        const indices = tf.tensor1d(batch, "int32");
        try {
          const cost = optimizer.minimize(() => o.loss(indices), true, o.variables);
          sum += (cost!.dataSync()[0] * batch.length) / o.trainRows;
          cost!.dispose();
        } finally {
          indices.dispose();
        }
      }
      const validationLoss = o.validationLoss();
      const report: EpochReport = { stage: o.stage, epoch: epoch + 1, epochs: o.epochs, trainLoss: sum, validationLoss };
      history.push(report);
      if (validationLoss < best || bestWeights === null) {
        best = validationLoss;
        bestEpoch = epoch;
        bestWeights = o.snapshot();
      }
      await context.report(report);
    }
    if (bestWeights) o.restore(bestWeights);
  } finally {
    optimizer.dispose();
  }
  return history;
}
