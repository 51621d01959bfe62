/** The dataset a simulation makes: what the user says about it, and what the run wrote. */
import { Type, type Static } from "@sinclair/typebox";
import type { Dataset } from "../entities";
import { TECHNIQUES } from "../entities/dataset";
import { oneOf } from "../services/input-schema";

/** What the user says about the dataset (the startSimulation fields besides the kind's). */
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

/** The target with its owner and, for the platform's own datasets, instrument and sample. */
export interface SimulationTarget extends DatasetTarget {
  ownerId: string;
  instrumentId?: string | null;
  sampleId?: string | null;
}

/** What a simulation wrote. */
export interface SimulationResult {
  dataset: Dataset;
  activity: { id: string };
  /** What the kind reports beyond the dataset (a virtual-experiment set's cleaning), copied into the job's result. */
  report?: Record<string, unknown>;
}
