/**
 * The service side of the compute pool: one pool per process, shared by the services that offload
 * work to it, and the translation of its failures into domain errors.
 */
import { createComputePool, PoolAbortedError, PoolBusyError, type WorkerPool } from "../../compute/pool";
import type { ExportFormat, ExportedFile } from "../../formats";
import type { DatasetExport } from "../../formats/curve";
import { DomainError } from "../errors";

export interface HeavyWork {
  pool: WorkerPool;
  /** exportDataset on the pool: a big dataset's file is seconds of string and byte building. */
  writeExport(format: ExportFormat, data: DatasetExport): Promise<ExportedFile>;
  close(): Promise<void>;
}

export function createHeavyWork(options: { threads: number; queue: number }): HeavyWork {
  const pool = createComputePool(options.threads, options.queue);
  return {
    pool,
    async writeExport(format, data) {
      const file = await offloaded(pool.run("export", { format, data }));
      return { body: Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength), contentType: file.contentType, extension: file.extension };
    },
    close: () => pool.close(),
  };
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
