/**
 * Shared pieces of the training scripts of the shipped models: the q grid, training through the
 * platform's own path (the training problem, the architecture's `train`, the onnxruntime check and
 * the card of startTraining's job: there is no second training path), and evaluation of an
 * exported ONNX model through onnxruntime exactly as the engine serves it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ort from "onnxruntime-node";
import { qGrid } from "../src/compute/sampling";
import { parseModelCard, postprocess, prepareInput, type CurveInput, type ModelCard, type Prediction } from "../src/serving";
import { parseTrainingData, type TrainingDataRecord } from "../src/services/model-registry/training-data";
import { resolveHyperparameters } from "../src/jobs/kinds/training";
import type { TrainingRecord } from "../src/serving/model-card";
import type { EpochReport, TrainedNetwork, TrainingProblem } from "../src/training/architecture";
import { findArchitecture } from "../src/training/architectures/registry";
import { checkInOnnxRuntime } from "../src/training/onnx-check";
import { buildTrainingProblem, DEFAULT_VALIDATION_FRACTION, type InputTransform, type TrainingCurve } from "../src/training/problem";
import { selectTrainingBackend } from "../src/training/tfjs-backend";
import { recordedHistory, trainedCard } from "../src/training/trained-card";

/** The grid every shipped model takes: 64 log-spaced points from 0.005 to 0.5 1/Å. */
export const Q_MIN = 0.005;
export const Q_MAX = 0.5;
export const Q_POINTS = 64;
export const MODEL_Q = qGrid(Q_MIN, Q_MAX, Q_POINTS, "LOG");

export interface ShippedTraining {
  architecture: string;
  targets: string[];
  inputTransform: InputTransform;
  hyperparameters: Record<string, unknown>;
  seed: number;
  validationFraction?: number;
}

export interface ShippedNetwork {
  network: TrainedNetwork;
  problem: TrainingProblem;
  /** The training record startTraining's job writes on a card (no catalogue datasets: the curves are recorded in training-data.json). */
  training: TrainingRecord;
  /** The card as the job would register it, named `model`, with `metrics` in place of the validation metrics. */
  card(model: string, metrics: Record<string, number>): Record<string, unknown>;
}

/**
 * Train one network as a train-model job does (src/services/training-service.ts `run`): the same
 * problem from the curves, hyperparameters checked against the architecture's table with its
 * defaults, the architecture's own `train`, and the onnxruntime check; in this process rather than
 * on a worker thread (a script has nothing else to do).
 */
export async function trainLikeTheJob(curves: readonly TrainingCurve[], request: ShippedTraining): Promise<ShippedNetwork> {
  const architecture = findArchitecture(request.architecture);
  if (!architecture) throw new Error(`unknown architecture ${request.architecture}`);
  const hyperparameters = resolveHyperparameters(architecture.name, request.hyperparameters);
  const problem = buildTrainingProblem(curves, {
    targetKind: architecture.targets,
    targets: request.targets,
    inputTransform: request.inputTransform,
    validationFraction: request.validationFraction,
    seed: request.seed,
  });
  architecture.check?.(hyperparameters, problem);
  const backend = await selectTrainingBackend();
  const t0 = Date.now();
  let last = 0;
  const outcome = await architecture.train(problem, hyperparameters, {
    backend,
    seed: request.seed,
    signal: new AbortController().signal,
    report: (r: EpochReport) => {
      if (Date.now() - last > 10_000) {
        last = Date.now();
        console.log(`  ${r.stage} epoch ${r.epoch}/${r.epochs}: train ${r.trainLoss.toPrecision(4)}, validation ${r.validationLoss.toPrecision(4)}`);
      }
    },
  });
  const wallSeconds = (Date.now() - t0) / 1000;
  if (outcome.networks.length !== 1) throw new Error(`${architecture.name} made ${outcome.networks.length} networks; a shipped model is one`);
  const [network] = outcome.networks;
  await checkInOnnxRuntime(network, `the ${network.role.toLowerCase()} network`);
  const training: TrainingRecord = {
    architecture: architecture.name,
    role: network.role,
    hyperparameters: hyperparameters as TrainingRecord["hyperparameters"],
    seed: request.seed,
    backend,
    wallSeconds,
    inputTransform: request.inputTransform,
    targets: request.targets,
    datasetIds: [],
    validationDatasetIds: [],
    validationFraction: request.validationFraction ?? DEFAULT_VALIDATION_FRACTION,
    history: recordedHistory(outcome.history),
  };
  console.log(`trained ${architecture.name} on ${backend}: ${training.history.length} epochs in ${wallSeconds.toFixed(1)} s`);
  return { network, problem, training, card: (model, metrics) => trainedCard(network, problem, model, training, metrics) };
}

/**
 * The architecture's metrics (on the job's validation split) named as such, so the card keeps them
 * apart from the scripts' held-out figures; counts keep their names.
 */
export function validationMetrics(metrics: Record<string, number>): Record<string, number> {
  const keep = new Set(["epochs", "training_curves", "validation_curves", "validation_loss"]);
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [keep.has(k) ? k : `validation_${k}`, sig(v)]));
}

/** Run the exported model on curves the way the serving engine does (preprocess, session.run, postprocess). */
export async function servePredictions(onnx: Uint8Array, card: ModelCard, curves: readonly CurveInput[]): Promise<Prediction[]> {
  const session = await ort.InferenceSession.create(onnx, { executionProviders: ["cpu"] });
  try {
    const prepared = curves.map((c, i) => prepareInput(card, c, i));
    const width = prepared[0].features.length;
    const data = new Float32Array(prepared.length * width);
    prepared.forEach((p, i) => data.set(p.features, i * width));
    const out = await session.run({ [card.input.tensor]: new ort.Tensor("float32", data, [prepared.length, width]) });
    return prepared.map((p, r) => {
      const row = new Map<string, Float32Array>();
      for (const head of card.outputs) {
        const t = out[head.tensor].data as Float32Array;
        const w = t.length / prepared.length;
        row.set(head.tensor, t.slice(r * w, (r + 1) * w));
      }
      return postprocess(card, row, p.warnings);
    });
  } finally {
    await session.release();
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function quantile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}

/** Write model.onnx, card.json and training-data.json into models/<dir>/, after checking the card and record parse. */
export function writeModel(dir: string, onnx: Uint8Array, card: Record<string, unknown>, trainingData: TrainingDataRecord): void {
  parseModelCard(card);
  const out = path.join(__dirname, dir);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "model.onnx"), onnx);
  fs.writeFileSync(path.join(out, "card.json"), JSON.stringify(card, null, 2) + "\n");
  writeTrainingData(dir, trainingData);
  console.log(`wrote models/${dir}/model.onnx (${onnx.length} bytes), card.json and training-data.json`);
}

/** The record of what the model in models/<dir>/ was trained on (read by the demo seed). */
export function writeTrainingData(dir: string, record: TrainingDataRecord): void {
  parseTrainingData(record);
  fs.writeFileSync(path.join(__dirname, dir, "training-data.json"), JSON.stringify(record, null, 2) + "\n");
}

/** Round to a few significant digits for the card (metrics, standardisation keep full precision). */
export function sig(v: number, digits = 4): number {
  return Number(v.toPrecision(digits));
}
