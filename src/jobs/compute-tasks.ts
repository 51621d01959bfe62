/**
 * The heavy computations jobs run, by name: each takes plain data and a progress callback and
 * returns plain data (typed arrays allowed). compute-thread.ts runs them off the main thread.
 */
import { runSasSweep, sweepPoints, type SasSweepSpec } from "../compute/sas-sweep";
import { simulateShearedColloids, type ShearedColloidSpec } from "../compute/particles/colloids";

export type Progress = (fraction: number, message: string) => void;

export interface SweepCurveData {
  parameters: Record<string, number | string>;
  I: Float64Array;
  dI: Float64Array | null;
}

export const COMPUTE_TASKS = {
  sasSweep(spec: SasSweepSpec, progress: Progress): SweepCurveData[] {
    const total = sweepPoints(spec).length;
    const out: SweepCurveData[] = [];
    for (const c of runSasSweep(spec)) {
      out.push({ parameters: c.parameters, I: c.I, dI: c.dI });
      if (out.length % 100 === 0 || out.length === total) progress(out.length / total, `computed ${out.length} of ${total} curves`);
    }
    return out;
  },
  shearedColloids(spec: ShearedColloidSpec, progress: Progress) {
    return simulateShearedColloids(spec, progress);
  },
};

export type ComputeTaskName = keyof typeof COMPUTE_TASKS;
export type ComputeTaskInput<K extends ComputeTaskName> = Parameters<(typeof COMPUTE_TASKS)[K]>[0];
export type ComputeTaskOutput<K extends ComputeTaskName> = ReturnType<(typeof COMPUTE_TASKS)[K]>;
