/**
 * Limits on what one GraphQL operation may ask for: selection depth (a validation rule) and an
 * estimated cost (computed before execution) where a list field costs its children times `first`.
 */
import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode, type ValidationContext, type DocumentNode } from "graphql";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";

export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith("__")) continue;
          deepest = Math.max(deepest, sel.selectionSet ? 1 + depthOf(sel.selectionSet, seen) : 1);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(sel.selectionSet, seen));
        } else {
          const name = sel.name.value;
          const frag = fragments.get(name);
          if (frag && !seen.has(name)) deepest = Math.max(deepest, depthOf(frag.selectionSet, new Set([...seen, name])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`the query is ${depth} levels deep; the limit is ${maxDepth}`, { nodes: [node], extensions: { code: "QUERY_TOO_DEEP" } }),
          );
        }
      },
    };
  };
}

/** A list field with `first`/`count` costs its children that many times over. */
const paginationEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const n = typeof args.first === "number" ? args.first : typeof args.count === "number" ? args.count : undefined;
  return n === undefined ? undefined : 1 + childComplexity * Math.max(1, n);
};

export function queryCost(schema: GraphQLSchema, query: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  return getComplexity({ schema, query, variables, operationName, estimators: [paginationEstimator, simpleEstimator({ defaultComplexity: 1 })] });
}

export function costLimitError(cost: number, max: number): GraphQLError {
  return new GraphQLError(`the query's estimated cost is ${cost}; the limit is ${max}: ask for fewer items per page or fewer fields`, {
    extensions: { code: "QUERY_TOO_COSTLY", cost, limit: max },
  });
}
