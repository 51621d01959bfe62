import * as tf from "@tensorflow/tfjs";
import { Random } from "../../src/compute/random";
import { reducedIntensityPY } from "../../src/compute/sas";
import { MODEL_CARD_SCHEMA, parseModelCard } from "../../src/serving/model-card";
import type { TrainingExamples, TrainingOutcome, TrainingProblem } from "../../src/training/architecture";
import { HARD_SPHERE_VAE_DEFAULTS, hardSphereVae, type HardSphereVaeHyperparameters } from "../../src/training/architectures/hard-sphere-vae";
import { createVaeVars, generate, variablesOf } from "../../src/training/hard-sphere-vae-model";
import { selectTrainingBackend } from "../../src/training/tfjs-backend";
import { runModel } from "../onnx/helpers";
import { parameterMetrics } from "../../src/compute/analysis/model-metrics";

// A small synthetic problem: Percus–Yevick curves of uniformly polydisperse hard spheres from the
// library (paper 000's eq. 4, P(0) = 1), 40 q points in [3, 13] (the network needs a multiple of 4;
// the paper's 100 would only make the test slower), eta in [0.05, 0.45], sigma in [0.02, 0.2].
const L = 40;
const Q = Float64Array.from({ length: L }, (_, i) => 3 + (10 * i) / (L - 1));

function curves(rows: number, seed: number): TrainingExamples {
  const random = new Random(seed);
  const x = new Float32Array(rows * L);
  const y = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    const eta = random.uniform(0.05, 0.45);
    const sigma = random.uniform(0.02, 0.2);
    const I = reducedIntensityPY(Q, eta, "uniform", sigma, 24);
    for (let j = 0; j < L; j++) x[r * L + j] = Math.log10(I[j]);
    y[2 * r] = eta;
    y[2 * r + 1] = sigma;
  }
  return { rows, x, y, labels: new Int32Array(0), mask: new Float32Array(rows * 2).fill(1) };
}

function problemOf(train: TrainingExamples, validation: TrainingExamples): TrainingProblem {
  return {
    train,
    validation,
    features: L,
    qGrid: Q,
    qUnit: "REDUCED",
    intensityUnit: "",
    transform: { kind: "log10" },
    targets: [
      { name: "eta", unit: "", space: "linear" },
      { name: "sigma", unit: "", space: "linear" },
    ],
    classes: [],
    ranges: { eta: { min: 0.05, max: 0.45 }, sigma: { min: 0.02, max: 0.2 } },
  };
}

const SHORT: HardSphereVaeHyperparameters = {
  ...HARD_SPHERE_VAE_DEFAULTS,
  vaeEpochs: 12,
  converterEpochs: 16,
  fineTuneEpochs: 4,
  batchSize: 16,
  learningRate: 3e-3,
  fineTuneLearningRate: 1e-3,
};

async function trainWith(problem: TrainingProblem, h: HardSphereVaeHyperparameters, seed: number, signal = new AbortController().signal) {
  const reports: { stage: string; epoch: number }[] = [];
  const outcome = await hardSphereVae.train(problem, h, {
    backend: await selectTrainingBackend(),
    seed,
    signal,
    report: (r) => {
      reports.push({ stage: r.stage, epoch: r.epoch });
    },
  });
  return { outcome, reports };
}

/** Max |a - b| / max(1, |b|), the job's comparison. */
function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

describe("hard-sphere VAE architecture (paper 000)", () => {
  const train = curves(160, 11);
  const validation = curves(40, 12);
  const problem = problemOf(train, validation);
  let outcome: TrainingOutcome;
  let reports: { stage: string; epoch: number }[];

  beforeAll(async () => {
    ({ outcome, reports } = await trainWith(problem, SHORT, 5));
  }, 120_000);

  test("reports every epoch of the five stages in the paper's order", () => {
    expect(hardSphereVae.epochs(SHORT)).toBe(12 + 2 * (16 + 4));
    expect(reports).toHaveLength(hardSphereVae.epochs(SHORT));
    const stages = [...new Set(reports.map((r) => r.stage))];
    expect(stages).toEqual(["vae", "generator", "generator-fine-tune", "inferrer", "inferrer-fine-tune"]);
    expect(outcome.history.every((h) => Number.isFinite(h.trainLoss) && Number.isFinite(h.validationLoss))).toBe(true);
  });

  test("returns a generator and an inferrer whose ONNX files reproduce tfjs to 1e-5", async () => {
    expect(outcome.networks.map((n) => [n.role, n.suffix])).toEqual([
      ["GENERATOR", "generator"],
      ["INFERRER", "inferrer"],
    ]);
    const [generator, inferrer] = outcome.networks;
    expect(generator.check.inputShape).toEqual([40, 2]);
    expect(inferrer.check.inputShape).toEqual([40, L]);
    const g = await runModel(generator.onnx, { parameters: { data: generator.check.input, dims: generator.check.inputShape } });
    expect(g.log10_intensity.dims).toEqual([40, L]);
    expect(worstRelative(g.log10_intensity.data, generator.check.outputs.log10_intensity)).toBeLessThan(1e-5);
    const i = await runModel(inferrer.onnx, { curve: { data: inferrer.check.input, dims: inferrer.check.inputShape } });
    expect(i.parameters.dims).toEqual([40, 4]);
    expect(worstRelative(i.parameters.data, inferrer.check.outputs.parameters)).toBeLessThan(1e-5);
  });

  test("cards: generator takes standardised (eta, sigma) and gives log10 I on the grid; inferrer is a curve-input regressor with uncertainties", () => {
    const [generator, inferrer] = outcome.networks;
    const gc = generator.card as Record<string, any>;
    expect(gc.schema).toBe(MODEL_CARD_SCHEMA);
    expect(gc.input.tensor).toBe("parameters");
    expect(gc.input.layout).toBe("parameters");
    expect(gc.input.parameters.map((p: { name: string }) => p.name)).toEqual(["eta", "sigma"]);
    // Standardisation from the training rows: mean of eta near the middle of [0.05, 0.45].
    let etaMean = 0;
    for (let r = 0; r < train.rows; r++) etaMean += train.y[2 * r] / train.rows;
    expect(gc.input.parameters[0].mean).toBeCloseTo(etaMean, 6);
    expect(gc.outputs).toHaveLength(1);
    expect(gc.outputs[0]).toMatchObject({ kind: "curve", tensor: "log10_intensity", space: "log10", intensityUnit: "" });
    expect(gc.outputs[0].q).toEqual(Array.from(Q));
    expect(gc.outputs[0].mean).toHaveLength(L);

    // The inferrer card is a normal card: the strict parser accepts it once the job adds domain and metrics.
    const card = parseModelCard({ ...inferrer.card, domain: { qMin: 3, qMax: 13, parameters: problem.ranges }, metrics: inferrer.metrics });
    expect(card.qUnit).toBe("REDUCED");
    expect(card.preprocessing.transform).toEqual({ kind: "log10" });
    expect(card.preprocessing.standardise?.mean).toHaveLength(L);
    expect(card.input).toEqual({ tensor: "curve", layout: "batch_features" });
    const head = card.outputs[0];
    expect(head.kind).toBe("regression");
    if (head.kind !== "regression") return;
    expect(head.parameters.map((p) => [p.name, p.index, p.uncertaintyIndex])).toEqual([
      ["eta", 0, 2],
      ["sigma", 1, 3],
    ]);
  });

  test("the generator's log10 error falls well below the untrained network's", () => {
    const generator = outcome.networks[0];
    const trainedMse = generator.metrics.validation_mse_log10_intensity;
    // Same architecture, same seed, no training, through the same card de-standardisation.
    const card = generator.card as { outputs: { mean: number[]; std: number[] }[] };
    const vars = createVaeVars({ length: L, latent: 3, parameters: 2 }, 5);
    const untrained = tf.tidy(() => generate(vars, tf.tensor2d(generator.check.input, [40, 2]), L).dataSync() as Float32Array);
    tf.dispose(variablesOf(vars));
    let sse = 0;
    for (let r = 0; r < 40; r++)
      for (let j = 0; j < L; j++) {
        const { mean, std } = card.outputs[0];
        sse += (untrained[r * L + j] * std[j] + mean[j] - validation.x[r * L + j]) ** 2;
      }
    const untrainedMse = sse / (40 * L);
    // Untrained: ~1e-1 (the spread of log10 I over the set); trained on 160 curves for 12 + 14 epochs: below 1e-2.
    expect(untrainedMse).toBeGreaterThan(2e-2);
    expect(trainedMse).toBeLessThan(1e-2);
    expect(trainedMse).toBeLessThan(untrainedMse / 5);
  });

  test("the inferrer recovers eta to 0.075 RMSE (19 % of the range, after this short training) and states an uncertainty", async () => {
    const inferrer = outcome.networks[1];
    // Guessing the training mean for every curve gives the spread of eta, ~0.4/sqrt(12) = 0.115.
    let mean = 0;
    for (let r = 0; r < train.rows; r++) mean += train.y[2 * r] / train.rows;
    let guess = 0;
    for (let r = 0; r < 40; r++) guess += (validation.y[2 * r] - mean) ** 2 / 40;
    expect(Math.sqrt(guess)).toBeGreaterThan(0.1);
    expect(inferrer.metrics.validation_rmse_eta).toBeLessThan(0.075);
    expect(inferrer.metrics.validation_rmse_eta_percent_of_range).toBeCloseTo((100 * inferrer.metrics.validation_rmse_eta) / 0.4, 9);
    // Check the metric independently from the ONNX output and the card's de-standardisation.
    const out = await runModel(inferrer.onnx, { curve: { data: inferrer.check.input, dims: inferrer.check.inputShape } });
    const p = (inferrer.card as { outputs: { parameters: { mean: number; std: number }[] }[] }).outputs[0].parameters;
    let se = 0;
    for (let r = 0; r < 40; r++) {
      se += (out.parameters.data[r * 4] * p[0].std + p[0].mean - validation.y[2 * r]) ** 2;
      expect(out.parameters.data[r * 4 + 2]).toBeGreaterThanOrEqual(0);
    }
    expect(Math.sqrt(se / 40)).toBeCloseTo(inferrer.metrics.validation_rmse_eta, 5);
  });

  test("the inferrer's uncertainty is calibrated: on 200 held-out curves about 68 % of errors lie within one stated sigma", async () => {
    const inferrer = outcome.networks[1];
    const card = parseModelCard({ ...inferrer.card, domain: { qMin: 3, qMax: 13, parameters: problem.ranges }, metrics: inferrer.metrics });
    const head = card.outputs[0];
    if (head.kind !== "regression") throw new Error("the inferrer has a regression head");
    const heldOut = curves(200, 13); // a seed neither training nor validation (calibration) used
    const { mean, std } = card.preprocessing.standardise!;
    const input = Float32Array.from(heldOut.x, (v, i) => (v - mean[i % L]) / std[i % L]);
    const out = (await runModel(inferrer.onnx, { curve: { data: input, dims: [heldOut.rows, L] } })).parameters.data;
    for (const p of head.parameters) {
      // De-standardised as the serving engine does: value = out·std + mean, uncertainty = out·std.
      const value = Array.from({ length: heldOut.rows }, (_, r) => out[r * 4 + p.index] * p.std + p.mean);
      const sigma = Array.from({ length: heldOut.rows }, (_, r) => out[r * 4 + p.uncertaintyIndex!] * p.std);
      const truth = Array.from({ length: heldOut.rows }, (_, r) => heldOut.y[r * 2 + p.index]);
      const { calibration } = parameterMetrics(value, truth, sigma);
      // A Gaussian error with the right sigma: 0.683 within 1 sigma, mean z² 1. The band allows for
      // 200 curves, 40 calibration curves and heavier-than-Gaussian tails (which raise the fraction
      // within 1 sigma at mean z² = 1); the network's own spread alone covered 3-12 %.
      expect(calibration!.within1Sigma).toBeGreaterThan(0.55);
      expect(calibration!.within1Sigma).toBeLessThan(0.92);
      expect(calibration!.meanZ2).toBeGreaterThan(0.5);
      expect(calibration!.meanZ2).toBeLessThan(2);
      expect(inferrer.metrics[`uncalibrated_within1sigma_${p.name}`]).toBeLessThan(0.5);
    }
  });

  test("the same seed gives the same weights; another seed does not", async () => {
    const tiny = { ...SHORT, vaeEpochs: 1, converterEpochs: 1, fineTuneEpochs: 1 };
    const small = problemOf(curves(32, 21), curves(8, 22));
    const a = await trainWith(small, tiny, 3);
    const b = await trainWith(small, tiny, 3);
    const c = await trainWith(small, tiny, 4);
    for (let k = 0; k < 2; k++) {
      expect(Buffer.from(a.outcome.networks[k].onnx).equals(Buffer.from(b.outcome.networks[k].onnx))).toBe(true);
      expect(Buffer.from(a.outcome.networks[k].onnx).equals(Buffer.from(c.outcome.networks[k].onnx))).toBe(false);
    }
  }, 60_000);

  test("check refuses targets, grids and transforms the network cannot take", () => {
    const check = (p: Partial<TrainingProblem>) => () => hardSphereVae.check!(SHORT, { ...problem, ...p });
    expect(check({})).not.toThrow();
    expect(check({ targets: [{ name: "radius", unit: "Å", space: "linear" }] })).toThrow(/two targets, the volume fraction then the polydispersity/);
    expect(
      check({
        targets: [
          { name: "sigma", unit: "", space: "linear" },
          { name: "eta", unit: "", space: "linear" },
        ],
      }),
    ).toThrow(/got \[sigma, eta\]/);
    expect(
      check({
        targets: [
          { name: "volfraction", unit: "", space: "linear" },
          { name: "radius_pd", unit: "", space: "log10" },
        ],
      }),
    ).toThrow(/linear space/);
    expect(check({ features: 99 })).toThrow(/multiple of 4/);
    expect(check({ transform: { kind: "none" } })).toThrow(/inputTransform LOG10/);
  });

  test("a cancelled job stops with the signal's reason and leaves no tensors behind", async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    controller.abort(new Error("cancelled by the user"));
    await expect(trainWith(problemOf(curves(16, 31), curves(4, 32)), SHORT, 1, controller.signal)).rejects.toThrow("cancelled by the user");
    expect(tf.memory().numTensors).toBe(before);
  });
});
