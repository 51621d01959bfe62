import type { ProvEdge } from "../entities";
import type { Context } from "../server/context";

/**
 * Provenance edges minus those pointing at datasets the viewer may not see: a restricted dataset
 * must not show up even as the far end of an edge. Dataset visibility goes through the request's
 * DataLoader, so a page of datasets costs one extra statement, not one per edge.
 */
export async function visibleEdges(ctx: Context, edges: ProvEdge[]): Promise<ProvEdge[]> {
  const datasetIds = new Set<string>();
  for (const e of edges) {
    if (e.subjectType === "DATASET") datasetIds.add(e.subjectId);
    if (e.objectType === "DATASET") datasetIds.add(e.objectId);
  }
  const ids = [...datasetIds];
  const visible = new Set((await ctx.loaders.dataset.loadMany(ids)).map((d, i) => (d && !(d instanceof Error) ? ids[i] : null)).filter(Boolean));
  return edges.filter(
    (e) => (e.subjectType !== "DATASET" || visible.has(e.subjectId)) && (e.objectType !== "DATASET" || visible.has(e.objectId)),
  );
}
