/** MLP regressor: curve in, target parameters out (optionally with a predicted uncertainty each). */
import { Type, type Static } from "@sinclair/typebox";
import { defineArchitecture } from "../architecture";
import { COMMON_HYPERPARAMETERS, DENSE_HYPERPARAMETERS } from "./supervised";
import { trainSupervised } from "./train-supervised";

const HYPERPARAMETERS = Type.Object(
  {
    ...DENSE_HYPERPARAMETERS,
    ...COMMON_HYPERPARAMETERS,
    uncertainty: Type.Boolean({
      default: false,
      description: "Also predict a standard deviation per parameter, trained by Gaussian negative log-likelihood (served as each parameter's uncertainty)",
    }),
  },
  { additionalProperties: false },
);

export const mlpRegressor = defineArchitecture<Static<typeof HYPERPARAMETERS>>({
  name: "mlp-regressor",
  summary: "Dense network from the transformed curve to curve parameters (e.g. radius, radius_pd), mean squared error on standardised targets",
  targets: "parameters",
  roles: ["REGRESSOR"],
  hyperparameters: HYPERPARAMETERS,
  epochs: (h) => h.epochs,
  train: (problem, h, context) =>
    trainSupervised(problem, h, context, {
      role: "REGRESSOR",
      description: `MLP regressor (${h.layers} x ${h.width} ${h.activation}) of ${problem.targets.map((t) => t.name).join(", ")}, trained on the platform`,
      trunk: { hidden: Array.from({ length: h.layers }, () => h.width) },
      classes: false,
      parameters: true,
      uncertainty: h.uncertainty,
    }),
});
