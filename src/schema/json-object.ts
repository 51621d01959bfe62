/**
 * The JSONObject scalar with bounds. graphql-scalars' JSONObject takes any object; a metadata object
 * nested thousands deep then overflows the stack of whatever walks it next (TypeORM's merge, our
 * validators, PostgreSQL's jsonb input), and the caller gets an internal error for their own mistake.
 * Here depth and size are checked, without recursion, before the value reaches a resolver; a failure
 * is the caller's (graphql-js adds the variable path or the argument to the message).
 */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { GraphQLJSONObject as UnboundedJSONObject } from "graphql-scalars";

/** Deeper than any metadata, model card or parameter set we know of (canSAS metadata is ~6 levels). */
export const MAX_JSON_DEPTH = 32;
/** Values (objects, arrays, scalars) in one JSONObject argument. */
export const MAX_JSON_VALUES = 200_000;

/** jsonb cannot hold \u0000 (PostgreSQL refuses the whole value). */
const NUL_MESSAGE = "the JSON object contains the NUL character (\\u0000), which cannot be stored";

function refuse(message: string): never {
  throw new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

/** Throws unless `value` is at most MAX_JSON_DEPTH deep and has at most MAX_JSON_VALUES values. */
export function checkJsonBounds(value: unknown): void {
  const stack: [unknown, number][] = [[value, 1]];
  let count = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (++count > MAX_JSON_VALUES) refuse(`the JSON object holds more than ${MAX_JSON_VALUES} values (limit)`);
    if (typeof v === "string" && v.includes("\u0000")) refuse(NUL_MESSAGE);
    if (v === null || typeof v !== "object") continue;
    if (!Array.isArray(v) && Object.keys(v).some((k) => k.includes("\u0000"))) refuse(NUL_MESSAGE);
    if (depth > MAX_JSON_DEPTH) refuse(`the JSON object is nested more than ${MAX_JSON_DEPTH} levels deep (limit)`);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
}

/** The same bounds on a literal written into the query. */
function checkLiteralBounds(ast: ValueNode): void {
  const stack: [ValueNode, number][] = [[ast, 1]];
  let count = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (++count > MAX_JSON_VALUES) refuse(`the JSON object holds more than ${MAX_JSON_VALUES} values (limit)`);
    if (node.kind === Kind.STRING && node.value.includes("\u0000")) refuse(NUL_MESSAGE);
    if (node.kind !== Kind.OBJECT && node.kind !== Kind.LIST) continue;
    if (depth > MAX_JSON_DEPTH) refuse(`the JSON object is nested more than ${MAX_JSON_DEPTH} levels deep (limit)`);
    if (node.kind === Kind.OBJECT) for (const f of node.fields) stack.push([f.value, depth + 1]);
    else for (const v of node.values) stack.push([v, depth + 1]);
  }
}

const base = UnboundedJSONObject.toConfig();

/** Named JSONObject like the scalar it wraps, so the schema does not change. */
export const GraphQLJSONObject = new GraphQLScalarType<object, object>({
  ...base,
  parseValue(value) {
    checkJsonBounds(value);
    return base.parseValue!(value) as object;
  },
  parseLiteral(ast, variables) {
    checkLiteralBounds(ast);
    return base.parseLiteral!(ast, variables) as object;
  },
});
