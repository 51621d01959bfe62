/**
 * The model card: everything needed to turn a measured curve into a model input and the model's
 * outputs into physical answers. Stored as JSON (in the registry and in the ONNX metadata_props
 * under MODEL_CARD_METADATA_KEY); `parseModelCard` checks it strictly.
 */
import { parseQUnit, type QUnit } from "../compute/units";
import { ModelCardError } from "./errors";

export const MODEL_CARD_SCHEMA = "sasgraph.model-card/1";
export const MODEL_CARD_METADATA_KEY = "sasgraph.model_card";

/**
 * How a curve is put onto the model's q grid:
 * - "none": the curve must already be on the grid (same length, q equal to 1e-6 relative);
 * - "linear": I linear in q between neighbouring points;
 * - "log_q": I linear in ln q;
 * - "log_log": ln I linear in ln q (power laws interpolate exactly; needs I > 0).
 * Grid points outside the curve's q range hold the nearest end value ("clamp", with a warning)
 * or make the input unusable ("error").
 */
export interface InterpolationStep {
  method: "none" | "linear" | "log_q" | "log_log";
  extrapolation: "clamp" | "error";
}

/**
 * The intensity transform. "quotient" is the scale-invariant representation of Yildirim et al.
 * (Digital Discovery 2024, 3, 694): with J = I² when `squareIntensity`, else I,
 * - "log_quotient": f_n = ln(J_{n+1} / J_n), n = 0..N-2;
 * - "scalar_neutralisation": f_n = ln(Π_{k≤n} J_{k+1}/J_k) = ln(J_{n+1} / J_0), n = 0..N-2.
 * Both cancel any scale factor on I and give N-1 features.
 */
export type TransformStep =
  { kind: "none" } | { kind: "log10" } | { kind: "quotient"; variant: "log_quotient" | "scalar_neutralisation"; squareIntensity: boolean };

/** x' = (x - mean) / std per feature. */
export interface StandardiseStep {
  mean: number[];
  std: number[];
}

export interface PreprocessingCard {
  interpolation: InterpolationStep;
  transform: TransformStep;
  /** Absent: features go in unstandardised. */
  standardise?: StandardiseStep;
}

export interface RegressionParameter {
  /** sasmodels parameter name, e.g. "radius", "radius_pd". */
  name: string;
  /** Unit of the de-standardised value, e.g. "Å", "" for dimensionless. */
  unit: string;
  /** Column of the output tensor. */
  index: number;
  /** value = out*std + mean, then 10^value when space is "log10" or e^value when "ln". */
  mean: number;
  std: number;
  space: "linear" | "log10" | "ln";
  /**
   * Column holding the predicted standard deviation of the standardised value (the same space as
   * `out`); it is scaled by `std` and, in log space, propagated to first order.
   */
  uncertaintyIndex?: number;
}

export interface RegressionHead {
  kind: "regression";
  tensor: string;
  parameters: RegressionParameter[];
}

export interface ClassificationHead {
  kind: "classification";
  tensor: string;
  labels: string[];
  /** "logits": softmax is applied here; "probabilities": the model already outputs them. */
  scores: "logits" | "probabilities";
  topK: number;
}

export interface CurveHead {
  kind: "curve";
  tensor: string;
  /** q of the generated curve, in the card's q unit. */
  q: number[];
  intensityUnit: string;
  /** De-standardisation per point (optional), then 10^ when space is "log10". */
  mean?: number[];
  std?: number[];
  space: "linear" | "log10";
}

export type OutputHead = RegressionHead | ClassificationHead | CurveHead;

export interface DomainOfValidity {
  /** q range the model was trained on (card's q unit); input not covering it gets a warning. */
  qMin: number;
  qMax: number;
  /** Training ranges of parameters; predictions outside get a warning. */
  parameters: Record<string, { min: number; max: number }>;
}

/**
 * One input parameter of a generator (input.layout "parameters"): the network takes
 * (value - mean) / std, in the card's order.
 */
export interface InputParameter {
  name: string;
  unit: string;
  mean: number;
  std: number;
}

/**
 * What the network reads:
 * - "batch_features" [batch, features] / "batch_channel_features" [batch, 1, features]: a curve,
 *   put on `qGrid` by `preprocessing`;
 * - "parameters" [batch, parameters.length]: named parameters (generators). Such a card may leave
 *   out `qGrid` and `preprocessing` (no curve goes in); parsed, qGrid is the first curve head's q
 *   and preprocessing takes nothing from a curve.
 */
export type InputCard =
  { tensor: string; layout: "batch_features" | "batch_channel_features" } | { tensor: string; layout: "parameters"; parameters: InputParameter[] };

export type InputLayout = InputCard["layout"];

/** One epoch of the training history (multi-stage schedules name the stage). */
export interface TrainingEpoch {
  stage: string;
  epoch: number;
  trainLoss: number;
  validationLoss: number;
}

/** How a version trained on the platform was made (startTraining); absent for uploaded models. */
export interface TrainingRecord {
  architecture: string;
  /** GENERATOR, INFERRER, REGRESSOR or CLASSIFIER. */
  role: string;
  /** The hyperparameters as run, defaults filled in. */
  hyperparameters: Record<string, number | string | boolean>;
  seed: number;
  /** TensorFlow.js backend that trained it: tensorflow (tfjs-node-gpu), wasm or cpu. */
  backend: string;
  wallSeconds: number;
  /** LOG10, QUOTIENT or NONE. */
  inputTransform: string;
  targets: string[];
  datasetIds: string[];
  validationDatasetIds: string[];
  /** Fraction held out when no validation datasets were given. */
  validationFraction?: number;
  history: TrainingEpoch[];
}

export interface ModelCard {
  schema: typeof MODEL_CARD_SCHEMA;
  name: string;
  description?: string;
  /** The q grid the model expects, strictly increasing, in `qUnit` (a generator: the grid it writes). */
  qGrid: Float64Array;
  qUnit: QUnit;
  preprocessing: PreprocessingCard;
  input: InputCard;
  outputs: OutputHead[];
  domain: DomainOfValidity;
  metrics: Record<string, number>;
  training?: TrainingRecord;
}

/** Number of features the model input takes: its parameters, or what the card's grid and transform give. */
export function featureCount(card: Pick<ModelCard, "qGrid" | "preprocessing"> & { input?: InputCard }): number {
  if (card.input?.layout === "parameters") return card.input.parameters.length;
  return card.preprocessing.transform.kind === "quotient" ? card.qGrid.length - 1 : card.qGrid.length;
}

/** Whether the card's network takes named parameters (a generator) rather than a curve. */
export function takesParameters(card: Pick<ModelCard, "input">): card is Pick<ModelCard, "input"> & { input: Extract<InputCard, { layout: "parameters" }> } {
  return card.input.layout === "parameters";
}

// ---- strict parsing ----

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function obj(v: Json, path: string, allowed: readonly string[]): Record<string, Json> {
  if (!isObject(v)) throw new ModelCardError(path, "must be an object");
  for (const k of Object.keys(v)) if (!allowed.includes(k)) throw new ModelCardError(`${path}.${k}`, "unknown field");
  return v;
}

function str(v: Json, path: string, nonEmpty = true): string {
  if (typeof v !== "string") throw new ModelCardError(path, "must be a string");
  if (nonEmpty && v.length === 0) throw new ModelCardError(path, "must not be empty");
  return v;
}

function num(v: Json, path: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ModelCardError(path, "must be a finite number");
  return v;
}

function positive(v: Json, path: string): number {
  const n = num(v, path);
  if (!(n > 0)) throw new ModelCardError(path, "must be > 0");
  return n;
}

function index(v: Json, path: string): number {
  const n = num(v, path);
  if (!Number.isInteger(n) || n < 0) throw new ModelCardError(path, "must be a non-negative integer");
  return n;
}

function oneOf<T extends string>(v: Json, path: string, options: readonly T[]): T {
  if (typeof v !== "string" || !(options as readonly string[]).includes(v)) {
    throw new ModelCardError(path, `must be one of ${options.map((o) => `"${o}"`).join(", ")}`);
  }
  return v as T;
}

function arr(v: Json, path: string): Json[] {
  if (!Array.isArray(v)) throw new ModelCardError(path, "must be an array");
  return v;
}

function numbers(v: Json, path: string, length?: number): number[] {
  const a = arr(v, path).map((x, i) => num(x, `${path}[${i}]`));
  if (length !== undefined && a.length !== length) throw new ModelCardError(path, `must have ${length} entries, has ${a.length}`);
  return a;
}

function increasing(values: number[], path: string): void {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i] > values[i - 1])) throw new ModelCardError(`${path}[${i}]`, "q must be strictly increasing");
  }
}

function parseTransform(v: Json, path: string): TransformStep {
  if (!isObject(v)) throw new ModelCardError(path, "must be an object");
  const kind = oneOf(v.kind, `${path}.kind`, ["none", "log10", "quotient"] as const);
  if (kind !== "quotient") {
    obj(v, path, ["kind"]);
    return { kind };
  }
  const o = obj(v, path, ["kind", "variant", "squareIntensity"]);
  const variant = oneOf(o.variant, `${path}.variant`, ["log_quotient", "scalar_neutralisation"] as const);
  if (typeof o.squareIntensity !== "boolean") throw new ModelCardError(`${path}.squareIntensity`, "must be a boolean");
  return { kind, variant, squareIntensity: o.squareIntensity };
}

function parseHead(v: Json, path: string): OutputHead {
  if (!isObject(v)) throw new ModelCardError(path, "must be an object");
  const kind = oneOf(v.kind, `${path}.kind`, ["regression", "classification", "curve"] as const);
  if (kind === "regression") {
    const o = obj(v, path, ["kind", "tensor", "parameters"]);
    const params = arr(o.parameters, `${path}.parameters`).map((p, i): RegressionParameter => {
      const pp = `${path}.parameters[${i}]`;
      const q = obj(p, pp, ["name", "unit", "index", "mean", "std", "space", "uncertaintyIndex"]);
      const parsed: RegressionParameter = {
        name: str(q.name, `${pp}.name`),
        unit: str(q.unit, `${pp}.unit`, false),
        index: index(q.index, `${pp}.index`),
        mean: num(q.mean, `${pp}.mean`),
        std: positive(q.std, `${pp}.std`),
        space: q.space === undefined ? "linear" : oneOf(q.space, `${pp}.space`, ["linear", "log10", "ln"] as const),
      };
      if (q.uncertaintyIndex !== undefined) parsed.uncertaintyIndex = index(q.uncertaintyIndex, `${pp}.uncertaintyIndex`);
      return parsed;
    });
    if (params.length === 0) throw new ModelCardError(`${path}.parameters`, "must not be empty");
    const names = new Set<string>();
    params.forEach((p, i) => {
      if (names.has(p.name)) throw new ModelCardError(`${path}.parameters[${i}].name`, `duplicate parameter "${p.name}"`);
      names.add(p.name);
    });
    return { kind, tensor: str(o.tensor, `${path}.tensor`), parameters: params };
  }
  if (kind === "classification") {
    const o = obj(v, path, ["kind", "tensor", "labels", "scores", "topK"]);
    const labels = arr(o.labels, `${path}.labels`).map((l, i) => str(l, `${path}.labels[${i}]`));
    if (labels.length < 2) throw new ModelCardError(`${path}.labels`, "needs at least two labels");
    if (new Set(labels).size !== labels.length) throw new ModelCardError(`${path}.labels`, "labels must be distinct");
    const topK = o.topK === undefined ? labels.length : index(o.topK, `${path}.topK`);
    if (topK < 1 || topK > labels.length) throw new ModelCardError(`${path}.topK`, `must be between 1 and ${labels.length}`);
    return { kind, tensor: str(o.tensor, `${path}.tensor`), labels, scores: oneOf(o.scores, `${path}.scores`, ["logits", "probabilities"] as const), topK };
  }
  const o = obj(v, path, ["kind", "tensor", "q", "intensityUnit", "mean", "std", "space"]);
  const q = numbers(o.q, `${path}.q`);
  if (q.length < 2) throw new ModelCardError(`${path}.q`, "needs at least two points");
  increasing(q, `${path}.q`);
  const head: CurveHead = {
    kind,
    tensor: str(o.tensor, `${path}.tensor`),
    q,
    intensityUnit: str(o.intensityUnit, `${path}.intensityUnit`, false),
    space: o.space === undefined ? "linear" : oneOf(o.space, `${path}.space`, ["linear", "log10"] as const),
  };
  if ((o.mean === undefined) !== (o.std === undefined))
    throw new ModelCardError(`${path}.${o.mean === undefined ? "mean" : "std"}`, "mean and std go together");
  if (o.mean !== undefined) {
    head.mean = numbers(o.mean, `${path}.mean`, q.length);
    head.std = numbers(o.std, `${path}.std`, q.length);
    head.std.forEach((s, i) => positive(s, `${path}.std[${i}]`));
  }
  return head;
}

function strings(v: Json, path: string): string[] {
  return arr(v, path).map((x, i) => str(x, `${path}[${i}]`));
}

function parseTraining(v: Json, path: string): TrainingRecord {
  const o = obj(v, path, [
    "architecture",
    "role",
    "hyperparameters",
    "seed",
    "backend",
    "wallSeconds",
    "inputTransform",
    "targets",
    "datasetIds",
    "validationDatasetIds",
    "validationFraction",
    "history",
  ]);
  const hyperparameters: Record<string, number | string | boolean> = {};
  for (const [k, h] of Object.entries(obj(o.hyperparameters, `${path}.hyperparameters`, Object.keys(isObject(o.hyperparameters) ? o.hyperparameters : {})))) {
    if (typeof h === "boolean" || typeof h === "string") hyperparameters[k] = h;
    else hyperparameters[k] = num(h, `${path}.hyperparameters.${k}`);
  }
  const wallSeconds = num(o.wallSeconds, `${path}.wallSeconds`);
  if (wallSeconds < 0) throw new ModelCardError(`${path}.wallSeconds`, "must be >= 0");
  const record: TrainingRecord = {
    architecture: str(o.architecture, `${path}.architecture`),
    role: oneOf(o.role, `${path}.role`, ["GENERATOR", "INFERRER", "REGRESSOR", "CLASSIFIER"] as const),
    hyperparameters,
    seed: num(o.seed, `${path}.seed`),
    backend: str(o.backend, `${path}.backend`),
    wallSeconds,
    inputTransform: oneOf(o.inputTransform, `${path}.inputTransform`, ["LOG10", "QUOTIENT", "NONE"] as const),
    targets: strings(o.targets, `${path}.targets`),
    datasetIds: strings(o.datasetIds, `${path}.datasetIds`),
    validationDatasetIds: o.validationDatasetIds === undefined ? [] : strings(o.validationDatasetIds, `${path}.validationDatasetIds`),
    history: arr(o.history, `${path}.history`).map((e, i) => {
      const p = `${path}.history[${i}]`;
      const h = obj(e, p, ["stage", "epoch", "trainLoss", "validationLoss"]);
      return {
        stage: str(h.stage, `${p}.stage`),
        epoch: index(h.epoch, `${p}.epoch`),
        trainLoss: num(h.trainLoss, `${p}.trainLoss`),
        validationLoss: num(h.validationLoss, `${p}.validationLoss`),
      };
    }),
  };
  if (o.validationFraction !== undefined) record.validationFraction = num(o.validationFraction, `${path}.validationFraction`);
  return record;
}

function parsePreprocessing(v: Json, qGrid: number[]): PreprocessingCard {
  const pre = obj(v, "preprocessing", ["interpolation", "transform", "standardise"]);
  const interp = obj(pre.interpolation, "preprocessing.interpolation", ["method", "extrapolation"]);
  const preprocessing: PreprocessingCard = {
    interpolation: {
      method: oneOf(interp.method, "preprocessing.interpolation.method", ["none", "linear", "log_q", "log_log"] as const),
      extrapolation:
        interp.extrapolation === undefined ? "clamp" : oneOf(interp.extrapolation, "preprocessing.interpolation.extrapolation", ["clamp", "error"] as const),
    },
    transform: parseTransform(pre.transform, "preprocessing.transform"),
  };
  const features = featureCount({ qGrid: Float64Array.from(qGrid), preprocessing });
  if (pre.standardise !== undefined) {
    const s = obj(pre.standardise, "preprocessing.standardise", ["mean", "std"]);
    const std = numbers(s.std, "preprocessing.standardise.std", features);
    std.forEach((x, i) => positive(x, `preprocessing.standardise.std[${i}]`));
    preprocessing.standardise = { mean: numbers(s.mean, "preprocessing.standardise.mean", features), std };
  }
  return preprocessing;
}

function parseInput(v: Json): InputCard {
  if (!isObject(v)) throw new ModelCardError("input", "must be an object");
  const layout = oneOf(v.layout, "input.layout", ["batch_features", "batch_channel_features", "parameters"] as const);
  if (layout !== "parameters") {
    const o = obj(v, "input", ["tensor", "layout"]);
    return { tensor: str(o.tensor, "input.tensor"), layout };
  }
  const o = obj(v, "input", ["tensor", "layout", "parameters"]);
  const parameters = arr(o.parameters, "input.parameters").map((p, i): InputParameter => {
    const pp = `input.parameters[${i}]`;
    const q = obj(p, pp, ["name", "unit", "mean", "std"]);
    return {
      name: str(q.name, `${pp}.name`),
      unit: q.unit === undefined ? "" : str(q.unit, `${pp}.unit`, false),
      mean: q.mean === undefined ? 0 : num(q.mean, `${pp}.mean`),
      std: q.std === undefined ? 1 : positive(q.std, `${pp}.std`),
    };
  });
  if (parameters.length === 0) throw new ModelCardError("input.parameters", "must not be empty");
  const names = new Set<string>();
  parameters.forEach((p, i) => {
    if (names.has(p.name)) throw new ModelCardError(`input.parameters[${i}].name`, `duplicate parameter "${p.name}"`);
    names.add(p.name);
  });
  return { tensor: str(o.tensor, "input.tensor"), layout, parameters };
}

/** Parse and check a model card; throws ModelCardError naming the first offending field. */
export function parseModelCard(json: unknown): ModelCard {
  const text = typeof json === "string" ? json : undefined;
  let root: Json = json;
  if (text !== undefined) {
    try {
      root = JSON.parse(text);
    } catch (e) {
      throw new ModelCardError("$", `not valid JSON (${(e as Error).message})`);
    }
  }
  const o = obj(root, "$", ["schema", "name", "description", "qGrid", "qUnit", "preprocessing", "input", "outputs", "domain", "metrics", "training"]);
  if (o.schema !== MODEL_CARD_SCHEMA) throw new ModelCardError("schema", `must be "${MODEL_CARD_SCHEMA}"`);
  let qUnit: QUnit;
  try {
    qUnit = parseQUnit(str(o.qUnit, "qUnit"));
  } catch (e) {
    if (e instanceof ModelCardError) throw e;
    throw new ModelCardError("qUnit", (e as Error).message);
  }
  const input = parseInput(o.input);
  const outputs = arr(o.outputs, "outputs").map((h, i) => parseHead(h, `outputs[${i}]`));
  if (outputs.length === 0) throw new ModelCardError("outputs", "must not be empty");
  const generator = input.layout === "parameters";
  const curveHead = outputs.find((h): h is CurveHead => h.kind === "curve");
  if (generator && curveHead === undefined) throw new ModelCardError("outputs", 'a card with input.layout "parameters" needs a "curve" output head');

  // A generator reads no curve: its grid (when stated) and preprocessing are optional.
  const qGrid = o.qGrid === undefined && generator ? curveHead!.q : numbers(o.qGrid, "qGrid");
  if (qGrid.length < 2) throw new ModelCardError("qGrid", "needs at least two points");
  increasing(qGrid, "qGrid");
  if (!(qGrid[0] > 0)) throw new ModelCardError("qGrid[0]", "q must be > 0");

  const preprocessing: PreprocessingCard =
    o.preprocessing === undefined && generator
      ? { interpolation: { method: "none", extrapolation: "error" }, transform: { kind: "none" } }
      : parsePreprocessing(o.preprocessing, qGrid);

  const d = obj(o.domain, "domain", ["qMin", "qMax", "parameters"]);
  const domain: DomainOfValidity = { qMin: positive(d.qMin, "domain.qMin"), qMax: positive(d.qMax, "domain.qMax"), parameters: {} };
  if (!(domain.qMax > domain.qMin)) throw new ModelCardError("domain.qMax", "must be > domain.qMin");
  const ranges = d.parameters === undefined ? {} : obj(d.parameters, "domain.parameters", Object.keys(isObject(d.parameters) ? d.parameters : {}));
  for (const [name, r] of Object.entries(ranges)) {
    const rr = obj(r, `domain.parameters.${name}`, ["min", "max"]);
    const range = { min: num(rr.min, `domain.parameters.${name}.min`), max: num(rr.max, `domain.parameters.${name}.max`) };
    if (!(range.max >= range.min)) throw new ModelCardError(`domain.parameters.${name}.max`, "must be >= min");
    domain.parameters[name] = range;
  }

  const metrics: Record<string, number> = {};
  if (o.metrics !== undefined) {
    for (const [k, v] of Object.entries(obj(o.metrics, "metrics", Object.keys(isObject(o.metrics) ? o.metrics : {})))) metrics[k] = num(v, `metrics.${k}`);
  }

  const card: ModelCard = {
    schema: MODEL_CARD_SCHEMA,
    name: str(o.name, "name"),
    qGrid: Float64Array.from(qGrid),
    qUnit,
    preprocessing,
    input,
    outputs,
    domain,
    metrics,
  };
  if (o.description !== undefined) card.description = str(o.description, "description", false);
  if (o.training !== undefined) card.training = parseTraining(o.training, "training");
  return card;
}

/** The JSON form of a card (qGrid as a plain list), accepted back by parseModelCard. */
export function modelCardToJson(card: ModelCard): Record<string, unknown> {
  return { ...card, qGrid: Array.from(card.qGrid) };
}
