/**
 * Trains the shipped shape classifier: which sasmodels shape made an I(q).
 *   npx ts-node --transpile-only models/train-shape-classifier.ts
 * Curves: sphere, cylinder, ellipsoid, core_shell_sphere, lamellar and vesicle with random sizes
 * and scale (src/compute/sas/shape-mixture.ts via models/datasets.ts), computed by src/compute/sas
 * with 5 % resolution and Poisson noise. Trained by the platform's own training path (lib.ts
 * trainLikeTheJob: the mlp-classifier architecture on the "shape" label, QUOTIENT input — the
 * scale-free ln(I(q_n+1)² / I(q_n)²) — and the job's 20 % validation split); the output tensor
 * holds logits. Top-1/top-3 accuracy is measured on held-out curves of another seed through
 * onnxruntime and the serving preprocessing.
 */
import { MODEL_CARD_METADATA_KEY, parseModelCard } from "../src/serving";
import { withMetadata } from "../src/onnx";
import type { TrainingCurve } from "../src/training/problem";
import { servePredictions, sig, trainLikeTheJob, validationMetrics, writeModel } from "./lib";
import { COUNTS_PER_UNIT, RESOLUTION, SHAPE_TRAINING, SHAPES, shapeCurves, shapeTrainingData, type ShapeCurve } from "./datasets";

const PER_CLASS = Number(process.env.PER_CLASS ?? SHAPE_TRAINING.perClass);
const TEST_PER_CLASS = 150;
const TRAIN_SEED = SHAPE_TRAINING.seed;
const TEST_SEED = 99173;

const DESCRIPTION =
  `Classifies a small-angle scattering curve as one of ${SHAPES.join(", ")}. Trained on ${PER_CLASS} curves per shape computed by sasgraph's ` +
  `sasmodels library with random sizes and scale (0.1–10), background 0.001 1/cm, dq/q ${RESOLUTION} resolution and Poisson noise ` +
  `(${COUNTS_PER_UNIT} counts per 1/cm), by the platform's mlp-classifier (models/train-shape-classifier.ts). Scale-free input: ln(I(q_n+1)²/I(q_n)²). ` +
  `Metrics: validation_* on the job's validation split of those curves; the others on ${TEST_PER_CLASS} curves per shape of another seed, served.`;

/** The mixture's curves as the training job reads catalogue curves: the class label is the "shape" parameter. */
function asTrainingCurves(curves: ShapeCurve[]): TrainingCurve[] {
  return curves.map((c, i) => ({
    id: `shape-${i}`,
    datasetId: "models/shape-classifier/training-data.json",
    q: c.curve.q,
    intensity: c.curve.intensity,
    qUnit: "INV_ANGSTROM",
    intensityUnit: "1/cm",
    parameters: { shape: SHAPES[c.label] },
  }));
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const train = shapeCurves(PER_CLASS, TRAIN_SEED);
  console.log(`computed ${train.length} training curves in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const trained = await trainLikeTheJob(asTrainingCurves(train), {
    architecture: "mlp-classifier",
    targets: ["shape"],
    inputTransform: "QUOTIENT",
    hyperparameters: { layers: 2, width: 128, epochs: Number(process.env.EPOCHS ?? 200), batchSize: 64, learningRate: 1e-3, patience: 25 },
    seed: 11,
  });

  const provisional = { ...trained.card("shape-classifier", trained.network.metrics), description: DESCRIPTION };
  const test = shapeCurves(TEST_PER_CLASS, TEST_SEED);
  const predictions = await servePredictions(
    trained.network.onnx,
    parseModelCard(provisional),
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
    ...validationMetrics(trained.network.metrics),
    top1_accuracy: sig(top1 / test.length),
    top3_accuracy: sig(top3 / test.length),
    heldout_curves: test.length,
    training_curves: train.length,
  };
  SHAPES.forEach((s, k) => (metrics[`recall_${s}`] = sig(confusion[k][k] / TEST_PER_CLASS)));
  console.log("metrics:", metrics);
  console.log("confusion (rows truth, columns predicted):", SHAPES.join(" "), "\n" + confusion.map((r) => r.join("\t")).join("\n"));
  const card = { ...trained.card("shape-classifier", metrics), description: DESCRIPTION };
  const onnx = withMetadata(trained.network.onnx, { [MODEL_CARD_METADATA_KEY]: JSON.stringify(card) });
  writeModel("shape-classifier", onnx, card, shapeTrainingData(PER_CLASS, TRAIN_SEED));
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
