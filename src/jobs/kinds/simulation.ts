/**
 * The one job kind of simulations, instantiated per simulation kind (each keeps its own queue): the
 * queued input is the kind's input table plus the dataset to make; it is checked by the kind's
 * schema, science rules and work bounds when queued and again when dequeued, then run by
 * SimulationService.run, which commits the dataset with the job's SUCCEEDED state.
 */
import { Type, type TObject } from "@sinclair/typebox";
import { badInput } from "../../services/errors";
import type { CommitHook } from "../../services/commit-hook";
import { parseInput } from "../../services/input-schema";
import { DATASET_TARGET, type SimulationResult, type SimulationTarget } from "../../simulations/simulation-target";
import type { SimulationKind } from "../../simulations/simulation-kind";
import { defineJobKind, type JobKind, type JobOutcome } from "../job-kind";

/** What a simulation job needs: something that runs a kind's input and commits its dataset (SimulationService). */
export interface SimulationJobDeps {
  simulations: {
    run(
      kind: SimulationKind,
      input: unknown,
      target: SimulationTarget,
      progress: (fraction: number, message: string) => Promise<void> | void,
      signal: AbortSignal,
      onCommit: CommitHook<SimulationResult>,
    ): Promise<SimulationResult>;
  };
}

const ENVELOPE = Type.Object({ target: Type.Unknown(), input: Type.Unknown() }, { additionalProperties: false });

const queued = <S extends TObject>(input: S) => Type.Object({ target: DATASET_TARGET, input }, { additionalProperties: false });

const jobs = new Map<SimulationKind, JobKind<TObject, SimulationJobDeps>>();

/** The job kind of a simulation kind (one per kind, made once). */
export function simulationJob(kind: SimulationKind): JobKind<ReturnType<typeof queued<TObject>>, SimulationJobDeps> {
  const made = jobs.get(kind);
  if (made) return made as JobKind<ReturnType<typeof queued<TObject>>, SimulationJobDeps>;
  const job = defineJobKind<ReturnType<typeof queued<TObject>>, SimulationJobDeps>({
    queue: kind.queue,
    input: queued(kind.input),
    policy: { expireInSeconds: kind.expireInSeconds },
    // Named as in startSimulation: "title", "hardSpheres.eta".
    parse(raw) {
      const { target, input } = parseInput(ENVELOPE, raw, "");
      return { target: parseInput(DATASET_TARGET, target, ""), input: parseInput(kind.input, input, kind.inputField ?? kind.name) };
    },
    check({ target, input }) {
      if (!target.title.trim()) throw badInput("title must not be empty", "title");
      kind.check(input);
      kind.checkWork(input);
    },
    async run({ input, ownerId, deps, progress, signal, commit }) {
      if (!ownerId) throw new Error("simulations need an owner");
      const outcome = ({ dataset, activity, report }: SimulationResult): JobOutcome => ({
        ...report,
        datasetIds: [dataset.id],
        activityId: activity.id,
        message:
          typeof report?.images === "number"
            ? `made dataset ${dataset.id} with ${report.images} detector image(s)`
            : `made dataset ${dataset.id} with ${dataset.curveCount} curve(s)`,
      });
      const made = await deps.simulations.run(kind, input.input, { ...input.target, ownerId }, progress, signal, (tx, result) => commit(tx, outcome(result)));
      return outcome(made);
    },
  });
  jobs.set(kind, job);
  return job;
}
