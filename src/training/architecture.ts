/**
 * A training architecture: one self-describing module per network family (MLP regressor, CNN
 * classifier, the hard-sphere VAE, ...), listed once in `architectures/registry.ts`.
 *
 * The training job does the catalogue side (reads the datasets, puts every curve on one q grid,
 * applies the input transform, splits training from validation, registers the results); an
 * architecture only sees typed arrays and returns ONNX files with the cards that describe them.
 */
import type { TObject } from "@sinclair/typebox";
import type { QUnit } from "../compute/units";
import type { TransformStep } from "../serving/model-card";
import type { TrainingBackend } from "./tfjs-backend";

/** What a registered version does: its role in `job.result.versions`. */
export type TrainingRole = "GENERATOR" | "INFERRER" | "REGRESSOR" | "CLASSIFIER";
export const TRAINING_ROLES: readonly TrainingRole[] = ["GENERATOR", "INFERRER", "REGRESSOR", "CLASSIFIER"];

/**
 * What an architecture learns to predict:
 * - "parameters": curve parameters (regressors; the VAE learns both directions);
 * - "class": the class label (classifiers);
 * - "class_and_parameters": the class and that class's parameters (multi-task, masked loss).
 */
export type TargetKind = "parameters" | "class" | "class_and_parameters";

/** One target parameter as the job resolved it from the curves' `parameters`. */
export interface TargetParameter {
  name: string;
  /** Unit as written on the card ("Å", "" for dimensionless). */
  unit: string;
  /** Space the network learns it in: log10 for scale parameters spanning decades. */
  space: "linear" | "log10";
}

/** Examples as row-major typed arrays; features are already transformed, not standardised. */
export interface TrainingExamples {
  rows: number;
  /** [rows, features]: the transformed curves on the problem's q grid. */
  x: Float32Array;
  /** [rows, targets.length], in each target's `space` (NaN where a target does not apply). */
  y: Float32Array;
  /** [rows]: class index into `TrainingProblem.classes` (for class targets), else empty. */
  labels: Int32Array;
  /** [rows, targets.length]: 1 where the target applies to the row's class, else 0. */
  mask: Float32Array;
}

export interface TrainingProblem {
  train: TrainingExamples;
  validation: TrainingExamples;
  features: number;
  /** The common q grid every curve was put on, in `qUnit`. */
  qGrid: Float64Array;
  qUnit: QUnit;
  /** Intensity unit label of the source curves ("1/cm", "" for dimensionless). */
  intensityUnit: string;
  /** The transform already applied to x (the card's preprocessing.transform). */
  transform: TransformStep;
  targets: TargetParameter[];
  /** Class names, index = label (empty unless the targets include the class). */
  classes: string[];
  /** Range of every target parameter over the training rows (linear space): the card's domain. */
  ranges: Record<string, { min: number; max: number }>;
}

/** One epoch's report; multi-stage schedules (VAE, then converters) name the stage. */
export interface EpochReport {
  stage: string;
  epoch: number;
  epochs: number;
  trainLoss: number;
  validationLoss: number;
}

export interface TrainingContext {
  backend: TrainingBackend;
  seed: number;
  /** Aborted when the job is cancelled: stop at the next batch and throw signal.reason. */
  signal: AbortSignal;
  /** Called after every epoch; the job turns it into progress (epoch of epochs, losses, ETA). */
  report(epoch: EpochReport): void | Promise<void>;
}

/**
 * A trained network ready to register. `card` is the model card JSON without `metrics`,
 * `domain` and `training` (the job adds them); `check` holds inputs and the trained network's own
 * outputs on them (the validation set), which the job compares with onnxruntime's to 1e-5.
 */
export interface TrainedNetwork {
  role: TrainingRole;
  /** Suffix for the registered model name when an architecture registers several (VAE: "generator", "inferrer"). */
  suffix?: string;
  onnx: Uint8Array;
  card: Record<string, unknown>;
  check: { input: Float32Array; inputShape: number[]; outputs: Record<string, Float32Array> };
  /** Validation metrics in the architecture's own terms (added to the card's metrics). */
  metrics: Record<string, number>;
}

export interface TrainingOutcome {
  networks: TrainedNetwork[];
  history: EpochReport[];
}

export interface TrainingArchitecture<H extends object = Record<string, unknown>> {
  name: string;
  summary: string;
  targets: TargetKind;
  roles: readonly TrainingRole[];
  /** The hyperparameter table: TypeBox object with a default, limits and a description per field. */
  hyperparameters: TObject;
  /** Rules across fields and against the problem (e.g. the VAE needs 100 q points); throw a message a user can act on. */
  check?(hyperparameters: H, problem: Pick<TrainingProblem, "features" | "targets" | "classes">): void;
  /** Total epochs the schedule will run (for progress and ETA). */
  epochs(hyperparameters: H): number;
  train(problem: TrainingProblem, hyperparameters: H, context: TrainingContext): Promise<TrainingOutcome>;
}

/** Keeps the hyperparameter type of each architecture while listing them together. */
export function defineArchitecture<H extends object>(architecture: TrainingArchitecture<H>): TrainingArchitecture<H> {
  return architecture;
}
