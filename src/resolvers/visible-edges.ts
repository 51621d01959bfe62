import type { ProvEdge } from "../entities";
import type { Context } from "../server/context";

/**
 * Provenance edges minus those with an end the viewer may not see (provenance-nodes.ts): a
 * restricted dataset, a run that read one, a private model version must not show up even as the
 * far end of an edge. Visibility goes through the request's DataLoader, so a page of datasets
 * costs a few statements, not a few per edge.
 */
export async function visibleEdges(ctx: Context, edges: ProvEdge[]): Promise<ProvEdge[]> {
  const keys = [...new Set(edges.flatMap((e) => [`${e.subjectType}:${e.subjectId}`, `${e.objectType}:${e.objectId}`]))];
  const nodes = await ctx.loaders.provNode.loadMany(keys);
  const visible = new Set(
    keys.filter((_, i) => {
      const n = nodes[i];
      return n !== null && !(n instanceof Error);
    }),
  );
  return edges.filter((e) => visible.has(`${e.subjectType}:${e.subjectId}`) && visible.has(`${e.objectType}:${e.objectId}`));
}
