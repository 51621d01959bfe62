import type { DataSource } from "typeorm";
import type { Config } from "../platform/config";
import type { ObjectStore } from "../storage/object-store";
import type { QueryCounter } from "../db/query-counter";
import { AuthService } from "./auth-service";
import { CatalogueService } from "./catalogue-service";
import { CurveService } from "./curve-service";
import { DetectorImageService } from "./detector-image-service";
import { ReductionService } from "./reduction-service";
import { ExportService } from "./export-service";
import { IngestService } from "./ingest-service";
import { ProvenanceService } from "./provenance-service";
import { JobService } from "../jobs/job-service";
import { SimulationService } from "./simulation-service";
import { AnalysisService } from "./analysis-service";
import { ScatteringService } from "./scattering-service";
import { createHeavyWork, type HeavyWork } from "./heavy/heavy-work";
import { registerJobKinds } from "../jobs/kinds";
import { createModelServing, type ModelServing } from "./model-registry";
import { ImportUploadService } from "./import-upload-service";
import { EvaluationService } from "./evaluation/evaluation-service";
import { UploadDispatch } from "./uploads/upload-dispatch";
import { UPLOAD_TTL_SECONDS } from "./uploads/upload-token";
import { TrainingService } from "./training-service";

/** Every service of one process, wired once at start-up. */
export interface Services {
  config: Config;
  db: DataSource;
  queries: QueryCounter;
  store: ObjectStore;
  auth: AuthService;
  catalogue: CatalogueService;
  curves: CurveService;
  /** Two-dimensional detector images of datasets. */
  images: DetectorImageService;
  reduction: ReductionService;
  provenance: ProvenanceService;
  ingest: IngestService;
  /** Imports of big files through upload links. */
  importUploads: ImportUploadService;
  /** `PUT /uploads/:token`, for model files and imports alike. */
  uploads: UploadDispatch;
  exports: ExportService;
  jobs: JobService;
  simulations: SimulationService;
  analysis: AnalysisService;
  scattering: ScatteringService;
  /** The compute pool (closed with the platform). */
  heavy: HeavyWork;
  /** Trained (machine-learning) models: the registry, inference and the serving engine. */
  trainedModels: ModelServing;
  /** startTraining and the train-model job. */
  training: TrainingService;
  /** Evaluations of model versions on datasets (evaluateModel, compareModels). */
  evaluations: EvaluationService;
  secret: string;
  databaseUrl: string;
}

export function createServices(args: {
  config: Config;
  db: DataSource;
  queries: QueryCounter;
  store: ObjectStore;
  secret: string;
  databaseUrl: string;
}): Services {
  const { config, db, store } = args;
  const limits = {
    maxPointsPerCurve: config.maxPointsPerCurve,
    maxCurvesPerRequest: config.maxCurvesPerRequest,
    maxCurveValues: config.maxCurveValues,
    maxPayloadBytes: config.maxPayloadBytes,
  };
  const auth = new AuthService(db);
  const catalogue = new CatalogueService(db, store);
  const curves = new CurveService(db, catalogue, limits);
  const images = new DetectorImageService(db, store, catalogue);
  const provenance = new ProvenanceService(db);
  const heavy = createHeavyWork({ threads: config.computeThreads, queue: config.computeQueue });
  const ingest = new IngestService(
    db,
    store,
    catalogue,
    curves,
    provenance,
    limits,
    (format, content, options) => heavy.parseFile(format, content, options ?? {}),
    images,
  );
  const exports = new ExportService(db, store, catalogue, curves, provenance, {
    write: (format, data) => heavy.writeExport(format, data),
    secret: args.secret,
    ttlSeconds: config.downloadTtlSeconds,
    publicApiUrl: config.publicApiUrl ?? `http://localhost:${config.port}`,
    images,
  });
  const jobs = new JobService(db, args.databaseUrl, { heartbeatSeconds: config.jobHeartbeatSeconds, monitorSeconds: config.jobMonitorSeconds });
  const simulations = new SimulationService(db, curves, provenance, store, jobs, images);
  const analysis = new AnalysisService(catalogue, curves, heavy, { maxResponseValues: config.maxResponseValues });
  const reduction = new ReductionService(db, catalogue, images, curves, provenance);
  const scattering = new ScatteringService(heavy, { maxResponseValues: config.maxResponseValues });
  const trainedModels = createModelServing({
    db,
    store,
    catalogue,
    curves,
    provenance,
    secret: args.secret,
    exports,
    maxPointsPerCurve: config.maxPointsPerCurve,
  });
  const evaluations = new EvaluationService(db, trainedModels.registry, trainedModels.inference, catalogue, curves);
  const importUploads = new ImportUploadService(db, store, catalogue, jobs, {
    secret: args.secret,
    publicApiUrl: () => exports.apiUrl(),
    ttlSeconds: UPLOAD_TTL_SECONDS,
    maxBytes: config.maxImportBytes,
  });
  const training = new TrainingService(db, catalogue, curves, trainedModels.registry, jobs);
  const uploads = new UploadDispatch(args.secret);
  uploads.register("MODEL_VERSION", (claims, body, length) => trainedModels.registry.receiveUpload(claims, body, length));
  uploads.register("IMPORT", (claims, body, length) => importUploads.receiveUpload(claims, body, length));
  const services: Services = {
    ...args,
    auth,
    catalogue,
    curves,
    images,
    reduction,
    provenance,
    ingest,
    importUploads,
    uploads,
    exports,
    jobs,
    simulations,
    analysis,
    scattering,
    heavy,
    trainedModels,
    training,
    evaluations,
  };
  registerJobKinds(jobs, {
    simulations,
    auth,
    ingest,
    inference: trainedModels.inference,
    evaluations,
    registry: trainedModels.registry,
    importUploads,
    training,
    uploadSweepCron: config.uploadSweepCron,
  });
  return services;
}
