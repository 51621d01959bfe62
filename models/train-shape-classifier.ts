/**
 * Trains the shipped shape classifier: which sasmodels shape made an I(q).
 *   npx ts-node --transpile-only models/train-shape-classifier.ts
 * Curves: sphere, cylinder, ellipsoid, core_shell_sphere, lamellar and vesicle with random sizes
 * and scale (src/compute/sas/shape-mixture.ts via models/datasets.ts), computed by src/compute/sas with 5 % resolution and Poisson
 * noise. Features: the scale-free "scalar neutralisation" transform ln(I_n / I_0) on the 64-point
 * grid, standardised. An MLP with softmax cross-entropy (TensorFlow.js, wasm backend), exported to
 * ONNX with our writer; the output tensor holds logits. Top-1/top-3 accuracy is measured on
 * held-out curves of another seed through onnxruntime and the serving preprocessing.
 */
import * as tf from "@tensorflow/tfjs";
import { MODEL_CARD_METADATA_KEY, MODEL_CARD_SCHEMA, parseModelCard } from "../src/serving";
import { columnStats, selectTrainingBackend, standardiseRows } from "../src/training";
import { buildMlpModel, type DenseLayerWeights } from "../src/onnx";
import { featureMatrix, MODEL_Q, Q_MAX, Q_MIN, servePredictions, sig, writeModel } from "./lib";
import { COUNTS_PER_UNIT, RESOLUTION, SHAPE_TRAINING, SHAPES, shapeCurves, shapeTrainingData } from "./datasets";

const PER_CLASS = Number(process.env.PER_CLASS ?? SHAPE_TRAINING.perClass);
const TEST_PER_CLASS = 150;
const TRAIN_SEED = SHAPE_TRAINING.seed;
const TEST_SEED = 99173;
const HIDDEN = [128, 64];

function baseCard(): Record<string, unknown> {
  return {
    schema: MODEL_CARD_SCHEMA,
    name: "shape-classifier",
    description:
      `Classifies a small-angle scattering curve as one of ${SHAPES.join(", ")}. Trained on ${PER_CLASS} curves per shape computed by sasgraph's ` +
      `sasmodels library with random sizes and scale (0.1–10), background 0.001 1/cm, dq/q ${RESOLUTION} resolution and Poisson noise ` +
      `(${COUNTS_PER_UNIT} counts per 1/cm). Scale-free input: ln(I(q_n)/I(q_0)).`,
    qGrid: Array.from(MODEL_Q),
    qUnit: "1/A",
    preprocessing: {
      interpolation: { method: "log_log", extrapolation: "clamp" },
      transform: { kind: "quotient", variant: "scalar_neutralisation", squareIntensity: false },
    },
    input: { tensor: "curve", layout: "batch_features" },
    outputs: [{ kind: "classification", tensor: "logits", labels: [...SHAPES], scores: "logits", topK: 3 }],
    domain: { qMin: Q_MIN, qMax: Q_MAX, parameters: {} },
    metrics: {},
  };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const featureCard = parseModelCard(baseCard());
  const width = MODEL_Q.length - 1;
  const train = shapeCurves(PER_CLASS, TRAIN_SEED);
  const xRaw = featureMatrix(
    featureCard,
    train.map((c) => c.curve),
  );
  console.log(`computed ${train.length} training curves in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const rows = train.length;
  const valRows = Math.floor(rows * 0.15);
  const trainRows = rows - valRows;
  const stats = columnStats(xRaw.subarray(0, trainRows * width), trainRows, width);
  const xs = standardiseRows(xRaw, width, stats);
  const labels = Int32Array.from(train.map((c) => c.label));

  const backend = await selectTrainingBackend("wasm");
  const model = tf.sequential();
  [...HIDDEN, SHAPES.length].forEach((units, i, all) => {
    model.add(
      tf.layers.dense({
        units,
        activation: i === all.length - 1 ? "linear" : "relu",
        inputShape: i === 0 ? [width] : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed: 11 + i }),
      }),
    );
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
  const xTrain = tf.tensor2d(xs.subarray(0, trainRows * width), [trainRows, width]);
  const yTrain = tf.oneHot(tf.tensor1d(labels.subarray(0, trainRows), "int32"), SHAPES.length).toFloat();
  const xVal = tf.tensor2d(xs.subarray(trainRows * width), [valRows, width]);
  const valLabels = labels.subarray(trainRows);

  const epochs = Number(process.env.EPOCHS ?? 200);
  const patience = 25;
  let best = -1;
  let bestEpoch = -1;
  let bestWeights: Float32Array[] = [];
  let epoch = 0;
  for (; epoch < epochs && epoch - bestEpoch <= patience; epoch++) {
    await model.fit(xTrain, yTrain, { epochs: 1, batchSize: 64, shuffle: true, verbose: 0 });
    const predicted = tf.tidy(() => (model.predict(xVal) as tf.Tensor).argMax(1).dataSync() as Int32Array);
    let correct = 0;
    predicted.forEach((p, i) => (correct += p === valLabels[i] ? 1 : 0));
    const accuracy = correct / valRows;
    if (accuracy > best) {
      best = accuracy;
      bestEpoch = epoch;
      bestWeights = model.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
    }
  }
  tf.dispose([xTrain, yTrain, xVal]);
  console.log(
    `trained on ${backend}: ${epoch} epochs, best ${bestEpoch} (validation accuracy ${best.toFixed(4)}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  model.dispose();

  const sizes = [width, ...HIDDEN, SHAPES.length];
  const layers: DenseLayerWeights[] = sizes.slice(1).map((units, i) => ({
    inFeatures: sizes[i],
    outFeatures: units,
    kernel: bestWeights[2 * i],
    bias: bestWeights[2 * i + 1],
    activation: i === sizes.length - 2 ? "linear" : "relu",
  }));
  const standardise = { mean: Array.from(stats.mean), std: Array.from(stats.std) };
  const card = { ...baseCard(), preprocessing: { ...(baseCard().preprocessing as object), standardise } };
  const provisional = buildMlpModel({ inputName: "curve", outputName: "logits", layers });

  const test = shapeCurves(TEST_PER_CLASS, TEST_SEED);
  const predictions = await servePredictions(
    provisional,
    parseModelCard(card),
    test.map((c) => c.curve),
  );
  let top1 = 0;
  let top3 = 0;
  const confusion = SHAPES.map(() => SHAPES.map(() => 0));
  predictions.forEach((p, i) => {
    const truth = SHAPES[test[i].label];
    const ranked = p.classes!.map((c) => c.label);
    if (ranked[0] === truth) top1++;
    if (ranked.includes(truth)) top3++;
    confusion[test[i].label][SHAPES.indexOf(ranked[0] as (typeof SHAPES)[number])]++;
  });
  const metrics: Record<string, number> = {
    top1_accuracy: sig(top1 / test.length),
    top3_accuracy: sig(top3 / test.length),
    heldout_curves: test.length,
    training_curves: rows,
    epochs: epoch,
  };
  SHAPES.forEach((s, k) => (metrics[`recall_${s}`] = sig(confusion[k][k] / TEST_PER_CLASS)));
  console.log("held-out metrics:", metrics);
  console.log("confusion (rows truth, columns predicted):", SHAPES.join(" "), "\n" + confusion.map((r) => r.join("\t")).join("\n"));
  const finalCard = { ...card, metrics };
  const onnx = buildMlpModel({ inputName: "curve", outputName: "logits", layers, metadata: { [MODEL_CARD_METADATA_KEY]: JSON.stringify(finalCard) } });
  writeModel("shape-classifier", onnx, finalCard, shapeTrainingData(PER_CLASS, TRAIN_SEED));
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
