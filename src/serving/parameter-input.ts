/**
 * From named parameters to a generator's input row: every parameter the card names, in the card's
 * order, standardised as (value - mean) / std. Missing, unknown or non-finite parameters make the
 * input unusable (InferenceInputError naming `parameters.<name>`); values outside the card's
 * training ranges (domain.parameters) only warn, as curves outside the q domain do.
 */
import { InferenceInputError } from "./errors";
import type { InputCard, ModelCard } from "./model-card";

/** A generator's input: parameter name -> value (NaN stands for a missing value). */
export interface ParameterInput {
  parameters: Readonly<Record<string, number>>;
}

type ParameterCard = Pick<ModelCard, "domain"> & { input: Extract<InputCard, { layout: "parameters" }> };

const fmt = (v: number) => Number(v.toPrecision(4)).toString();

/** Check one input and write its standardised parameters to out[offset ..]; returns the warnings. */
export function prepareParametersInto(card: ParameterCard, input: ParameterInput, inputIndex: number, out: Float32Array, offset: number): string[] {
  const expected = card.input.parameters;
  const names = expected.map((p) => p.name).join(", ");
  const given = input.parameters;
  for (const name of Object.keys(given)) {
    if (!expected.some((p) => p.name === name)) {
      throw new InferenceInputError(inputIndex, `parameters.${name}`, `unknown parameter; this model takes ${names}`);
    }
  }
  const warnings: string[] = [];
  expected.forEach((p, k) => {
    const value = Object.prototype.hasOwnProperty.call(given, p.name) ? given[p.name] : undefined;
    if (value === undefined) throw new InferenceInputError(inputIndex, `parameters.${p.name}`, `missing; this model takes ${names}`);
    if (!Number.isFinite(value)) throw new InferenceInputError(inputIndex, `parameters.${p.name}`, `is ${value}; must be a finite number`);
    const range = card.domain.parameters[p.name];
    if (range !== undefined && (value < range.min || value > range.max)) {
      const unit = p.unit ? ` ${p.unit}` : "";
      warnings.push(`${p.name} = ${fmt(value)}${unit} is outside the training range ${range.min}–${range.max}${unit}`);
    }
    out[offset + k] = (value - p.mean) / p.std;
  });
  return warnings;
}
