/**
 * Each architecture learns a small synthetic problem made by the project's scattering library, and
 * its ONNX export (run in onnxruntime) gives the trained network's own outputs to 1e-5.
 */
import { Value } from "@sinclair/typebox/value";
import type { TrainingArchitecture, TrainingContext, TrainingOutcome } from "../../src/training/architecture";
import { findArchitecture, TRAINING_ARCHITECTURES } from "../../src/training/architectures/registry";
import { buildTrainingProblem, type ProblemSpec, type TrainingCurve } from "../../src/training/problem";
import { selectTrainingBackend } from "../../src/training/tfjs-backend";
import { runModel } from "../onnx/helpers";
import { mixedCurves, sphereCurves } from "./synthetic";

async function train(
  name: string,
  curves: TrainingCurve[],
  spec: Omit<ProblemSpec, "seed" | "inputTransform">,
  given: Record<string, unknown>,
  seed = 5,
): Promise<TrainingOutcome> {
  const architecture = findArchitecture(name)! as TrainingArchitecture;
  const problem = buildTrainingProblem(curves, { ...spec, inputTransform: "LOG10", seed });
  const h = Value.Default(architecture.hyperparameters, structuredClone(given)) as Record<string, unknown>;
  architecture.check?.(h, problem);
  const context: TrainingContext = { backend: await selectTrainingBackend(), seed, signal: new AbortController().signal, report: () => undefined };
  return architecture.train(problem, h, context);
}

async function expectOnnxMatches(outcome: TrainingOutcome): Promise<void> {
  for (const n of outcome.networks) {
    const card = n.card as { input: { tensor: string } };
    const out = await runModel(n.onnx, { [card.input.tensor]: { data: n.check.input, dims: n.check.inputShape } });
    for (const [name, expected] of Object.entries(n.check.outputs)) {
      const got = out[name].data;
      expect(got.length).toBe(expected.length);
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
      expect(worst).toBeLessThan(1e-5);
    }
  }
}

describe("training architectures", () => {
  test("every table has a default, a description and limits for numbers", () => {
    expect(TRAINING_ARCHITECTURES.map((a) => a.name)).toEqual(["mlp-regressor", "mlp-classifier", "cnn-classifier", "multi-task", "hard-sphere-vae"]);
    for (const a of TRAINING_ARCHITECTURES) {
      for (const [key, field] of Object.entries(a.hyperparameters.properties)) {
        expect({ key, hasDefault: field.default !== undefined, description: typeof field.description }).toEqual({
          key,
          hasDefault: true,
          description: "string",
        });
        if (field.type === "integer" || field.type === "number") expect({ key, max: typeof field.maximum }).toEqual({ key, max: "number" });
      }
    }
  });

  test("MLP regressor recovers the sphere radius within 2 Å RMSE (range 20-80 Å) on held-out curves", async () => {
    const outcome = await train("mlp-regressor", sphereCurves(200, 1), { targetKind: "parameters", targets: ["radius"] }, { epochs: 150 });
    const [n] = outcome.networks;
    expect(n.role).toBe("REGRESSOR");
    expect(n.metrics.radius_rmse).toBeLessThan(2);
    expect(outcome.history.length).toBeGreaterThan(10);
    expect(outcome.history[outcome.history.length - 1].trainLoss).toBeLessThan(outcome.history[0].trainLoss / 10);
    await expectOnnxMatches(outcome);
  }, 120_000);

  test("MLP regressor with uncertainty: Gaussian NLL, a positive standard deviation column per target", async () => {
    const outcome = await train("mlp-regressor", sphereCurves(150, 2), { targetKind: "parameters", targets: ["radius"] }, { epochs: 80, uncertainty: true });
    const [n] = outcome.networks;
    const params = n.check.outputs.params;
    expect(params.length).toBe(2 * n.check.inputShape[0]);
    for (let r = 0; r < n.check.inputShape[0]; r++) expect(params[2 * r + 1]).toBeGreaterThan(0);
    const head = (n.card as { outputs: { parameters: { uncertaintyIndex?: number }[] }[] }).outputs[0].parameters[0];
    expect(head.uncertaintyIndex).toBe(1);
    expect(n.metrics.radius_rmse).toBeLessThan(5);
    await expectOnnxMatches(outcome);
  }, 120_000);

  test("MLP classifier separates spheres from cylinders (>= 95 % of held-out curves)", async () => {
    const outcome = await train("mlp-classifier", mixedCurves(60, 3), { targetKind: "class", targets: ["model"] }, { epochs: 60 });
    expect(outcome.networks[0].metrics.top1_accuracy).toBeGreaterThanOrEqual(0.95);
    await expectOnnxMatches(outcome);
  }, 120_000);

  test("1D-CNN classifier separates spheres from cylinders (>= 95 %), its Conv export matching tfjs", async () => {
    const outcome = await train("cnn-classifier", mixedCurves(60, 4), { targetKind: "class", targets: ["model"] }, { epochs: 60, filters: 8 });
    const [n] = outcome.networks;
    expect((n.card as { input: { layout: string } }).input.layout).toBe("batch_channel_features");
    expect(n.metrics.top1_accuracy).toBeGreaterThanOrEqual(0.95);
    await expectOnnxMatches(outcome);
  }, 120_000);

  test("a CNN that does not fit the curve is refused before training", () => {
    const problem = buildTrainingProblem(mixedCurves(3, 1), { targetKind: "class", targets: ["model"], inputTransform: "LOG10", seed: 1 });
    const a = findArchitecture("cnn-classifier")!;
    const h = Value.Default(a.hyperparameters, { convolutions: 4, kernelSize: 40, stride: 1 }) as Record<string, unknown>;
    expect(() => a.check!(h, problem)).toThrow(/do not fit a curve of 40 features/);
  });

  test("multi-task: class and that class's parameters (length masked for spheres)", async () => {
    const outcome = await train(
      "multi-task",
      mixedCurves(80, 5),
      { targetKind: "class_and_parameters", targets: ["model", "radius", "length"] },
      { epochs: 100 },
    );
    const [n] = outcome.networks;
    const kinds = (n.card as { outputs: { kind: string }[] }).outputs.map((h) => h.kind);
    expect(kinds).toEqual(["classification", "regression"]);
    expect(n.metrics.top1_accuracy).toBeGreaterThanOrEqual(0.95);
    // Radius 10-80 Å across both classes; length 100-400 Å on cylinders only.
    expect(n.metrics.radius_rmse).toBeLessThan(6);
    expect(n.metrics.length_rmse_of_range).toBeLessThan(0.25);
    await expectOnnxMatches(outcome);
  }, 120_000);

  test("the same seed and data give the same weights; another seed other weights", async () => {
    const curves = sphereCurves(60, 9);
    const spec = { targetKind: "parameters" as const, targets: ["radius"] };
    const a = await train("mlp-regressor", curves, spec, { epochs: 5 }, 11);
    const b = await train("mlp-regressor", curves, spec, { epochs: 5 }, 11);
    const c = await train("mlp-regressor", curves, spec, { epochs: 5 }, 12);
    expect(Buffer.from(a.networks[0].onnx).equals(Buffer.from(b.networks[0].onnx))).toBe(true);
    expect(Buffer.from(a.networks[0].onnx).equals(Buffer.from(c.networks[0].onnx))).toBe(false);
    expect(a.history).toEqual(b.history);
  }, 120_000);
});
