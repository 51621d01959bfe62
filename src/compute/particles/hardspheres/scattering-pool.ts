import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { startComputeWorker } from "../../worker-entry";
import { Configuration } from "./configuration";
import { foldAntipodes, paperDirections } from "./directions";
import { normalise, type KernelSettings, ScatteringOptions } from "./scattering";
import { commensurateIntensity, commensurateWork, type CommensurateOptions, type CommensurateResult } from "./scattering-commensurate";
import type { ScatteringResult, ScatteringTask } from "./scattering-worker";

/**
 * Worker threads that split the directions of an I(Q) computation between them. Create one pool
 * for many configurations (starting a worker costs tens of ms) and close() it when done.
 * Results equal scatteringIntensity up to the order of floating-point summation.
 */
export class ScatteringWorkerPool {
  readonly threads: number;
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (sums: Float64Array) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(threads = availableParallelism()) {
    this.threads = Math.max(1, Math.floor(threads));
    for (let t = 0; t < this.threads; t++) {
      const worker = startComputeWorker(__filename, "scattering-worker");
      worker.on("message", (result: ScatteringResult) => this.settle(result));
      worker.on("error", (error: Error) => this.failAll(error));
      this.workers.push(worker);
    }
  }

  async intensity(config: Configuration, q: Float64Array, options: ScatteringOptions = {}): Promise<Float64Array> {
    const directions = options.directions ?? paperDirections();
    // Fold antipodes before splitting, so each pair stays one evaluation.
    const folded = foldAntipodes(directions);
    const nd = folded.weights.length;
    const chunks = Math.min(this.threads, nd);
    const parts: Promise<Float64Array>[] = [];
    for (let t = 0; t < chunks; t++) {
      const from = Math.floor((t * nd) / chunks);
      const to = Math.floor(((t + 1) * nd) / chunks);
      parts.push(
        this.submit(this.workers[t], config, q, folded.directions.slice(3 * from, 3 * to), folded.weights.slice(from, to), {
          kernel: options.kernel,
          tolerance: options.tolerance,
        }),
      );
    }
    const sums = new Float64Array(q.length);
    for (const part of await Promise.all(parts)) for (let k = 0; k < q.length; k++) sums[k] += part[k];
    return normalise(sums, config.diameters, directions);
  }

  /** scatteringIntensityCommensurate with the reciprocal vectors split between the workers. */
  async commensurateIntensity(config: Configuration, q: Float64Array, options: CommensurateOptions = {}): Promise<CommensurateResult> {
    const { work, counts, maxIndex } = commensurateWork(config.box, q, options);
    const total = work.length / 4;
    const chunks = Math.max(1, Math.min(this.threads, total));
    const parts: Promise<Float64Array>[] = [];
    for (let t = 0; t < chunks; t++) {
      const from = Math.floor((t * total) / chunks);
      const to = Math.floor(((t + 1) * total) / chunks);
      parts.push(
        this.post(this.workers[t], (id) => ({
          kind: "commensurate",
          id,
          positions: config.positions,
          diameters: config.diameters,
          box: config.box,
          q,
          work: work.slice(4 * from, 4 * to),
          maxIndex,
        })),
      );
    }
    const sums = new Float64Array(q.length);
    for (const part of await Promise.all(parts)) for (let k = 0; k < q.length; k++) sums[k] += part[k];
    return commensurateIntensity(sums, counts, config.diameters);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.failAll(new Error("ScatteringWorkerPool closed"));
  }

  private submit(
    worker: Worker,
    config: Configuration,
    q: Float64Array,
    directions: Float64Array,
    weights: Float64Array,
    settings: KernelSettings,
  ): Promise<Float64Array> {
    return this.post(worker, (id) => ({ kind: "directions", id, positions: config.positions, diameters: config.diameters, q, directions, weights, settings }));
  }

  private post(worker: Worker, task: (id: number) => ScatteringTask): Promise<Float64Array> {
    const id = this.nextId++;
    return new Promise<Float64Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(task(id));
    });
  }

  private settle(result: ScatteringResult): void {
    const entry = this.pending.get(result.id);
    if (entry === undefined) return;
    this.pending.delete(result.id);
    if (result.sums !== undefined) entry.resolve(result.sums);
    else entry.reject(new Error(result.error ?? "scattering worker failed"));
  }

  private failAll(error: Error): void {
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }
}

/** I(Q) on `threads` worker threads (a one-off pool; reuse a ScatteringWorkerPool for many configurations). */
export async function scatteringIntensityParallel(
  config: Configuration,
  q: Float64Array,
  options: ScatteringOptions & { threads?: number } = {},
): Promise<Float64Array> {
  const pool = new ScatteringWorkerPool(options.threads);
  try {
    return await pool.intensity(config, q, options);
  } finally {
    await pool.close();
  }
}
