import type { Page } from "../services/pagination";

/** A Relay connection from a service page. */
export function toConnection<T>(page: Page<T>, hasPreviousPage: boolean) {
  return {
    edges: page.rows.map((node) => ({ cursor: page.cursorOf(node), node })),
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage, startCursor: page.startCursor, endCursor: page.endCursor },
  };
}
