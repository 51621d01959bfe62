/**
 * The one job kind of simulations, instantiated per simulation kind (each keeps its own queue): the
 * queued input is the kind's input table plus the dataset to make; it is checked by the kind's
 * schema, science rules and work bounds when queued and again when dequeued, then run by
 * SimulationService.run, which commits the dataset with the job's SUCCEEDED state.
 */
import { Type, type Static, type TObject } from "@sinclair/typebox";
import { TECHNIQUES } from "../../entities/dataset";
import { badInput } from "../../services/errors";
import type { SimulationResult, SimulationService } from "../../services/simulation-service";
import { oneOf, parseInput } from "../../services/input-schema";
import type { SimulationKind } from "../../simulations/simulation-kind";
import { defineJobKind, type JobKind, type JobOutcome } from "../job-kind";

/** What the user says about the dataset a simulation makes. */
export const DATASET_TARGET = Type.Object(
  {
    title: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    technique: oneOf(TECHNIQUES),
    keywords: Type.Optional(Type.Array(Type.String())),
    accessGroups: Type.Optional(Type.Array(Type.String())),
    publish: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type DatasetTarget = Static<typeof DATASET_TARGET>;

export interface SimulationJobDeps {
  simulations: Pick<SimulationService, "run">;
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
      const outcome = ({ dataset, activity }: SimulationResult): JobOutcome => ({
        datasetIds: [dataset.id],
        activityId: activity.id,
        message: `made dataset ${dataset.id} with ${dataset.curveCount} curve(s)`,
      });
      const made = await deps.simulations.run(kind, input.input, { ...input.target, ownerId }, progress, signal, (tx, result) => commit(tx, outcome(result)));
      return outcome(made);
    },
  });
  jobs.set(kind, job);
  return job;
}
