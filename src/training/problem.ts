/**
 * From catalogue curves to a TrainingProblem (pure: arrays in, arrays out).
 *
 * - q grid: when every curve has the same q points (1e-9 relative, after converting to the first
 *   curve's unit) that grid is used as it is; otherwise the grid is the first curve's q points inside
 *   the range all curves cover ([max of the first q, min of the last q]), and every curve is
 *   interpolated onto it (`interpolationFor`: ln I against ln q when the transform takes logs, so
 *   power laws stay exact; linear otherwise). The model card states the same interpolation, so a
 *   served curve is put on the grid the way the training curves were.
 * - Input transform: LOG10, QUOTIENT (paper 001: ln of the quotient of I², N-1 features) or NONE,
 *   the serving code's own transformIntensity, so training and serving compute the same features.
 * - Targets: curve parameter names. For "parameters" every curve must hold a finite number for each
 *   target. For "class" the one target names the parameter holding the class label (a string or a
 *   number: `model` for sas-model-classes datasets, `shape` for shape mixtures); classes are sorted.
 *   For "class_and_parameters" the first target is the class parameter and the rest are parameters,
 *   each applying to the rows whose curve holds it (mask 1) and masked out elsewhere.
 * - Target spaces: log10 for a positive parameter spread over more than two decades (median below a
 *   quarter of the range's top), linear otherwise.
 * - Split: the curves of `validationDatasetIds` are the validation set; otherwise a seeded shuffle
 *   holds out `validationFraction` of the curves (at least one, leaving at least one to train on).
 */
import { convertQ, type QUnit } from "../compute/units";
import { listScatteringModels } from "../compute/sas";
import { Random } from "../compute/random";
import { interpolateOnto, transformIntensity } from "../serving/preprocess";
import type { InterpolationStep, TransformStep } from "../serving/model-card";
import type { TargetKind, TargetParameter, TrainingExamples, TrainingProblem } from "./architecture";

export type InputTransform = "LOG10" | "QUOTIENT" | "NONE";
export const INPUT_TRANSFORMS: readonly InputTransform[] = ["LOG10", "QUOTIENT", "NONE"];

/** One curve as the job read it from the catalogue. */
export interface TrainingCurve {
  id: string;
  datasetId: string;
  q: ArrayLike<number>;
  intensity: ArrayLike<number>;
  qUnit: QUnit;
  intensityUnit: string;
  parameters: Record<string, unknown>;
}

export interface ProblemSpec {
  targetKind: TargetKind;
  targets: string[];
  inputTransform: InputTransform;
  validationFraction?: number;
  validationDatasetIds?: string[];
  seed: number;
}

/** A problem the data cannot make; `field` is the TrainingInput field to change. */
export class TrainingProblemError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = "TrainingProblemError";
  }
}

export const DEFAULT_VALIDATION_FRACTION = 0.2;

export function transformStep(transform: InputTransform): TransformStep {
  if (transform === "LOG10") return { kind: "log10" };
  if (transform === "QUOTIENT") return { kind: "quotient", variant: "log_quotient", squareIntensity: true };
  return { kind: "none" };
}

/** How curves go onto the grid, for training and on the card: log-log where the transform needs I > 0 anyway. */
export function interpolationFor(transform: TransformStep): InterpolationStep {
  return { method: transform.kind === "none" ? "linear" : "log_log", extrapolation: "clamp" };
}

/** Min and max of a list (a loop: spreading 10^5 values into Math.min overflows the stack). */
function extent(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  return { min, max };
}

function median(values: number[]): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const sameGrid = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= 1e-9 * Math.abs(b[i]));

/** The unit of a sasmodels parameter name, from the model tables (Å for lengths; "" when unknown or ambiguous). */
function unitOf(name: string): string {
  const units = new Set<string>();
  for (const m of listScatteringModels()) for (const p of m.parameters) if (p.name === name) units.add(p.unit);
  if (units.size !== 1) return "";
  const [unit] = units;
  return unit.replace(/Ang/g, "Å");
}

function numberOf(v: unknown): number {
  return typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
}

/** How many targets each kind takes, none repeated (startTraining asks before queuing, the job again). */
export function checkTargetNames(kind: TargetKind, targets: readonly string[]): void {
  if (kind === "class" && targets.length !== 1)
    throw new TrainingProblemError(`a classifier takes one target, the parameter holding the class label (e.g. "model"); got ${targets.length}`, "targets");
  if (kind === "class_and_parameters" && targets.length < 2)
    throw new TrainingProblemError(`a multi-task network takes the class parameter first (e.g. "model"), then at least one parameter`, "targets");
  if (kind === "parameters" && targets.length === 0) throw new TrainingProblemError("give at least one target parameter", "targets");
  const repeated = targets.find((name, i) => targets.indexOf(name) !== i);
  if (repeated !== undefined) throw new TrainingProblemError(`targets must not repeat a name (${repeated})`, "targets");
}

/** Build the problem; throws TrainingProblemError naming the field and the curve at fault. */
export function buildTrainingProblem(curves: readonly TrainingCurve[], spec: ProblemSpec): TrainingProblem {
  if (curves.length < 2) throw new TrainingProblemError(`training needs at least 2 curves; the datasets hold ${curves.length}`, "datasetIds");
  const transform = transformStep(spec.inputTransform);
  const interpolation = interpolationFor(transform);
  const where = (c: TrainingCurve) => `curve ${c.id} of dataset ${c.datasetId}`;

  // ---- targets ----
  const classParameter = spec.targetKind === "parameters" ? null : spec.targets[0];
  const parameterNames = spec.targetKind === "class" ? [] : spec.targetKind === "parameters" ? spec.targets : spec.targets.slice(1);
  checkTargetNames(spec.targetKind, spec.targets);

  const labelsOf: string[] = [];
  if (classParameter !== null) {
    for (const c of curves) {
      const v = c.parameters[classParameter];
      if (typeof v !== "string" && !(typeof v === "number" && Number.isFinite(v)))
        throw new TrainingProblemError(`${where(c)} has no class label "${classParameter}" (a string or number parameter)`, "targets");
      labelsOf.push(String(v));
    }
  }
  const classes = [...new Set(labelsOf)].sort();
  if (classParameter !== null && classes.length < 2)
    throw new TrainingProblemError(`every curve has the class "${classes[0]}": a classifier needs curves of at least two classes`, "targets");

  const values = parameterNames.map((name) =>
    curves.map((c) => {
      const v = numberOf(c.parameters[name]);
      if (spec.targetKind === "parameters" && !Number.isFinite(v))
        throw new TrainingProblemError(`${where(c)} has no numeric parameter "${name}" (target ${name})`, "targets");
      return v;
    }),
  );
  parameterNames.forEach((name, t) => {
    if (!values[t].some(Number.isFinite)) throw new TrainingProblemError(`no curve has a numeric parameter "${name}" (target ${name})`, "targets");
  });

  // ---- q grid ----
  const qUnit = curves[0].qUnit;
  const intensityUnit = curves[0].intensityUnit;
  const qs = curves.map((c) => {
    if (c.intensityUnit !== intensityUnit)
      throw new TrainingProblemError(
        `${where(c)} has intensity in ${c.intensityUnit || "no unit"}, others in ${intensityUnit || "no unit"}: train on one unit`,
        "datasetIds",
      );
    if (c.q.length < 2 || c.q.length !== c.intensity.length)
      throw new TrainingProblemError(`${where(c)} needs at least 2 points with q and I of one length`, "datasetIds");
    try {
      return convertQ(c.q, c.qUnit, qUnit);
    } catch (err) {
      throw new TrainingProblemError(`${where(c)}: ${(err as Error).message}`, "datasetIds");
    }
  });
  let grid = qs[0];
  const shared = qs.every((q) => sameGrid(q, grid));
  if (!shared) {
    const lo = extent(qs.map((q) => q[0])).max;
    const hi = extent(qs.map((q) => q[q.length - 1])).min;
    grid = qs[0].filter((v) => v >= lo && v <= hi);
    if (grid.length < 2)
      throw new TrainingProblemError(`the curves share no common q range with 2 or more points of the first curve (common range ${lo} to ${hi})`, "datasetIds");
  }

  // ---- features ----
  const features = transform.kind === "quotient" ? grid.length - 1 : grid.length;
  const x = new Float32Array(curves.length * features);
  const needsPositive = transform.kind !== "none";
  curves.forEach((c, r) => {
    const intensity = Float64Array.from(c.intensity);
    for (let i = 0; i < intensity.length; i++) {
      if (!Number.isFinite(intensity[i]) || (needsPositive && !(intensity[i] > 0))) {
        throw new TrainingProblemError(
          `${where(c)} has intensity ${intensity[i]} at q = ${c.q[i]}: ${needsPositive ? `inputTransform ${spec.inputTransform} needs finite intensities > 0 (use NONE, or remove the curve)` : "intensities must be finite numbers"}`,
          needsPositive ? "inputTransform" : "datasetIds",
        );
      }
    }
    const onGrid = shared ? intensity : interpolateOnto(qs[r], intensity, grid, interpolation.method !== "linear", interpolation.method === "log_log");
    const f = transformIntensity(onGrid, transform);
    for (let i = 0; i < features; i++) x[r * features + i] = f[i];
  });

  // ---- target spaces ----
  const targets: TargetParameter[] = parameterNames.map((name, t) => {
    const seen = values[t].filter(Number.isFinite);
    const { min, max } = extent(seen);
    // Scale parameters spread over more than two decades are learnt in log10. A parameter drawn on
    // a linear range from near 0 (radius_pd 0-0.25) spans decades too, but its values sit in the
    // top one (median near the middle of the range): log10 would weigh its smallest values most.
    const spread = min > 0 && max / min > 100 && median(seen) < (min + max) / 4;
    return { name, unit: unitOf(name), space: spread ? "log10" : "linear" };
  });

  // ---- split ----
  const validationSets = new Set(spec.validationDatasetIds ?? []);
  let isValidation: boolean[];
  if (validationSets.size > 0) {
    isValidation = curves.map((c) => validationSets.has(c.datasetId));
  } else {
    const fraction = spec.validationFraction ?? DEFAULT_VALIDATION_FRACTION;
    if (!(fraction > 0 && fraction < 1)) throw new TrainingProblemError(`validationFraction must be in (0, 1), not ${fraction}`, "validationFraction");
    const count = Math.min(curves.length - 1, Math.max(1, Math.round(curves.length * fraction)));
    const order = Int32Array.from({ length: curves.length }, (_, i) => i);
    const random = new Random(spec.seed);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    isValidation = new Array<boolean>(curves.length).fill(false);
    for (let k = 0; k < count; k++) isValidation[order[k]] = true;
  }
  const trainRows = curves.map((_, r) => r).filter((r) => !isValidation[r]);
  const validationRows = curves.map((_, r) => r).filter((r) => isValidation[r]);
  if (trainRows.length === 0) throw new TrainingProblemError("no curves are left to train on: the validation datasets hold them all", "validationDatasetIds");
  if (validationRows.length === 0) throw new TrainingProblemError("the validation datasets hold none of the curves", "validationDatasetIds");

  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const examples = (rows: number[]): TrainingExamples => {
    const T = targets.length;
    const out: TrainingExamples = {
      rows: rows.length,
      x: new Float32Array(rows.length * features),
      y: new Float32Array(rows.length * T),
      labels: classParameter === null ? new Int32Array(0) : new Int32Array(rows.length),
      mask: new Float32Array(rows.length * T),
    };
    rows.forEach((r, k) => {
      out.x.set(x.subarray(r * features, (r + 1) * features), k * features);
      if (classParameter !== null) out.labels[k] = classIndex.get(labelsOf[r])!;
      targets.forEach((target, t) => {
        const v = values[t][r];
        const ok = Number.isFinite(v) && (target.space === "linear" || v > 0);
        out.y[k * T + t] = ok ? (target.space === "log10" ? Math.log10(v) : v) : NaN;
        out.mask[k * T + t] = ok ? 1 : 0;
      });
    });
    return out;
  };

  const ranges: Record<string, { min: number; max: number }> = {};
  parameterNames.forEach((name, t) => {
    const seen = trainRows.map((r) => values[t][r]).filter(Number.isFinite);
    if (seen.length > 0) ranges[name] = extent(seen);
  });

  return {
    train: examples(trainRows),
    validation: examples(validationRows),
    features,
    qGrid: Float64Array.from(grid),
    qUnit,
    intensityUnit,
    transform,
    targets,
    classes: classParameter === null ? [] : classes,
    ranges,
  };
}
