/**
 * The supervised recipe the four non-generative architectures share: a trunk (dense, or 1D
 * convolutions then dense) with a classification head (logits, softmax cross-entropy), a
 * parameter head (standardised targets, masked MSE or, with predicted uncertainties, Gaussian
 * negative log-likelihood), or both (multi-task: cross-entropy + weight x masked loss). Trained by
 * fit.ts, exported to ONNX layer for layer, checked on the validation set by the job.
 */
import * as tf from "@tensorflow/tfjs";
import { Random } from "../../compute/random";
import { OnnxGraphBuilder, type GraphValue } from "../../onnx";
import type { TrainedNetwork, TrainingContext, TrainingOutcome, TrainingProblem, TrainingRole } from "../architecture";
import { fit } from "../fit";
import { Network, type TrunkSpec } from "../network";
import {
  cardBase,
  checkFinite,
  classificationHead,
  classificationMetrics,
  regressionMetrics,
  regressionParameters,
  standardisedInputs,
  standardisedTargets,
  targetStats,
  type CommonHyperparameters,
} from "./supervised";

export interface SupervisedDesign {
  role: TrainingRole;
  description: string;
  trunk: Omit<TrunkSpec, "features" | "activation">;
  classes: boolean;
  parameters: boolean;
  /** Predict a standard deviation per parameter (Gaussian NLL). */
  uncertainty?: boolean;
  /** Weight of the parameter loss beside the cross-entropy (multi-task). */
  regressionWeight?: number;
}

export async function trainSupervised(
  problem: TrainingProblem,
  h: CommonHyperparameters,
  context: TrainingContext,
  design: SupervisedDesign,
): Promise<TrainingOutcome> {
  const C = problem.classes.length;
  const T = design.parameters ? problem.targets.length : 0;
  const uncertainty = design.parameters && design.uncertainty === true;
  const inputs = standardisedInputs(problem);
  const stats = targetStats(problem);
  const tensors: tf.Tensor[] = [inputs.train, inputs.validation];
  const net = new Network({ ...design.trunk, features: problem.features, activation: h.activation }, new Random(context.seed));
  try {
    if (design.classes) net.addHead("logits", C);
    if (design.parameters) net.addHead("mean", T);
    if (uncertainty) net.addHead("logstd", T);
    const labels = (e: TrainingProblem["train"]) => tf.oneHot(tf.tensor1d(e.labels, "int32"), C).toFloat() as tf.Tensor2D;
    const train = {
      y: design.parameters ? standardisedTargets(problem.train, stats) : null,
      mask: design.parameters ? tf.tensor2d(problem.train.mask, [problem.train.rows, T]) : null,
      onehot: design.classes ? tf.tidy(() => labels(problem.train)) : null,
    };
    const validation = {
      y: design.parameters ? standardisedTargets(problem.validation, stats) : null,
      mask: design.parameters ? tf.tensor2d(problem.validation.mask, [problem.validation.rows, T]) : null,
      onehot: design.classes ? tf.tidy(() => labels(problem.validation)) : null,
    };
    for (const set of [train, validation]) for (const t of [set.y, set.mask, set.onehot]) if (t) tensors.push(t);

    const lossOf = (x: tf.Tensor2D, y: tf.Tensor2D | null, mask: tf.Tensor2D | null, onehot: tf.Tensor2D | null): tf.Scalar => {
      const z = net.trunk(x);
      let loss: tf.Scalar = tf.scalar(0);
      if (onehot) loss = tf.add(loss, tf.losses.softmaxCrossEntropy(onehot, net.head("logits", z)));
      if (y && mask) {
        const mu = net.head("mean", z);
        let term: tf.Tensor;
        if (uncertainty) {
          // -log N(y; mu, sigma) up to a constant, with sigma = exp(logstd).
          const logstd = net.head("logstd", z);
          term = tf.add(logstd, tf.mul(0.5, tf.square(tf.mul(tf.sub(y, mu), tf.exp(tf.neg(logstd))))));
        } else {
          term = tf.square(tf.sub(mu, y));
        }
        const masked = tf.div(tf.sum(tf.mul(mask, term)), tf.maximum(tf.sum(mask), 1));
        loss = tf.add(loss, tf.mul(design.classes ? (design.regressionWeight ?? 1) : 1, masked));
      }
      return loss;
    };
    const pick = (t: tf.Tensor2D | null, idx: tf.Tensor1D) => (t ? (tf.gather(t, idx) as tf.Tensor2D) : null);
    const history = await fit(
      {
        stage: "train",
        epochs: h.epochs,
        batchSize: h.batchSize,
        learningRate: h.learningRate,
        patience: h.patience,
        seed: context.seed,
        trainRows: problem.train.rows,
        variables: net.variables,
        loss: (idx) => lossOf(tf.gather(inputs.train, idx), pick(train.y, idx), pick(train.mask, idx), pick(train.onehot, idx)),
        validationLoss: () => tf.tidy(() => lossOf(inputs.validation, validation.y, validation.mask, validation.onehot).dataSync()[0]),
        snapshot: () => net.snapshot(),
        restore: (w) => net.restore(w),
      },
      context,
    );
    const finalLoss = tf.tidy(() => lossOf(inputs.validation, validation.y, validation.mask, validation.onehot).dataSync()[0]);
    checkFinite(finalLoss);

    // The trained network's own outputs on the validation set: the job compares onnxruntime's to them.
    const outputs: Record<string, Float32Array> = {};
    tf.tidy(() => {
      const z = net.trunk(inputs.validation);
      if (design.classes) outputs.logits = Float32Array.from(net.head("logits", z).dataSync() as Float32Array);
      if (design.parameters) {
        const mu = net.head("mean", z);
        const params = uncertainty ? tf.concat([mu, tf.exp(net.head("logstd", z))], 1) : mu;
        outputs.params = Float32Array.from(params.dataSync() as Float32Array);
      }
    });

    const b = new OnnxGraphBuilder(design.role.toLowerCase());
    const z = net.exportTrunk(b, "curve");
    const heads: unknown[] = [];
    if (design.classes) {
      b.output(net.exportHead(b, "logits", z, "logits"), ["batch", C]);
      heads.push(classificationHead(problem, "logits"));
    }
    if (design.parameters) {
      let params: GraphValue;
      if (uncertainty) {
        const mu = net.exportHead(b, "mean", z);
        params = b.concat([mu, b.exp(net.exportHead(b, "logstd", z))], 1, { name: "params" });
      } else {
        params = net.exportHead(b, "mean", z, "params");
      }
      b.output(params, ["batch", uncertainty ? 2 * T : T]);
      heads.push({ kind: "regression", tensor: "params", parameters: regressionParameters(problem, stats, uncertainty) });
    }

    const metrics: Record<string, number> = {
      validation_loss: finalLoss,
      epochs: history.length,
      training_curves: problem.train.rows,
      validation_curves: problem.validation.rows,
    };
    if (design.classes) Object.assign(metrics, classificationMetrics(problem, outputs.logits));
    if (design.parameters) Object.assign(metrics, regressionMetrics(problem, stats, outputs.params, uncertainty ? 2 * T : T));

    const network: TrainedNetwork = {
      role: design.role,
      onnx: b.build(),
      card: cardBase(problem, design.description, net.layout, inputs.standardise, heads),
      check: { input: inputs.validationValues, inputShape: net.inputShape(problem.validation.rows), outputs },
      metrics,
    };
    return { networks: [network], history };
  } finally {
    net.dispose();
    tf.dispose(tensors);
  }
}
