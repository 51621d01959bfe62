/** MLP classifier: curve in, class logits out (softmax cross-entropy). */
import { Type, type Static } from "@sinclair/typebox";
import { defineArchitecture } from "../architecture";
import { COMMON_HYPERPARAMETERS, DENSE_HYPERPARAMETERS } from "./supervised";
import { trainSupervised } from "./train-supervised";

const HYPERPARAMETERS = Type.Object({ ...DENSE_HYPERPARAMETERS, ...COMMON_HYPERPARAMETERS }, { additionalProperties: false });

export const mlpClassifier = defineArchitecture<Static<typeof HYPERPARAMETERS>>({
  name: "mlp-classifier",
  summary: "Dense network from the transformed curve to class scores (the target names the parameter holding the class, e.g. model or shape)",
  targets: "class",
  roles: ["CLASSIFIER"],
  hyperparameters: HYPERPARAMETERS,
  epochs: (h) => h.epochs,
  train: (problem, h, context) =>
    trainSupervised(problem, h, context, {
      role: "CLASSIFIER",
      description: `MLP classifier (${h.layers} x ${h.width} ${h.activation}) of ${problem.classes.join(", ")}, trained on the platform`,
      trunk: { hidden: Array.from({ length: h.layers }, () => h.width) },
      classes: true,
      parameters: false,
    }),
});
