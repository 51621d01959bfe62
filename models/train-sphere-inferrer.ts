/**
 * Trains the shipped sphere inferrer: (radius, radius_pd) from a sphere I(q).
 *   npx ts-node --transpile-only models/train-sphere-inferrer.ts
 * Curves: sasmodels "sphere" computed by src/compute/sas, radius 10–100 Å and radius_pd 0–0.25
 * (gaussian) on a Latin hypercube, 5 % pinhole resolution, Poisson noise; 64-point q grid
 * 0.005–0.5 1/Å, log10 transform, standardisation. Accuracy is measured on held-out curves of a
 * different seed through onnxruntime and the serving preprocessing, and written into the card.
 */
import { MODEL_CARD_SCHEMA, parseModelCard, MODEL_CARD_METADATA_KEY } from "../src/serving";
import { exportTrainedMlp, trainMlp } from "../src/training";
import { buildMlpModel } from "../src/onnx";
import { featureMatrix, median, MODEL_Q, quantile, Q_MAX, Q_MIN, servePredictions, sig, writeModel } from "./lib";
import { COUNTS_PER_UNIT, RESOLUTION, SPHERE_RANGES, SPHERE_TRAINING, sphereCurves, sphereTrainingData } from "./datasets";

const TRAIN_COUNT = Number(process.env.TRAIN_COUNT ?? SPHERE_TRAINING.count);
const TEST_COUNT = 500;
const TRAIN_SEED = SPHERE_TRAINING.seed;
const TEST_SEED = 777001;

function baseCard(): Record<string, unknown> {
  return {
    schema: MODEL_CARD_SCHEMA,
    name: "sphere-inferrer",
    description:
      `Infers the radius and gaussian polydispersity of spheres from I(q). Trained on ${TRAIN_COUNT} sasmodels sphere curves computed by sasgraph ` +
      `(Latin hypercube over radius ${SPHERE_RANGES.radius.min}–${SPHERE_RANGES.radius.max} Å and radius_pd ${SPHERE_RANGES.radius_pd.min}–${SPHERE_RANGES.radius_pd.max}; ` +
      `scale 1, sld 1, sld_solvent 6 (1e-6/Å²), background 0.001 1/cm; dq/q ${RESOLUTION} pinhole resolution; Poisson noise at ${COUNTS_PER_UNIT} counts per 1/cm). ` +
      `Expects absolute intensities in 1/cm with that contrast.`,
    qGrid: Array.from(MODEL_Q),
    qUnit: "1/A",
    preprocessing: { interpolation: { method: "log_log", extrapolation: "clamp" }, transform: { kind: "log10" } },
    input: { tensor: "curve", layout: "batch_features" },
    outputs: [],
    domain: { qMin: Q_MIN, qMax: Q_MAX, parameters: { radius: { ...SPHERE_RANGES.radius }, radius_pd: { ...SPHERE_RANGES.radius_pd } } },
    metrics: {},
  };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const featureCard = parseModelCard({
    ...baseCard(),
    outputs: [{ kind: "regression", tensor: "params", parameters: [{ name: "radius", unit: "Å", index: 0, mean: 0, std: 1 }] }],
  });
  const train = sphereCurves(TRAIN_COUNT, TRAIN_SEED);
  const x = featureMatrix(
    featureCard,
    train.map((c) => c.curve),
  );
  const y = new Float32Array(train.length * 2);
  train.forEach((c, i) => {
    y[2 * i] = Math.log10(c.radius);
    y[2 * i + 1] = c.radiusPd;
  });
  console.log(`computed ${train.length} training curves in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const trained = await trainMlp(
    { x, y, rows: train.length, inFeatures: MODEL_Q.length, outFeatures: 2 },
    { hidden: [128, 64], activation: "relu", epochs: Number(process.env.EPOCHS ?? 400), batchSize: 64, learningRate: 1e-3, patience: 30, seed: 7 },
  );
  console.log(
    `trained on ${trained.backend}: ${trained.epochsRun} epochs, best ${trained.bestEpoch} (validation MSE ${trained.bestValidationLoss.toExponential(3)}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  const exported = exportTrainedMlp(trained, [
    { name: "radius", unit: "Å", space: "log10" },
    { name: "radius_pd", unit: "", space: "linear" },
  ]);
  trained.model.dispose();

  const card = {
    ...baseCard(),
    preprocessing: { ...(baseCard().preprocessing as object), standardise: exported.standardise },
    outputs: [{ kind: "regression", tensor: "params", parameters: exported.parameters }],
  };
  // Held-out curves of another seed, through the served path.
  const test = sphereCurves(TEST_COUNT, TEST_SEED);
  const predictions = await servePredictions(
    exported.onnx,
    parseModelCard(card),
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
    radius_median_relative_error: sig(median(relR)),
    radius_p90_relative_error: sig(quantile(relR, 0.9)),
    radius_pd_mae: sig(absPd.reduce((a, b) => a + b, 0) / absPd.length),
    radius_pd_median_absolute_error: sig(median(absPd)),
    radius_pd_p90_absolute_error: sig(quantile(absPd, 0.9)),
    heldout_curves: TEST_COUNT,
    training_curves: TRAIN_COUNT,
    epochs: trained.epochsRun,
  };
  console.log("held-out metrics:", metrics);
  const finalCard = { ...card, metrics };
  // The served file carries its card too (metadata_props), so the artifact documents itself.
  const onnx = buildMlpModel({
    inputName: "curve",
    outputName: "params",
    layers: trained.layers,
    metadata: { [MODEL_CARD_METADATA_KEY]: JSON.stringify(finalCard) },
  });
  writeModel("sphere-inferrer", onnx, finalCard, sphereTrainingData(TRAIN_COUNT, TRAIN_SEED));
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
