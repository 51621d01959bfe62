/**
 * What the supervised architectures (MLP regressor, MLP and CNN classifiers, multi-task) share:
 * the common hyperparameter fields, input and target standardisation from the training rows, the
 * card's common part, the regression and classification heads on the card, and their metrics.
 */
import * as tf from "@tensorflow/tfjs";
import { Type } from "@sinclair/typebox";
import { oneOf } from "../../services/input-schema";
import { MODEL_CARD_SCHEMA, type ClassificationHead, type RegressionParameter, type StandardiseStep } from "../../serving/model-card";
import type { TrainingExamples, TrainingProblem } from "../architecture";
import { interpolationFor } from "../problem";
import { columnStats, standardiseRows, type ColumnStats } from "../column-stats";

/** Fields every supervised table has, with defaults that train a good small model. */
export const COMMON_HYPERPARAMETERS = {
  epochs: Type.Integer({ minimum: 1, maximum: 5000, default: 300, description: "Most passes over the training curves" }),
  batchSize: Type.Integer({ minimum: 1, maximum: 4096, default: 32, description: "Curves per gradient step" }),
  learningRate: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.001, description: "Adam step size" }),
  patience: Type.Integer({
    minimum: 1,
    maximum: 5000,
    default: 30,
    description: "Epochs without a better validation loss before stopping early (the best epoch's weights are kept)",
  }),
  activation: oneOf(["relu", "tanh"] as const, { default: "relu", description: "Activation of the hidden layers" }),
};

export const DENSE_HYPERPARAMETERS = {
  layers: Type.Integer({ minimum: 1, maximum: 8, default: 2, description: "Hidden dense layers" }),
  width: Type.Integer({ minimum: 1, maximum: 1024, default: 64, description: "Units per hidden dense layer" }),
};

export interface CommonHyperparameters {
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  activation: "relu" | "tanh";
}

/** Standardised inputs (statistics of the training rows only, so validation stays unseen). */
export interface Inputs {
  stats: ColumnStats;
  standardise: StandardiseStep;
  train: tf.Tensor2D;
  validation: tf.Tensor2D;
  /** The validation inputs as the ONNX check feeds them. */
  validationValues: Float32Array;
}

export function standardisedInputs(problem: TrainingProblem): Inputs {
  const f = problem.features;
  const stats = columnStats(problem.train.x, problem.train.rows, f);
  const train = standardiseRows(problem.train.x, f, stats);
  const validationValues = standardiseRows(problem.validation.x, f, stats);
  return {
    stats,
    standardise: { mean: Array.from(stats.mean), std: Array.from(stats.std) },
    train: tf.tensor2d(train, [problem.train.rows, f]),
    validation: tf.tensor2d(validationValues, [problem.validation.rows, f]),
    validationValues,
  };
}

/** Masked column statistics of the targets over the training rows (in each target's space). */
export function targetStats(problem: TrainingProblem): ColumnStats {
  const T = problem.targets.length;
  const { y, mask, rows } = problem.train;
  const mean = new Float64Array(T);
  const std = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let n = 0;
    let s = 0;
    for (let r = 0; r < rows; r++) {
      if (mask[r * T + t] > 0) {
        s += y[r * T + t];
        n++;
      }
    }
    mean[t] = n > 0 ? s / n : 0;
    let v = 0;
    for (let r = 0; r < rows; r++) if (mask[r * T + t] > 0) v += (y[r * T + t] - mean[t]) ** 2;
    std[t] = n > 0 && v > 0 ? Math.sqrt(v / n) : 1;
  }
  return { mean, std };
}

/** Standardised targets with 0 where masked out (the mask removes them from the loss). */
export function standardisedTargets(examples: TrainingExamples, stats: ColumnStats): tf.Tensor2D {
  const T = stats.mean.length;
  const out = new Float32Array(examples.rows * T);
  for (let i = 0; i < out.length; i++) out[i] = examples.mask[i] > 0 ? (examples.y[i] - stats.mean[i % T]) / stats.std[i % T] : 0;
  return tf.tensor2d(out, [examples.rows, T]);
}

/** The card without metrics, domain and training (the job adds those). */
export function cardBase(
  problem: TrainingProblem,
  description: string,
  layout: "batch_features" | "batch_channel_features",
  standardise: StandardiseStep,
  outputs: unknown[],
) {
  return {
    schema: MODEL_CARD_SCHEMA,
    name: "trained",
    description,
    qGrid: Array.from(problem.qGrid),
    qUnit: problem.qUnit,
    preprocessing: { interpolation: interpolationFor(problem.transform), transform: problem.transform, standardise },
    input: { tensor: "curve", layout },
    outputs,
  };
}

/** Regression parameters on the card: column t, its de-standardisation, and the uncertainty column. */
export function regressionParameters(problem: TrainingProblem, stats: ColumnStats, uncertainty: boolean): RegressionParameter[] {
  const T = problem.targets.length;
  return problem.targets.map((t, i) => ({
    name: t.name,
    unit: t.unit,
    index: i,
    mean: stats.mean[i],
    std: stats.std[i],
    space: t.space,
    ...(uncertainty ? { uncertaintyIndex: T + i } : {}),
  }));
}

export function classificationHead(problem: TrainingProblem, tensor: string): ClassificationHead {
  return { kind: "classification", tensor, labels: problem.classes, scores: "logits", topK: Math.min(3, problem.classes.length) };
}

/**
 * MAE and RMSE per target in physical units (de-standardised, out of log space) on the rows where
 * it applies, and RMSE as a fraction of the training range.
 */
export function regressionMetrics(problem: TrainingProblem, stats: ColumnStats, predicted: Float32Array, columns: number): Record<string, number> {
  const T = problem.targets.length;
  const { y, mask, rows } = problem.validation;
  const out: Record<string, number> = {};
  problem.targets.forEach((t, i) => {
    let n = 0;
    let abs = 0;
    let sq = 0;
    const physical = (v: number) => (t.space === "log10" ? 10 ** v : v);
    for (let r = 0; r < rows; r++) {
      if (!(mask[r * T + i] > 0)) continue;
      const value = physical(predicted[r * columns + i] * stats.std[i] + stats.mean[i]);
      const truth = physical(y[r * T + i]);
      abs += Math.abs(value - truth);
      sq += (value - truth) ** 2;
      n++;
    }
    if (n === 0) return;
    out[`${t.name}_mae`] = abs / n;
    out[`${t.name}_rmse`] = Math.sqrt(sq / n);
    const range = problem.ranges[t.name];
    if (range && range.max > range.min) out[`${t.name}_rmse_of_range`] = Math.sqrt(sq / n) / (range.max - range.min);
  });
  return out;
}

/** Top-1 (and top-3 with more than 3 classes) accuracy of logits on the validation rows. */
export function classificationMetrics(problem: TrainingProblem, logits: Float32Array): Record<string, number> {
  const C = problem.classes.length;
  const { labels, rows } = problem.validation;
  let top1 = 0;
  let top3 = 0;
  for (let r = 0; r < rows; r++) {
    const row = Array.from(logits.subarray(r * C, (r + 1) * C));
    const truth = row[labels[r]];
    const better = row.filter((v) => v > truth).length;
    if (better === 0) top1++;
    if (better < 3) top3++;
  }
  // With three classes or fewer, top-3 is always right: not worth a metric.
  return C > 3 ? { top1_accuracy: top1 / rows, top3_accuracy: top3 / rows } : { top1_accuracy: top1 / rows };
}

/** Masked mean squared error of standardised targets. */
export function maskedMse(predicted: tf.Tensor2D, target: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.div(tf.sum(tf.mul(mask, tf.square(tf.sub(predicted, target)))), tf.maximum(tf.sum(mask), 1));
}

/** A loss that is no number: say what to change rather than register a broken network. */
export function checkFinite(loss: number): void {
  if (!Number.isFinite(loss)) throw new Error(`training diverged (validation loss ${loss}): lower hyperparameters.learningRate`);
}
