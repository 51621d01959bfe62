/**
 * Domain errors. Services throw these; the GraphQL layer turns each into an error whose
 * `extensions.code` is the code below (and `extensions.field` when one field is to blame).
 */
export type ErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "FORBIDDEN" | "UNAUTHENTICATED" | "PAYLOAD_TOO_LARGE" | "CONFLICT" | "UNAVAILABLE";

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const badInput = (message: string, field?: string) => new DomainError("BAD_USER_INPUT", message, field);
/** Also used for records the caller may not see: a restricted record does not exist for them. */
export const notFound = (what: string, id: string) => new DomainError("NOT_FOUND", `${what} ${id} was not found`, "id");
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const unauthenticated = (message = "sign in: send an API token as 'Authorization: Bearer <token>'") => new DomainError("UNAUTHENTICATED", message);
export const tooLarge = (message: string, field?: string) => new DomainError("PAYLOAD_TOO_LARGE", message, field);
