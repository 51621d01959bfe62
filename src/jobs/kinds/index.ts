/**
 * Every job kind and scheduled job, once, with the narrow dependencies each declares: adding a kind
 * is its module under src/jobs/kinds and a line here. The services container calls this with the
 * services it made; no job receives the container itself.
 */
import type { JobService } from "../job-service";
import { SIMULATION_KINDS } from "../../simulations/registry";
import { simulationJob, type SimulationJobDeps } from "./simulation";
import { importFile, type ImportFileDeps } from "./import-file";
import { predictDataset, type PredictDatasetDeps } from "./predict-dataset";
import { evaluateModel, type EvaluateModelDeps } from "./evaluate-model";
import { sweepPendingUploadsJob, type SweepPendingUploadsDeps } from "./sweep-pending-uploads";
import { trainModel, type TrainingJobDeps } from "./training";

export type JobDependencies = SimulationJobDeps &
  ImportFileDeps &
  PredictDatasetDeps &
  EvaluateModelDeps &
  SweepPendingUploadsDeps &
  TrainingJobDeps & { uploadSweepCron: string | null };

export function registerJobKinds(jobs: JobService, deps: JobDependencies): void {
  for (const kind of SIMULATION_KINDS) jobs.register(simulationJob(kind), { simulations: deps.simulations });
  jobs.register(importFile, { auth: deps.auth, ingest: deps.ingest });
  jobs.register(predictDataset, { auth: deps.auth, inference: deps.inference });
  jobs.register(trainModel, { auth: deps.auth, training: deps.training });
  jobs.register(evaluateModel, { auth: deps.auth, evaluations: deps.evaluations });
  jobs.registerScheduled(sweepPendingUploadsJob(deps.uploadSweepCron), { registry: deps.registry, importUploads: deps.importUploads });
}
