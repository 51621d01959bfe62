/**
 * The paper's training schedule for the hard-sphere VAE (Ding et al. 2025, sec. II.3):
 *   1. "vae": encoder + decoder on the curves;
 *   2. "generator": converter 1 with the decoder frozen, then "generator-fine-tune" with both;
 *   3. "inferrer": converter 2 with the encoder frozen, then "inferrer-fine-tune" with both.
 * Adam with a cosine-annealed learning rate per stage (to `minLearningRateFactor` of the start),
 * L2 weight decay as the authors' Adam(weight_decay); each stage keeps its best validation epoch.
 *
 * Losses: curve stages minimise the mean squared error of log10 I itself (the network's
 * standardised output is de-standardised inside the loss, so the figure is the paper's eq. 6 and
 * the bar's metric); parameter stages the mean squared error of the standardised parameters
 * (eq. 7 up to the per-parameter scale, which keeps eta and sigma on an equal footing).
 *
 * The arithmetic runs in hard-sphere-vae-native.ts (hand-written passes; why: see there). The
 * weights start as createVaeVars draws them and end as tfjs variables of the same layout, so the
 * export and the ONNX check work on the tfjs definition. A frozen encoder (converter-2 stage) is run
 * once per stage, not once per step. Each batch is computed as two fixed halves (hard-sphere-vae-step.ts),
 * the second on a worker thread with `threads: 2`: one or two threads, the same weights.
 */
import * as tf from "@tensorflow/tfjs";
import { Random } from "../compute/random";
import type { EpochReport } from "./architecture";
import { createVaeVars, variablesOf, type VaeShape, type VaeVars } from "./hard-sphere-vae-model";
import { encodeForward, flatWeights, vaeGeometry, Workspace, zerosLike, type NativeVae } from "./hard-sphere-vae-native";
import { secondShard } from "./hard-sphere-vae-shards";
import { shardBounds, shardLoss, shareArrays, sharedFloat64, stageLoss, type BatchInput, type Part, type StepBuffers } from "./hard-sphere-vae-step";

export { stageLoss, type BatchInput } from "./hard-sphere-vae-step";

export interface VaeSchedule {
  vaeEpochs: number;
  converterEpochs: number;
  fineTuneEpochs: number;
  batchSize: number;
  learningRate: number;
  /** Learning rate of the two converter stages (converter alone). */
  converterLearningRate: number;
  /** Learning rate of the fine-tuning stages. */
  fineTuneLearningRate: number;
  minLearningRateFactor: number;
  weightDecay: number;
  latentDim: number;
  /** Reparameterised latent samples averaged per curve in training (the paper averages 100). */
  latentSamples: number;
}

/** Standardised training data: curves [rows, L] and parameters [rows, P]. */
export interface VaeData {
  trainX: Float32Array;
  trainY: Float32Array;
  trainRows: number;
  validationX: Float32Array;
  validationY: Float32Array;
  validationRows: number;
  length: number;
  parameters: number;
  /** Per-point std of log10 I: the loss de-standardises with it. */
  curveStd: Float32Array;
}

export interface VaeRunOptions {
  seed: number;
  signal?: AbortSignal;
  report?: (epoch: EpochReport) => void | Promise<void>;
  /** Start from these weights instead of the seed's initial draw (to resume, or to study later stages). */
  initial?: NativeVae;
  /** Called with the weights after each stage (the same arrays training goes on updating). */
  afterStage?: (stage: StageName, net: NativeVae) => void;
  /**
   * 2: each batch's second half runs on a worker thread while this thread runs the first
   * (hard-sphere-vae-shards.ts); 1 (default): both halves here. The same weights either way.
   */
  threads?: number;
}

export interface TrainedVae {
  vars: VaeVars;
  history: EpochReport[];
  /** Best validation loss per stage. */
  best: Record<string, number>;
}

export type StageName = "vae" | "generator" | "generator-fine-tune" | "inferrer" | "inferrer-fine-tune";

interface Stage {
  name: StageName;
  epochs: number;
  learningRate: number;
  /** Where z comes from: the encoder on the curve, or converter 1 on the parameters. */
  source: "encoder" | "converter1";
  /** What z goes to: the decoder (loss on log10 I) or converter 2 (loss on the parameters). */
  target: "decoder" | "converter2";
  trainable: Part[];
}

export function totalEpochs(s: Pick<VaeSchedule, "vaeEpochs" | "converterEpochs" | "fineTuneEpochs">): number {
  return s.vaeEpochs + 2 * (s.converterEpochs + s.fineTuneEpochs);
}

export function stagesOf(s: VaeSchedule): Stage[] {
  return [
    { name: "vae", epochs: s.vaeEpochs, learningRate: s.learningRate, source: "encoder", target: "decoder", trainable: ["encoder", "decoder"] },
    { name: "generator", epochs: s.converterEpochs, learningRate: s.converterLearningRate, source: "converter1", target: "decoder", trainable: ["converter1"] },
    {
      name: "generator-fine-tune",
      epochs: s.fineTuneEpochs,
      learningRate: s.fineTuneLearningRate,
      source: "converter1",
      target: "decoder",
      trainable: ["converter1", "decoder"],
    },
    { name: "inferrer", epochs: s.converterEpochs, learningRate: s.converterLearningRate, source: "encoder", target: "converter2", trainable: ["converter2"] },
    {
      name: "inferrer-fine-tune",
      epochs: s.fineTuneEpochs,
      learningRate: s.fineTuneLearningRate,
      source: "encoder",
      target: "converter2",
      trainable: ["converter2", "encoder"],
    },
  ];
}

/** The tfjs variables' values as Float64Arrays of the same nesting. */
export function nativeFromVars(vars: VaeVars): NativeVae {
  const copy = (v: unknown): unknown => {
    if (v instanceof tf.Variable) return Float64Array.from(v.dataSync() as Float32Array);
    const o: Record<string, unknown> = {};
    for (const key of Object.keys(v as object)) o[key] = copy((v as Record<string, unknown>)[key]);
    return o;
  };
  return copy(vars) as NativeVae;
}

/** Fresh tfjs variables holding `net`'s weights (rounded to float32). */
export function varsFromNative(net: NativeVae, shape: VaeShape): VaeVars {
  const vars = createVaeVars(shape, 0);
  const target = variablesOf(vars);
  const source = flatWeights(net);
  tf.tidy(() => target.forEach((v, i) => v.assign(tf.tensor(Float32Array.from(source[i]), v.shape))));
  return vars;
}

/** Adam (Kingma & Ba) on Float64Arrays, L2 weight decay added to the gradient (as torch's Adam(weight_decay)). */
class Adam {
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private t = 0;
  constructor(
    private readonly weights: Float64Array[],
    private readonly grads: Float64Array[],
    private readonly weightDecay: number,
  ) {
    this.m = weights.map((w) => new Float64Array(w.length));
    this.v = weights.map((w) => new Float64Array(w.length));
  }

  step(learningRate: number): void {
    this.t++;
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const wd = this.weightDecay;
    for (let k = 0; k < this.weights.length; k++) {
      const w = this.weights[k];
      const g = this.grads[k];
      const m = this.m[k];
      const v = this.v[k];
      for (let i = 0; i < w.length; i++) {
        const gi = g[i] + wd * w[i];
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        w[i] -= ((learningRate / c1) * m[i]) / (Math.sqrt(v[i] / c2) + eps);
      }
    }
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("training cancelled");
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Rows evaluated at once in the deterministic (validation, cache) passes. */
const CHUNK = 256;

export async function trainHardSphereVae(data: VaeData, schedule: VaeSchedule, options: VaeRunOptions): Promise<TrainedVae> {
  const { length, parameters } = data;
  const shape = { length, latent: schedule.latentDim, parameters };
  // Initial weights exactly as the tfjs definition draws them for this seed.
  const init = createVaeVars(shape, options.seed);
  // On shared memory so that a worker thread trains on the same arrays (threads: 2).
  const net = shareArrays(nativeFromVars(init));
  tf.dispose(variablesOf(init));
  if (options.initial) flatWeights(net).forEach((w, i) => w.set(flatWeights(options.initial!)[i]));
  const g = vaeGeometry(shape);
  const random = new Random(options.seed + 1);
  const history: EpochReport[] = [];
  const best: Record<string, number> = {};
  const curveStd = sharedFloat64(length);
  curveStd.set(data.curveStd);
  const trainX = Float64Array.from(data.trainX);
  const trainY = Float64Array.from(data.trainY);
  const valX = Float64Array.from(data.validationX);
  const valY = Float64Array.from(data.validationY);
  const d = schedule.latentDim;
  const S = schedule.latentSamples;
  const B = schedule.batchSize;
  // A batch runs in chunks of at most CHUNK (curve, sample) rows: the workspace (≈ 0.3 MB per row)
  // stays bounded whatever the batch size and sample count.
  const chunkRows = Math.max(1, Math.floor(CHUNK / S));
  const ws = new Workspace(Math.max(Math.min(B, chunkRows) * S, CHUNK));
  const grad = zerosLike(net);
  const buffers: StepBuffers = {
    bx: sharedFloat64(B * length),
    by: sharedFloat64(B * parameters),
    eps: sharedFloat64(B * S * d),
    cachedMu: sharedFloat64(B * d),
    cachedLogVar: sharedFloat64(B * d),
  };
  const { bx, by, eps, cachedMu, cachedLogVar } = buffers;

  /** Frozen encoder's (mu, log s²) for every row of a set, in CHUNK-row passes. */
  const encodeAll = (x: Float64Array, rows: number): { mu: Float64Array; logVar: Float64Array } => {
    const mu = new Float64Array(rows * d);
    const logVar = new Float64Array(rows * d);
    for (let start = 0; start < rows; start += CHUNK) {
      const n = Math.min(CHUNK, rows - start);
      const e = encodeForward(net, g, ws, x.subarray(start * length, (start + n) * length), n);
      mu.set(e.mu.subarray(0, n * d), start * d);
      logVar.set(e.logVar.subarray(0, n * d), start * d);
    }
    return { mu, logVar };
  };

  const validate = (stage: Stage, cache: { mu: Float64Array; logVar: Float64Array } | null): number => {
    let sum = 0;
    for (let start = 0; start < data.validationRows; start += CHUNK) {
      const n = Math.min(CHUNK, data.validationRows - start);
      const input: BatchInput = {
        x: valX.subarray(start * length, (start + n) * length),
        y: valY.subarray(start * parameters, (start + n) * parameters),
        rows: n,
        eps: null,
        samples: 1,
        cached: cache && { mu: cache.mu.subarray(start * d, (start + n) * d), logVar: cache.logVar.subarray(start * d, (start + n) * d) },
      };
      sum += stageLoss(net, g, ws, stage, input, curveStd, null) * n;
    }
    return sum / data.validationRows;
  };

  const order = Int32Array.from({ length: data.trainRows }, (_, i) => i);
  const workspaceRows = Math.max(Math.min(B, chunkRows) * S, CHUNK);
  const second = secondShard(options.threads ?? 1, { shape, net, g, ws, buffers, curveStd, chunkRows, workspaceRows });
  try {
    await second.ready();
    await runStages();
  } finally {
    await second.close();
  }
  return { vars: varsFromNative(net, shape), history, best };

  async function runStages(): Promise<void> {
    for (const stage of stagesOf(schedule)) {
      if (stage.epochs === 0) continue;
      const trainedWeights = stage.trainable.flatMap((p) => flatWeights(net[p]));
      const trainedGrads = stage.trainable.flatMap((p) => flatWeights(grad[p]));
      const secondGrads = stage.trainable.flatMap((p) => flatWeights(second.grad[p]));
      const optimizer = new Adam(trainedWeights, trainedGrads, schedule.weightDecay);
      // The converter-2 stage leaves the encoder frozen: its output is computed once for the stage.
      const frozenEncoder = stage.source === "encoder" && !stage.trainable.includes("encoder");
      const trainCache = frozenEncoder ? encodeAll(trainX, data.trainRows) : null;
      const valCache = frozenEncoder ? encodeAll(valX, data.validationRows) : null;
      let bestLoss = Infinity;
      let bestWeights: Float64Array[] | null = null;
      // The encoder is shared by the VAE and the inferrer, the decoder by the VAE and the generator:
      // restoring a stage's best epoch touches only what that stage trains.
      for (let epoch = 0; epoch < stage.epochs; epoch++) {
        throwIfAborted(options.signal);
        const lr =
          stage.learningRate * (schedule.minLearningRateFactor + (1 - schedule.minLearningRateFactor) * 0.5 * (1 + Math.cos((Math.PI * epoch) / stage.epochs)));
        for (let i = data.trainRows - 1; i > 0; i--) {
          const j = Math.floor(random.next() * (i + 1));
          [order[i], order[j]] = [order[j], order[i]];
        }
        let sum = 0;
        let batches = 0;
        for (let start = 0; start < data.trainRows; start += B) {
          // Let a cancellation (a message on this thread) arrive now and then.
          if (++batches % 16 === 0) await yieldToEventLoop();
          throwIfAborted(options.signal);
          const rows = Math.min(B, data.trainRows - start);
          for (let r = 0; r < rows; r++) {
            const row = order[start + r];
            bx.set(trainX.subarray(row * length, (row + 1) * length), r * length);
            by.set(trainY.subarray(row * parameters, (row + 1) * parameters), r * parameters);
            if (trainCache) {
              cachedMu.set(trainCache.mu.subarray(row * d, (row + 1) * d), r * d);
              cachedLogVar.set(trainCache.logVar.subarray(row * d, (row + 1) * d), r * d);
            }
          }
          for (let k = 0; k < rows * S * d; k++) eps[k] = random.normal();
          // The two halves (second one possibly on the worker at the same time), then half 0 + half 1.
          const [, half, end] = shardBounds(rows);
          const task = { stage, batchRows: rows, samples: S, cached: trainCache !== null };
          second.start({ ...task, from: half, to: end });
          let loss = shardLoss(net, g, ws, buffers, { ...task, from: 0, to: half }, curveStd, chunkRows, grad);
          loss += second.finish();
          for (let k = 0; k < trainedGrads.length; k++) {
            const mine = trainedGrads[k];
            const theirs = secondGrads[k];
            for (let i = 0; i < mine.length; i++) mine[i] += theirs[i];
          }
          optimizer.step(lr);
          sum += loss * rows;
        }
        const trainLoss = sum / data.trainRows;
        const validationLoss = validate(stage, valCache);
        if (validationLoss < bestLoss || bestWeights === null) {
          bestLoss = validationLoss;
          bestWeights = trainedWeights.map((w) => Float64Array.from(w));
        }
        const report: EpochReport = { stage: stage.name, epoch: epoch + 1, epochs: stage.epochs, trainLoss, validationLoss };
        history.push(report);
        await options.report?.(report);
        await yieldToEventLoop();
      }
      if (bestWeights !== null) trainedWeights.forEach((w, i) => w.set(bestWeights![i]));
      best[stage.name] = bestLoss;
      options.afterStage?.(stage.name, net);
    }
  }
}
