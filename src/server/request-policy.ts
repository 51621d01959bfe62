/**
 * What every GraphQL operation goes through, whichever transport carries it (HTTP through Apollo,
 * WebSocket through graphql-ws): the same validation rules (depth; introspection when switched
 * off), the same cost limit, the same error formatter. app.ts plugs it into both.
 */
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import type { Config } from "../platform/config";
import { formatError } from "./errors";
import { QueryCostCache } from "./query-cost-cache";
import { costLimitError, depthLimitRule, queryCost } from "./query-limits";
import { checkVariablesFailFast } from "./variable-bounds";

export interface RequestPolicy {
  /** Validation rules beyond the specified ones. */
  validationRules: ValidationRule[];
  /** Throws QUERY_TOO_COSTLY when the operation's estimated cost is over the limit. */
  checkCost(document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined): void;
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
}

export function createRequestPolicy(schema: GraphQLSchema, config: Pick<Config, "maxQueryDepth" | "maxQueryCost" | "introspection">): RequestPolicy {
  const costs = new QueryCostCache();
  return {
    validationRules: [depthLimitRule(config.maxQueryDepth), ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule])],
    checkCost(document, variables, operationName) {
      let cost: number;
      try {
        cost = costs.cost(
          document,
          variables,
          operationName,
          () => (checkVariablesFailFast(schema, document, variables, operationName), queryCost(schema, document, variables, operationName)),
        );
      } catch (err) {
        // Pricing coerces the variables first: one that does not fit its type is the caller's mistake.
        if (err instanceof GraphQLError)
          throw new GraphQLError(err.message, { nodes: err.nodes, extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });
        throw err;
      }
      if (cost > config.maxQueryCost) {
        const refused = costLimitError(cost, config.maxQueryCost);
        throw new GraphQLError(refused.message, { extensions: { ...refused.extensions, http: { status: 400 } } });
      }
    },
    formatError,
  };
}

function codeOf(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

/**
 * Parse, validate and price an operation as Apollo does for HTTP; the errors Apollo would answer
 * (with the same codes), or the parsed document.
 */
export function admitOperation(
  schema: GraphQLSchema,
  policy: RequestPolicy,
  payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
): { document: DocumentNode } | { errors: GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(payload.query);
  } catch (err) {
    if (err instanceof GraphQLError) return { errors: [codeOf(err, "GRAPHQL_PARSE_FAILED")] };
    throw err;
  }
  const invalid = validate(schema, document, [...specifiedRules, ...policy.validationRules]);
  // As Apollo answers over HTTP: every rule's failure is GRAPHQL_VALIDATION_FAILED; the message says which.
  if (invalid.length > 0) return { errors: invalid.map((e) => codeOf(e, "GRAPHQL_VALIDATION_FAILED")) };
  const operationName = payload.operationName ?? undefined;
  if (!getOperationAST(document, operationName)) {
    return {
      errors: [new GraphQLError("the document has no operation of that name (or several and no operationName)", { extensions: { code: "BAD_USER_INPUT" } })],
    };
  }
  try {
    policy.checkCost(document, payload.variables ?? {}, operationName);
  } catch (err) {
    if (err instanceof GraphQLError) return { errors: [err] };
    throw err;
  }
  return { document };
}

/** Errors as a client should see them: our formatter's shape and codes (HTTP hints dropped, as Apollo does). */
export function formatErrors(policy: RequestPolicy, errors: readonly GraphQLError[]): GraphQLFormattedError[] {
  return errors.map((e) => {
    const formatted = policy.formatError(e.toJSON(), e);
    if (!formatted.extensions || !("http" in formatted.extensions)) return formatted;
    const { http: _http, ...extensions } = formatted.extensions;
    return { ...formatted, extensions };
  });
}

/**
 * A result as a client should see it. A result without `data` failed before execution: its errors
 * are the request's (variables that do not fit their types), which Apollo answers BAD_USER_INPUT.
 */
export function formatResult(policy: RequestPolicy, result: ExecutionResult): FormattedExecutionResult {
  const { errors, ...rest } = result;
  if (!errors) return rest;
  const requestErrors = !("data" in result);
  return {
    ...rest,
    errors: formatErrors(policy, requestErrors ? errors.map((e) => (e.extensions.code || e.originalError ? e : codeOf(e, "BAD_USER_INPUT"))) : errors),
  };
}
