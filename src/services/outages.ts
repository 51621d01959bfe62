/**
 * Errors that say the infrastructure (PostgreSQL, the object store, a socket) was away, not that the
 * request or job was wrong: the same call may well succeed once it is back. Jobs retry them; the
 * API answers them UNAVAILABLE (HTTP 503), never as an internal error.
 */

/** Socket errors and PostgreSQL SQLSTATEs of a server that is away, starting, stopping or overloaded. */
const OUTAGE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
  "53300",
]);
const OUTAGE_MESSAGE =
  /connection terminated|connection refused|ECONNREFUSED|ECONNRESET|socket hang up|Connection is not established|Query read timeout|Driver not Connected|database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command/i;

export function isOutage(err: unknown, depth = 0): boolean {
  if (depth > 4 || !(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && OUTAGE_CODES.has(code)) return true;
  if (OUTAGE_MESSAGE.test(err.message)) return true;
  if (err instanceof AggregateError && err.errors.some((e) => isOutage(e, depth + 1))) return true;
  return isOutage((err as { cause?: unknown }).cause, depth + 1);
}
