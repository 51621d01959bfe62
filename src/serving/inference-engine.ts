/**
 * The inference engine: curves (or a generator's parameters) in, physical predictions out.
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
import { featureCount, takesParameters, type ModelCard } from "./model-card";
import { prepareParametersInto, type ParameterInput } from "./parameter-input";
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

/** A curve (for curve-input models) or named parameters (for generators, input.layout "parameters"). */
export type ModelInput = CurveInput | ParameterInput;

function isParameterInput(input: ModelInput): input is ParameterInput {
  return (input as Partial<ParameterInput>).parameters !== undefined;
}

/** Check one input against the kind the card takes and write its features; returns the warnings. */
function prepareRow(card: ModelCard, input: ModelInput, inputIndex: number, out: Float32Array, offset: number): string[] {
  if (takesParameters(card)) {
    if (!isParameterInput(input)) {
      const names = card.input.parameters.map((p) => p.name).join(", ");
      throw new InferenceInputError(inputIndex, "parameters", `this model is a generator: give parameters (${names}), not a curve`);
    }
    return prepareParametersInto(card, input, inputIndex, out, offset);
  }
  if (isParameterInput(input)) throw new InferenceInputError(inputIndex, "q", "this model takes a curve (q and intensity), not parameters");
  return prepareInto(card, input, inputIndex, out, offset);
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

/** Spare feature buffers kept per width: enough for a few full batches of one-curve callers. */
const MAX_SPARE_BUFFERS = 256;

function served(card: ModelCard, row: RowOutput, warnings: readonly string[]): ServedPrediction {
  return Object.assign(postprocess(card, row.outputs, warnings), { provider: row.provider, batchSize: row.batchSize });
}

export class InferenceEngine {
  private readonly cache: SessionCache;
  private readonly runs: Semaphore;
  private readonly metrics: EngineMetrics;
  /** Per version, per tensor wiring (nested, so no key string is built per call). */
  private readonly batchers = new Map<string, Map<string, DynamicBatcher<BatchRow, RowOutput>>>();
  /** Cards already checked against a loaded model (per session object). */
  private readonly checkedCards = new WeakMap<LoadedModel, WeakSet<ModelCard>>();
  /** Feature buffers of finished one-curve calls, by width, for the next ones. */
  private readonly spareFeatures = new Map<number, Float32Array[]>();
  /** Per card: its tensor wiring as a batcher key suffix, and the output tensors to fetch. */
  private readonly wiring = new WeakMap<ModelCard, { key: string; fetches: string[] }>();

  constructor(private readonly options: InferenceEngineOptions = {}) {
    this.metrics = options.metrics ?? NO_METRICS;
    this.cache = new SessionCache({
      maxBytes: options.maxCacheBytes,
      provider: options.provider,
      sessionOptions: options.sessionOptions,
      metrics: this.metrics,
    });
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
  async predict(versionId: string, loadArtifact: ArtifactLoader, card: ModelCard, inputs: readonly ModelInput[]): Promise<PredictResponse> {
    const t0 = performance.now();
    let outcome: "ok" | "input_error" | "error" = "ok";
    try {
      if (inputs.length === 0) throw new InferenceInputError(0, "inputs", "no curves given");
      const width = featureCount(card);
      if (inputs.length === 1) return await this.predictOne(versionId, loadArtifact, card, inputs[0], width);
      // All curves of the call in one buffer, each written once (checked before anything queues).
      const features = new Float32Array(inputs.length * width);
      const warnings = inputs.map((input, i) => prepareRow(card, input, i, features, i * width));
      const batcher = await this.batcherReady(versionId, loadArtifact, card);
      const rows = await Promise.all(
        warnings.map((_, i) => batcher.submit({ versionId, loadArtifact, card, features: features.subarray(i * width, (i + 1) * width) })),
      );
      const predictions = rows.map((row, i) => served(card, row, warnings[i]));
      return { predictions, provider: predictions[0].provider };
    } catch (e) {
      outcome = e instanceof InferenceInputError ? "input_error" : "error";
      throw e;
    } finally {
      this.metrics.predictCompleted({ versionId, rows: inputs.length, latencyMs: performance.now() - t0, outcome });
    }
  }

  /**
   * The common one-curve call, on a reused feature buffer: allocating a Float32Array costs about
   * 0.5 µs (its store lives off the JS heap), a tenth of the engine's own time per curve at batch
   * 64. The buffer is free again once the row's batch has run: the batcher settles a row only
   * after its batch, and stackRows has copied or finished with it by then.
   */
  private async predictOne(versionId: string, loadArtifact: ArtifactLoader, card: ModelCard, input: ModelInput, width: number): Promise<PredictResponse> {
    let spare = this.spareFeatures.get(width);
    if (!spare) this.spareFeatures.set(width, (spare = []));
    const features = spare.pop() ?? new Float32Array(width);
    try {
      const warnings = prepareRow(card, input, 0, features, 0);
      const batcher = await this.batcherReady(versionId, loadArtifact, card);
      const prediction = served(card, await batcher.submit({ versionId, loadArtifact, card, features }), warnings);
      return { predictions: [prediction], provider: prediction.provider };
    } finally {
      if (spare.length < MAX_SPARE_BUFFERS) spare.push(features);
    }
  }

  /** The batcher of a loaded version whose card fits; a cached session is taken without a promise. */
  private async batcherReady(versionId: string, loadArtifact: ArtifactLoader, card: ModelCard): Promise<DynamicBatcher<BatchRow, RowOutput>> {
    const model = this.cache.peek(versionId) ?? (await this.cache.get(versionId, loadArtifact));
    this.ensureCardFits(model, card);
    return this.batcherFor(versionId, card);
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
      w = {
        key: [card.input.tensor, card.input.layout, ...card.outputs.map((h) => h.tensor)].join("\u0000"),
        fetches: [...new Set(card.outputs.map((h) => h.tensor))],
      };
      this.wiring.set(card, w);
    }
    return w;
  }

  /** One batcher per version and tensor wiring (a version normally has a single card). */
  private batcherFor(versionId: string, card: ModelCard): DynamicBatcher<BatchRow, RowOutput> {
    const key = this.wiringOf(card).key;
    let byWiring = this.batchers.get(versionId);
    if (!byWiring) this.batchers.set(versionId, (byWiring = new Map()));
    let batcher = byWiring.get(key);
    if (!batcher) {
      batcher = new DynamicBatcher<BatchRow, RowOutput>((rows, queueMs) => this.runBatch(rows, queueMs), {
        maxBatch: this.options.maxBatch,
        windowMs: this.options.batchWindowMs,
      });
      byWiring.set(key, batcher);
    }
    return batcher;
  }

  private async runBatch(rows: readonly BatchRow[], queueMs: readonly number[]): Promise<RowOutput[]> {
    const { versionId, loadArtifact, card } = rows[0];
    // Re-fetch: the session may have been evicted while these rows waited; get() reloads it.
    const model = await this.cache.get(versionId, loadArtifact);
    this.ensureCardFits(model, card);
    const { fetches } = this.wiringOf(card);
    const feeds = {
      [card.input.tensor]: stackRows(
        rows.map((r) => r.features),
        card.input.layout,
      ),
    };
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
      const out = new Array<RowOutput>(rows.length);
      for (let r = 0; r < rows.length; r++) {
        const outputs = new Map<string, Float32Array>();
        for (const [name, split] of perTensor) outputs.set(name, split[r]);
        out[r] = { outputs, provider: model.provider, batchSize: rows.length };
      }
      return out;
    } finally {
      this.metrics.batchRun({ versionId, provider: model.provider, batchSize: rows.length, runMs, queueMs, outcome });
    }
  }
}
