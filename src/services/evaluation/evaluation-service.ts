/**
 * Evaluations of model versions on catalogue datasets (evaluateModel, compareModels): run the
 * version over every curve of the dataset (the curve, or a generator's curve parameters), compare
 * with what each curve says (its intensity, parameters or class) and store the metrics on the
 * version. Metrics per role (a card with several heads gets several sections):
 * - generator (a curve head): per-curve MSE of log10 I, and for hard-sphere curves
 *   (hard-sphere-rule.ts) the same for Percus–Yevick and PY + β computed here;
 * - regressor: MAE, RMSE, relative error per target, calibration of stated uncertainties;
 * - classifier: top-1/3/5 accuracy and the confusion matrix, labels from a curve parameter.
 */
import { In, type DataSource } from "typeorm";
import { classMetrics, meanSquaredError, parameterMetrics, summarise, type ParameterMetrics, type Summary } from "../../compute/analysis/model-metrics";
import { reducedFormAverages, reducedStructureFactorPY } from "../../compute/sas";
import { convertQ, UnitError } from "../../compute/units";
import { ModelEvaluation, type Curve } from "../../entities";
import type { ModelCard, ServedPrediction } from "../../serving";
import type { CatalogueService } from "../catalogue-service";
import type { CommitHook } from "../commit-hook";
import type { CurveService } from "../curve-service";
import { badInput, DomainError, unauthenticated } from "../errors";
import type { InferenceService } from "../inference-service";
import type { ModelRegistry, ResolvedVersion } from "../model-registry/registry-service";
import type { Viewer } from "../viewer";
import { hardSpherePointOf } from "./hard-sphere-rule";

export interface EvaluateRequest {
  model: string;
  datasetId: string;
}

/** The number compareModels ranks by. */
export interface Headline {
  metric: string;
  value: number | null;
  lowerIsBetter: boolean;
}

export interface GeneratorMetrics {
  comparedCurves: number;
  skippedCurves: number;
  /** The first skipped curves and why (their q does not reach the model's grid, another q unit, ...). */
  skipped: { index: number; reason: string }[];
  /** Per-curve MSE of log10 I at the model's grid points inside the curve's q range. */
  model: Summary;
  /** Over the hard-sphere curves alone, the model beside PY and PY + β on the same points. */
  hardSphere: { curves: number; model: Summary; percusYevick: Summary; percusYevickBeta: Summary } | null;
}

export interface EvaluationMetrics {
  headline: Headline | null;
  generator?: GeneratorMetrics;
  regression?: { parameters: Record<string, ParameterMetrics & { missingTruth: number }>; meanRelativeError: number };
  classification?: ReturnType<typeof classMetrics> & { labelParameter: string; labels: string[]; unknownLabels: number };
}

/** Parameters that may hold a classifier's labels, in the order they are tried (T1's problem.ts: `model`, `shape`). */
const LABEL_PARAMETERS = ["model", "shape"];
const MAX_SKIPPED_LISTED = 20;
const MAX_COMPARE_REFS = 20;

function rolesOf(card: ModelCard): string[] {
  const roles: string[] = [];
  if (card.outputs.some((h) => h.kind === "curve")) roles.push("GENERATOR");
  if (card.outputs.some((h) => h.kind === "regression")) roles.push("REGRESSOR");
  if (card.outputs.some((h) => h.kind === "classification")) roles.push("CLASSIFIER");
  return roles;
}

/**
 * The curve parameter holding class labels: the card's `training.targets[0]` when the training
 * job recorded it, else the first of `model`, `shape` that the dataset's curves carry.
 */
export function labelParameterOf(rawCard: Record<string, unknown>, curves: readonly Curve[]): string | null {
  const training = rawCard.training;
  if (typeof training === "object" && training !== null) {
    const targets = (training as { targets?: unknown }).targets;
    if (Array.isArray(targets) && typeof targets[0] === "string") return targets[0];
  }
  return LABEL_PARAMETERS.find((name) => curves.some((c) => typeof c.parameters?.[name] === "string" || typeof c.parameters?.[name] === "number")) ?? null;
}

/** log10 I of the curve at the grid points inside its q range (linear in q between its points); null where outside. */
function truthOnGrid(grid: Float64Array, q: Float64Array, intensity: ArrayLike<number>): Float64Array {
  const out = new Float64Array(grid.length).fill(NaN);
  const tol = 1e-9;
  let j = 0;
  for (let i = 0; i < grid.length; i++) {
    const g = grid[i];
    if (g < q[0] * (1 - tol) || g > q[q.length - 1] * (1 + tol)) continue;
    while (j < q.length - 2 && q[j + 1] < g) j++;
    // A grid point on a curve point (within roundoff) takes that point's value exactly.
    const exact = Math.abs(q[j] - g) <= tol * g ? j : Math.abs(q[j + 1] - g) <= tol * g ? j + 1 : -1;
    if (exact >= 0) {
      out[i] = intensity[exact] > 0 ? Math.log10(intensity[exact]) : NaN;
      continue;
    }
    const a = intensity[j];
    const b = intensity[j + 1];
    if (!(a > 0 && b > 0)) continue;
    const w = (g - q[j]) / (q[j + 1] - q[j]);
    out[i] = Math.log10(a) + w * (Math.log10(b) - Math.log10(a));
  }
  return out;
}

function log10Of(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values, (v) => (v > 0 ? Math.log10(v) : NaN));
}

function generatorMetrics(card: ModelCard, curves: readonly Curve[], predictions: readonly ServedPrediction[]): GeneratorMetrics {
  const modelMse: number[] = [];
  const hsModel: number[] = [];
  const hsPy: number[] = [];
  const hsPyBeta: number[] = [];
  const skipped: { index: number; reason: string }[] = [];
  curves.forEach((c, i) => {
    const generated = predictions[i].curve;
    const skip = (reason: string) => skipped.push({ index: c.index, reason });
    if (!generated) return skip("the model gave no curve");
    let q: Float64Array;
    try {
      q = convertQ(c.q, c.qUnit, card.qUnit);
    } catch (err) {
      if (err instanceof UnitError) return skip(err.message);
      throw err;
    }
    const truth = truthOnGrid(generated.q, q, c.intensity);
    const predicted = log10Of(generated.intensity);
    const used: number[] = [];
    truth.forEach((v, k) => {
      if (Number.isFinite(v) && Number.isFinite(predicted[k])) used.push(k);
    });
    if (used.length < 2) return skip("fewer than two of the model's grid points lie inside the curve's q range with I > 0");
    const t = Float64Array.from(used, (k) => truth[k]);
    const mse = meanSquaredError(
      Float64Array.from(used, (k) => predicted[k]),
      t,
    );
    modelMse.push(mse);
    const point = card.qUnit === "REDUCED" ? hardSpherePointOf(c) : null;
    if (point) {
      const Q = Float64Array.from(used, (k) => generated.q[k]);
      const S = reducedStructureFactorPY(Q, point.eta);
      const { P, beta } = reducedFormAverages(Q, point.distribution, point.sigma);
      hsModel.push(mse);
      hsPy.push(meanSquaredError(log10Of(Float64Array.from(P, (p, k) => S[k] * p)), t));
      hsPyBeta.push(meanSquaredError(log10Of(Float64Array.from(P, (p, k) => (1 + beta[k] * (S[k] - 1)) * p)), t));
    }
  });
  return {
    comparedCurves: modelMse.length,
    skippedCurves: skipped.length,
    skipped: skipped.slice(0, MAX_SKIPPED_LISTED),
    model: summarise(modelMse),
    hardSphere: hsModel.length
      ? { curves: hsModel.length, model: summarise(hsModel), percusYevick: summarise(hsPy), percusYevickBeta: summarise(hsPyBeta) }
      : null,
  };
}

function regressionMetrics(card: ModelCard, curves: readonly Curve[], predictions: readonly ServedPrediction[]): EvaluationMetrics["regression"] {
  const out: Record<string, ParameterMetrics & { missingTruth: number }> = {};
  for (const head of card.outputs) {
    if (head.kind !== "regression") continue;
    for (const p of head.parameters) {
      const pred = new Float64Array(curves.length);
      const truth = new Float64Array(curves.length);
      const sigma = p.uncertaintyIndex !== undefined ? new Float64Array(curves.length) : undefined;
      let missing = 0;
      curves.forEach((c, i) => {
        const v = c.parameters?.[p.name];
        truth[i] = typeof v === "number" ? v : NaN;
        if (typeof v !== "number") missing++;
        const predicted = predictions[i].parameters?.find((x) => x.name === p.name);
        pred[i] = predicted?.value ?? NaN;
        if (sigma) sigma[i] = predicted?.uncertainty ?? NaN;
      });
      out[p.name] = { ...parameterMetrics(pred, truth, sigma), missingTruth: missing };
    }
  }
  const rel = Object.values(out)
    .map((m) => m.relativeError)
    .filter(Number.isFinite);
  return { parameters: out, meanRelativeError: rel.length ? rel.reduce((a, b) => a + b, 0) / rel.length : NaN };
}

function classificationMetrics(card: ModelCard, labelParameter: string, curves: readonly Curve[], predictions: readonly ServedPrediction[]) {
  const head = card.outputs.find((h) => h.kind === "classification");
  if (!head || head.kind !== "classification") return undefined;
  const index = new Map(head.labels.map((l, i) => [l, i]));
  const truth: number[] = [];
  const ranked: number[][] = [];
  let unknown = 0;
  curves.forEach((c, i) => {
    const label = c.parameters?.[labelParameter];
    const t = typeof label === "string" || typeof label === "number" ? index.get(String(label)) : undefined;
    if (t === undefined) return void unknown++;
    truth.push(t);
    ranked.push((predictions[i].classes ?? []).map((p) => index.get(p.label)!));
  });
  return { labelParameter, labels: head.labels, unknownLabels: unknown, ...classMetrics(truth, ranked, head.labels.length) };
}

function headlineOf(m: EvaluationMetrics): Headline | null {
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  if (m.generator) return { metric: "generator.model.mean", value: finite(m.generator.model.mean), lowerIsBetter: true };
  if (m.classification) return { metric: "classification.top1", value: finite(m.classification.top1), lowerIsBetter: false };
  if (m.regression) return { metric: "regression.meanRelativeError", value: finite(m.regression.meanRelativeError), lowerIsBetter: true };
  return null;
}

/** NaN is no JSON: stored as null. */
function jsonSafe<T>(value: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v))) as Record<string, unknown>;
}

export interface ComparisonEntry {
  ref: string;
  resolved: ResolvedVersion;
  evaluation: ModelEvaluation | null;
  /** The job evaluating it, when no stored evaluation existed. */
  jobId: string | null;
}

export class EvaluationService {
  constructor(
    private readonly db: DataSource,
    private readonly registry: ModelRegistry,
    private readonly inference: InferenceService,
    private readonly catalogue: CatalogueService,
    private readonly curves: CurveService,
  ) {}

  private async datasetFor(viewer: Viewer, datasetId: string) {
    return this.catalogue.getDataset(viewer, datasetId).catch((err: unknown) => {
      if (err instanceof DomainError && err.code === "NOT_FOUND") throw new DomainError("NOT_FOUND", err.message, "datasetId");
      throw err;
    });
  }

  /** Before queuing: signed in, the model and the dataset visible, the dataset not empty. */
  async check(viewer: Viewer, req: EvaluateRequest): Promise<void> {
    if (!viewer.userId) throw unauthenticated("sign in to evaluate models");
    await this.registry.resolve(viewer, req.model, "model");
    const dataset = await this.datasetFor(viewer, req.datasetId);
    if (dataset.curveCount === 0) throw badInput(`dataset ${dataset.id} has no curves to evaluate on`, "datasetId");
  }

  /** Run the evaluation and store it (all or nothing, with the job's commit in the same transaction). */
  async evaluate(
    viewer: Viewer,
    req: EvaluateRequest,
    jobId: string | null,
    progress: (fraction: number, message: string) => Promise<void> = async () => undefined,
    onCommit?: CommitHook<ModelEvaluation>,
    signal?: AbortSignal,
  ): Promise<ModelEvaluation> {
    if (!viewer.userId) throw unauthenticated();
    const resolved = await this.registry.resolve(viewer, req.model, "model");
    const dataset = await this.datasetFor(viewer, req.datasetId);
    const curves = await this.curves.curvesOfDataset(dataset.id);
    if (curves.length === 0) throw badInput(`dataset ${dataset.id} has no curves to evaluate on`, "datasetId");
    const stored = this.registry.cardOf(resolved.version);
    // Every class ranked (not only the card's topK), so that top-5 is known for any card.
    const card: ModelCard = {
      ...stored,
      outputs: stored.outputs.map((h) => (h.kind === "classification" ? { ...h, topK: h.labels.length } : h)),
    };
    const { predictions } = await this.inference.predictCurves(resolved, card, curves, (f, m) => progress(0.8 * f, m), signal);
    signal?.throwIfAborted();
    await progress(0.75, `comparing ${curves.length} predictions with the dataset`);
    const metrics: EvaluationMetrics = { headline: null };
    const roles = rolesOf(card);
    if (roles.includes("GENERATOR")) metrics.generator = generatorMetrics(card, curves, predictions);
    if (roles.includes("REGRESSOR")) metrics.regression = regressionMetrics(card, curves, predictions);
    if (roles.includes("CLASSIFIER")) {
      const labelParameter = labelParameterOf(resolved.version.card, curves);
      if (labelParameter === null) throw badInput(`the curves of dataset ${dataset.id} carry no class label (a "model" or "shape" parameter)`, "datasetId");
      metrics.classification = classificationMetrics(card, labelParameter, curves, predictions);
    }
    metrics.headline = headlineOf(metrics);
    await progress(0.95, "storing the evaluation");
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(ModelEvaluation);
      const row = await repo.save(
        repo.create({
          versionId: resolved.version.id,
          datasetId: dataset.id,
          roles,
          curveCount: curves.length,
          metrics: jsonSafe(metrics),
          createdBy: viewer.userId,
          jobId,
        }),
      );
      await onCommit?.(tx, row);
      return row;
    });
  }

  /** Stored evaluations of versions, newest first (the caller filters what the viewer may see). */
  evaluationsOfVersions(versionIds: readonly string[]): Promise<ModelEvaluation[]> {
    if (versionIds.length === 0) return Promise.resolve([]);
    return this.db.getRepository(ModelEvaluation).find({ where: { versionId: In([...versionIds]) }, order: { createdAt: "DESC" } });
  }

  /**
   * Versions side by side on one dataset, from their newest stored evaluations; a version without
   * one gets an evaluation job (`enqueue`), whose result the next call shows.
   */
  async compare(viewer: Viewer, refs: readonly string[], datasetId: string, enqueue: (req: EvaluateRequest) => Promise<string>): Promise<ComparisonEntry[]> {
    if (!viewer.userId) throw unauthenticated("sign in to compare models");
    if (refs.length === 0) throw badInput("refs is empty: give the model versions to compare", "refs");
    if (refs.length > MAX_COMPARE_REFS) throw badInput(`refs has ${refs.length} entries; the limit is ${MAX_COMPARE_REFS}`, "refs");
    const resolved: ResolvedVersion[] = [];
    for (let i = 0; i < refs.length; i++) resolved.push(await this.registry.resolve(viewer, refs[i], `refs[${i}]`));
    const dataset = await this.datasetFor(viewer, datasetId);
    const stored = await this.db
      .getRepository(ModelEvaluation)
      .find({ where: { versionId: In(resolved.map((r) => r.version.id)), datasetId: dataset.id }, order: { createdAt: "DESC" } });
    const jobs = new Map<string, string>();
    const entries: ComparisonEntry[] = [];
    for (let i = 0; i < refs.length; i++) {
      const r = resolved[i];
      const evaluation = stored.find((e) => e.versionId === r.version.id) ?? null;
      let jobId: string | null = null;
      if (!evaluation) {
        jobId = jobs.get(r.version.id) ?? (await enqueue({ model: r.version.id, datasetId: dataset.id }));
        jobs.set(r.version.id, jobId);
      }
      entries.push({ ref: refs[i], resolved: r, evaluation, jobId });
    }
    return entries;
  }
}

/** The best entry by the shared headline metric (entries whose headline differs from the first's are not ranked). */
export function bestOf(entries: readonly ComparisonEntry[]): { entry: ComparisonEntry; headline: Headline } | null {
  const scored = entries
    .map((entry) => ({ entry, headline: (entry.evaluation?.metrics.headline ?? null) as Headline | null }))
    .filter((s): s is { entry: ComparisonEntry; headline: Headline } => s.headline !== null && s.headline.value !== null);
  if (scored.length === 0) return null;
  const metric = scored[0].headline.metric;
  const same = scored.filter((s) => s.headline.metric === metric);
  return same.reduce((best, s) => {
    const better = s.headline.lowerIsBetter ? s.headline.value! < best.headline.value! : s.headline.value! > best.headline.value!;
    return better ? s : best;
  });
}
