/**
 * Trains the shipped sphere inferrer: (radius, radius_pd) from a sphere I(q).
 *   npx ts-node --transpile-only models/train-sphere-inferrer.ts
 * Curves: sasmodels "sphere" computed by src/compute/sas, radius 10–100 Å and radius_pd 0–0.25
 * (gaussian) on a Latin hypercube, 5 % pinhole resolution, Poisson noise; 64-point q grid
 * 0.005–0.5 1/Å. Trained by the platform's own training path (lib.ts trainLikeTheJob: the
 * mlp-regressor architecture, LOG10 input, the job's 20 % validation split). Accuracy is measured
 * on held-out curves of a different seed through onnxruntime and the serving preprocessing, and
 * written into the card beside the architecture's validation metrics.
 */
import { MODEL_CARD_METADATA_KEY, parseModelCard } from "../src/serving";
import { withMetadata } from "../src/onnx";
import type { TrainingCurve } from "../src/training/problem";
import { median, quantile, servePredictions, sig, trainLikeTheJob, validationMetrics, writeModel } from "./lib";
import { COUNTS_PER_UNIT, RESOLUTION, SPHERE_RANGES, SPHERE_TRAINING, sphereCurves, sphereTrainingData, type LabelledCurve } from "./datasets";

const TRAIN_COUNT = Number(process.env.TRAIN_COUNT ?? SPHERE_TRAINING.count);
const TEST_COUNT = 500;
const TRAIN_SEED = SPHERE_TRAINING.seed;
const TEST_SEED = 777001;

const DESCRIPTION =
  `Infers the radius and gaussian polydispersity of spheres from I(q). Trained on ${TRAIN_COUNT} sasmodels sphere curves computed by sasgraph ` +
  `(Latin hypercube over radius ${SPHERE_RANGES.radius.min}–${SPHERE_RANGES.radius.max} Å and radius_pd ${SPHERE_RANGES.radius_pd.min}–${SPHERE_RANGES.radius_pd.max}; ` +
  `scale 1, sld 1, sld_solvent 6 (1e-6/Å²), background 0.001 1/cm; dq/q ${RESOLUTION} pinhole resolution; Poisson noise at ${COUNTS_PER_UNIT} counts per 1/cm) ` +
  `by the platform's mlp-regressor (models/train-sphere-inferrer.ts). Expects absolute intensities in 1/cm with that contrast. ` +
  `Metrics: validation_* on the job's validation split of those curves; the others on ${TEST_COUNT} curves of another seed, served.`;

/** The sweep's curves as the training job reads catalogue curves. */
function asTrainingCurves(curves: LabelledCurve[]): TrainingCurve[] {
  return curves.map((c, i) => ({
    id: `sphere-${i}`,
    datasetId: "models/sphere-inferrer/training-data.json",
    q: c.curve.q,
    intensity: c.curve.intensity,
    qUnit: "INV_ANGSTROM",
    intensityUnit: "1/cm",
    parameters: { radius: c.radius, radius_pd: c.radiusPd },
  }));
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const train = sphereCurves(TRAIN_COUNT, TRAIN_SEED);
  console.log(`computed ${train.length} training curves in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const trained = await trainLikeTheJob(asTrainingCurves(train), {
    architecture: "mlp-regressor",
    targets: ["radius", "radius_pd"],
    inputTransform: "LOG10",
    hyperparameters: { layers: 2, width: 128, epochs: Number(process.env.EPOCHS ?? 400), batchSize: 64, learningRate: 1e-3, patience: 60 },
    seed: 7,
  });

  // Held-out curves of another seed, through the served path.
  const provisional = { ...trained.card("sphere-inferrer", trained.network.metrics), description: DESCRIPTION };
  const test = sphereCurves(TEST_COUNT, TEST_SEED);
  const predictions = await servePredictions(
    trained.network.onnx,
    parseModelCard(provisional),
    test.map((c) => c.curve),
  );
  const relR: number[] = [];
  const absPd: number[] = [];
  predictions.forEach((p, i) => {
    const r = p.parameters!.find((q) => q.name === "radius")!.value;
    const pd = p.parameters!.find((q) => q.name === "radius_pd")!.value;
    relR.push(Math.abs(r - test[i].radius) / test[i].radius);
    absPd.push(Math.abs(pd - test[i].radiusPd));
  });
  const metrics = {
    ...validationMetrics(trained.network.metrics),
    radius_median_relative_error: sig(median(relR)),
    radius_p90_relative_error: sig(quantile(relR, 0.9)),
    radius_pd_mae: sig(absPd.reduce((a, b) => a + b, 0) / absPd.length),
    radius_pd_median_absolute_error: sig(median(absPd)),
    radius_pd_p90_absolute_error: sig(quantile(absPd, 0.9)),
    heldout_curves: TEST_COUNT,
    training_curves: TRAIN_COUNT,
  };
  console.log("metrics:", metrics);
  const card = { ...trained.card("sphere-inferrer", metrics), description: DESCRIPTION };
  // The served file carries its card too (metadata_props), so the artifact documents itself.
  const onnx = withMetadata(trained.network.onnx, { [MODEL_CARD_METADATA_KEY]: JSON.stringify(card) });
  writeModel("sphere-inferrer", onnx, card, sphereTrainingData(TRAIN_COUNT, TRAIN_SEED));
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
