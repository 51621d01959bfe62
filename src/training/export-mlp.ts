/**
 * A trained MLP as ONNX bytes plus the card fields that go with it (input standardisation and
 * per-target de-standardisation), so the served model reproduces the tfjs model.
 */
import { buildMlpModel } from "../onnx";
import { MODEL_CARD_METADATA_KEY, type RegressionParameter, type StandardiseStep } from "../serving/model-card";
import type { TrainedMlp } from "./mlp-trainer";

export interface MlpExportResult {
  onnx: Uint8Array;
  standardise: StandardiseStep;
  parameters: RegressionParameter[];
}

export function exportTrainedMlp(
  trained: TrainedMlp,
  targets: { name: string; unit: string; space?: RegressionParameter["space"] }[],
  names: { input: string; output: string } = { input: "curve", output: "params" },
  cardJson?: string,
): MlpExportResult {
  if (targets.length !== trained.targetStats.mean.length) throw new RangeError(`${targets.length} target names for ${trained.targetStats.mean.length} outputs`);
  const onnx = buildMlpModel({
    inputName: names.input,
    outputName: names.output,
    layers: trained.layers,
    metadata: cardJson === undefined ? undefined : { [MODEL_CARD_METADATA_KEY]: cardJson },
  });
  return {
    onnx,
    standardise: { mean: Array.from(trained.inputStats.mean), std: Array.from(trained.inputStats.std) },
    parameters: targets.map((t, i) => ({
      name: t.name,
      unit: t.unit,
      index: i,
      mean: trained.targetStats.mean[i],
      std: trained.targetStats.std[i],
      space: t.space ?? "linear",
    })),
  };
}
