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
  /** The cursor of any row of this page (for Relay edges). */
  cursorOf(row: T): string;
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

/** A page of `rows`; `hasNextPage` when known otherwise (e.g. from a count). */
export function pageOf<T>(rows: T[], hasNextPage: boolean, keyOf: (row: T) => unknown[]): Page<T> {
  const cursorOf = (row: T) => encodeCursor(keyOf(row));
  // Cursors are encoded when read: a nested page of 100 datasets has 100 connections whose cursors
  // are seldom asked for.
  return {
    rows,
    hasNextPage,
    get startCursor() {
      return rows.length ? cursorOf(rows[0]) : null;
    },
    get endCursor() {
      return rows.length ? cursorOf(rows[rows.length - 1]) : null;
    },
    cursorOf,
  };
}

/** Build a page from `first + 1` fetched rows. */
export function toPage<T>(rows: T[], first: number, keyOf: (row: T) => unknown[]): Page<T> {
  const hasNextPage = rows.length > first;
  return pageOf(hasNextPage ? rows.slice(0, first) : rows, hasNextPage, keyOf);
}
