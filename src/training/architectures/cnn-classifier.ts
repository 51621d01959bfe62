/** 1D-CNN classifier: convolutions along the curve, then dense layers, to class logits. */
import { Type, type Static } from "@sinclair/typebox";
import { badInput } from "../../services/errors";
import { defineArchitecture } from "../architecture";
import { convOutputLength, type ConvSpec } from "../network";
import { COMMON_HYPERPARAMETERS, DENSE_HYPERPARAMETERS } from "./supervised";
import { trainSupervised } from "./train-supervised";

const HYPERPARAMETERS = Type.Object(
  {
    convolutions: Type.Integer({ minimum: 1, maximum: 4, default: 2, description: "1D convolution layers (valid padding, each followed by the activation)" }),
    filters: Type.Integer({ minimum: 1, maximum: 128, default: 16, description: "Filters per convolution" }),
    kernelSize: Type.Integer({ minimum: 1, maximum: 64, default: 5, description: "Kernel width in q points" }),
    stride: Type.Integer({ minimum: 1, maximum: 8, default: 2, description: "Stride of each convolution" }),
    ...DENSE_HYPERPARAMETERS,
    layers: Type.Integer({ minimum: 0, maximum: 8, default: 1, description: "Hidden dense layers after the convolutions" }),
    ...COMMON_HYPERPARAMETERS,
  },
  { additionalProperties: false },
);
type Hyperparameters = Static<typeof HYPERPARAMETERS>;

const convolutions = (h: Hyperparameters): ConvSpec[] =>
  Array.from({ length: h.convolutions }, () => ({ filters: h.filters, kernelSize: h.kernelSize, stride: h.stride }));

export const cnnClassifier = defineArchitecture<Hyperparameters>({
  name: "cnn-classifier",
  summary: "1D convolutions along the transformed curve, then dense layers, to class scores (the target names the class parameter)",
  targets: "class",
  roles: ["CLASSIFIER"],
  hyperparameters: HYPERPARAMETERS,
  check(h, problem) {
    let length = problem.features;
    for (const c of convolutions(h)) {
      length = convOutputLength(length, c);
      if (length < 1)
        throw badInput(
          `${h.convolutions} convolutions of kernel ${h.kernelSize} and stride ${h.stride} do not fit a curve of ${problem.features} features: lower hyperparameters.convolutions, kernelSize or stride`,
          "hyperparameters",
        );
    }
  },
  epochs: (h) => h.epochs,
  train: (problem, h, context) =>
    trainSupervised(problem, h, context, {
      role: "CLASSIFIER",
      description: `1D-CNN classifier (${h.convolutions} x ${h.filters} filters of ${h.kernelSize}, stride ${h.stride}) of ${problem.classes.join(", ")}, trained on the platform`,
      trunk: { convolutions: convolutions(h), hidden: Array.from({ length: h.layers }, () => h.width) },
      classes: true,
      parameters: false,
    }),
});
