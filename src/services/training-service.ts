/**
 * Training on the platform: startTraining checks the request (architecture, hyperparameters against
 * its table, datasets the caller may read, target parameters the curves hold, a model the caller
 * may write) and queues a train-model job; `run` (the job) reads the curves as the owner, builds the
 * problem (src/training/problem.ts), trains on a worker thread, checks each exported network in
 * onnxruntime against the trained network's own outputs on the validation set (1e-5), and registers
 * them as READY versions with their cards and provenance in one transaction with the job's end.
 */
import type { DataSource, EntityManager } from "typeorm";
import type { Dataset, JobRun } from "../entities";
import type { ModelTask } from "../entities/model";
import type { JobService } from "../jobs/job-service";
import {
  MAX_TRAINING_DATASETS,
  resolveHyperparameters,
  trainModel,
  type TrainedVersionRef,
  type TrainingRunResult,
  type TrainModelInput,
} from "../jobs/kinds/training";
import type { TrainingRecord } from "../serving/model-card";
import type { EpochReport, TargetKind, TrainingArchitecture, TrainingRole } from "../training/architecture";
import { findArchitecture, TRAINING_ARCHITECTURES } from "../training/architectures/registry";
import {
  buildTrainingProblem,
  checkTargetNames,
  DEFAULT_VALIDATION_FRACTION,
  TrainingProblemError,
  type InputTransform,
  type TrainingCurve,
} from "../training/problem";
import type { TrainingBackend } from "../training/tfjs-backend";
import { checkInOnnxRuntime } from "../training/onnx-check";
import { recordedHistory, trainedCard } from "../training/trained-card";
import { runTrainingThread, TrainingInputError, TrainingThreadDiedError } from "../workers/jobs/training-thread";
import type { CatalogueService } from "./catalogue-service";
import type { CurveService } from "./curve-service";
import { badInput, DomainError, tooLarge, unauthenticated } from "./errors";
import type { ModelRegistry } from "./model-registry/registry-service";
import type { Viewer } from "./viewer";

/** Most curves one training run reads (they are held in memory with their features). */
export const MAX_TRAINING_CURVES = 200_000;
/** A number written as text, as the training problem reads it (Number() of a decimal literal). */
const NUMERIC_TEXT = "^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$";

export interface TrainingRequest {
  model: string;
  architecture: string;
  datasetIds: string[];
  validationFraction?: number | null;
  validationDatasetIds?: string[] | null;
  targets: string[];
  inputTransform?: InputTransform | null;
  hyperparameters?: Record<string, unknown> | null;
  seed?: number | null;
}

/** One row of an architecture's hyperparameter table, as `trainingArchitectures` lists it. */
export interface HyperparameterInfo {
  name: string;
  type: string;
  default: unknown;
  minimum: number | null;
  maximum: number | null;
  /** Allowed values of a string field. */
  values: string[] | null;
  description: string;
}

export interface ArchitectureInfo {
  name: string;
  summary: string;
  targets: TargetKind;
  roles: readonly TrainingRole[];
  hyperparameters: HyperparameterInfo[];
}

type Schema = {
  type?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  description?: string;
  anyOf?: { const?: unknown }[];
};

export function architectureInfo(a: TrainingArchitecture): ArchitectureInfo {
  const fields = a.hyperparameters.properties as Record<string, Schema>;
  return {
    name: a.name,
    summary: a.summary,
    targets: a.targets,
    roles: a.roles,
    hyperparameters: Object.entries(fields).map(([name, s]) => {
      const values = s.anyOf?.every((x) => typeof x.const === "string") ? s.anyOf.map((x) => String(x.const)) : null;
      return {
        name,
        type: values ? "string" : (s.type ?? "value"),
        default: s.default ?? null,
        minimum: s.minimum ?? s.exclusiveMinimum ?? null,
        maximum: s.maximum ?? s.exclusiveMaximum ?? null,
        values,
        description: s.description ?? "",
      };
    }),
  };
}

/** The model task a network of this role registers as. */
export function taskFor(role: TrainingRole, targets: TargetKind): ModelTask {
  if (role === "GENERATOR") return "GENERATION";
  if (role === "CLASSIFIER") return targets === "class_and_parameters" ? "MULTI_TASK" : "CLASSIFICATION";
  return "REGRESSION";
}

/** From the card's heads: what the registry checks the card against. */
function taskOfCard(card: Record<string, unknown>): ModelTask {
  const kinds = ((card.outputs as { kind?: string }[] | undefined) ?? []).map((h) => h.kind);
  if (kinds.length > 1) return "MULTI_TASK";
  if (kinds[0] === "curve") return "GENERATION";
  if (kinds[0] === "classification") return "CLASSIFICATION";
  return "REGRESSION";
}

/** The registered model name of each network: the name itself, or name-suffix when an architecture registers several. */
function modelNameOf(model: string, suffix: string | undefined): string {
  return suffix ? `${model}-${suffix}` : model;
}

function seconds(s: number): string {
  return s >= 90 ? `${Math.round(s / 60)} min` : `${Math.max(1, Math.round(s))} s`;
}

export class TrainingService {
  constructor(
    private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly curves: CurveService,
    private readonly registry: ModelRegistry,
    private readonly jobs: JobService,
    /** Backend to ask for (tests pin one); default the fastest installed. */
    private readonly backend?: TrainingBackend,
  ) {}

  architectures(): ArchitectureInfo[] {
    return TRAINING_ARCHITECTURES.map(architectureInfo);
  }

  /** startTraining: every check that does not need the curves' values, then the job. */
  async start(viewer: Viewer, request: TrainingRequest): Promise<JobRun> {
    if (!viewer.userId) throw unauthenticated("sign in to train models");
    const architecture = findArchitecture(request.architecture);
    if (!architecture)
      throw badInput(
        `architecture "${request.architecture}" is not known; architectures are ${TRAINING_ARCHITECTURES.map((x) => x.name).join(", ")}`,
        "architecture",
      );
    const hyperparameters = resolveHyperparameters(architecture.name, request.hyperparameters ?? {});
    const input: TrainModelInput = {
      model: request.model.trim(),
      architecture: architecture.name,
      datasetIds: [...new Set(request.datasetIds)],
      targets: request.targets.map((t) => t.trim()),
      inputTransform: request.inputTransform ?? "LOG10",
      hyperparameters,
      seed: request.seed ?? 0,
    };
    if (request.validationFraction !== undefined && request.validationFraction !== null) input.validationFraction = request.validationFraction;
    if (request.validationDatasetIds?.length) input.validationDatasetIds = [...new Set(request.validationDatasetIds)];
    if (input.datasetIds.length === 0) throw badInput("datasetIds is empty: give at least one dataset to train on", "datasetIds");
    if (input.datasetIds.length > MAX_TRAINING_DATASETS)
      throw tooLarge(`datasetIds has ${input.datasetIds.length} datasets; the limit is ${MAX_TRAINING_DATASETS}`, "datasetIds");
    if (input.targets.length === 0 || input.targets.some((t) => !t))
      throw badInput("targets must name at least one curve parameter (or the class parameter for classifiers)", "targets");

    try {
      checkTargetNames(architecture.targets, input.targets);
    } catch (err) {
      if (err instanceof TrainingProblemError) throw badInput(err.message, err.field);
      throw err;
    }

    for (const role of architecture.roles) {
      const suffix = architecture.roles.length > 1 ? role.toLowerCase() : undefined;
      await this.registry.trainingModel(viewer, modelNameOf(input.model, suffix), taskFor(role, architecture.targets));
    }
    const train = await this.readableDatasets(viewer, input.datasetIds, "datasetIds");
    const held = await this.readableDatasets(viewer, input.validationDatasetIds ?? [], "validationDatasetIds");
    const total = [...train, ...held].reduce((n, d) => n + d.curveCount, 0);
    if (total < 2) throw badInput(`training needs at least 2 curves; the datasets hold ${total}`, "datasetIds");
    if (total > MAX_TRAINING_CURVES) throw tooLarge(`the datasets hold ${total} curves; one training run reads at most ${MAX_TRAINING_CURVES}`, "datasetIds");
    await this.checkTargets(
      [...train, ...held].map((d) => d.id),
      architecture.targets,
      input.targets,
    );
    await this.checkArchitecture(architecture, hyperparameters, input, train[0].id);
    return this.jobs.enqueue(viewer, trainModel, input);
  }

  /**
   * The architecture's own rules (a CNN that fits the curve, the VAE's grid) against the grid of the
   * first curve, so most misfits are refused now rather than when the job runs; the job checks again
   * on the problem itself (curves on different grids may share fewer points).
   */
  private async checkArchitecture(architecture: TrainingArchitecture, hyperparameters: Record<string, unknown>, input: TrainModelInput, datasetId: string) {
    if (!architecture.check) return;
    const [first] = (await this.db.query(`SELECT points FROM curves WHERE dataset_id = $1 ORDER BY index LIMIT 1`, [datasetId])) as { points: number }[];
    if (!first) return;
    const features = input.inputTransform === "QUOTIENT" ? first.points - 1 : first.points;
    // Targets by name (units and spaces come from the curves later); classes are not known yet.
    const names = architecture.targets === "parameters" ? input.targets : architecture.targets === "class" ? [] : input.targets.slice(1);
    try {
      architecture.check(hyperparameters, { features, targets: names.map((name) => ({ name, unit: "", space: "linear" as const })), classes: [] });
    } catch (err) {
      // An architecture states its rules as plain errors: each is the caller's to fix.
      if (err instanceof Error && !(err instanceof DomainError)) throw badInput(err.message, "architecture");
      throw err;
    }
  }

  /** Datasets the viewer may read (NOT_FOUND otherwise, as for any unknown id), each with curves. */
  private async readableDatasets(viewer: Viewer, ids: readonly string[], field: string): Promise<Dataset[]> {
    const out: Dataset[] = [];
    for (const id of ids) {
      const dataset = await this.catalogue.getDataset(viewer, id).catch((err: unknown) => {
        if (err instanceof DomainError && err.code === "NOT_FOUND") throw new DomainError("NOT_FOUND", err.message, field);
        throw err;
      });
      if (dataset.curveCount === 0) throw badInput(`dataset ${id} has no curves to train on`, field);
      out.push(dataset);
    }
    return out;
  }

  /** The target parameters are on the curves: on every curve for regression and class targets, on some for multi-task parameters. */
  private async checkTargets(datasetIds: string[], kind: TargetKind, targets: string[]): Promise<void> {
    for (const [i, name] of targets.entries()) {
      const everyCurve = kind !== "class_and_parameters" || i === 0;
      if (everyCurve) {
        const [missing] = (await this.db.query(`SELECT id, dataset_id FROM curves WHERE dataset_id = ANY($1::uuid[]) AND NOT (parameters ? $2) LIMIT 1`, [
          datasetIds,
          name,
        ])) as {
          id: string;
          dataset_id: string;
        }[];
        if (missing) throw badInput(`curve ${missing.id} of dataset ${missing.dataset_id} has no parameter "${name}" (target ${name})`, "targets");
        if (kind === "parameters") {
          // A class label (model: "sphere") named as a regression target: refused now, not when the job runs.
          const [text] = (await this.db.query(
            `SELECT id, dataset_id FROM curves WHERE dataset_id = ANY($1::uuid[]) AND jsonb_typeof(parameters -> $2) <> 'number'
               AND NOT (jsonb_typeof(parameters -> $2) = 'string' AND (parameters ->> $2) ~ $3) LIMIT 1`,
            [datasetIds, name, NUMERIC_TEXT],
          )) as { id: string; dataset_id: string }[];
          if (text)
            throw badInput(
              `parameter "${name}" of curve ${text.id} of dataset ${text.dataset_id} is not a number: a regressor learns numeric parameters (train a classifier on a class label)`,
              "targets",
            );
        }
      } else {
        const [some] = (await this.db.query(`SELECT 1 FROM curves WHERE dataset_id = ANY($1::uuid[]) AND parameters ? $2 LIMIT 1`, [
          datasetIds,
          name,
        ])) as unknown[];
        if (!some) throw badInput(`no curve of the datasets has a parameter "${name}" (target ${name})`, "targets");
      }
    }
  }

  private async loadCurves(viewer: Viewer, ids: readonly string[], field: string): Promise<TrainingCurve[]> {
    const out: TrainingCurve[] = [];
    for (const dataset of await this.readableDatasets(viewer, ids, field)) {
      for (const c of await this.curves.curvesOfDataset(dataset.id)) {
        out.push({ id: c.id, datasetId: dataset.id, q: c.q, intensity: c.intensity, qUnit: c.qUnit, intensityUnit: c.intensityUnit, parameters: c.parameters });
      }
    }
    return out;
  }

  /** The train-model job: train, check, register (all or nothing, with the job's SUCCEEDED). */
  async run(
    viewer: Viewer,
    input: TrainModelInput,
    progress: (fraction: number, message: string) => Promise<void>,
    signal: AbortSignal,
    onCommit: (tx: EntityManager, made: TrainingRunResult) => Promise<void>,
  ): Promise<TrainingRunResult> {
    const started = new Date();
    const architecture = findArchitecture(input.architecture);
    if (!architecture) throw badInput(`architecture "${input.architecture}" is not known`, "architecture");
    const hyperparameters = resolveHyperparameters(architecture.name, input.hyperparameters);
    const validationIds = input.validationDatasetIds ?? [];
    const curves = [
      ...(await this.loadCurves(viewer, input.datasetIds, "datasetIds")),
      ...(await this.loadCurves(viewer, validationIds, "validationDatasetIds")),
    ];
    let problem;
    try {
      problem = buildTrainingProblem(curves, {
        targetKind: architecture.targets,
        targets: input.targets,
        inputTransform: input.inputTransform,
        validationFraction: input.validationFraction,
        validationDatasetIds: validationIds,
        seed: input.seed,
      });
      architecture.check?.(hyperparameters, problem);
    } catch (err) {
      if (err instanceof TrainingProblemError) throw badInput(err.message, err.field);
      throw err;
    }
    const total = Math.max(1, architecture.epochs(hyperparameters));
    let done = 0;
    const t0 = Date.now();
    void progress(0.01, `training ${architecture.name} on ${problem.train.rows} curves (${problem.validation.rows} held out for validation)`);
    const onEpoch = (r: EpochReport) => {
      done++;
      const elapsed = (Date.now() - t0) / 1000;
      const left = (elapsed / done) * Math.max(0, total - done);
      void progress(
        0.02 + (0.88 * Math.min(done, total)) / total,
        `epoch ${r.epoch} of ${r.epochs}${r.stage === "train" ? "" : ` (${r.stage})`}: train loss ${r.trainLoss.toPrecision(4)}, validation loss ${r.validationLoss.toPrecision(4)}; about ${seconds(left)} left (at most)`,
      );
    };
    let result;
    try {
      result = await runTrainingThread({ architecture: architecture.name, problem, hyperparameters, seed: input.seed, backend: this.backend }, onEpoch, signal);
    } catch (err) {
      // A thread that died is worth another attempt (the job service retries UNAVAILABLE).
      if (err instanceof TrainingThreadDiedError) throw new DomainError("UNAVAILABLE", err.message);
      if (err instanceof TrainingInputError) throw badInput(err.message, err.field ?? "hyperparameters");
      throw err;
    }
    const wallSeconds = (Date.now() - t0) / 1000;
    const { outcome, backend } = result;
    await progress(0.92, `checking ${outcome.networks.length} exported network(s) in onnxruntime`);
    const many = outcome.networks.length > 1;
    for (const n of outcome.networks) await checkInOnnxRuntime(n, `the ${n.role.toLowerCase()} network`);
    signal.throwIfAborted();

    const history = recordedHistory(outcome.history);
    const versions = outcome.networks.map((n) => {
      const model = modelNameOf(input.model, n.suffix ?? (many ? n.role.toLowerCase() : undefined));
      const training: TrainingRecord = {
        architecture: architecture.name,
        role: n.role,
        hyperparameters: hyperparameters as TrainingRecord["hyperparameters"],
        seed: input.seed,
        backend,
        wallSeconds,
        inputTransform: input.inputTransform,
        targets: input.targets,
        datasetIds: input.datasetIds,
        validationDatasetIds: validationIds,
        ...(validationIds.length === 0 ? { validationFraction: input.validationFraction ?? DEFAULT_VALIDATION_FRACTION } : {}),
        history,
      };
      const card = trainedCard(n, problem, model, training);
      return { model, role: n.role, task: taskOfCard(card), description: String(n.card.description ?? ""), card, bytes: n.onnx };
    });
    await progress(0.95, `registering ${versions.map((v) => v.model).join(", ")}`);
    const used = [...input.datasetIds, ...validationIds];
    const registered = await this.registry.registerTrained(
      viewer,
      {
        versions,
        datasetIds: used,
        activity: {
          label: `train ${architecture.name} ${versions.map((v) => v.model).join(", ")} on ${problem.train.rows} curves`,
          parameters: {
            architecture: architecture.name,
            model: input.model,
            targets: input.targets,
            inputTransform: input.inputTransform,
            hyperparameters,
            seed: input.seed,
            backend,
            wallSeconds,
            epochs: history.length,
            datasetIds: input.datasetIds,
            validationDatasetIds: validationIds,
            trainingCurves: problem.train.rows,
            validationCurves: problem.validation.rows,
          },
          seed: input.seed,
          startedAt: started,
        },
      },
      (tx, made) => onCommit(tx, { versions: refs(made.versions), activity: made.activity }),
    );
    function refs(made: { id: string; version: number }[]): TrainedVersionRef[] {
      return made.map((v, i) => ({ id: v.id, role: versions[i].role, model: versions[i].model, version: v.version }));
    }
    return { versions: refs(registered.versions), activity: registered.activity };
  }
}
