/**
 * The service side of the compute pool: one pool per process, shared by the services that offload
 * work to it, and the translation of its failures into domain errors.
 */
import { createComputePool, PoolAbortedError, PoolBusyError, type WorkerPool } from "../../workers/pool";
import type { ExportFormat, ExportedFile, ImportFormat, ImportOptions } from "../../formats";
import { FormatError, type DatasetExport, type ParsedFile } from "../../formats/curve";
import { PoolTaskError } from "../../workers/pool";
import { DomainError } from "../errors";

export interface HeavyWork {
  pool: WorkerPool;
  /** exportDataset on the pool: a big dataset's file is seconds of string and byte building. */
  writeExport(format: ExportFormat, data: DatasetExport): Promise<ExportedFile>;
  /** parseFile on the pool; its FormatErrors come back as FormatErrors (message and field kept). */
  parseFile(format: ImportFormat, content: string | Uint8Array, options: ImportOptions): Promise<ParsedFile>;
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
    async parseFile(format, content, options) {
      try {
        // NXcanSAS bytes move to the thread; text is copied (strings cannot be transferred).
        const transfer = content instanceof Uint8Array && content.byteLength === content.buffer.byteLength ? [content.buffer as ArrayBuffer] : [];
        return await offloaded(pool.run("parse", { format, content, options }, { transfer }));
      } catch (err) {
        if (err instanceof PoolTaskError && err.name === "FormatError") throw new FormatError(err.message, err.field);
        throw err;
      }
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
    // The thread died under the task (out of memory, a crash in a native reader): the pool has
    // replaced it; the caller may retry, and the event loop never stopped.
    if (!(err instanceof PoolTaskError) && err instanceof Error) throw new DomainError("UNAVAILABLE", `the computation stopped: ${err.message}`);
    throw err;
  }
}
