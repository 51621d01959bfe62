/**
 * Model lookup and the parameter layout of an expression ("sphere" or "sphere@hardsphere"),
 * compiled once and cached so that evaluate() only reads numbers.
 */
import { SasInputError } from "./errors";
import { MODEL_DEFINITIONS } from "./models";
import type { ScatteringModelDefinition, ScatteringModelInfo, ParameterInfo, ParameterSpec } from "./types";

const INF = Number.POSITIVE_INFINITY;

export const SCALE_INFO: ParameterInfo = {
  name: "scale",
  unit: "",
  default: 1,
  limits: [0, INF],
  kind: "plain",
  description: "Scale factor or volume fraction",
  polydisperse: false,
};
export const BACKGROUND_INFO: ParameterInfo = {
  name: "background",
  unit: "1/cm",
  default: 0.001,
  limits: [-INF, INF],
  kind: "plain",
  description: "Source background",
  polydisperse: false,
};

/** A structure factor alone has no source background by default (sasmodels gives S(q) models 0). */
/**
 * A product's radius_effective_mode when none is given: 1, the form factor's first effective radius
 * (sasmodels' product default), so that P@S with no extra parameter couples S to the particle size —
 * unless the caller gave radius_effective itself, which mode 1 would silently ignore: then 0.
 */
export const DEFAULT_RADIUS_EFFECTIVE_MODE = 1;

export function defaultRadiusEffectiveMode(compiled: CompiledExpression, params: Record<string, unknown>): number {
  const key = compiled.structureParameters[0]?.key;
  return key !== undefined && params[key] !== undefined ? 0 : DEFAULT_RADIUS_EFFECTIVE_MODE;
}

const STRUCTURE_FACTOR_BACKGROUND_INFO: ParameterInfo = { ...BACKGROUND_INFO, default: 0 };

const byName = new Map<string, ScatteringModelDefinition>(MODEL_DEFINITIONS.map((d) => [d.name, d]));

export function findDefinition(name: string): ScatteringModelDefinition {
  const def = byName.get(name);
  if (!def) {
    throw new SasInputError(`unknown model "${name}": use one of ${[...byName.keys()].join(", ")}`, "expression");
  }
  return def;
}

/** sasmodels' rule: volume parameters carry a size distribution, unless the table says otherwise. */
function isPolydisperse(spec: ParameterSpec): boolean {
  return spec.kind === "volume" && spec.polydisperse !== false;
}

function toInfo(spec: ParameterSpec, name = spec.name, polydisperse = isPolydisperse(spec)): ParameterInfo {
  return { ...spec, name, limits: [spec.limits[0], spec.limits[1]], polydisperse };
}

/** Names of the polydispersity controls of one volume parameter, precomputed to avoid string work per call. */
export interface PolydispersityKeys {
  width: string;
  points: string;
  nsigma: string;
  type: string;
}

export function polydispersityKeys(name: string): PolydispersityKeys {
  return { width: `${name}_pd`, points: `${name}_pd_n`, nsigma: `${name}_pd_nsigma`, type: `${name}_pd_type` };
}

export interface CompiledParameter {
  /** Name the caller uses (S parameters clashing with P get an "_S" suffix, as in sasmodels). */
  key: string;
  spec: ParameterSpec;
  polydisperse: boolean;
  pd: PolydispersityKeys | null;
}

export interface CompiledExpression {
  expression: string;
  info: ScatteringModelInfo;
  form: ScatteringModelDefinition;
  formParameters: CompiledParameter[];
  structure: ScatteringModelDefinition | null;
  structureParameters: CompiledParameter[];
  /** Product extras: present only when the form factor supports them. */
  hasStructureFactorMode: boolean;
  radiusEffectiveModeCount: number;
  /** Every key evaluate() accepts. */
  allowedKeys: Set<string>;
}

function compileParameters(def: ScatteringModelDefinition, rename: (n: string) => string, allowPd: (s: ParameterSpec) => boolean): CompiledParameter[] {
  return def.parameters.map((spec) => {
    const key = rename(spec.name);
    const polydisperse = allowPd(spec);
    const pdKeys = spec.kind === "volume" || spec.kind === "orientation" ? polydispersityKeys(key) : null;
    return { key, spec, polydisperse, pd: pdKeys };
  });
}

function addKeys(set: Set<string>, params: CompiledParameter[]): void {
  for (const p of params) {
    set.add(p.key);
    // orientation dispersity keys are accepted for compatibility but have no effect in 1D
    if (p.pd) for (const k of Object.values(p.pd)) set.add(k);
  }
}

const compiled = new Map<string, CompiledExpression>();

export function compileExpression(expression: string): CompiledExpression {
  const hit = compiled.get(expression);
  if (hit) return hit;
  if (typeof expression !== "string" || expression.trim() === "") {
    throw new SasInputError('model expression must be a non-empty string such as "sphere" or "sphere@hardsphere"', "expression");
  }
  const parts = expression.split("@").map((s) => s.trim());
  if (parts.length > 2) {
    throw new SasInputError(`expression "${expression}" has more than one "@": use "form" or "form@structure"`, "expression");
  }
  const form = findDefinition(parts[0]);
  let result: CompiledExpression;
  if (parts.length === 1) {
    const formParameters = compileParameters(form, (n) => n, isPolydisperse);
    const allowedKeys = new Set<string>(["scale", "background"]);
    addKeys(allowedKeys, formParameters);
    result = {
      expression,
      info: {
        name: form.name,
        title: form.title,
        description: form.description,
        category: form.category,
        parameters: [
          SCALE_INFO,
          form.structureFactor ? STRUCTURE_FACTOR_BACKGROUND_INFO : BACKGROUND_INFO,
          ...formParameters.map((p) => toInfo(p.spec, p.key, p.polydisperse)),
        ],
        isStructureFactor: form.structureFactor === true,
      },
      form,
      formParameters,
      structure: null,
      structureParameters: [],
      hasStructureFactorMode: false,
      radiusEffectiveModeCount: 0,
      allowedKeys,
    };
  } else {
    const structure = findDefinition(parts[1]);
    if (form.structureFactor) throw new SasInputError(`"${form.name}" is a structure factor and cannot be the form factor of a product`, "expression");
    if (!structure.structureFactor) {
      const names = MODEL_DEFINITIONS.filter((d) => d.structureFactor)
        .map((d) => d.name)
        .join(", ");
      throw new SasInputError(`"${structure.name}" is not a structure factor: use one of ${names} after "@"`, "expression");
    }
    const formParameters = compileParameters(form, (n) => n, isPolydisperse);
    const formNames = new Set(form.parameters.map((s) => s.name));
    // S's radius_effective is set by the product (or fixed), never polydisperse.
    const structureParameters = compileParameters(
      structure,
      (n) => (formNames.has(n) ? `${n}_S` : n),
      () => false,
    );
    const allowedKeys = new Set<string>(["scale", "background"]);
    addKeys(allowedKeys, formParameters);
    for (const p of structureParameters) allowedKeys.add(p.key);
    const extras: ParameterInfo[] = [];
    if (form.haveFq) {
      allowedKeys.add("structure_factor_mode");
      extras.push({
        name: "structure_factor_mode",
        unit: "",
        default: 0,
        limits: [0, 1],
        kind: "plain",
        description: "Structure factor calculation: 0 = P*S, 1 = P*(1+beta*(S-1))",
        polydisperse: false,
      });
    }
    const modes = form.radiusEffectiveModes ?? [];
    if (modes.length > 0) {
      allowedKeys.add("radius_effective_mode");
      extras.push({
        name: "radius_effective_mode",
        unit: "",
        default: DEFAULT_RADIUS_EFFECTIVE_MODE,
        limits: [0, modes.length],
        kind: "plain",
        description: `Effective radius calculation: ${["unconstrained", ...modes].map((m, i) => `${i} = ${m}`).join(", ")}`,
        polydisperse: false,
      });
    }
    result = {
      expression,
      info: {
        name: `${form.name}@${structure.name}`,
        title: `Product of ${form.name} and ${structure.name}`,
        description: `Product of ${form.name} and ${structure.name}`,
        category: "custom",
        parameters: [
          SCALE_INFO,
          BACKGROUND_INFO,
          ...formParameters.map((p) => toInfo(p.spec, p.key, p.polydisperse)),
          ...structureParameters.map((p) => toInfo(p.spec, p.key, false)),
          ...extras,
        ],
        isStructureFactor: false,
      },
      form,
      formParameters,
      structure,
      structureParameters,
      hasStructureFactorMode: form.haveFq,
      radiusEffectiveModeCount: modes.length,
      allowedKeys,
    };
  }
  compiled.set(expression, result);
  return result;
}

export function listScatteringModels(): ScatteringModelInfo[] {
  return MODEL_DEFINITIONS.map((d) => cloneInfo(compileExpression(d.name).info));
}

export function scatteringModelInfo(name: string): ScatteringModelInfo {
  return cloneInfo(compileExpression(name).info);
}

/**
 * Every parameter of a model expression with its default, under the names evaluate() accepts
 * (a product's structure-factor parameters that clash with the form factor's carry an `_S` suffix).
 */
export function parameterDefaults(expression: string): Record<string, number> {
  return Object.fromEntries(compileExpression(expression).info.parameters.map((p) => [p.name, p.default]));
}

/** Callers get copies so they cannot mutate the cached tables. */
function cloneInfo(info: ScatteringModelInfo): ScatteringModelInfo {
  return { ...info, parameters: info.parameters.map((p) => ({ ...p, limits: [p.limits[0], p.limits[1]] })) };
}
