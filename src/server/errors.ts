import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { DomainError } from "../services/errors";
import { isOutage } from "../services/outages";

/**
 * Turn thrown errors into GraphQL errors a user can act on. Domain errors carry their own code and
 * field; anything unexpected is logged and shown as an internal error without internals.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    return {
      ...formatted,
      message: original.message,
      extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
    };
  }
  const code = formatted.extensions?.code;
  // graphql-js stops coercing variables after 50 failures with one more error of its own, with no
  // code: like the 50 before it, it is about the request's variables.
  if (
    (code === undefined || code === "INTERNAL_SERVER_ERROR") &&
    original instanceof GraphQLError &&
    !original.originalError &&
    !original.path &&
    /processing variables/.test(original.message)
  ) {
    return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT" } };
  }
  // Text PostgreSQL cannot store (NUL) that reached it unchecked: still the caller's value.
  const sqlState = (original as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  if (sqlState === "22021" || sqlState === "22P05") {
    return { message: "a text value contains a character that cannot be stored (NUL, \\u0000)", path: formatted.path, extensions: { code: "BAD_USER_INPUT" } };
  }
  if ((code === "INTERNAL_SERVER_ERROR" || code === undefined) && isOutage(original)) {
    return {
      message: "the database or object store is unavailable for a moment: try again in a few seconds",
      path: formatted.path,
      extensions: { code: "UNAVAILABLE" },
    };
  }
  if (code === "INTERNAL_SERVER_ERROR" || code === undefined) {
    console.error("[graphql] unexpected error:", original);
    return { message: "internal error: the server failed to complete this request", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  }
  return formatted;
}
