/**
 * sasmodels' vector parameters ("sld[n]", "thickness[n]"): a table holds every slot (sld1 … sld10),
 * and a count parameter says how many of them the kernel reads. sasmodels rounds the count to the
 * nearest integer ((int)(n + 0.5)), so a fitted or dispersed non-integer count still picks whole shells.
 */
import type { ParameterSpec } from "../types";
import { param, type NamedParameter } from "./define";

/** Slots of every vector parameter (sasmodels' limit on shell counts). */
export const MAX_SHELLS = 10;

/** Rows name1 … name10 of one vector parameter, all with the same unit, default, limits and kind. */
export function vectorParams<N extends string>(
  name: N,
  unit: string,
  dflt: number,
  limits: [number, number],
  kind: ParameterSpec["kind"],
  description: string,
): NamedParameter<`${N}${number}`>[] {
  return Array.from({ length: MAX_SHELLS }, (_, k) => param(`${name}${k + 1}` as `${N}${number}`, unit, dflt, limits, kind, `${description} ${k + 1}`));
}

/** A shell count: a volume parameter in sasmodels' table (it sizes the particle) with no distribution. */
export function countParam<N extends string>(name: N, dflt: number, limits: [number, number], description: string): NamedParameter<N> {
  return { ...param(name, "", dflt, limits, "volume", description), polydisperse: false };
}

/** The number of shells a count value selects, as sasmodels' kernels round it. */
export function shellCount(value: number): number {
  return Math.min(MAX_SHELLS, Math.max(0, Math.floor(value + 0.5)));
}
