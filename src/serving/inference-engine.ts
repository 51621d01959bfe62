/**
 * The inference engine: curves in, physical predictions out.
 * predict = preprocess each curve (preprocess.ts) → dynamic batch per model (dynamic-batcher.ts)
 * → session.run under a global concurrency bound (session-cache.ts, semaphore.ts) → split and
 * postprocess each row (postprocess.ts).
 */
import type * as ort from "onnxruntime-node";
import { checkCardAgainstSignature } from "./card-compatibility";
import { rowViews, stackRows } from "./batch-tensors";
import { DynamicBatcher } from "./dynamic-batcher";
import { InferenceInputError } from "./errors";
import type { ExecutionProvider, ProviderPreference } from "./execution-provider";
import { NO_METRICS, type EngineMetrics } from "./metrics";
import { featureCount, type ModelCard } from "./model-card";
import { postprocess, type Prediction } from "./postprocess";
import { prepareInto, type CurveInput } from "./preprocess";
import { Semaphore } from "./semaphore";
import { SessionCache, type ArtifactLoader, type LoadedModel } from "./session-cache";
import type { Signature } from "./signature";

export interface InferenceEngineOptions {
  /** Bound on summed artifact bytes of cached sessions (default 512 MiB). */
  maxCacheBytes?: number;
  /** Largest dynamic batch (default 64; 1 disables batching). */
  maxBatch?: number;
  /** Longest wait for batch companions while the model is busy (default 2 ms). */
  batchWindowMs?: number;
  /** Concurrent session.run calls across all models (default 2). */
  maxConcurrentRuns?: number;
  /** Execution provider (default "auto": CUDA when installed and working, else CPU). */
  provider?: ProviderPreference;
  /** Passed to onnxruntime, e.g. { intraOpNumThreads: 2 }. */
  sessionOptions?: ort.InferenceSession.SessionOptions;
  metrics?: EngineMetrics;
}

export interface ServedPrediction extends Prediction {
  /** The provider the batch carrying this row ran on. */
  provider: ExecutionProvider;
  /** Rows in the batch that carried this row. */
  batchSize: number;
}

export interface PredictResponse {
  predictions: ServedPrediction[];
  /** Provider of the first prediction (all rows of a call normally share it). */
  provider: ExecutionProvider;
}

export interface LoadedModelInfo {
  versionId: string;
  provider: ExecutionProvider;
  signature: Signature;
  bytes: number;
}

interface BatchRow {
  versionId: string;
  loadArtifact: ArtifactLoader;
  card: ModelCard;
  features: Float32Array;
}

interface RowOutput {
  outputs: Map<string, Float32Array>;
  provider: ExecutionProvider;
  batchSize: number;
}

export class InferenceEngine {
  private readonly cache: SessionCache;
  private readonly runs: Semaphore;
  private readonly metrics: EngineMetrics;
  private readonly batchers = new Map<string, DynamicBatcher<BatchRow, RowOutput>>();
  /** Cards already checked against a loaded model (per session object). */
  private readonly checkedCards = new WeakMap<LoadedModel, WeakSet<ModelCard>>();
  /** Per card: its tensor wiring as a batcher key suffix, and the output tensors to fetch. */
  private readonly wiring = new WeakMap<ModelCard, { key: string; fetches: string[] }>();

  constructor(private readonly options: InferenceEngineOptions = {}) {
    this.metrics = options.metrics ?? NO_METRICS;
    this.cache = new SessionCache({ maxBytes: options.maxCacheBytes, provider: options.provider, sessionOptions: options.sessionOptions, metrics: this.metrics });
    this.runs = new Semaphore(options.maxConcurrentRuns ?? 2);
  }

  /** Load (and warm) a model version and check its card; throws ModelArtifactError. */
  async load(versionId: string, loadArtifact: ArtifactLoader, card?: ModelCard): Promise<LoadedModelInfo> {
    const model = await this.cache.get(versionId, loadArtifact);
    if (card) this.ensureCardFits(model, card);
    return { versionId, provider: model.provider, signature: model.signature, bytes: model.bytes };
  }

  /** Drop a version's session (e.g. when it is deprecated in the registry). */
  evict(versionId: string): boolean {
    return this.cache.evict(versionId);
  }

  /** Version ids with a live session, least recently used first. */
  cachedVersions(): string[] {
    return this.cache.versions();
  }

  get cachedBytes(): number {
    return this.cache.cachedBytes;
  }

  async close(): Promise<void> {
    await this.cache.clear();
  }

  /**
   * Predict for each curve. Throws InferenceInputError (naming the input and field) when a curve
   * cannot be used, ModelArtifactError when the model or card is unusable.
   */
  async predict(versionId: string, loadArtifact: ArtifactLoader, card: ModelCard, inputs: readonly CurveInput[]): Promise<PredictResponse> {
    const t0 = performance.now();
    let outcome: "ok" | "input_error" | "error" = "ok";
    try {
      if (inputs.length === 0) throw new InferenceInputError(0, "inputs", "no curves given");
      // All curves of the call in one buffer, each written once (checked before anything queues).
      const width = featureCount(card);
      const features = new Float32Array(inputs.length * width);
      const warnings = inputs.map((input, i) => prepareInto(card, input, i, features, i * width));
      const model = await this.cache.get(versionId, loadArtifact);
      this.ensureCardFits(model, card);
      const batcher = this.batcherFor(versionId, card);
      const rows = await Promise.all(warnings.map((_, i) => batcher.submit({ versionId, loadArtifact, card, features: features.subarray(i * width, (i + 1) * width) })));
      const predictions = rows.map((row, i): ServedPrediction => Object.assign(postprocess(card, row.outputs, warnings[i]), { provider: row.provider, batchSize: row.batchSize }));
      return { predictions, provider: predictions[0].provider };
    } catch (e) {
      outcome = e instanceof InferenceInputError ? "input_error" : "error";
      throw e;
    } finally {
      this.metrics.predictCompleted({ versionId, rows: inputs.length, latencyMs: performance.now() - t0, outcome });
    }
  }

  private ensureCardFits(model: LoadedModel, card: ModelCard): void {
    let checked = this.checkedCards.get(model);
    if (!checked) this.checkedCards.set(model, (checked = new WeakSet()));
    if (checked.has(card)) return;
    checkCardAgainstSignature(card, model.signature);
    checked.add(card);
  }

  private wiringOf(card: ModelCard): { key: string; fetches: string[] } {
    let w = this.wiring.get(card);
    if (!w) {
      w = { key: [card.input.tensor, card.input.layout, ...card.outputs.map((h) => h.tensor)].join("\u0000"), fetches: [...new Set(card.outputs.map((h) => h.tensor))] };
      this.wiring.set(card, w);
    }
    return w;
  }

  /** One batcher per version and tensor wiring (a version normally has a single card). */
  private batcherFor(versionId: string, card: ModelCard): DynamicBatcher<BatchRow, RowOutput> {
    const key = `${versionId}\u0000${this.wiringOf(card).key}`;
    let batcher = this.batchers.get(key);
    if (!batcher) {
      batcher = new DynamicBatcher<BatchRow, RowOutput>((rows, queueMs) => this.runBatch(rows, queueMs), {
        maxBatch: this.options.maxBatch,
        windowMs: this.options.batchWindowMs,
      });
      this.batchers.set(key, batcher);
    }
    return batcher;
  }

  private async runBatch(rows: readonly BatchRow[], queueMs: readonly number[]): Promise<RowOutput[]> {
    const { versionId, loadArtifact, card } = rows[0];
    // Re-fetch: the session may have been evicted while these rows waited; get() reloads it.
    const model = await this.cache.get(versionId, loadArtifact);
    this.ensureCardFits(model, card);
    const { fetches } = this.wiringOf(card);
    const feeds = { [card.input.tensor]: stackRows(rows.map((r) => r.features), card.input.layout) };
    let runMs = 0;
    let outcome: "ok" | "error" = "error";
    try {
      const result = await this.runs.withPermit(async () => {
        const start = performance.now();
        try {
          return await this.cache.run(model, feeds, fetches);
        } finally {
          runMs = performance.now() - start;
        }
      });
      // Views into the output tensors: postprocess reads them at once and keeps no reference.
      const perTensor = fetches.map((name) => [name, rowViews(result[name], rows.length, name)] as const);
      outcome = "ok";
      return rows.map((_, r) => ({ outputs: new Map(perTensor.map(([name, split]) => [name, split[r]])), provider: model.provider, batchSize: rows.length }));
    } finally {
      this.metrics.batchRun({ versionId, provider: model.provider, batchSize: rows.length, runMs, queueMs, outcome });
    }
  }
}
