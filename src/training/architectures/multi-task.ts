/**
 * Multi-task network (paper 001's task, the recommender's base): one trunk, a class head and a head
 * of every target parameter, the parameter loss masked to the parameters the curve's class has.
 */
import { Type, type Static } from "@sinclair/typebox";
import { defineArchitecture } from "../architecture";
import { COMMON_HYPERPARAMETERS, DENSE_HYPERPARAMETERS } from "./supervised";
import { trainSupervised } from "./train-supervised";

const HYPERPARAMETERS = Type.Object(
  {
    ...DENSE_HYPERPARAMETERS,
    width: Type.Integer({ minimum: 1, maximum: 1024, default: 128, description: "Units per hidden dense layer" }),
    ...COMMON_HYPERPARAMETERS,
    regressionWeight: Type.Number({ minimum: 0, maximum: 100, default: 1, description: "Weight of the masked parameter loss beside the class cross-entropy" }),
  },
  { additionalProperties: false },
);

export const multiTask = defineArchitecture<Static<typeof HYPERPARAMETERS>>({
  name: "multi-task",
  summary:
    "Class and that class's parameters from one dense trunk (targets: the class parameter first, then the parameters; masked MSE where a class lacks one)",
  targets: "class_and_parameters",
  roles: ["CLASSIFIER"],
  hyperparameters: HYPERPARAMETERS,
  epochs: (h) => h.epochs,
  train: (problem, h, context) =>
    trainSupervised(problem, h, context, {
      role: "CLASSIFIER",
      description: `Multi-task network (${h.layers} x ${h.width} ${h.activation}): class of ${problem.classes.join(", ")} and ${problem.targets.map((t) => t.name).join(", ")}, trained on the platform`,
      trunk: { hidden: Array.from({ length: h.layers }, () => h.width) },
      classes: true,
      parameters: true,
      regressionWeight: h.regressionWeight,
    }),
});
