/**
 * Shared pieces of the training scripts of the shipped models: the q grid, the serving-path
 * feature extraction (the same prepareInput the API runs, so training and serving cannot drift),
 * and evaluation of an exported ONNX model through onnxruntime exactly as the engine serves it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ort from "onnxruntime-node";
import { qGrid } from "../src/compute/sampling";
import { parseModelCard, postprocess, prepareInput, type CurveInput, type ModelCard, type Prediction } from "../src/serving";
import { parseTrainingData, type TrainingDataRecord } from "../src/services/model-registry/training-data";

/** The grid every shipped model takes: 64 log-spaced points from 0.005 to 0.5 1/Å. */
export const Q_MIN = 0.005;
export const Q_MAX = 0.5;
export const Q_POINTS = 64;
export const MODEL_Q = qGrid(Q_MIN, Q_MAX, Q_POINTS, "LOG");

/** Model features of each curve through the card's preprocessing (standardisation excluded when the card has none). */
export function featureMatrix(card: ModelCard, curves: readonly CurveInput[]): Float32Array {
  const width = card.preprocessing.transform.kind === "quotient" ? card.qGrid.length - 1 : card.qGrid.length;
  const x = new Float32Array(curves.length * width);
  curves.forEach((c, i) => x.set(prepareInput(card, c, i).features, i * width));
  return x;
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
