/**
 * Every training architecture, once. startTraining, the training job, its worker thread and the
 * `trainingArchitectures` query read this list; adding one is its module and a line here.
 */
import type { TrainingArchitecture } from "../architecture";
import { mlpRegressor } from "./mlp-regressor";
import { mlpClassifier } from "./mlp-classifier";
import { cnnClassifier } from "./cnn-classifier";
import { multiTask } from "./multi-task";
// MERGE: the hard-sphere VAE (paper 000) joins here:
// import { hardSphereVae } from "./hard-sphere-vae";

export const TRAINING_ARCHITECTURES: readonly TrainingArchitecture[] = [
  mlpRegressor,
  mlpClassifier,
  cnnClassifier,
  multiTask,
  // MERGE: hardSphereVae,
] as TrainingArchitecture[];

export function findArchitecture(name: string): TrainingArchitecture | undefined {
  return TRAINING_ARCHITECTURES.find((a) => a.name === name);
}
