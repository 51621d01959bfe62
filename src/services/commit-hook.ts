import type { EntityManager } from "typeorm";

/**
 * Run last inside a service's write transaction with what it wrote; throwing rolls the whole write
 * back. Jobs use it to commit their SUCCEEDED state with their result, or nothing when cancelled.
 */
export type CommitHook<T> = (tx: EntityManager, made: T) => Promise<void>;
