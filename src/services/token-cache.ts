/**
 * Short-lived cache of authenticated viewers by token hash, so a request with a token does not pay
 * a SQL round trip. A revocation or membership change made in this process clears it at once; one
 * made elsewhere (the `sasgraph token` CLI, another API process) takes effect within `ttlMs`.
 * Only successful lookups are cached: an unknown or revoked token always goes to the database.
 */
import type { Viewer } from "./viewer";

/** How long a cached viewer is trusted; the documented bound on revocation delay. */
export const TOKEN_CACHE_TTL_MS = 5000;
const MAX_ENTRIES = 10_000;

interface Entry {
  viewer: Viewer;
  expiresAt: number;
}

export class TokenCache {
  /** Insertion order is age order, so the first key is the oldest when the cache is full. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = TOKEN_CACHE_TTL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(tokenHash: string): Viewer | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.viewer;
  }

  set(tokenHash: string, viewer: Viewer): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(tokenHash);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    // Frozen copy: resolvers share one viewer object across requests.
    this.entries.set(tokenHash, {
      viewer: Object.freeze({ ...viewer, groupIds: Object.freeze([...viewer.groupIds]) as string[] }),
      expiresAt: this.now() + this.ttlMs,
    });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
