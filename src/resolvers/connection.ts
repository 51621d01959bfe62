import type { Page } from "../services/pagination";
import { encodeCursor } from "../services/pagination";

/** A Relay connection from a service page; cursors of edges come from `keyOf`. */
export function toConnection<T>(page: Page<T>, keyOf: (row: T) => unknown[], hasPreviousPage: boolean) {
  return {
    edges: page.rows.map((node) => ({ cursor: encodeCursor(keyOf(node)), node })),
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage, startCursor: page.startCursor, endCursor: page.endCursor },
  };
}
