/**
 * Relay-style keyset pagination. A cursor is an opaque base64url string holding the sort key and id
 * of the last row seen; keyset (not offset) paging stays fast and stable while rows are added.
 */
import { badInput } from "./errors";

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
  endCursor: string | null;
  startCursor: string | null;
}

export const MAX_PAGE_SIZE = 500;

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(key) && key.length === length) return key;
  } catch {
    // fall through
  }
  throw badInput("`after` is not a cursor returned by this connection", "after");
}

export function checkPageSize(first: number, max = MAX_PAGE_SIZE): number {
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badInput(`\`first\` must be an integer from 0 to ${max}`, "first");
  }
  return first;
}

/** Build a page from `first + 1` fetched rows. */
export function toPage<T>(rows: T[], first: number, keyOf: (row: T) => unknown[]): Page<T> {
  const hasNextPage = rows.length > first;
  const pageRows = hasNextPage ? rows.slice(0, first) : rows;
  return {
    rows: pageRows,
    hasNextPage,
    startCursor: pageRows.length ? encodeCursor(keyOf(pageRows[0])) : null,
    endCursor: pageRows.length ? encodeCursor(keyOf(pageRows[pageRows.length - 1])) : null,
  };
}
