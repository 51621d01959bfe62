import type { Page } from "../services/pagination";

/** A Relay connection from a service page; cursors are encoded only when a query reads them. */
export function toConnection<T>(page: Page<T>, hasPreviousPage: boolean) {
  return {
    edges: page.rows.map((node) => ({
      node,
      get cursor() {
        return page.cursorOf(node);
      },
    })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage,
      get startCursor() {
        return page.startCursor;
      },
      get endCursor() {
        return page.endCursor;
      },
    },
  };
}
