/**
 * Does a model card fit the model it describes? Checked once per loaded model, so a wrong card
 * fails with a clear message instead of as a shape error deep in onnxruntime.
 */
import { ModelArtifactError } from "./errors";
import { featureCount, type ModelCard, type OutputHead } from "./model-card";
import type { Signature } from "./signature";

function headWidth(head: OutputHead): number {
  if (head.kind === "classification") return head.labels.length;
  if (head.kind === "curve") return head.q.length;
  return 1 + Math.max(...head.parameters.map((p) => Math.max(p.index, p.uncertaintyIndex ?? 0)));
}

export function checkCardAgainstSignature(card: ModelCard, signature: Signature): void {
  const fail = (problem: string): never => {
    throw new ModelArtifactError(`model card "${card.name}" does not match the model: ${problem}`);
  };
  if (signature.inputs.length !== 1) fail(`the model has ${signature.inputs.length} inputs; served models take one`);
  const input = signature.inputs[0];
  if (input.name !== card.input.tensor) fail(`card input "${card.input.tensor}", model input "${input.name}"`);
  if (input.type !== "float32") fail(`input "${input.name}" is ${input.type}, not float32`);
  const rank = card.input.layout === "batch_channel_features" ? 3 : 2;
  if (input.shape.length !== 0) {
    if (input.shape.length !== rank) fail(`input "${input.name}" has rank ${input.shape.length}, layout ${card.input.layout} needs ${rank}`);
    const last = input.shape[rank - 1];
    if (typeof last === "number" && last !== featureCount(card))
      fail(
        card.input.layout === "parameters"
          ? `input "${input.name}" takes ${last} values, the card names ${featureCount(card)} parameters (${card.input.parameters.map((p) => p.name).join(", ")})`
          : `input "${input.name}" takes ${last} features, the card's preprocessing gives ${featureCount(card)}`,
      );
    if (rank === 3 && typeof input.shape[1] === "number" && input.shape[1] !== 1) fail(`input "${input.name}" has ${input.shape[1]} channels, expected 1`);
  }
  for (const head of card.outputs) {
    const out = signature.outputs.find((o) => o.name === head.tensor);
    if (!out) fail(`no output "${head.tensor}" (outputs: ${signature.outputs.map((o) => o.name).join(", ")})`);
    else {
      if (out.type !== "float32") fail(`output "${out.name}" is ${out.type}, not float32`);
      const width = out.shape.slice(1).reduce<number | undefined>((acc, d) => (acc === undefined || typeof d !== "number" ? undefined : acc * d), 1);
      if (out.shape.length > 1 && width !== undefined && width < headWidth(head))
        fail(`output "${out.name}" has ${width} values per row, the card needs ${headWidth(head)}`);
      if (out.shape.length > 1 && width !== undefined && head.kind !== "regression" && width !== headWidth(head))
        fail(`output "${out.name}" has ${width} values per row, the card's ${head.kind} head has ${headWidth(head)}`);
    }
  }
}
