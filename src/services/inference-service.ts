/**
 * Inference on registered models: resolve a model reference for the viewer, turn request curves
 * into engine inputs, and map the engine's errors to domain errors naming the input and field.
 * predictDataset (run by the predict-dataset job) writes the predictions as a DERIVED dataset with
 * an INFERENCE activity that used the source dataset and the model version.
 */
import type { DataSource } from "typeorm";
import { Dataset } from "../entities";
import type { Curve } from "../entities";
import type { QUnit } from "../compute/units";
import type { ModelCard } from "../serving/model-card";
import {
  InferenceInputError,
  ModelArtifactError,
  takesParameters,
  type ExecutionProvider,
  type InferenceEngine,
  type ModelInput,
  type ServedPrediction,
} from "../serving";
import type { CatalogueService } from "./catalogue-service";
import { isUuid } from "./catalogue-service";
import { curveRecordOf, type CurveService } from "./curve-service";
import { badInput, DomainError, tooLarge, unauthenticated } from "./errors";
import type { ProvenanceService } from "./provenance-service";
import type { Viewer } from "./viewer";
import type { CommitHook } from "./commit-hook";
import type { ModelRegistry, ResolvedVersion } from "./model-registry/registry-service";

/**
 * An input as the API receives it: a curve, or a generator's parameters; null stands for a missing
 * value (NaN) and is rejected by name.
 */
export interface PredictCurve {
  q?: readonly (number | null)[] | null;
  intensity?: readonly (number | null)[] | null;
  sigma?: readonly (number | null)[] | null;
  qUnit?: QUnit | null;
  parameters?: Readonly<Record<string, unknown>> | null;
}

export interface PredictOutcome extends ResolvedVersion {
  provider: ExecutionProvider;
  predictions: ServedPrediction[];
}

export interface PredictDatasetRequest {
  datasetId: string;
  model: string;
  curveIds?: string[];
  title?: string;
}

export const MAX_PREDICT_INPUTS = 1000;
const DATASET_CHUNK = 256;

/** A generator's parameters from JSON: numbers only; null is a missing value (NaN, rejected by the engine). */
function parameterValues(raw: Readonly<Record<string, unknown>>, field: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, v] of Object.entries(raw)) {
    if (v === null) out[name] = NaN;
    else if (typeof v === "number") out[name] = v;
    else throw badInput(`${field}.${name} is ${JSON.stringify(v)}; parameters must be numbers`, `${field}.${name}`);
  }
  return out;
}

function toArray(values: readonly (number | null)[]): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] ?? NaN;
  return out;
}

export class InferenceService {
  constructor(
    private readonly db: DataSource,
    private readonly registry: ModelRegistry,
    private readonly engine: InferenceEngine,
    private readonly store: { getBuffer(key: string): Promise<Buffer> },
    private readonly catalogue: CatalogueService,
    private readonly curves: CurveService,
    private readonly provenance: ProvenanceService,
    private readonly limits: { maxPointsPerCurve: number },
  ) {}

  /** Engine inputs from request inputs; sizes and kinds are checked here, values by the engine. */
  private toModelInputs(inputs: readonly PredictCurve[], field: string): ModelInput[] {
    if (inputs.length === 0) throw badInput(`${field} is empty: give at least one curve`, field);
    if (inputs.length > MAX_PREDICT_INPUTS)
      throw tooLarge(`${field} has ${inputs.length} curves; the limit is ${MAX_PREDICT_INPUTS} per call (use predictDataset for more)`, field);
    return inputs.map((c, i): ModelInput => {
      const hasCurve = (c.q ?? null) !== null || (c.intensity ?? null) !== null;
      if (c.parameters !== undefined && c.parameters !== null) {
        if (hasCurve) throw badInput(`${field}[${i}]: give either a curve (q, intensity) or parameters, not both`, `${field}[${i}]`);
        return { parameters: parameterValues(c.parameters, `${field}[${i}].parameters`) };
      }
      if (!c.q || !c.intensity) {
        const missing = !c.q ? "q" : "intensity";
        throw badInput(`${field}[${i}].${missing} is missing: give a curve (q and intensity), or parameters for a generator`, `${field}[${i}].${missing}`);
      }
      if (c.q.length > this.limits.maxPointsPerCurve)
        throw tooLarge(`${field}[${i}].q has ${c.q.length} points; the limit is ${this.limits.maxPointsPerCurve}`, `${field}[${i}].q`);
      return {
        q: toArray(c.q),
        intensity: toArray(c.intensity),
        sigma: c.sigma ? toArray(c.sigma) : undefined,
        qUnit: c.qUnit ?? undefined,
      };
    });
  }

  private async run(resolved: ResolvedVersion, inputs: ModelInput[], field: string, indexOffset = 0, card = this.registry.cardOf(resolved.version)) {
    const { version } = resolved;
    try {
      return await this.engine.predict(version.id, () => this.store.getBuffer(version.key), card, inputs);
    } catch (err) {
      if (err instanceof InferenceInputError) {
        const problem = err.message.replace(/^input \d+: [^:]+: /, "");
        if (err.field === "inputs") throw badInput(`${field}: ${problem}`, field);
        const where = `${field}[${err.inputIndex + indexOffset}].${err.field}`;
        throw badInput(`${where}: ${problem}`, where);
      }
      if (err instanceof ModelArtifactError) {
        throw new DomainError("UNAVAILABLE", `model version ${resolved.model.name}:${version.version} cannot be served: ${err.message}`);
      }
      throw err;
    }
  }

  async predict(viewer: Viewer, ref: string, inputs: readonly PredictCurve[]): Promise<PredictOutcome> {
    const resolved = await this.registry.resolve(viewer, ref, "model");
    const curves = this.toModelInputs(inputs, "inputs");
    const response = await this.run(resolved, curves, "inputs");
    return { ...resolved, provider: response.provider, predictions: response.predictions };
  }

  /** Checks before queuing a predictDataset job: the model and dataset are visible, the curves belong to it. */
  async checkPredictDataset(viewer: Viewer, req: PredictDatasetRequest): Promise<void> {
    if (!viewer.userId) throw unauthenticated("sign in to run predictions on datasets");
    await this.registry.resolve(viewer, req.model, "model");
    await this.loadCurves(viewer, req);
  }

  private async loadCurves(viewer: Viewer, req: PredictDatasetRequest): Promise<{ dataset: Dataset; curves: Curve[] }> {
    const dataset = await this.catalogue.getDataset(viewer, req.datasetId).catch((err: unknown) => {
      if (err instanceof DomainError && err.code === "NOT_FOUND") throw new DomainError("NOT_FOUND", err.message, "datasetId");
      throw err;
    });
    const ids = req.curveIds ?? [];
    const bad = ids.find((id) => !isUuid(id));
    if (bad !== undefined) throw badInput(`curveIds: "${bad}" is not a curve id`, "curveIds");
    const curves = await this.curves.curvesOfDataset(dataset.id, ids.length ? ids : undefined);
    if (ids.length) {
      const missing = [...new Set(ids)].filter((id) => !curves.some((c) => c.id === id));
      if (missing.length) throw badInput(`curveIds: curve(s) ${missing.join(", ")} are not in dataset ${dataset.id}`, "curveIds");
    }
    if (curves.length === 0) throw badInput(`dataset ${dataset.id} has no curves to predict on`, "datasetId");
    return { dataset, curves };
  }

  /**
   * Predictions for catalogue curves in chunks (each curve, or a generator's curve parameters;
   * modelInputOf), with progress to 0.9; errors name `curves[i]`. `card` may be a copy of the
   * version's card that differs only in what postprocessing keeps (evaluations rank every class).
   */
  async predictCurves(
    resolved: ResolvedVersion,
    card: ModelCard,
    curves: readonly Curve[],
    progress: (fraction: number, message: string) => Promise<void> = async () => undefined,
    signal?: AbortSignal,
  ): Promise<{ predictions: ServedPrediction[]; providers: Set<ExecutionProvider> }> {
    const predictions: ServedPrediction[] = [];
    const providers = new Set<ExecutionProvider>();
    for (let start = 0; start < curves.length; start += DATASET_CHUNK) {
      signal?.throwIfAborted();
      const chunk = curves.slice(start, start + DATASET_CHUNK);
      const inputs = chunk.map((c) => modelInputOf(card, c));
      const response = await this.run(resolved, inputs, "curves", start, card);
      response.predictions.forEach((p) => providers.add(p.provider));
      predictions.push(...response.predictions);
      await progress((0.9 * predictions.length) / curves.length, `predicted ${predictions.length} of ${curves.length} curves`);
    }
    return { predictions, providers };
  }

  /** Predict on a dataset's curves and write a DERIVED dataset with the predictions as curve parameters. */
  async predictDataset(
    viewer: Viewer,
    req: PredictDatasetRequest,
    progress: (fraction: number, message: string) => Promise<void> = async () => undefined,
    onCommit?: CommitHook<{ dataset: Dataset; activity: { id: string }; provider: string }>,
    signal?: AbortSignal,
  ) {
    if (!viewer.userId) throw unauthenticated();
    const started = new Date();
    const resolved = await this.registry.resolve(viewer, req.model, "model");
    const card = this.registry.cardOf(resolved.version);
    const { dataset, curves } = await this.loadCurves(viewer, req);
    const { predictions, providers } = await this.predictCurves(resolved, card, curves, progress, signal);
    const provider = [...providers].join("+");
    const { model, version } = resolved;
    const records = curves.map((c, i) => curveRecordOf(c, predictionParameters(predictions[i], c.id)));
    await progress(0.9, `writing ${records.length} predictions`);
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(Dataset);
      const derived = await repo.save(
        repo.create({
          kind: "DERIVED",
          technique: dataset.technique,
          title: req.title?.trim() || `${model.name} v${version.version} predictions for ${dataset.title}`.slice(0, 500),
          description: `Predictions of model ${model.name} version ${version.version} (${version.id}) on ${records.length} curves of dataset ${dataset.id}, on ${provider}.`,
          keywords: ["prediction", model.name],
          metadata: {
            prediction: {
              model: model.name,
              version: version.version,
              versionId: version.id,
              sha256: version.sha256,
              provider,
              sourceDataset: dataset.id,
              curves: records.length,
            },
          },
          ownerId: viewer.userId!,
          published: false,
          instrumentId: dataset.instrumentId,
          sampleId: dataset.sampleId,
        }),
      );
      await this.curves.appendInTransaction(tx, derived, records);
      const activity = await this.provenance.createActivity(tx, {
        kind: "INFERENCE",
        label: `predict ${model.name}:${version.version} on ${records.length} curves`,
        parameters: {
          model: model.name,
          version: version.version,
          versionId: version.id,
          sha256: version.sha256,
          executionProvider: provider,
          curves: records.length,
          sourceDataset: dataset.id,
        },
        ownerId: viewer.userId,
        startedAt: started,
      });
      await this.provenance.recordRun(tx, activity, {
        generated: [derived.id],
        used: [
          { type: "DATASET", id: dataset.id },
          { type: "MODEL_VERSION", id: version.id },
        ],
        derivedFrom: [{ generated: derived.id, used: dataset.id }],
      });
      await this.provenance.addEdges(tx, [
        { relation: "wasDerivedFrom", subjectType: "DATASET", subjectId: derived.id, objectType: "MODEL_VERSION", objectId: version.id },
      ]);
      const made = { dataset: await repo.findOneByOrFail({ id: derived.id }), activity, provider };
      await onCommit?.(tx, made);
      return made;
    });
  }
}

/**
 * What a catalogue curve gives a model: the curve itself, or for a generator the curve's own
 * parameters the card names (others are left out; a missing or non-numeric one is NaN and refused
 * by name).
 */
export function modelInputOf(card: ModelCard, c: Pick<Curve, "q" | "intensity" | "dIntensity" | "qUnit" | "parameters">): ModelInput {
  if (takesParameters(card)) {
    const parameters: Record<string, number> = {};
    for (const p of card.input.parameters) {
      const v = c.parameters?.[p.name];
      parameters[p.name] = typeof v === "number" ? v : NaN;
    }
    return { parameters };
  }
  return {
    q: Float64Array.from(c.q),
    intensity: Float64Array.from(c.intensity),
    sigma: c.dIntensity ? Float64Array.from(c.dIntensity) : undefined,
    qUnit: c.qUnit,
  };
}

/** A prediction as JSON curve parameters: numbers for regression values (so parameter filters work on them). */
export function predictionParameters(p: ServedPrediction, sourceCurveId: string): Record<string, unknown> {
  const out: Record<string, unknown> = { source_curve_id: sourceCurveId };
  for (const param of p.parameters ?? []) {
    out[param.name] = param.value;
    if (param.uncertainty !== undefined) out[`${param.name}_uncertainty`] = param.uncertainty;
    if (param.unit) out[`${param.name}_unit`] = param.unit;
  }
  if (p.classes) {
    out.predicted_class = p.classes[0].label;
    out.class_probabilities = Object.fromEntries(p.classes.map((c) => [c.label, c.probability]));
  }
  if (p.curve) out.generated_curve = { q: Array.from(p.curve.q), intensity: Array.from(p.curve.intensity), intensityUnit: p.curve.intensityUnit };
  if (p.warnings.length) out.warnings = p.warnings;
  return out;
}
