/**
 * A bound on how many values one request's variables hold, checked on the parsed JSON body before
 * GraphQL sees it. graphql-js coerces a list value by value, and a request is coerced more than once
 * (pricing, then execution): a body of 10^7 numbers (20 MB, under the body limit) held the event
 * loop for 15 s before the resolver could say the list was too long. Counting is one cheap walk.
 * Large data has its own way in (createImportUpload: a file, parsed on a worker).
 */
import type { NextFunction, Request, Response } from "express";
import { getOperationAST, getVariableValues, type DocumentNode, type GraphQLSchema } from "graphql";

/**
 * A 150 000-point curve with q, I and dI fits. A request's variables are coerced up to three times
 * (fail-fast check, pricing, execution) at about 0.5 µs a value: this many stay under a second.
 */
export const MAX_VARIABLE_VALUES = 500_000;

/** The message of the refusal, naming the variable that holds the most, or null when within the bound. */
export function variableBoundsError(variables: unknown, max = MAX_VARIABLE_VALUES): { message: string; field: string } | null {
  if (variables === null || typeof variables !== "object" || Array.isArray(variables)) return null;
  let total = 0;
  let largest = { name: "", count: 0 };
  for (const [name, value] of Object.entries(variables as Record<string, unknown>)) {
    let count = 0;
    const stack: unknown[] = [value];
    while (stack.length > 0 && total + count <= max) {
      const v = stack.pop();
      count++;
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) stack.push(v[i]);
      else if (v !== null && typeof v === "object") for (const child of Object.values(v)) stack.push(child);
    }
    total += count;
    if (count > largest.count) largest = { name, count };
    if (total > max) {
      return {
        message: `the variables hold more than ${max} values (most in $${largest.name}); the limit per request is ${max}: send large curves as a file (createImportUpload)`,
        field: largest.name,
      };
    }
  }
  return null;
}

/** Express middleware for the GraphQL route, after the JSON body parser. */
export function variableBounds(max = MAX_VARIABLE_VALUES) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const bodies: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    for (const body of bodies) {
      const refused = variableBoundsError((body as { variables?: unknown } | null)?.variables, max);
      if (refused) {
        res.status(400).json({ errors: [{ message: refused.message, extensions: { code: "BAD_USER_INPUT", field: refused.field } }] });
        return;
      }
    }
    next();
  };
}

/**
 * Coerce the operation's variables, stopping at the first bad value (thrown as graphql-js words it).
 * Pricing coerces variables too, but collects every failure: 20 000 bad list items cost seconds of
 * error objects before the first could be reported.
 */
export function checkVariablesFailFast(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): void {
  const operation = getOperationAST(document, operationName);
  if (!operation?.variableDefinitions?.length) return;
  const result = getVariableValues(schema, operation.variableDefinitions, variables, { maxErrors: 1 });
  if (result.errors) throw result.errors[0];
}
