/** The model card's optional `training` record is parsed strictly, like the rest of the card. */
import { parseModelCard } from "../../src/serving/model-card";

const card = (training: unknown) => ({
  schema: "sasgraph.model-card/1",
  name: "m",
  qGrid: [0.1, 0.2],
  qUnit: "INV_ANGSTROM",
  preprocessing: { interpolation: { method: "linear" }, transform: { kind: "log10" } },
  input: { tensor: "curve", layout: "batch_features" },
  outputs: [{ kind: "regression", tensor: "p", parameters: [{ name: "radius", unit: "Å", index: 0, mean: 50, std: 10 }] }],
  domain: { qMin: 0.1, qMax: 0.2, parameters: { radius: { min: 20, max: 80 } } },
  training,
});

const record = {
  architecture: "mlp-regressor",
  role: "REGRESSOR",
  hyperparameters: { epochs: 300, activation: "relu", uncertainty: false },
  seed: 0,
  backend: "wasm",
  wallSeconds: 4.2,
  inputTransform: "LOG10",
  targets: ["radius"],
  datasetIds: ["d1"],
  validationDatasetIds: [],
  validationFraction: 0.2,
  history: [{ stage: "train", epoch: 1, trainLoss: 0.9, validationLoss: 1.1 }],
};

test("a training record round-trips; a card without one has none", () => {
  expect(parseModelCard(card(record)).training).toEqual(record);
  expect(parseModelCard(card(undefined)).training).toBeUndefined();
});

test.each([
  ["training.optimiser: unknown field", { ...record, optimiser: "adam" }],
  ['training.role: must be one of "GENERATOR", "INFERRER", "REGRESSOR", "CLASSIFIER"', { ...record, role: "ORACLE" }],
  ["training.inputTransform: must be one of", { ...record, inputTransform: "LN" }],
  ["training.hyperparameters.epochs: must be a finite number", { ...record, hyperparameters: { epochs: [300] } }],
  ["training.wallSeconds: must be >= 0", { ...record, wallSeconds: -1 }],
  ["training.history[0].trainLoss: must be a finite number", { ...record, history: [{ stage: "train", epoch: 1, trainLoss: "low", validationLoss: 1 }] }],
  ["training.targets: must be an array", { ...record, targets: "radius" }],
])("refuses: %s", (message, bad) => {
  expect(() => parseModelCard(card(bad))).toThrow(message);
});
