import type { DatasetTarget, HardSphereStatePoint, SimulationResult, StatePointSweep } from "../../services/simulation-service";
import { badInput } from "../../services/errors";
import type { JobHandler } from "../job-handler";

export interface HardSphereSimulationInput {
  sweep: StatePointSweep<HardSphereStatePoint>;
  target: DatasetTarget;
}

export const HARD_SPHERE_SIMULATION_QUEUE = "simulation-hard-spheres";

/** State-point parameters a sweep may range over. */
export const HARD_SPHERE_RANGE_NAMES = ["eta", "sigma"] as const;

export function hardSphereSimulationHandler(check: (sweep: StatePointSweep<HardSphereStatePoint>) => void): JobHandler<HardSphereSimulationInput> {
  return {
    queue: HARD_SPHERE_SIMULATION_QUEUE,
    expireInSeconds: 24 * 3600,
    validate(raw) {
      const input = raw as HardSphereSimulationInput;
      if (!input.target.title?.trim()) throw badInput("title must not be empty", "title");
      input.sweep.ranges.forEach((r, i) => {
        if (!(HARD_SPHERE_RANGE_NAMES as readonly string[]).includes(r.name)) {
          throw badInput(`hardSpheres.ranges[${i}].name must be one of ${HARD_SPHERE_RANGE_NAMES.join(", ")}`, `hardSpheres.ranges[${i}].name`);
        }
      });
      check(input.sweep);
      return input;
    },
    async run({ input, ownerId, services, progress, signal, commit }) {
      if (!ownerId) throw new Error("simulations need an owner");
      const outcome = ({ dataset, activity }: SimulationResult) => ({
        datasetIds: [dataset.id],
        activityId: activity.id,
        message: `made dataset ${dataset.id} with ${dataset.curveCount} state point(s)`,
      });
      const made = await services.simulations.runHardSpheres(
        input.sweep,
        { ...input.target, ownerId },
        (f, m) => progress(f, m),
        signal,
        (tx, result) => commit(tx, outcome(result)),
      );
      return outcome(made);
    },
  };
}
