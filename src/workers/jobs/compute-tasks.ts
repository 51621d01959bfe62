/**
 * The heavy computations jobs run, by name: each takes plain data and a progress callback and
 * returns plain data (typed arrays allowed). compute-thread.ts runs them off the main thread.
 */
import { runSasSweep, sweepPoints, sweepSize, type SasSweepSpec } from "../../compute/sas/sweep";
import { runShapeMixture, shapeMixtureSize, type ShapeMixtureSpec } from "../../compute/sas/shape-mixture";
import { simulateShearedColloidsParallel, type ShearedColloidSpec } from "../../compute/particles/colloids";
import {
  fibonacciDirections,
  paperDirections,
  simulateStatePoint,
  type HardSphereMethod,
  type HardSphereSystemSpec,
  type ScatteringEstimator,
} from "../../compute/particles/hardspheres";

export type Progress = (fraction: number, message: string) => void;

export interface SweepCurveData {
  parameters: Record<string, number | string>;
  I: Float64Array;
  dI: Float64Array | null;
}

/** One hard-sphere state point as a job computes it (q in units of 1/D0). */
export interface HardSphereTask {
  spec: HardSphereSystemSpec;
  configurations: number;
  q: Float64Array;
  /** Directions per configuration: a Fibonacci set of this size, or the paper's 50 x 100 grid when absent. */
  directions?: number;
  /** Return the last configuration (positions, diameters, box) to keep as a file. */
  keepConfiguration: boolean;
  /** How I(Q) is taken from a configuration (default "paper"). */
  estimator?: ScatteringEstimator;
  /** How configurations are sampled (default "event-chain"). */
  method?: HardSphereMethod;
  /** "paper-md": time step (default the authors' 0.001). */
  timeStep?: number;
}

export const COMPUTE_TASKS = {
  sasSweep(spec: SasSweepSpec, progress: Progress): SweepCurveData[] {
    const total = sweepSize(spec, sweepPoints(spec).length);
    const out: SweepCurveData[] = [];
    for (const c of runSasSweep(spec)) {
      out.push({ parameters: c.parameters, I: c.I, dI: c.dI });
      if (out.length % 100 === 0 || out.length === total) progress(out.length / total, `computed ${out.length} of ${total} curves`);
    }
    return out;
  },
  shapeMixture(spec: ShapeMixtureSpec, progress: Progress): (SweepCurveData & { shape: string })[] {
    const total = shapeMixtureSize(spec);
    const out: (SweepCurveData & { shape: string })[] = [];
    for (const c of runShapeMixture(spec)) {
      out.push({ shape: c.shape, parameters: c.parameters, I: c.I, dI: c.dI });
      if (out.length % 100 === 0 || out.length === total) progress(out.length / total, `computed ${out.length} of ${total} curves`);
    }
    return out;
  },
  /** On all cores: whole jackknife batches per worker thread, bit-identical to the single-threaded run. */
  async shearedColloids(spec: ShearedColloidSpec, progress: Progress) {
    return simulateShearedColloidsParallel(spec, { onProgress: progress });
  },
  async hardSpheres(task: HardSphereTask, progress: Progress) {
    const result = await simulateStatePoint(task.spec, {
      configurations: task.configurations,
      q: task.q,
      directions: task.directions ? fibonacciDirections(task.directions) : paperDirections(),
      estimator: task.estimator,
      method: task.method,
      md: { timeStep: task.timeStep },
      onProgress: progress,
    });
    const { lastConfiguration, ...rest } = result;
    return { ...rest, configuration: task.keepConfiguration ? lastConfiguration : null };
  },
};

export type ComputeTaskName = keyof typeof COMPUTE_TASKS;
export type ComputeTaskInput<K extends ComputeTaskName> = Parameters<(typeof COMPUTE_TASKS)[K]>[0];
export type ComputeTaskOutput<K extends ComputeTaskName> = Awaited<ReturnType<(typeof COMPUTE_TASKS)[K]>>;
