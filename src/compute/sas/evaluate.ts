/**
 * evaluate(expression, params, q): I(q) in 1/cm with sasmodels' conventions.
 *   single model:  I = scale · <F²>/<V_shell> + background
 *   product P@S:   I = scale · φ/<V_shell> · (<F²> S | <F²> + <F>²(S-1)) + background,
 *                  with S evaluated at R_eff (parameter, or from P when radius_effective_mode > 0)
 *                  and at φ · <V_form>/<V_shell>.
 */
import { SasInputError } from "./errors";
import { averageForm } from "./form-average";
import { DISTRIBUTION_TYPES, distributionWeights, type DistributionType } from "./polydispersity";
import { compileExpression, defaultRadiusEffectiveMode, type CompiledExpression, type CompiledParameter } from "./registry";
import { pinholeResolution, pinholeWork } from "./resolution";
import { slitWork, smearSlit, type SlitResolution } from "./slit";
import type { PolydisperseDimension } from "./types";

/** How P@S combines form and structure factor (sasmodels' structure_factor_mode): P·S, or the beta approximation. */
export type StructureFactorMode = "plain" | "beta";
export const STRUCTURE_FACTOR_MODES: readonly StructureFactorMode[] = ["plain", "beta"];

export interface EvaluateOptions {
  structureFactorMode?: StructureFactorMode;
  /** Pinhole (one-sigma Gaussian dq per point) or slit (length and width per point) resolution. */
  resolution?: { dq: Float64Array } | { slit: SlitResolution };
}

export interface Evaluation {
  I: Float64Array;
  P?: Float64Array;
  S?: Float64Array;
  betaFactor?: Float64Array;
}

export type Params = Record<string, number | string>;

export function readNumber(params: Params, key: string, fallback: number, lo: number, hi: number): number {
  const raw = params[key];
  if (raw === undefined) return fallback;
  if (typeof raw !== "number" || Number.isNaN(raw) || !Number.isFinite(raw)) {
    throw new SasInputError(`parameter "${key}" must be a finite number (got ${JSON.stringify(raw)}); allowed range [${lo}, ${hi}]`, key);
  }
  if (raw < lo || raw > hi) {
    throw new SasInputError(`parameter "${key}" = ${raw} is outside its limits [${lo}, ${hi}]`, key);
  }
  return raw;
}

function readPolydispersity(params: Params, p: CompiledParameter, center: number, index: number): PolydisperseDimension | null {
  const pd = p.pd;
  if (!pd) return null;
  const width = readNumber(params, pd.width, 0, 0, Number.POSITIVE_INFINITY);
  const n = readNumber(params, pd.points, 35, 0, 10000);
  const nsigma = readNumber(params, pd.nsigma, 3, 0, Number.POSITIVE_INFINITY);
  const typeRaw = params[pd.type];
  let type: DistributionType = "gaussian";
  if (typeRaw !== undefined) {
    if (typeof typeRaw !== "string" || !(DISTRIBUTION_TYPES as readonly string[]).includes(typeRaw)) {
      throw new SasInputError(`parameter "${pd.type}" must be one of ${DISTRIBUTION_TYPES.join(", ")} (got ${JSON.stringify(typeRaw)})`, pd.type);
    }
    type = typeRaw as DistributionType;
  }
  if (!Number.isInteger(n)) throw new SasInputError(`parameter "${pd.points}" must be an integer (got ${n})`, pd.points);
  if (!p.polydisperse || width === 0 || n < 2) return null;
  const w = distributionWeights(type, center, width, n, nsigma, p.spec.limits[0], p.spec.limits[1]);
  return { index, values: w.values, weights: w.weights };
}

export interface ReadModel {
  values: Float64Array;
  dims: PolydisperseDimension[];
}

export function readModel(params: Params, list: CompiledParameter[]): ReadModel {
  const values = new Float64Array(list.length);
  const dims: PolydisperseDimension[] = [];
  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    values[i] = readNumber(params, p.key, p.spec.default, p.spec.limits[0], p.spec.limits[1]);
    if (p.pd) {
      const dim = readPolydispersity(params, p, values[i], i);
      if (dim) dims.push(dim);
    }
  }
  return { values, dims };
}

export function checkKeys(params: Params, compiled: CompiledExpression): void {
  for (const key in params) {
    if (!compiled.allowedKeys.has(key)) {
      throw new SasInputError(`unknown parameter "${key}" for ${compiled.expression}: allowed are ${[...compiled.allowedKeys].join(", ")}`, key);
    }
  }
}

function checkQ(q: Float64Array): void {
  if (!(q instanceof Float64Array)) throw new SasInputError("q must be a Float64Array of values in 1/Å", "q");
  for (let i = 0; i < q.length; i++) {
    const v = q[i];
    if (!(v > 0) || !Number.isFinite(v)) throw new SasInputError(`q[${i}] = ${v}: every q must be finite and > 0 (1/Å)`, "q");
  }
}

/**
 * P@S's combination from `structure_factor_mode` (sasmodels' parameter: 0 = P·S, 1 = beta) and/or
 * EvaluateOptions.structureFactorMode; plain when neither is given, and an error naming the parameter
 * when the two disagree (neither silently wins).
 */
export function structureFactorModeOf(compiled: CompiledExpression, params: Params, options: EvaluateOptions): StructureFactorMode {
  let fromParameter: StructureFactorMode | undefined;
  if (compiled.hasStructureFactorMode && params.structure_factor_mode !== undefined) {
    const mode = readNumber(params, "structure_factor_mode", 0, 0, 1);
    if (!Number.isInteger(mode)) throw new SasInputError(`structure_factor_mode must be 0 (P*S) or 1 (beta), got ${mode}`, "structure_factor_mode");
    fromParameter = mode === 1 ? "beta" : "plain";
  }
  const fromOption = options.structureFactorMode;
  if (fromOption === undefined) return fromParameter ?? "plain";
  if (fromOption !== "plain" && fromOption !== "beta") {
    throw new SasInputError(`structureFactorMode must be "plain" or "beta"`, "structureFactorMode");
  }
  if (fromOption === "beta" && !compiled.form.haveFq) {
    throw new SasInputError(`${compiled.form.name} has no <F>, so the beta approximation is not available`, "structureFactorMode");
  }
  if (fromParameter !== undefined && fromParameter !== fromOption) {
    throw new SasInputError(
      `structure_factor_mode = ${String(params.structure_factor_mode)} (${fromParameter}) contradicts structureFactorMode "${fromOption}": give one, or the same mode in both`,
      "structure_factor_mode",
    );
  }
  return fromOption;
}

/** Unsmeared evaluation on an arbitrary positive q grid. */
function evaluateOnGrid(compiled: CompiledExpression, params: Params, q: Float64Array, options: EvaluateOptions): Evaluation {
  // Defaults from the parameter table: a structure factor alone has background 0, as in sasmodels.
  const [scaleInfo, backgroundInfo] = compiled.info.parameters;
  const scale = readNumber(params, "scale", scaleInfo.default, 0, Number.POSITIVE_INFINITY);
  const background = readNumber(params, "background", backgroundInfo.default, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  const form = readModel(params, compiled.formParameters);
  const nq = q.length;

  if (!compiled.structure) {
    const avg = averageForm(compiled.form, q, form.values, form.dims, false, 0);
    const I = new Float64Array(nq);
    const factor = scale / avg.shellVolume;
    for (let i = 0; i < nq; i++) I[i] = factor * avg.f2[i] + background;
    return { I };
  }

  // product P@S: the mode comes from sasmodels' parameter or from the option; both may be given only when they agree
  const beta = structureFactorModeOf(compiled, params, options) === "beta";
  let radiusMode = 0;
  if (compiled.radiusEffectiveModeCount > 0) {
    radiusMode = readNumber(params, "radius_effective_mode", defaultRadiusEffectiveMode(compiled, params), 0, compiled.radiusEffectiveModeCount);
    if (!Number.isInteger(radiusMode))
      throw new SasInputError(`radius_effective_mode must be an integer in [0, ${compiled.radiusEffectiveModeCount}]`, "radius_effective_mode");
  }
  const structure = readModel(params, compiled.structureParameters);
  const avg = averageForm(compiled.form, q, form.values, form.dims, true, radiusMode);
  const volfraction = structure.values[1];
  const volumeRatio = avg.shellVolume !== 0 ? avg.formVolume / avg.shellVolume : 1;
  const sValues = Float64Array.from(structure.values);
  if (radiusMode > 0) sValues[0] = avg.radiusEffective;
  sValues[1] = volfraction * volumeRatio;
  const S = averageForm(compiled.structure, q, sValues, [], false, 0).f2;
  const combinedScale = (scale * volfraction) / avg.shellVolume;
  const I = new Float64Array(nq);
  const P = new Float64Array(nq);
  const f1 = avg.f1;
  const f2 = avg.f2;
  const betaFactor = f1 ? new Float64Array(nq) : undefined;
  for (let i = 0; i < nq; i++) {
    const ps = beta && f1 ? f2[i] + f1[i] * f1[i] * (S[i] - 1) : f2[i] * S[i];
    I[i] = combinedScale * ps + background;
    P[i] = combinedScale * f2[i];
    if (betaFactor && f1) betaFactor[i] = (f1[i] * f1[i]) / f2[i];
  }
  return betaFactor ? { I, P, S, betaFactor } : { I, P, S };
}

/**
 * Parameter names of earlier sasmodels releases, still found in users' scripts and saved fits, mapped
 * to the current ones (broad_peak's Lorentzian terms were renamed when shape_exp was added; with
 * shape_exp = 1 the two forms are the same function).
 */
const LEGACY_PARAMETER_NAMES: Record<string, Record<string, string>> = {
  broad_peak: { lorentz_scale: "peak_scale", lorentz_length: "correlation_length", lorentz_exp: "width_exp" },
};

const ANY_LEGACY_NAME = new Set(Object.values(LEGACY_PARAMETER_NAMES).flatMap((m) => Object.keys(m)));

export function withCurrentNames(expression: string, params: Params): Params {
  // evaluate() runs thousands of times a second in sweeps: do nothing unless an old name is used.
  let uses = false;
  for (const key in params) if (ANY_LEGACY_NAME.has(key)) uses = true;
  if (!uses) return params;
  const legacy = LEGACY_PARAMETER_NAMES[expression.split("@")[0].trim()];
  if (!legacy) return params;
  const out: Params = {};
  for (const [key, value] of Object.entries(params)) {
    const current = legacy[key] ?? key;
    if (current !== key && current in params) throw new SasInputError(`give either ${key} or ${current}, not both (${key} is its old name)`, key);
    out[current] = value;
  }
  return out;
}

/** The form-factor averages behind one evaluation, as sasmodels' call_Fq returns them. */
export interface FormAverages {
  /** <F> (1e-2 units), null for models without an amplitude. */
  F1: Float64Array | null;
  /** <F²> (1e-4 units), so that I = scale <F²>/volume + background. */
  F2: Float64Array;
  radiusEffective: number;
  /** <V_shell>, the normalising volume. */
  volume: number;
  /** <V_form>/<V_shell>. */
  volumeRatio: number;
}

/**
 * Polydispersity averages of one form factor (no structure factor); `radius_effective_mode` picks
 * the R_eff average (default 1, as in sasmodels' call_Fq; 0 gives 0).
 */
export function formAverages(model: string, rawParams: Record<string, number | string>, q: Float64Array): FormAverages {
  const compiled = compileExpression(model);
  if (compiled.structure) throw new SasInputError(`formAverages takes a single form factor, not the product "${model}"`, "expression");
  const { radius_effective_mode: modeRaw, ...rest } = withCurrentNames(model, rawParams);
  const modeCount = compiled.form.radiusEffectiveModes?.length ?? 0;
  const mode = readNumber({ radius_effective_mode: modeRaw ?? Math.min(1, modeCount) }, "radius_effective_mode", 0, 0, modeCount);
  if (!Number.isInteger(mode)) throw new SasInputError(`radius_effective_mode must be an integer in [0, ${modeCount}]`, "radius_effective_mode");
  checkKeys(rest, compiled);
  checkQ(q);
  const form = readModel(rest, compiled.formParameters);
  const avg = averageForm(compiled.form, q, form.values, form.dims, true, mode);
  return {
    F1: avg.f1,
    F2: avg.f2,
    radiusEffective: mode > 0 ? avg.radiusEffective : 0,
    volume: avg.shellVolume,
    volumeRatio: avg.shellVolume !== 0 ? avg.formVolume / avg.shellVolume : 1,
  };
}

export function evaluate(expression: string, rawParams: Record<string, number | string>, q: Float64Array, options: EvaluateOptions = {}): Evaluation {
  const compiled = compileExpression(expression);
  const params = withCurrentNames(expression, rawParams);
  checkKeys(params, compiled);
  checkQ(q);
  return checkFinite(compiled, params, q, evaluateSmeared(compiled, params, q, options));
}

/**
 * Values within every limit can still leave double precision (radius 1e300: V = inf, inf/inf) or
 * divide by nothing (radius 0: no volume, 0/0). Such a curve is the caller's parameters' doing; the
 * error names the parameter that most likely caused it.
 */
function checkFinite(compiled: CompiledExpression, params: Params, q: Float64Array, out: Evaluation): Evaluation {
  for (const [name, values] of Object.entries(out) as [string, Float64Array | undefined][]) {
    if (!values) continue;
    for (let i = 0; i < values.length; i++) {
      if (Number.isFinite(values[i])) continue;
      const at = values.length === q.length ? ` at q[${i}] = ${q[i]}` : "";
      // q beyond 1e10 1/Å (sizes below 1e-10 Å) is the likelier cause than any parameter.
      if (values.length === q.length && q[i] > 1e10) {
        throw new SasInputError(`${compiled.expression} gives a non-finite ${name === "I" ? "intensity" : name}${at}: q is too large for the model`, "q");
      }
      const suspect = suspectParameter(compiled, params);
      const why = suspect
        ? ` (${suspect.key} = ${suspect.value}${Math.abs(suspect.value) < 1e-100 ? ": the particle has no volume" : ": too large for double precision"})`
        : "";
      throw new SasInputError(`${compiled.expression} gives a non-finite ${name === "I" ? "intensity" : name}${at} for these parameters${why}`, suspect?.key);
    }
  }
  return out;
}

/** A size of zero, else the parameter of largest magnitude when it is huge; undefined when nothing stands out. */
function suspectParameter(compiled: CompiledExpression, params: Params): { key: string; value: number } | undefined {
  const list = [...compiled.formParameters, ...compiled.structureParameters];
  const valueOf = (p: CompiledParameter) => {
    const v = params[p.key];
    return typeof v === "number" ? v : p.spec.default;
  };
  // Sizes below 1e-100 Å give volumes that underflow to zero as surely as 0 does.
  const zero = list.find((p) => p.spec.kind === "volume" && Math.abs(valueOf(p)) < 1e-100);
  if (zero) return { key: zero.key, value: valueOf(zero) };
  let largest: { key: string; value: number } | undefined;
  for (const key in params) {
    const v = params[key];
    if (typeof v === "number" && Math.abs(v) > 1e10 && (!largest || Math.abs(v) > Math.abs(largest.value))) largest = { key, value: v };
  }
  return largest;
}

function evaluateSmeared(compiled: CompiledExpression, params: Params, q: Float64Array, options: EvaluateOptions): Evaluation {
  if (!options.resolution) return evaluateOnGrid(compiled, params, q, options);
  if ("slit" in options.resolution) {
    // Each array of the evaluation (P and S of a product too) is smeared with the same rule.
    let shape: (keyof Evaluation)[] = [];
    const smeared = smearSlit(q, options.resolution.slit, (qCalc) => {
      const raw = evaluateOnGrid(compiled, params, qCalc, options);
      shape = (["I", "P", "S", "betaFactor"] as const).filter((k) => raw[k] !== undefined);
      return shape.map((k) => raw[k]!);
    });
    const out = { I: smeared[0] } as Evaluation;
    shape.forEach((k, i) => (out[k] = smeared[i]));
    return out;
  }

  const dq = options.resolution.dq;
  if (!(dq instanceof Float64Array) || dq.length !== q.length) {
    throw new SasInputError(`resolution.dq must be a Float64Array with one width per q (${q.length})`, "resolution.dq");
  }
  for (let i = 0; i < dq.length; i++) {
    if (!(dq[i] >= 0) || !Number.isFinite(dq[i])) throw new SasInputError(`resolution.dq[${i}] = ${dq[i]} must be finite and >= 0`, "resolution.dq");
  }
  const smear = pinholeResolution(q, dq);
  const raw = evaluateOnGrid(compiled, params, smear.qCalc, options);
  const out: Evaluation = { I: smear.apply(raw.I) };
  if (raw.P) out.P = smear.apply(raw.P);
  if (raw.S) out.S = smear.apply(raw.S);
  if (raw.betaFactor) out.betaFactor = smear.apply(raw.betaFactor);
  return out;
}

/** What one evaluate() call will cost, known before doing it. */
export interface EvaluationWork {
  /** Points the model is evaluated at (q, or the smear's extended grid). */
  calcPoints: number;
  /** Polydispersity mesh points (the product of the *_pd_n of the dispersed parameters). */
  meshPoints: number;
  /** Orientation quadrature nodes of the form factor per q and mesh point. */
  orientationPoints: number;
  /** 1 for a product P@S (S is evaluated once per q), else 0. */
  structurePoints: number;
  /** Weights the resolution smear holds (0 without resolution). */
  resolutionWeights: number;
  /** calcPoints x (meshPoints x orientationPoints + structurePoints) + resolutionWeights: kernel-evaluation units. */
  total: number;
}

function meshPointsOf(params: Params, list: CompiledParameter[]): number {
  let points = 1;
  for (const p of list) {
    if (!p.polydisperse || !p.pd) continue;
    const width = params[p.pd.width];
    const n = params[p.pd.points] ?? 35;
    // Values evaluate() would refuse count as no dispersion: the call fails before any work.
    if (typeof width === "number" && width > 0 && typeof n === "number" && Number.isInteger(n) && n >= 2 && n <= 10000) points *= n;
  }
  return points;
}

/** Largest q the model is evaluated at: the smear reaches a few widths beyond the data. */
function largestQ(q: Float64Array, dq: Float64Array | undefined): number {
  let max = 0;
  for (let i = 0; i < q.length; i++) {
    const reach = q[i] + (dq && dq.length === q.length ? 4 * dq[i] : 0);
    if (reach > max) max = reach;
  }
  return max;
}

/**
 * The form's parameters with every polydisperse size at the top of its distribution (every
 * distribution samples centre · (1 ± nsigma · width) at most), as the orientation order follows the
 * largest size. Values evaluate() would refuse are left at what was given: the call fails first.
 */
function largestSizes(params: Params, list: CompiledParameter[]): Float64Array {
  const values = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    const raw = params[p.key];
    let v = typeof raw === "number" && Number.isFinite(raw) ? raw : p.spec.default;
    if (p.polydisperse && p.pd) {
      const width = params[p.pd.width];
      const nsigma = params[p.pd.nsigma];
      if (typeof width === "number" && width > 0 && Number.isFinite(width)) {
        const reach = 1 + (typeof nsigma === "number" && nsigma >= 0 && Number.isFinite(nsigma) ? nsigma : 3) * width;
        v *= reach;
      }
    }
    values[i] = v;
  }
  return values;
}

/**
 * An upper bound of evaluate()'s work, for pricing a request before it runs; cheap (no kernel
 * call; with resolution, the O(n log n) layout of the smear). Inputs evaluate() would refuse cost
 * their q points only.
 */
export function evaluationWork(expression: string, rawParams: Record<string, number | string>, q: Float64Array, options: EvaluateOptions = {}): EvaluationWork {
  let calcPoints = q.length;
  let resolutionWeights = 0;
  const slit = options.resolution && "slit" in options.resolution ? options.resolution.slit : undefined;
  if (slit && slit.length?.length === q.length && slit.width?.length === q.length) calcPoints = slitWork(q, slit);
  const dq = options.resolution && "dq" in options.resolution ? options.resolution.dq : undefined;
  if (dq && dq.length === q.length && q.every((v) => v > 0 && Number.isFinite(v)) && dq.every((v) => v >= 0 && Number.isFinite(v))) {
    const smear = pinholeWork(q, dq);
    calcPoints = smear.calcPoints;
    resolutionWeights = smear.weights;
  }
  let meshPoints = 1;
  let orientationPoints = 1;
  let structurePoints = 0;
  try {
    const compiled = compileExpression(expression);
    const params = withCurrentNames(expression, rawParams);
    meshPoints = meshPointsOf(params, compiled.formParameters);
    const nodes = compiled.form.orientationPoints;
    if (nodes) orientationPoints = nodes(largestQ(q, dq), largestSizes(params, compiled.formParameters));
    structurePoints = compiled.structure ? 1 : 0;
  } catch (err) {
    if (!(err instanceof SasInputError)) throw err;
  }
  const total = calcPoints * (meshPoints * orientationPoints + structurePoints) + resolutionWeights;
  return { calcPoints, meshPoints, orientationPoints, structurePoints, resolutionWeights, total };
}
