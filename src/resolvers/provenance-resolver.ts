import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { GraphQLJSONObject } from "../schema/json-object";
import type { Context } from "../server/context";
import { toProvJson, type ProvGraph } from "../services/provenance-service";
import { ProvenanceGql } from "../schema/provenance";

@Resolver(() => ProvenanceGql)
export class ProvenanceResolver {
  @Query(() => ProvenanceGql, { description: "The provenance graph around a record, `depth` relations out in both directions" })
  provenance(
    @Ctx() { services, viewer }: Context,
    @Arg("id", () => ID) id: string,
    @Arg("depth", () => Int, { defaultValue: 3 }) depth: number,
  ): Promise<ProvGraph> {
    return services.provenance.graph(viewer, id, depth);
  }

  @FieldResolver(() => GraphQLJSONObject, { description: "The same graph as W3C PROV-JSON" })
  async provJson(@Root() graph: ProvGraph, @Ctx() { loaders }: Context): Promise<Record<string, unknown>> {
    const ids = graph.nodes.filter((n) => n.type === "ACTIVITY").map((n) => n.id);
    const activities = (await loaders.activity.loadMany(ids)).filter((a): a is NonNullable<typeof a> & { id: string } => !!a && !(a instanceof Error));
    return toProvJson(graph, new Map(activities.map((a) => [a.id, a])) as Parameters<typeof toProvJson>[1]);
  }
}
