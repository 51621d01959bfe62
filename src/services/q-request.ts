/**
 * q and model parameters as requests give them (computeIntensity, simulation inputs), checked and
 * converted for the model library. Light on purpose: simulation kinds import it, and their compute
 * threads must not load the GraphQL schema or the entities.
 */
import { qGrid, SamplingError } from "../compute/sampling";
import { convertQ } from "../compute/units";
// A type only: the decorated schema classes stay out of compute threads.
import type { QGridInput } from "../schema/scattering";
import { badInput } from "./errors";

export const MAX_COMPUTE_POINTS = 100_000;

/**
 * q from a grid or list input, both as the caller gave it (their unit, values untouched) and in 1/Å
 * for the model library; errors name the field.
 */
export function resolveQ(input: QGridInput, field = "q"): { given: Float64Array; inverseAngstrom: Float64Array } {
  if (input.unit === "REDUCED") throw badInput(`${field}.unit: the model library needs q in 1/Å or 1/nm, not reduced units`, `${field}.unit`);
  let q: Float64Array;
  try {
    if (input.values) {
      if (input.min !== undefined || input.max !== undefined || input.points !== undefined) {
        throw badInput(`${field}: give either values or min/max/points, not both`, field);
      }
      if (input.values.length === 0) throw badInput(`${field}.values is empty`, `${field}.values`);
      if (input.values.length > MAX_COMPUTE_POINTS) throw badInput(`${field}.values has more than ${MAX_COMPUTE_POINTS} points`, `${field}.values`);
      q = Float64Array.from(input.values);
      q.forEach((v, i) => {
        if (!Number.isFinite(v) || v <= 0) throw badInput(`${field}.values[${i}] = ${v}: q must be finite and > 0`, `${field}.values`);
      });
    } else {
      if (input.min === undefined || input.max === undefined || input.points === undefined) {
        throw badInput(`${field}: give values, or min, max and points`, field);
      }
      q = qGrid(input.min, input.max, input.points, input.spacing);
    }
  } catch (err) {
    if (err instanceof SamplingError) throw badInput(`${field}: ${err.message}`, field);
    throw err;
  }
  return { given: q, inverseAngstrom: input.unit === "INV_ANGSTROM" ? q : convertQ(q, input.unit, "INV_ANGSTROM") };
}

export function numericParameters(raw: Record<string, unknown> | undefined, field: string): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (typeof v === "number" || typeof v === "string") out[k] = v;
    else throw badInput(`${field}.${k} must be a number (or a string for *_pd_type)`, `${field}.${k}`);
  }
  return out;
}
