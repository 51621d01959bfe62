import type { Services } from "../../services/container";
import { sasSimulationHandler } from "./sas-simulation";
import { predictDatasetHandler } from "./predict-dataset";
import { colloidSimulationHandler } from "./colloid-simulation";
import { hardSphereSimulationHandler } from "./hard-sphere-simulation";
import { importFileHandler } from "./import-file";

/** Register every job kind with the job service. Each handler lives in its own file here. */
export function registerJobHandlers(services: Services): void {
  services.jobs.register(sasSimulationHandler((spec) => services.simulations.checkSasSweep(spec)));
  services.jobs.register(predictDatasetHandler());
  services.jobs.register(colloidSimulationHandler((sweep) => services.simulations.checkColloidSweep(sweep)));
  services.jobs.register(importFileHandler());
  services.jobs.register(hardSphereSimulationHandler((sweep) => services.simulations.checkHardSphereSweep(sweep)));
}
