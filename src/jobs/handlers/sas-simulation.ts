import type { SasSweepSpec } from "../../compute/sas/sweep";
import type { DatasetTarget, SimulationResult } from "../../services/simulation-service";
import { badInput } from "../../services/errors";
import type { JobHandler } from "../job-handler";

/** The queued form of a sweep: plain JSON, so q is a number array instead of a Float64Array. */
export type SasSimulationInput = Omit<SasSweepSpec, "q"> & { q: number[]; target: DatasetTarget };

export function toSweepSpec(input: SasSimulationInput): SasSweepSpec {
  const { target: _target, ...spec } = input;
  return { ...spec, q: Float64Array.from(input.q) };
}

export const SAS_SIMULATION_QUEUE = "simulation-sas";

export function sasSimulationHandler(check: (spec: SasSweepSpec) => void): JobHandler<SasSimulationInput> {
  return {
    queue: SAS_SIMULATION_QUEUE,
    validate(raw) {
      const input = raw as SasSimulationInput;
      if (!input.target.title?.trim()) throw badInput("title must not be empty", "title");
      check(toSweepSpec(input));
      return input;
    },
    async run({ input, ownerId, services, progress, signal, commit }) {
      if (!ownerId) throw new Error("simulations need an owner");
      const outcome = ({ dataset, activity }: SimulationResult) => ({
        datasetIds: [dataset.id],
        activityId: activity.id,
        message: `made dataset ${dataset.id} with ${dataset.curveCount} curves`,
      });
      const made = await services.simulations.runSasSweep(
        toSweepSpec(input),
        { ...input.target, ownerId },
        (fraction, message) => progress(fraction, message),
        signal,
        (tx, result) => commit(tx, outcome(result)),
      );
      return outcome(made);
    },
  };
}
