/**
 * Inputs that outlive a request (job inputs, a simulation's input table) are JSON Schemas written
 * with TypeBox: field names, types, defaults, units (`unit`) and bounds, once. The same schema types
 * the input (Static), validates it when a job is asked for and again when a worker dequeues it,
 * drives the CLI's option checks and is checked against the GraphQL input type by a test. Messages
 * are ours, built from the schema, so a user reads "eta must be a number in (0, 0.55]", not a
 * validator's internals.
 */
import { Kind, Type, type SchemaOptions, type Static, type TLiteral, type TSchema, type TUnion } from "@sinclair/typebox";
import { TypeCompiler, type TypeCheck } from "@sinclair/typebox/compiler";
import { ValueErrorType } from "@sinclair/typebox/errors";
import { badInput } from "./errors";

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function checker<S extends TSchema>(schema: S): TypeCheck<S> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check as TypeCheck<S>;
}

const interval = (s: TSchema): string => {
  const lo = s.exclusiveMinimum ?? s.minimum;
  const hi = s.exclusiveMaximum ?? s.maximum;
  if (lo === undefined && hi === undefined) return "";
  const open = s.exclusiveMinimum !== undefined ? "(" : "[";
  const close = s.exclusiveMaximum !== undefined ? ")" : "]";
  if (hi === undefined) return s.exclusiveMinimum !== undefined ? ` > ${lo}` : ` >= ${lo}`;
  if (lo === undefined) return s.exclusiveMaximum !== undefined ? ` < ${hi}` : ` <= ${hi}`;
  return ` in ${open}${lo}, ${hi}${close}`;
};

/** The rule a field's schema states, in words: "a number in (0, 0.55]", "one of paper, commensurate". */
export function describeRule(schema: TSchema): string {
  const kind = schema[Kind] as string;
  if (kind === "Integer") {
    const lo = schema.minimum;
    const hi = schema.maximum;
    if (lo !== undefined && hi !== undefined) return `an integer from ${lo} to ${hi}`;
    if (lo !== undefined) return `an integer >= ${lo}`;
    return "an integer";
  }
  if (kind === "Number") return `a number${interval(schema)}`;
  if (kind === "Boolean") return "true or false";
  if (kind === "String") return schema.minLength ? "a non-empty string" : "a string";
  if (kind === "Union" && Array.isArray(schema.anyOf) && schema.anyOf.every((s: TSchema) => s.const !== undefined)) {
    return `one of ${schema.anyOf.map((s: TSchema) => String(s.const)).join(", ")}`;
  }
  if (kind === "Array") return `a list of ${describeRule(schema.items as TSchema)}`;
  if (kind === "Object") return "an object";
  if (kind === "Record") return "an object of named values";
  if (kind === "Unknown") return "a value";
  return "of the documented type";
}

/** "a/b/0/c" -> "a.b[0].c", the way GraphQL clients name input fields. */
function fieldPath(prefix: string, path: string): string {
  let out = prefix;
  for (const part of path.split("/").filter(Boolean)) out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

const shown = (v: unknown) => (typeof v === "string" ? `"${v}"` : Number.isNaN(v) ? "NaN" : (JSON.stringify(v) ?? String(v)));

/**
 * `raw` as the schema's type, or BAD_USER_INPUT naming the first field that breaks it (`prefix` is the
 * input's place in the request, e.g. "hardSpheres"). Checks without converting: the input is JSON.
 */
export function parseInput<S extends TSchema>(schema: S, raw: unknown, prefix: string): Static<S> {
  const check = checker(schema);
  if (check.Check(raw)) return raw;
  // The deepest error names the field; a union's "Expected union value" comes with its own path.
  const error = check.Errors(raw).First()!;
  const field = fieldPath(prefix, error.path);
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    const allowed = Object.keys((parentSchema(schema, error.path)?.properties as Record<string, TSchema> | undefined) ?? {});
    throw badInput(`${field} is not a field here${allowed.length ? `; fields are ${allowed.join(", ")}` : ""}`, field);
  }
  if (error.type === ValueErrorType.ObjectRequiredProperty) throw badInput(`${field} is required: ${describeRule(error.schema)}`, field);
  // The field's own description says what it is for (units, the paper's value).
  const about = typeof error.schema.description === "string" ? ` (${error.schema.description})` : "";
  throw badInput(`${field} must be ${describeRule(error.schema)}, not ${shown(error.value)}${about}`, field);
}

/** The object schema holding the property at `path` (for naming the fields it allows). */
function parentSchema(schema: TSchema, path: string): TSchema | undefined {
  let s: TSchema | undefined = schema;
  const parts = path.split("/").filter(Boolean).slice(0, -1);
  for (const part of parts) {
    if (!s) return undefined;
    s = /^\d+$/.test(part) ? (s.items as TSchema | undefined) : (s.properties as Record<string, TSchema> | undefined)?.[part];
  }
  return s;
}

/** Whether `raw` fits the schema, without throwing (tests, and callers that pick among schemas). */
export function fits(schema: TSchema, raw: unknown): boolean {
  return checker(schema).Check(raw);
}

/** A union of string literals: TypeBox's spelling of an enum, whose Static type is the union. */
export function oneOf<T extends string>(values: readonly T[], options?: SchemaOptions): TUnion<TLiteral<T>[]> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  );
}

/** A UUID (ids of rows), as a pattern: TypeBox's "uuid" format needs a registry entry. */
export const Uuid = (options?: SchemaOptions) =>
  Type.String({ pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", ...options });
