/**
 * Where the second half of each batch runs: on this thread after the first (threads = 1), or on one
 * worker thread at the same time as this thread runs the first (threads = 2). Either way each half
 * has its own gradient buffer and the halves are added in the same order (hard-sphere-vae-step.ts),
 * so 1 and 2 threads give the same weights bit for bit.
 */
import type { Worker } from "node:worker_threads";
import { startComputeWorker } from "../compute/worker-entry";
import { Workspace, zerosLike, type NativeVae, type VaeGeometry } from "./hard-sphere-vae-native";
import type { VaeShape } from "./hard-sphere-vae-model";
import { PARTS, shardLoss, shareArrays, sharedFloat64, type ShardTask, type StepBuffers } from "./hard-sphere-vae-step";

/** Indices into the shared Int32 control array. */
export const CTRL = {
  command: 0,
  done: 1,
  source: 2,
  target: 3,
  trainable: 4,
  from: 5,
  to: 6,
  batchRows: 7,
  samples: 8,
  cached: 9,
  failed: 10,
  stop: 11,
  size: 12,
} as const;

export interface ShardWorkerData {
  hardSphereVaeShard: true;
  shape: VaeShape;
  net: NativeVae;
  grad: NativeVae;
  buffers: StepBuffers;
  curveStd: Float64Array;
  chunkRows: number;
  workspaceRows: number;
  control: Int32Array;
  /** [0]: the shard's loss share. */
  result: Float64Array;
}

export type ShardWorkerMessage = { type: "ready" } | { type: "error"; message: string };

/** How long a step may take on the worker before it is taken for dead. */
const WORKER_TIMEOUT_MS = 120_000;

/** Runs the second half of each batch; start() its task, then finish() for its loss share (its gradient is in `grad`). */
export interface SecondShard {
  /** The half's gradient (trainable parts valid after finish()). */
  readonly grad: NativeVae;
  start(task: ShardTask): void;
  finish(): number;
  /** Resolves once the half can run (the worker thread has loaded). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

class LocalShard implements SecondShard {
  readonly grad: NativeVae;
  private task: ShardTask | null = null;
  constructor(
    private readonly net: NativeVae,
    private readonly g: VaeGeometry,
    private readonly ws: Workspace,
    private readonly buffers: StepBuffers,
    private readonly curveStd: Float64Array,
    private readonly chunkRows: number,
  ) {
    this.grad = zerosLike(net);
  }
  start(task: ShardTask): void {
    this.task = task;
  }
  finish(): number {
    const task = this.task!;
    this.task = null;
    return shardLoss(this.net, this.g, this.ws, this.buffers, task, this.curveStd, this.chunkRows, this.grad);
  }
  async ready(): Promise<void> {}
  async close(): Promise<void> {}
}

class WorkerShard implements SecondShard {
  readonly grad: NativeVae;
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * CTRL.size));
  private readonly result = sharedFloat64(1);
  private readonly worker: Worker;
  private seq = 0;
  private failure: string | null = null;
  private readonly started: Promise<void>;

  constructor(shape: VaeShape, net: NativeVae, buffers: StepBuffers, curveStd: Float64Array, chunkRows: number, workspaceRows: number) {
    this.grad = shareArrays(zerosLike(net));
    const data: ShardWorkerData = {
      hardSphereVaeShard: true,
      shape,
      net,
      grad: this.grad,
      buffers,
      curveStd,
      chunkRows,
      workspaceRows,
      control: this.control,
      result: this.result,
    };
    this.worker = startComputeWorker(__filename, "hard-sphere-vae-shard-worker", { workerData: data });
    this.started = new Promise<void>((resolve, reject) => {
      this.worker.on("message", (m: ShardWorkerMessage) => {
        if (m.type === "ready") resolve();
        else this.failure = m.message;
      });
      this.worker.on("error", (e) => {
        this.failure = e.message;
        reject(e);
      });
      this.worker.on("exit", (code) => reject(new Error(`training worker thread exited with code ${code}`)));
    });
    // Rejections after the start are reported by finish(); do not let them go unhandled.
    this.started.catch(() => undefined);
  }

  ready(): Promise<void> {
    return this.started;
  }

  start(task: ShardTask): void {
    const c = this.control;
    c[CTRL.source] = task.stage.source === "encoder" ? 0 : 1;
    c[CTRL.target] = task.stage.target === "decoder" ? 0 : 1;
    c[CTRL.trainable] = PARTS.reduce((mask, p, i) => (task.stage.trainable.includes(p) ? mask | (1 << i) : mask), 0);
    c[CTRL.from] = task.from;
    c[CTRL.to] = task.to;
    c[CTRL.batchRows] = task.batchRows;
    c[CTRL.samples] = task.samples;
    c[CTRL.cached] = task.cached ? 1 : 0;
    this.seq++;
    Atomics.store(c, CTRL.command, this.seq);
    Atomics.notify(c, CTRL.command);
  }

  finish(): number {
    const c = this.control;
    const t0 = Date.now();
    while (Atomics.load(c, CTRL.done) !== this.seq) {
      // Blocks this thread for the worker's half (milliseconds); a dead worker is noticed by the timeout.
      Atomics.wait(c, CTRL.done, this.seq - 1, 1000);
      if (Date.now() - t0 > WORKER_TIMEOUT_MS) throw new Error("the training worker thread stopped answering");
    }
    if (Atomics.load(c, CTRL.failed) !== 0) throw new Error(`training worker thread failed: ${this.failure ?? "unknown error"}`);
    return this.result[0];
  }

  async close(): Promise<void> {
    Atomics.store(this.control, CTRL.stop, 1);
    Atomics.add(this.control, CTRL.command, 1);
    Atomics.notify(this.control, CTRL.command);
    await this.worker.terminate();
  }
}

export interface ShardSetup {
  shape: VaeShape;
  net: NativeVae;
  g: VaeGeometry;
  ws: Workspace;
  buffers: StepBuffers;
  curveStd: Float64Array;
  chunkRows: number;
  workspaceRows: number;
}

/** threads 2: a worker thread (net, buffers and curveStd must be on shared memory); otherwise this thread. */
export function secondShard(threads: number, s: ShardSetup): SecondShard {
  if (threads >= 2) return new WorkerShard(s.shape, s.net, s.buffers, s.curveStd, s.chunkRows, s.workspaceRows);
  return new LocalShard(s.net, s.g, s.ws, s.buffers, s.curveStd, s.chunkRows);
}
