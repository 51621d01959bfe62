import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from "graphql";

/**
 * Names of the fields selected at `path` below the field being resolved (e.g. ["edges", "node"] of
 * a connection), through aliases, fragments and inline fragments. @include/@skip are not judged:
 * a field they leave out still counts, so the answer may hold more names than are resolved, never
 * fewer.
 */
export function selectedFieldNames(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">, path: readonly string[]): Set<string> {
  let level: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) level = level.flatMap((node) => fieldsOf(node.selectionSet, info.fragments).filter((f) => f.name.value === name));
  const names = new Set<string>();
  for (const node of level) for (const f of fieldsOf(node.selectionSet, info.fragments)) names.add(f.name.value);
  return names;
}

function fieldsOf(set: SelectionSetNode | undefined, fragments: GraphQLResolveInfo["fragments"], seen = new Set<string>()): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((s): FieldNode[] => {
    if (s.kind === "Field") return [s];
    if (s.kind === "InlineFragment") return fieldsOf(s.selectionSet, fragments, seen);
    // A fragment spread; validation refuses cycles, `seen` keeps a bad document from looping anyway.
    if (seen.has(s.name.value)) return [];
    seen.add(s.name.value);
    return fieldsOf(fragments[s.name.value]?.selectionSet, fragments, seen);
  });
}
