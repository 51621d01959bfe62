import type { Services } from "../../services/container";
import { sasSimulationHandler } from "./sas-simulation";
import { predictDatasetHandler } from "./predict-dataset";
import { colloidSimulationHandler } from "./colloid-simulation";
import { hardSphereSimulationHandler } from "./hard-sphere-simulation";
import { importFileHandler } from "./import-file";
import { sweepPendingUploadsJob } from "./sweep-pending-uploads";

/** Register every job kind, and every scheduled job, with the job service. Each lives in its own file here. */
export function registerJobHandlers(services: Services): void {
  services.jobs.register(sasSimulationHandler((spec) => services.simulations.checkSasSweep(spec)));
  services.jobs.register(predictDatasetHandler());
  services.jobs.register(colloidSimulationHandler((sweep) => services.simulations.checkColloidSweep(sweep)));
  services.jobs.register(importFileHandler());
  services.jobs.register(hardSphereSimulationHandler((sweep) => services.simulations.checkHardSphereSweep(sweep)));
  services.jobs.registerScheduled(sweepPendingUploadsJob(services.config.uploadSweepCron));
}
