/**
 * Dynamic batching for one model: rows submitted close together run as one batch.
 *
 * - When nothing is running, a batch starts on the next turn of the event loop, so a burst of
 *   callers in the same tick shares one run and a lone caller waits for nothing.
 * - While a batch runs, new rows wait for it to end, or at most `windowMs`, or until `maxBatch`
 *   rows have gathered, whichever comes first.
 * Each row gets its own result; an error from a batch run goes to the rows of that batch only.
 */
export interface BatcherOptions {
  /** Largest batch (default 64); 1 turns batching off. */
  maxBatch?: number;
  /** Longest wait for companions while another batch is running (default 2 ms). */
  windowMs?: number;
}

interface Pending<Row, Result> {
  row: Row;
  enqueuedAt: number;
  resolve: (r: Result) => void;
  reject: (e: unknown) => void;
}

/** Runs a batch: one result per row, in order; throwing fails every row of the batch. */
export type BatchRunner<Row, Result> = (rows: readonly Row[], queueMs: readonly number[]) => Promise<readonly Result[]>;

export class DynamicBatcher<Row, Result> {
  readonly maxBatch: number;
  readonly windowMs: number;
  private queue: Pending<Row, Result>[] = [];
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(
    private readonly runBatch: BatchRunner<Row, Result>,
    options: BatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 64;
    this.windowMs = options.windowMs ?? 2;
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${this.maxBatch}`);
    if (!(this.windowMs >= 0)) throw new RangeError(`windowMs must be >= 0, got ${this.windowMs}`);
  }

  /** Rows waiting for a batch. */
  get queued(): number {
    return this.queue.length;
  }

  /** Batches running now. */
  get inFlight(): number {
    return this.running;
  }

  submit(row: Row): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ row, enqueuedAt: performance.now(), resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.queue.length >= this.maxBatch) {
      this.dispatch();
    } else if (this.running === 0) {
      this.immediate ??= setImmediate(() => {
        this.immediate = undefined;
        this.dispatch();
      });
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.dispatch();
      }, this.windowMs);
    }
  }

  private cancelTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      void this.execute(batch);
      if (this.queue.length < this.maxBatch) break; // a partial remainder waits its turn
    }
    if (this.queue.length === 0) this.cancelTimers();
    else if (!this.timer && !this.immediate) this.schedule();
  }

  private async execute(batch: Pending<Row, Result>[]): Promise<void> {
    this.running++;
    const start = performance.now();
    try {
      const results = await this.runBatch(
        batch.map((p) => p.row),
        batch.map((p) => start - p.enqueuedAt),
      );
      if (results.length !== batch.length) throw new Error(`batch runner returned ${results.length} results for ${batch.length} rows`);
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (e) {
      for (const p of batch) p.reject(e);
    } finally {
      this.running--;
      if (this.queue.length > 0) {
        this.cancelTimers();
        this.dispatch();
      }
    }
  }
}
