/**
 * Train a small MLP regressor on (curve features, targets) with TensorFlow.js: standardises
 * inputs and targets, holds out a validation split, stops early on validation loss and keeps the
 * best epoch's weights. The result exports to ONNX (export-mlp.ts) and fills the model card's
 * standardise / de-standardise fields.
 */
import * as tf from "@tensorflow/tfjs";
import { Random } from "../compute/random";
import type { DenseActivation, DenseLayerWeights } from "../onnx";
import { selectTrainingBackend, type TrainingBackend } from "./tfjs-backend";

export interface TrainingData {
  /** Row-major [rows, inFeatures]. */
  x: Float32Array;
  /** Row-major [rows, outFeatures]. */
  y: Float32Array;
  rows: number;
  inFeatures: number;
  outFeatures: number;
}

export interface MlpTrainingOptions {
  hidden?: number[];
  activation?: Exclude<DenseActivation, "linear">;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Fraction of rows (the last ones) held out for validation. */
  validationFraction?: number;
  /** Epochs without validation improvement before stopping. */
  patience?: number;
  seed?: number;
  backend?: TrainingBackend;
}

export interface ColumnStats {
  mean: Float64Array;
  std: Float64Array;
}

export interface TrainedMlp {
  layers: DenseLayerWeights[];
  inputStats: ColumnStats;
  targetStats: ColumnStats;
  backend: TrainingBackend;
  epochsRun: number;
  bestEpoch: number;
  bestValidationLoss: number;
  /** The trained tfjs model (standardised in, standardised out); dispose when done. */
  model: tf.LayersModel;
}

/** Column means and standard deviations (std 1 where a column is constant). */
export function columnStats(data: Float32Array, rows: number, cols: number): ColumnStats {
  const mean = new Float64Array(cols);
  const std = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += data[r * cols + c] / rows;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) std[c] += (data[r * cols + c] - mean[c]) ** 2 / rows;
  for (let c = 0; c < cols; c++) std[c] = std[c] > 0 ? Math.sqrt(std[c]) : 1;
  return { mean, std };
}

export function standardiseRows(data: Float32Array, cols: number, stats: ColumnStats): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = (data[i] - stats.mean[i % cols]) / stats.std[i % cols];
  return out;
}

export async function trainMlp(data: TrainingData, options: MlpTrainingOptions = {}): Promise<TrainedMlp> {
  const {
    hidden = [64, 64],
    activation = "relu",
    epochs = 200,
    batchSize = 32,
    learningRate = 1e-3,
    validationFraction = 0.2,
    patience = 20,
    seed = 1,
  } = options;
  if (data.x.length !== data.rows * data.inFeatures) throw new RangeError(`x has ${data.x.length} values, expected ${data.rows}×${data.inFeatures}`);
  if (data.y.length !== data.rows * data.outFeatures) throw new RangeError(`y has ${data.y.length} values, expected ${data.rows}×${data.outFeatures}`);
  const validationRows = Math.max(1, Math.floor(data.rows * validationFraction));
  const trainRows = data.rows - validationRows;
  if (trainRows < 1) throw new RangeError("not enough rows to hold out a validation split");

  const backend = await selectTrainingBackend(options.backend);
  // Statistics from the training rows only, so validation stays unseen.
  const inputStats = columnStats(data.x.subarray(0, trainRows * data.inFeatures), trainRows, data.inFeatures);
  const targetStats = columnStats(data.y.subarray(0, trainRows * data.outFeatures), trainRows, data.outFeatures);
  const xs = standardiseRows(data.x, data.inFeatures, inputStats);
  const ys = standardiseRows(data.y, data.outFeatures, targetStats);

  const model = tf.sequential();
  const widths = [...hidden, data.outFeatures];
  widths.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: i === widths.length - 1 ? "linear" : activation,
        inputShape: i === 0 ? [data.inFeatures] : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
      }),
    );
  });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: "meanSquaredError" });

  const xTrain = tf.tensor2d(xs.subarray(0, trainRows * data.inFeatures), [trainRows, data.inFeatures]);
  const yTrain = tf.tensor2d(ys.subarray(0, trainRows * data.outFeatures), [trainRows, data.outFeatures]);
  const xVal = tf.tensor2d(xs.subarray(trainRows * data.inFeatures), [validationRows, data.inFeatures]);
  const yVal = tf.tensor2d(ys.subarray(trainRows * data.outFeatures), [validationRows, data.outFeatures]);

  let best = Infinity;
  let bestEpoch = -1;
  let bestWeights: Float32Array[] = [];
  let epoch = 0;
  try {
    // tfjs's own shuffle draws from Math.random; a seeded permutation per epoch makes training
    // reproducible (the same data, options and seed give the same model).
    const random = new Random(seed);
    const order = Int32Array.from({ length: trainRows }, (_, i) => i);
    for (; epoch < epochs && epoch - bestEpoch <= patience; epoch++) {
      for (let i = trainRows - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const indices = tf.tensor1d(order, "int32");
      const xEpoch = tf.gather(xTrain, indices);
      const yEpoch = tf.gather(yTrain, indices);
      try {
        await model.fit(xEpoch, yEpoch, { epochs: 1, batchSize, shuffle: false, verbose: 0 });
      } finally {
        tf.dispose([indices, xEpoch, yEpoch]);
      }
      const loss = tf.tidy(() => tf.losses.meanSquaredError(yVal, model.predict(xVal) as tf.Tensor).dataSync()[0]);
      if (loss < best) {
        best = loss;
        bestEpoch = epoch;
        bestWeights = model
          .getWeights()
          .map((w) => w.dataSync() as Float32Array)
          .map((a) => Float32Array.from(a));
      }
    }
    // Restore the best epoch's weights (tfjs's earlyStopping callback cannot).
    model.setWeights(model.getWeights().map((w, i) => tf.tensor(bestWeights[i], w.shape)));
  } finally {
    tf.dispose([xTrain, yTrain, xVal, yVal]);
  }

  const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
  const sizes = [data.inFeatures, ...widths];
  const layers: DenseLayerWeights[] = widths.map((units, i) => ({
    inFeatures: sizes[i],
    outFeatures: units,
    kernel: weights[2 * i], // tfjs Dense kernel is [in, out] row-major, as DenseLayerWeights wants
    bias: weights[2 * i + 1],
    activation: i === widths.length - 1 ? "linear" : activation,
  }));
  return { layers, inputStats, targetStats, backend, epochsRun: epoch, bestEpoch, bestValidationLoss: best, model };
}
