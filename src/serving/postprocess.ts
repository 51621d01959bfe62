/**
 * From one row of model outputs to physical answers: de-standardised parameters, class
 * probabilities, generated curves, and warnings for predictions outside the training ranges.
 */
import type { CurveHead, ClassificationHead, ModelCard, RegressionHead } from "./model-card";

export interface PredictedParameter {
  name: string;
  value: number;
  unit: string;
  /** One standard deviation, when the model predicts one. */
  uncertainty?: number;
}

export interface ClassProbability {
  label: string;
  probability: number;
}

export interface GeneratedCurve {
  q: Float64Array;
  intensity: Float64Array;
  qUnit: ModelCard["qUnit"];
  intensityUnit: string;
}

export interface Prediction {
  parameters?: PredictedParameter[];
  /** Most probable first, `topK` of them. */
  classes?: ClassProbability[];
  curve?: GeneratedCurve;
  warnings: string[];
}

/** One row's values of each output tensor, by tensor name. */
export type OutputRow = ReadonlyMap<string, Float32Array>;

function undoSpace(v: number, space: "linear" | "log10" | "ln"): number {
  return space === "linear" ? v : space === "log10" ? 10 ** v : Math.exp(v);
}

export function regressionParameters(head: RegressionHead, row: Float32Array): PredictedParameter[] {
  return head.parameters.map((p) => {
    const standardisedValue = row[p.index] * p.std + p.mean;
    const value = undoSpace(standardisedValue, p.space);
    const out: PredictedParameter = { name: p.name, value, unit: p.unit };
    if (p.uncertaintyIndex !== undefined) {
      const spread = Math.abs(row[p.uncertaintyIndex]) * p.std;
      // First-order propagation through 10^x or e^x: d value = value * ln(base) * d x.
      out.uncertainty = p.space === "linear" ? spread : value * spread * (p.space === "log10" ? Math.LN10 : 1);
    }
    return out;
  });
}

export function classProbabilities(head: ClassificationHead, row: Float32Array): ClassProbability[] {
  let probabilities: number[];
  if (head.scores === "logits") {
    let max = -Infinity;
    for (let i = 0; i < head.labels.length; i++) max = Math.max(max, row[i]);
    const e = head.labels.map((_, i) => Math.exp(row[i] - max)); // shift by max: no overflow
    const sum = e.reduce((a, b) => a + b, 0);
    probabilities = e.map((v) => v / sum);
  } else {
    probabilities = head.labels.map((_, i) => row[i]);
  }
  return head.labels
    .map((label, i) => ({ label, probability: probabilities[i] }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, head.topK);
}

export function generatedCurve(head: CurveHead, row: Float32Array, qUnit: ModelCard["qUnit"]): GeneratedCurve {
  const intensity = new Float64Array(head.q.length);
  for (let i = 0; i < intensity.length; i++) {
    const v = head.mean !== undefined && head.std !== undefined ? row[i] * head.std[i] + head.mean[i] : row[i];
    intensity[i] = head.space === "log10" ? 10 ** v : v;
  }
  return { q: Float64Array.from(head.q), intensity, qUnit, intensityUnit: head.intensityUnit };
}

/** Turn one row of outputs into a Prediction, appending to the preprocessing warnings. */
export function postprocess(card: ModelCard, row: OutputRow, inputWarnings: readonly string[]): Prediction {
  const prediction: Prediction = { warnings: [...inputWarnings] };
  for (const head of card.outputs) {
    const values = row.get(head.tensor);
    if (values === undefined) throw new Error(`model output "${head.tensor}" is missing`);
    if (head.kind === "regression") {
      const params = regressionParameters(head, values);
      prediction.parameters = prediction.parameters ? prediction.parameters.concat(params) : params;
      for (const p of params) {
        const range = card.domain.parameters[p.name];
        if (range !== undefined && (p.value < range.min || p.value > range.max)) {
          prediction.warnings.push(
            `${p.name} = ${Number(p.value.toPrecision(4))} ${p.unit} is outside the training range ${range.min}–${range.max} ${p.unit}`.replace(/ +$/, ""),
          );
        }
      }
    } else if (head.kind === "classification") {
      prediction.classes = classProbabilities(head, values);
    } else {
      prediction.curve = generatedCurve(head, values, card.qUnit);
    }
  }
  return prediction;
}
