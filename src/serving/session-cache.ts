/**
 * onnxruntime sessions cached per model version id, bounded by the total size of the loaded
 * artifacts (a proxy for session memory), evicted least-recently-used. Sessions are warmed by
 * one dummy run on load, so the first real request does not pay for lazy initialisation.
 * A session evicted while runs are in flight is released when the last of them ends.
 */
import * as ort from "onnxruntime-node";
import { ModelArtifactError } from "./errors";
import { createSession, type ExecutionProvider, type ProviderPreference } from "./execution-provider";
import { NO_METRICS, type EngineMetrics } from "./metrics";
import { decodeModelHeader, sessionSignature, type Signature } from "./signature";

export type ArtifactLoader = () => Promise<Uint8Array>;

export interface LoadedModel {
  readonly versionId: string;
  readonly session: ort.InferenceSession;
  readonly provider: ExecutionProvider;
  readonly signature: Signature;
  readonly bytes: number;
}

interface Entry extends LoadedModel {
  inFlight: number;
  evicted: boolean;
  released: boolean;
}

export interface SessionCacheOptions {
  /** Upper bound on the summed artifact bytes of cached sessions (default 512 MiB). */
  maxBytes?: number;
  provider?: ProviderPreference;
  sessionOptions?: ort.InferenceSession.SessionOptions;
  metrics?: EngineMetrics;
}

/** Zeros of the input's shape with symbolic dims set to 1; undefined when not float32 or rank unknown. */
function dummyFeeds(signature: Signature): Record<string, ort.Tensor> | undefined {
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of signature.inputs) {
    if (input.type !== "float32" || input.shape.length === 0) return undefined;
    const dims = input.shape.map((d) => (typeof d === "number" ? d : 1));
    feeds[input.name] = new ort.Tensor("float32", new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
  }
  return feeds;
}

export class SessionCache {
  /** Insertion order is recency order: a hit re-inserts the entry at the end. */
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private totalBytes = 0;
  /** The most recently used version: a hit on it needs no reordering. */
  private newest: string | undefined;
  readonly maxBytes: number;
  private readonly provider: ProviderPreference;
  private readonly sessionOptions: ort.InferenceSession.SessionOptions;
  private readonly metrics: EngineMetrics;

  constructor(options: SessionCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    this.provider = options.provider ?? "auto";
    this.sessionOptions = options.sessionOptions ?? {};
    this.metrics = options.metrics ?? NO_METRICS;
  }

  get cachedBytes(): number {
    return this.totalBytes;
  }

  /** Cached version ids, least recently used first. */
  versions(): string[] {
    return [...this.entries.keys()];
  }

  /** The cached model (marked most recently used), or undefined; no promise for the hot path. */
  peek(versionId: string): LoadedModel | undefined {
    const hit = this.entries.get(versionId);
    if (hit && this.newest !== versionId) {
      this.entries.delete(versionId);
      this.entries.set(versionId, hit);
      this.newest = versionId;
    }
    return hit;
  }

  /** The cached model, or load it (one load per version however many callers wait). */
  async get(versionId: string, loadArtifact: ArtifactLoader): Promise<LoadedModel> {
    const hit = this.peek(versionId);
    if (hit) return hit;
    let pending = this.loading.get(versionId);
    if (!pending) {
      pending = this.load(versionId, loadArtifact).finally(() => this.loading.delete(versionId));
      this.loading.set(versionId, pending);
    }
    return pending;
  }

  private async load(versionId: string, loadArtifact: ArtifactLoader): Promise<Entry> {
    const t0 = performance.now();
    const bytes = await loadArtifact();
    if (!(bytes instanceof Uint8Array)) throw new ModelArtifactError(`artifact of ${versionId} is not bytes`);
    const header = decodeModelHeader(bytes);
    let created;
    try {
      created = await createSession(bytes, this.provider, this.sessionOptions);
    } catch (e) {
      throw new ModelArtifactError(`onnxruntime cannot load model version ${versionId}: ${(e as Error).message}`, { cause: e });
    }
    const entry: Entry = {
      versionId,
      session: created.session,
      provider: created.provider,
      signature: sessionSignature(created.session, header),
      bytes: bytes.length,
      inFlight: 0,
      evicted: false,
      released: false,
    };
    const feeds = dummyFeeds(entry.signature);
    if (feeds) {
      try {
        await entry.session.run(feeds);
      } catch (e) {
        await entry.session.release();
        throw new ModelArtifactError(`model version ${versionId} fails on a dummy input: ${(e as Error).message}`, { cause: e });
      }
    }
    this.entries.set(versionId, entry);
    this.newest = versionId;
    this.totalBytes += entry.bytes;
    this.metrics.sessionLoaded({ versionId, provider: entry.provider, bytes: entry.bytes, loadMs: performance.now() - t0 });
    this.evictOverBudget(versionId);
    return entry;
  }

  /** Evict least-recently-used entries until within budget; never the one just loaded. */
  private evictOverBudget(keep: string): void {
    for (const id of [...this.entries.keys()]) {
      if (this.totalBytes <= this.maxBytes) break;
      if (id !== keep) this.evict(id);
    }
  }

  /** Drop a version from the cache; its session is released now or when its last run ends. */
  evict(versionId: string): boolean {
    const entry = this.entries.get(versionId);
    if (!entry) return false;
    this.entries.delete(versionId);
    if (this.newest === versionId) this.newest = undefined;
    this.totalBytes -= entry.bytes;
    entry.evicted = true;
    this.metrics.sessionEvicted({ versionId, bytes: entry.bytes });
    void this.releaseIfIdle(entry);
    return true;
  }

  private async releaseIfIdle(entry: Entry): Promise<void> {
    if (entry.evicted && entry.inFlight === 0 && !entry.released) {
      entry.released = true;
      await entry.session.release();
    }
  }

  /** Run on a cached model, holding it against release for the duration. */
  async run(model: LoadedModel, feeds: Record<string, ort.Tensor>, fetches: readonly string[]): Promise<ort.InferenceSession.ReturnType> {
    const entry = model as Entry;
    if (entry.released) throw new Error(`session of ${entry.versionId} was released`);
    entry.inFlight++;
    try {
      return await entry.session.run(feeds, fetches);
    } finally {
      entry.inFlight--;
      await this.releaseIfIdle(entry);
    }
  }

  async clear(): Promise<void> {
    for (const id of [...this.entries.keys()]) this.evict(id);
    await Promise.allSettled([...this.loading.values()]);
    for (const id of [...this.entries.keys()]) this.evict(id);
  }
}
