/**
 * Memoised query cost. Apollo hands the same DocumentNode to every request with the same query text
 * (its document store), and a cost only changes with the values of the variables that reach a
 * `first`/`count` argument, an argument of a field priced by its work (computeIntensity's and computeIntensity2D's input,
 * provenance's depth, datasetSvd's components) or a directive (@skip/@include). So the cost is kept per document,
 * keyed by the operation name and those variables' values; other variables (e.g. the curves of a
 * `predict` call, which getComplexity would otherwise coerce again) are not looked at.
 */
import { createHash } from "node:crypto";
import { visit, type DocumentNode } from "graphql";

/** Arguments whose value the cost estimators read, on any field... */
const COST_ARGUMENTS = new Set(["first", "count"]);
/** ...and on the fields priced by their work (query-limits.ts). */
const FIELD_COST_ARGUMENTS: Record<string, Set<string>> = {
  computeIntensity: new Set(["input"]),
  computeIntensity2D: new Set(["input"]),
  provenance: new Set(["depth"]),
  datasetSvd: new Set(["components"]),
};
/** Distinct keys remembered per document (a document with a paging variable sees few values). */
const MAX_KEYS_PER_DOCUMENT = 64;

/** Names of variables that can change the cost of `document`. */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const fields: string[] = [];
  let depth = 0; // > 0 while inside a cost-relevant argument or a directive
  const priced = (argument: string) => COST_ARGUMENTS.has(argument) || FIELD_COST_ARGUMENTS[fields[fields.length - 1]]?.has(argument) === true;
  visit(document, {
    Field: {
      enter: (node) => void fields.push(node.name.value),
      leave: () => void fields.pop(),
    },
    Argument: {
      enter: (node) => void (priced(node.name.value) && depth++),
      leave: (node) => void (priced(node.name.value) && depth--),
    },
    Directive: { enter: () => void depth++, leave: () => void depth-- },
    Variable: (node) => void (depth > 0 && names.add(node.name.value)),
    // A variable's own definition is not a use.
    VariableDefinition: () => false,
  });
  return [...names].sort();
}

interface DocumentCosts {
  variables: string[];
  costs: Map<string, number>;
}

export class QueryCostCache {
  private readonly byDocument = new WeakMap<DocumentNode, DocumentCosts>();

  /** The cost of the operation, computed by `compute` only when not known for these inputs. */
  cost(document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined, compute: () => number): number {
    let entry = this.byDocument.get(document);
    if (!entry) this.byDocument.set(document, (entry = { variables: costVariables(document), costs: new Map() }));
    // [] for an absent variable (its default applies), [value] for a given one, even null.
    const given = entry.variables.map((v) => (Object.hasOwn(variables, v) ? [variables[v]] : []));
    let raw: string;
    try {
      raw = `${operationName ?? ""}\u0000${JSON.stringify(given)}`;
    } catch {
      // Nested past the stack (a hostile JSON value): price it uncached; coercing it refuses it.
      return compute();
    }
    // computeIntensity's input may hold 100 000 q values: remember a digest, not megabytes per key.
    const key = raw.length > 1024 ? createHash("sha256").update(raw).digest("base64") : raw;
    const known = entry.costs.get(key);
    if (known !== undefined) return known;
    const cost = compute();
    if (entry.costs.size >= MAX_KEYS_PER_DOCUMENT) entry.costs.clear();
    entry.costs.set(key, cost);
    return cost;
  }
}
