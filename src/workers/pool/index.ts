/** The compute worker pool: heavy kernels off the event loop. */
import { startComputeWorker } from "../../compute/worker-entry";
import { WorkerPool } from "./worker-pool";

export { WorkerPool, PoolAbortedError, PoolBusyError, PoolTaskError, type WorkerPoolOptions } from "./worker-pool";
export type { ComputeTasks, ExportInput, ExportOutput, IntensityInput, IntensityOutput, ParseInput, SvdInput, SvdOutput } from "./tasks";

/** A pool whose threads run compute-worker (built .js, or the .ts sources under ts-jest). */
export function createComputePool(threads: number, maxQueue: number): WorkerPool {
  return new WorkerPool({ threads, maxQueue, start: () => startComputeWorker(__filename, "compute-worker") });
}
