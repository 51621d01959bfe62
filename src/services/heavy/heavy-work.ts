/**
 * The service side of the compute pool: one pool per process, shared by the services that offload
 * work to it, and the translation of its failures into domain errors.
 */
import { createComputePool, PoolAbortedError, PoolBusyError, type WorkerPool } from "../../compute/pool";
import { DomainError } from "../errors";

export interface HeavyWork {
  pool: WorkerPool;
  close(): Promise<void>;
}

export function createHeavyWork(options: { threads: number; queue: number }): HeavyWork {
  const pool = createComputePool(options.threads, options.queue);
  return { pool, close: () => pool.close() };
}

/** A pool task whose failures of the pool itself (busy, cancelled) read as domain errors. */
export async function offloaded<T>(task: Promise<T>): Promise<T> {
  try {
    return await task;
  } catch (err) {
    if (err instanceof PoolBusyError) throw new DomainError("UNAVAILABLE", err.message);
    if (err instanceof PoolAbortedError) throw new DomainError("UNAVAILABLE", `${err.message}; try again`);
    throw err;
  }
}
