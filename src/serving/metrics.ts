/**
 * Metrics hooks of the inference engine. The lead wires EngineMetrics to Prometheus; the engine
 * only calls these methods. NO_METRICS does nothing; InMemoryEngineMetrics keeps counters and
 * fixed-bucket histograms for tests, benches and a debug endpoint.
 */
import type { ExecutionProvider } from "./execution-provider";

export interface BatchRunEvent {
  versionId: string;
  provider: ExecutionProvider;
  /** Rows in the batch. */
  batchSize: number;
  /** session.run wall time. */
  runMs: number;
  /** Per row: time from enqueue to the start of its run. */
  queueMs: readonly number[];
  outcome: "ok" | "error";
}

export interface EngineMetrics {
  /** One predict call finished (all its rows). */
  predictCompleted(event: { versionId: string; rows: number; latencyMs: number; outcome: "ok" | "input_error" | "error" }): void;
  batchRun(event: BatchRunEvent): void;
  sessionLoaded(event: { versionId: string; provider: ExecutionProvider; bytes: number; loadMs: number }): void;
  sessionEvicted(event: { versionId: string; bytes: number }): void;
}

export const NO_METRICS: EngineMetrics = {
  predictCompleted() {},
  batchRun() {},
  sessionLoaded() {},
  sessionEvicted() {},
};

/** Cumulative histogram with fixed upper bounds (Prometheus-style "le" buckets). */
export class Histogram {
  readonly counts: number[];
  count = 0;
  sum = 0;

  constructor(readonly upperBounds: readonly number[]) {
    this.counts = new Array<number>(upperBounds.length + 1).fill(0);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.upperBounds.length && value > this.upperBounds[i]) i++;
    this.counts[i]++;
    this.count++;
    this.sum += value;
  }

  /** Smallest bucket bound below which at least fraction p of observations lie (Infinity past the last). */
  quantileUpperBound(p: number): number {
    const target = p * this.count;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= target && seen > 0) return i < this.upperBounds.length ? this.upperBounds[i] : Infinity;
    }
    return NaN;
  }
}

const LATENCY_BUCKETS_MS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000, 5000];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

export class InMemoryEngineMetrics implements EngineMetrics {
  readonly predictLatencyMs = new Histogram(LATENCY_BUCKETS_MS);
  readonly runMs = new Histogram(LATENCY_BUCKETS_MS);
  readonly queueMs = new Histogram(LATENCY_BUCKETS_MS);
  readonly batchSize = new Histogram(BATCH_BUCKETS);
  /** Counter name → value, e.g. "predict_ok", "batch_error", "session_loaded_cpu". */
  readonly counters = new Map<string, number>();

  private inc(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  counter(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  predictCompleted(e: { rows: number; latencyMs: number; outcome: string }): void {
    this.inc(`predict_${e.outcome}`);
    this.inc("rows", e.rows);
    this.predictLatencyMs.observe(e.latencyMs);
  }

  batchRun(e: BatchRunEvent): void {
    this.inc(`batch_${e.outcome}`);
    this.inc(`batch_${e.provider}`);
    this.batchSize.observe(e.batchSize);
    this.runMs.observe(e.runMs);
    for (const q of e.queueMs) this.queueMs.observe(q);
  }

  sessionLoaded(e: { provider: ExecutionProvider; bytes: number }): void {
    this.inc(`session_loaded_${e.provider}`);
    this.inc("session_bytes_loaded", e.bytes);
  }

  sessionEvicted(e: { bytes: number }): void {
    this.inc("session_evicted");
    this.inc("session_bytes_evicted", e.bytes);
  }
}
