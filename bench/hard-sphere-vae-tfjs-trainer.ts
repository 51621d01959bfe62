/**
 * The tfjs form of the hard-sphere VAE's training (what src/training/hard-sphere-vae-trainer.ts did
 * before its passes were written out by hand), kept as the training bench's peer: same network,
 * same schedule, tfjs autodiff and tfjs ops. Not used by the platform.
 *
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
 */
import * as tf from "@tensorflow/tfjs";
import { Random } from "../src/compute/random";
import type { EpochReport } from "../src/training/architecture";
import { convertLatent, convertParameters, createVaeVars, decode, encode, sampleLatent, variablesOf, type Latent } from "../src/training/hard-sphere-vae-model";

import type { TrainedVae, VaeData, VaeRunOptions, VaeSchedule } from "../src/training/hard-sphere-vae-trainer";

type StageName = "vae" | "generator" | "generator-fine-tune" | "inferrer" | "inferrer-fine-tune";

interface Stage {
  name: StageName;
  epochs: number;
  learningRate: number;
  trainable: tf.Variable[];
  /** Loss on a batch (standardised x, y, eps per latent sample). */
  loss: (x: tf.Tensor2D, y: tf.Tensor2D, eps: tf.Tensor2D[]) => tf.Scalar;
  /** Deterministic validation loss (z = mu). */
  validation: (x: tf.Tensor2D, y: tf.Tensor2D) => tf.Scalar;
}

/** Adam (Kingma & Ba) with decoupled step size per call and L2 weight decay added to the gradient. */
class Adam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;
  constructor(
    private readonly vars: tf.Variable[],
    private readonly weightDecay: number,
  ) {
    this.m = tf.tidy(() => vars.map((w) => tf.variable(tf.zerosLike(w), false)));
    this.v = tf.tidy(() => vars.map((w) => tf.variable(tf.zerosLike(w), false)));
  }

  step(grads: Record<string, tf.Tensor>, learningRate: number): void {
    this.t++;
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    tf.tidy(() => {
      this.vars.forEach((w, i) => {
        let g = grads[w.name];
        if (this.weightDecay > 0) g = tf.add(g, tf.mul(w, this.weightDecay));
        this.m[i].assign(tf.add(tf.mul(this.m[i], b1), tf.mul(g, 1 - b1)));
        this.v[i].assign(tf.add(tf.mul(this.v[i], b2), tf.mul(tf.square(g), 1 - b2)));
        const update = tf.div(tf.mul(this.m[i], learningRate / c1), tf.add(tf.sqrt(tf.div(this.v[i], c2)), eps));
        w.assign(tf.sub(w, update));
      });
    });
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("training cancelled");
}

export async function trainHardSphereVaeTfjs(data: VaeData, schedule: VaeSchedule, options: VaeRunOptions): Promise<TrainedVae> {
  const { length, parameters } = data;
  const vars = createVaeVars({ length, latent: schedule.latentDim, parameters }, options.seed);
  const random = new Random(options.seed + 1);
  const history: EpochReport[] = [];
  const best: Record<string, number> = {};
  const curveStd = tf.tensor1d(data.curveStd);
  const xTrain = tf.tensor2d(data.trainX, [data.trainRows, length]);
  const yTrain = tf.tensor2d(data.trainY, [data.trainRows, parameters]);
  const xVal = tf.tensor2d(data.validationX, [data.validationRows, length]);
  const yVal = tf.tensor2d(data.validationY, [data.validationRows, parameters]);

  // Mean squared error of log10 I: standardised difference times the per-point std.
  const curveLoss = (predicted: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar => tf.mean(tf.square(tf.mul(tf.sub(predicted, x), curveStd)));
  const averageOver = (eps: tf.Tensor2D[], latent: Latent, f: (z: tf.Tensor2D) => tf.Tensor2D): tf.Tensor2D => {
    const outs = eps.map((e) => f(sampleLatent(latent, e)));
    return (outs.length === 1 ? outs[0] : tf.div(tf.addN(outs), outs.length)) as tf.Tensor2D;
  };
  const paramLoss = (predicted: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar => tf.mean(tf.square(tf.sub(predicted, y)));

  const e = variablesOf(vars.encoder);
  const d = variablesOf(vars.decoder);
  const c1 = variablesOf(vars.converter1);
  const c2 = variablesOf(vars.converter2);
  const stages: Stage[] = [
    {
      name: "vae",
      epochs: schedule.vaeEpochs,
      learningRate: schedule.learningRate,
      trainable: [...e, ...d],
      loss: (x, _y, eps) =>
        curveLoss(
          averageOver(eps, encode(vars, x), (z) => decode(vars, z, length)),
          x,
        ),
      validation: (x) => curveLoss(decode(vars, encode(vars, x).mu, length), x),
    },
    {
      name: "generator",
      epochs: schedule.converterEpochs,
      learningRate: schedule.converterLearningRate,
      trainable: c1,
      loss: (x, y, eps) =>
        curveLoss(
          averageOver(eps, convertParameters(vars, y), (z) => decode(vars, z, length)),
          x,
        ),
      validation: (x, y) => curveLoss(decode(vars, convertParameters(vars, y).mu, length), x),
    },
    {
      name: "generator-fine-tune",
      epochs: schedule.fineTuneEpochs,
      learningRate: schedule.fineTuneLearningRate,
      trainable: [...c1, ...d],
      loss: (x, y, eps) =>
        curveLoss(
          averageOver(eps, convertParameters(vars, y), (z) => decode(vars, z, length)),
          x,
        ),
      validation: (x, y) => curveLoss(decode(vars, convertParameters(vars, y).mu, length), x),
    },
    {
      name: "inferrer",
      epochs: schedule.converterEpochs,
      learningRate: schedule.converterLearningRate,
      trainable: c2,
      loss: (x, y, eps) =>
        paramLoss(
          averageOver(eps, encode(vars, x), (z) => convertLatent(vars, z)),
          y,
        ),
      validation: (x, y) => paramLoss(convertLatent(vars, encode(vars, x).mu), y),
    },
    {
      name: "inferrer-fine-tune",
      epochs: schedule.fineTuneEpochs,
      learningRate: schedule.fineTuneLearningRate,
      trainable: [...c2, ...e],
      loss: (x, y, eps) =>
        paramLoss(
          averageOver(eps, encode(vars, x), (z) => convertLatent(vars, z)),
          y,
        ),
      validation: (x, y) => paramLoss(convertLatent(vars, encode(vars, x).mu), y),
    },
  ];

  const order = Int32Array.from({ length: data.trainRows }, (_, i) => i);
  try {
    for (const stage of stages) {
      if (stage.epochs === 0) continue;
      const optimizer = new Adam(stage.trainable, schedule.weightDecay);
      let bestLoss = Infinity;
      let bestWeights: tf.Tensor[] | null = null;
      // The encoder is shared by the VAE and the inferrer, the decoder by the VAE and the generator:
      // restoring a stage's best epoch touches only what that stage trains.
      try {
        for (let epoch = 0; epoch < stage.epochs; epoch++) {
          throwIfAborted(options.signal);
          const lr =
            stage.learningRate *
            (schedule.minLearningRateFactor + (1 - schedule.minLearningRateFactor) * 0.5 * (1 + Math.cos((Math.PI * epoch) / stage.epochs)));
          for (let i = data.trainRows - 1; i > 0; i--) {
            const j = Math.floor(random.next() * (i + 1));
            [order[i], order[j]] = [order[j], order[i]];
          }
          let sum = 0;
          for (let start = 0; start < data.trainRows; start += schedule.batchSize) {
            throwIfAborted(options.signal);
            const rows = Math.min(schedule.batchSize, data.trainRows - start);
            const epsData: Float32Array[] = [];
            for (let s = 0; s < schedule.latentSamples; s++) {
              const a = new Float32Array(rows * schedule.latentDim);
              for (let k = 0; k < a.length; k++) a[k] = random.normal();
              epsData.push(a);
            }
            const lossValue = tf.tidy(() => {
              const idx = tf.tensor1d(order.subarray(start, start + rows), "int32");
              const x = tf.gather(xTrain, idx);
              const y = tf.gather(yTrain, idx);
              const eps = epsData.map((a) => tf.tensor2d(a, [rows, schedule.latentDim]));
              const { value, grads } = tf.variableGrads(() => stage.loss(x, y, eps), stage.trainable);
              optimizer.step(grads, lr);
              return value;
            });
            sum += (await lossValue.data())[0] * rows;
            lossValue.dispose();
          }
          const trainLoss = sum / data.trainRows;
          const validationLoss = tf.tidy(() => stage.validation(xVal, yVal).dataSync()[0]);
          if (validationLoss < bestLoss || bestWeights === null) {
            bestLoss = validationLoss;
            tf.dispose(bestWeights ?? []);
            bestWeights = stage.trainable.map((w) => tf.clone(w));
          }
          const report: EpochReport = { stage: stage.name, epoch: epoch + 1, epochs: stage.epochs, trainLoss, validationLoss };
          history.push(report);
          await options.report?.(report);
        }
        if (bestWeights !== null) stage.trainable.forEach((w, i) => w.assign(bestWeights![i]));
        best[stage.name] = bestLoss;
      } finally {
        tf.dispose(bestWeights ?? []);
        optimizer.dispose();
      }
    }
  } catch (err) {
    tf.dispose(variablesOf(vars));
    throw err;
  } finally {
    tf.dispose([curveStd, xTrain, yTrain, xVal, yVal]);
  }
  return { vars, history, best };
}
