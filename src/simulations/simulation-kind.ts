/**
 * A simulation kind describes itself in one module, the way a scattering model does in
 * src/compute/sas/models: its name and queue, its input table (a schema with units and bounds), the
 * pure checks the schema cannot state, the compute steps a worker thread runs, and how their results
 * become a dataset. src/simulations/registry.ts lists the kinds; the service, the one job handler, the
 * compute thread, startSimulation and the CLI all read the list instead of branching on kinds.
 */
import type { Static, TObject } from "@sinclair/typebox";
import type { ActivityKind } from "../entities/activity";
import type { DatasetKind } from "../entities/dataset";
import type { CurveRecord } from "../formats/curve";
import type { DetectorImageRecord } from "../formats/detector-image";

export type StepProgress = (fraction: number, message: string) => void;

/** A file kept with the dataset (a configuration), stored before the dataset's transaction. */
export interface Attachment {
  body: Buffer;
  filename: string;
  /** Enum value of its format in the formats table ("JSON"). */
  format: string;
}

/** What a simulation writes besides the dataset's own fields: curves, files, metadata, its activity. */
export interface SimulatedDataset {
  records: CurveRecord[];
  /** Two-dimensional detector images (virtual experiments), stored in the dataset's transaction. */
  images?: DetectorImageRecord[];
  files?: Attachment[];
  metadata: Record<string, unknown>;
  description: string;
  keywords: string[];
  activity: { label: string; parameters: Record<string, unknown>; seed: number; kind?: ActivityKind };
  /** The dataset's kind (default SIMULATED; virtual experiments are VIRTUAL_EXPERIMENT). */
  datasetKind?: DatasetKind;
  /** JSON the job's result carries besides the dataset's id (what was made, what was dropped and why). */
  report?: Record<string, unknown>;
}

export interface SimulationKind<S extends TObject = TObject, Step = unknown, Result = unknown> {
  /** Stable name: the activity's `parameters.kind`, the compute task's name. */
  readonly name: string;
  /** The field of StartSimulationInput that asks for this kind; null for kinds only the platform starts. */
  readonly inputField: string | null;
  /** pg-boss queue of its jobs (names kept from earlier releases, so queued jobs survive an upgrade). */
  readonly queue: string;
  /** Seconds before pg-boss considers a running job of this kind lost. */
  readonly expireInSeconds: number;
  /** One line for docs and CLI help. */
  readonly summary: string;
  /**
   * The input table, in the queued (JSON) form: fields, types, defaults, `unit`, bounds. Bounds here
   * hold everywhere (also for the CLI); work bounds that protect a server are in `checkWork`.
   */
  readonly input: S;
  /** The queued form of a startSimulation request's field, when it differs (a q grid to resolve); default: as given. */
  fromRequest?(request: Record<string, unknown>): unknown;
  /** Rules across fields the schema cannot state (science, not server size): BAD_USER_INPUT naming the field. */
  check(input: Static<S>): void;
  /** Server bounds in work units (memory, run time), checked before queuing and on dequeue. */
  checkWork(input: Static<S>): void;
  /**
   * The compute steps, each run on its own worker thread (one per state point, or slices of a sweep).
   * `threads` is how many threads the job may use; only kinds with `concurrentSteps` need it.
   */
  steps(input: Static<S>, threads: number): Step[];
  /**
   * The steps are independent single-threaded slices of one computation whose results do not depend
   * on how it was sliced: the job runs up to its thread count of them at once (results stay in order).
   * Kinds whose steps use several threads themselves (I(Q), colloids) leave this unset.
   */
  readonly concurrentSteps?: boolean;
  /** Runs on a worker thread: pure computation on plain data (typed arrays allowed). */
  compute(step: Step, progress: StepProgress): Result | Promise<Result>;
  /** Progress label of step k of n (default "step k of n"). */
  stepLabel?(step: Step, k: number, of: number): string;
  /** The dataset the results make. */
  toDataset(input: Static<S>, results: Result[]): SimulatedDataset;
}

/** Typed in the kind's own file, listed untyped (methods are bivariant, so every kind fits the list's type). */
export function defineSimulationKind<S extends TObject, Step, Result>(kind: SimulationKind<S, Step, Result>): SimulationKind<S, Step, Result> {
  return kind;
}

export type SimulationInput<K> = K extends SimulationKind<infer S, unknown, unknown> ? Static<S> : never;
