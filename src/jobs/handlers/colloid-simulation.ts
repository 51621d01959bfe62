import type { ShearedColloidSpec } from "../../compute/particles/colloids";
import type { DatasetTarget, SimulationResult, StatePointSweep } from "../../services/simulation-service";
import { badInput } from "../../services/errors";
import type { JobHandler } from "../job-handler";

export interface ColloidSimulationInput {
  sweep: StatePointSweep<ShearedColloidSpec>;
  target: DatasetTarget;
}

export const COLLOID_SIMULATION_QUEUE = "simulation-sheared-colloids";

/** Parameters of the paper that a sweep may range over. */
export const COLLOID_RANGE_NAMES = ["nL2", "radiusSpread", "d2", "gammaL"] as const;

export function colloidSimulationHandler(check: (sweep: StatePointSweep<ShearedColloidSpec>) => void): JobHandler<ColloidSimulationInput> {
  return {
    queue: COLLOID_SIMULATION_QUEUE,
    expireInSeconds: 24 * 3600,
    validate(raw) {
      const input = raw as ColloidSimulationInput;
      if (!input.target.title?.trim()) throw badInput("title must not be empty", "title");
      input.sweep.ranges.forEach((r, i) => {
        if (!(COLLOID_RANGE_NAMES as readonly string[]).includes(r.name)) {
          throw badInput(`shearedColloids.ranges[${i}].name must be one of ${COLLOID_RANGE_NAMES.join(", ")}`, `shearedColloids.ranges[${i}].name`);
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
      const made = await services.simulations.runShearedColloids(
        input.sweep,
        { ...input.target, ownerId },
        (fraction, message) => progress(fraction, message),
        signal,
        (tx, result) => commit(tx, outcome(result)),
      );
      return outcome(made);
    },
  };
}
