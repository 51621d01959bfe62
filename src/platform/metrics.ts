/**
 * Prometheus metrics of the API process (prom-client, own registry per process): HTTP requests by
 * route and GraphQL operation type, and the inference engine's latencies, batch sizes and queue
 * times through the engine's EngineMetrics hooks.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { BatchRunEvent, EngineMetrics, ExecutionProvider } from "../serving";

const SECONDS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH = [1, 2, 4, 8, 16, 32, 64, 128, 256];

export class PlatformMetrics implements EngineMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: "sasgraph_http_requests_total",
    help: "HTTP requests by route, GraphQL operation type and status class",
    labelNames: ["route", "operation", "status"] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: "sasgraph_http_request_duration_seconds",
    help: "HTTP request latency by route and GraphQL operation type",
    labelNames: ["route", "operation"] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly inferenceLatency = new Histogram({
    name: "sasgraph_inference_latency_seconds",
    help: "Latency of one predict call (all its curves), preprocessing to postprocessing",
    labelNames: ["outcome"] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly inferenceRows = new Counter({
    name: "sasgraph_inference_rows_total",
    help: "Curves predicted, by outcome",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: "sasgraph_inference_batch_size",
    help: "Rows per session.run (dynamic batching)",
    labelNames: ["provider"] as const,
    buckets: BATCH,
    registers: [this.registry],
  });
  readonly runDuration = new Histogram({
    name: "sasgraph_inference_run_seconds",
    help: "session.run wall time per batch",
    labelNames: ["provider", "outcome"] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly queueTime = new Histogram({
    name: "sasgraph_inference_queue_seconds",
    help: "Time a row waited for its batch to start",
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly sessionsLoaded = new Counter({
    name: "sasgraph_inference_sessions_loaded_total",
    help: "onnxruntime sessions created, by execution provider",
    labelNames: ["provider"] as const,
    registers: [this.registry],
  });
  readonly sessionsEvicted = new Counter({
    name: "sasgraph_inference_sessions_evicted_total",
    help: "Sessions evicted from the cache",
    registers: [this.registry],
  });
  readonly cachedBytes = new Gauge({
    name: "sasgraph_inference_cached_model_bytes",
    help: "Bytes of model artifacts with a live session",
    registers: [this.registry],
  });

  predictCompleted(e: { rows: number; latencyMs: number; outcome: "ok" | "input_error" | "error" }): void {
    this.inferenceLatency.observe({ outcome: e.outcome }, e.latencyMs / 1000);
    this.inferenceRows.inc({ outcome: e.outcome }, e.rows);
  }

  batchRun(e: BatchRunEvent): void {
    this.batchSize.observe({ provider: e.provider }, e.batchSize);
    this.runDuration.observe({ provider: e.provider, outcome: e.outcome }, e.runMs / 1000);
    for (const q of e.queueMs) this.queueTime.observe(q / 1000);
  }

  sessionLoaded(e: { provider: ExecutionProvider; bytes: number }): void {
    this.sessionsLoaded.inc({ provider: e.provider });
    this.cachedBytes.inc(e.bytes);
  }

  sessionEvicted(e: { bytes: number }): void {
    this.sessionsEvicted.inc();
    this.cachedBytes.dec(e.bytes);
  }

  observeHttp(route: string, operation: string, status: number, seconds: number): void {
    this.httpRequests.inc({ route, operation, status: `${Math.floor(status / 100)}xx` });
    this.httpDuration.observe({ route, operation }, seconds);
  }
}
