/**
 * A small fixed-size pool of worker threads for requests too heavy for the event loop. It lives in
 * src/compute because it is plain thread plumbing over the pure kernels (no database, no files, no
 * network): the service layer decides what goes to it and turns its errors into GraphQL errors.
 *
 *  - at most `threads` tasks run at once, at most `maxQueue` wait; beyond that run() refuses with
 *    PoolBusyError at once rather than letting memory and latency grow without bound;
 *  - typed-array buffers listed in `transfer` move to the worker (and results back) without a copy;
 *  - an AbortSignal removes a waiting task, and terminates the thread of a running one (the only way
 *    to stop synchronous JavaScript); a thread that exits or crashes is replaced.
 */
import type { Worker } from "node:worker_threads";
import type { ComputeFailure, ComputeReply, ComputeRequest, ComputeTasks } from "./tasks";

export class PoolBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PoolBusyError";
  }
}

export class PoolAbortedError extends Error {
  constructor(message = "the computation was cancelled") {
    super(message);
    this.name = "PoolAbortedError";
  }
}

/** A task that failed inside the worker, with the name and field of the error it threw there. */
export class PoolTaskError extends Error {
  readonly field?: string;
  constructor(failure: ComputeFailure) {
    super(failure.message);
    this.name = failure.name;
    this.field = failure.field;
  }
}

export interface WorkerPoolOptions {
  threads: number;
  maxQueue: number;
  /** Starts one worker running the compute entry (startComputeWorker in production and tests). */
  start: () => Worker;
}

interface Task {
  id: number;
  request: ComputeRequest;
  transfer: ArrayBuffer[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    if (!(options.threads >= 1)) throw new RangeError("a worker pool needs at least one thread");
  }

  get threads(): number {
    return this.options.threads;
  }

  /** Tasks running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.slots.filter((s) => s.task).length, waiting: this.queue.length };
  }

  run<K extends keyof ComputeTasks>(
    kind: K,
    input: ComputeTasks[K]["input"],
    options: { transfer?: ArrayBuffer[]; signal?: AbortSignal } = {},
  ): Promise<ComputeTasks[K]["output"]> {
    if (this.closed) return Promise.reject(new PoolAbortedError("the compute pool is closed"));
    if (options.signal?.aborted) return Promise.reject(new PoolAbortedError());
    const idle = this.idleSlot();
    if (!idle && this.queue.length >= this.options.maxQueue) {
      return Promise.reject(
        new PoolBusyError(`the server is busy: ${this.options.threads} computations running and ${this.queue.length} waiting; try again shortly`),
      );
    }
    return new Promise((resolve, reject) => {
      const task: Task = {
        id: this.nextId++,
        request: { id: 0, kind, input } as ComputeRequest,
        transfer: options.transfer ?? [],
        resolve: resolve as (value: unknown) => void,
        reject,
        signal: options.signal,
      };
      task.request.id = task.id;
      if (task.signal) {
        task.onAbort = () => this.abort(task);
        task.signal.addEventListener("abort", task.onAbort, { once: true });
      }
      if (idle) this.dispatch(idle, task);
      else this.queue.push(task);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const task of this.queue.splice(0)) this.finish(task, new PoolAbortedError("the compute pool is closed"));
    for (const slot of slots) if (slot.task) this.finish(slot.task, new PoolAbortedError("the compute pool is closed"));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** A slot with no task, starting a thread when fewer than `threads` exist (threads start lazily). */
  private idleSlot(): Slot | undefined {
    const free = this.slots.find((s) => !s.task);
    if (free) return free;
    if (this.slots.length < this.options.threads) return this.addSlot();
    return undefined;
  }

  private addSlot(): Slot {
    const slot: Slot = { worker: this.options.start(), task: null };
    this.attach(slot);
    this.slots.push(slot);
    return slot;
  }

  private attach(slot: Slot): void {
    const { worker } = slot;
    // An idle pool must not keep the process alive.
    worker.unref();
    worker.on("message", (reply: ComputeReply) => {
      const task = slot.task;
      if (!task || task.id !== reply.id) return;
      slot.task = null;
      if (reply.ok) this.finish(task, null, reply.output);
      else this.finish(task, new PoolTaskError(reply.error));
      this.next(slot);
    });
    worker.on("error", (error: Error) => this.lost(slot, error));
    worker.on("exit", (code) => this.lost(slot, new Error(`compute worker exited with code ${code}`)));
  }

  /** The thread is gone (crashed, killed for memory, or terminated on abort): fail its task, replace it. */
  private lost(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return; // already replaced (error then exit) or the pool closed
    this.slots.splice(index, 1);
    const task = slot.task;
    slot.task = null;
    if (task) this.finish(task, error);
    if (this.closed) return;
    if (this.queue.length > 0) this.next(this.addSlot());
  }

  private dispatch(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    slot.worker.postMessage(task.request, task.transfer);
  }

  private next(slot: Slot): void {
    const task = this.queue.shift();
    if (task) this.dispatch(slot, task);
    else slot.worker.unref();
  }

  private abort(task: Task): void {
    const waiting = this.queue.indexOf(task);
    if (waiting >= 0) {
      this.queue.splice(waiting, 1);
      this.finish(task, new PoolAbortedError());
      return;
    }
    const slot = this.slots.find((s) => s.task === task);
    if (!slot) return;
    this.finish(task, new PoolAbortedError());
    slot.task = null;
    // Synchronous kernels cannot be interrupted: the thread goes (out of the pool now, so nothing
    // is sent to it while it stops) and a fresh one takes the next waiting task.
    this.slots.splice(this.slots.indexOf(slot), 1);
    void slot.worker.terminate();
    if (this.queue.length > 0) this.next(this.addSlot());
  }

  private finish(task: Task, error: Error | null, output?: unknown): void {
    if (task.signal && task.onAbort) task.signal.removeEventListener("abort", task.onAbort);
    if (error) task.reject(error);
    else task.resolve(output);
  }
}
