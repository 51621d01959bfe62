import { Field, ID, ObjectType } from "type-graphql";
import { GraphQLJSONObject } from "./json-object";
import { ProvNodeType, ProvRelation } from "./enums";

// simpleResolvers: plain fields are read by graphql's default resolver; type-graphql's wrapper
// around each one (we use no middlewares) only cost allocations on every field of every page.
@ObjectType("ProvNode", { simpleResolvers: true })
export class ProvNodeGql {
  @Field(() => ID) id: string;
  @Field(() => ProvNodeType) type: ProvNodeType;
  @Field() label: string;
}

@ObjectType("ProvEdge", { simpleResolvers: true, description: "subject --relation--> object, e.g. dataset wasGeneratedBy activity" })
export class ProvEdgeGql {
  @Field(() => ID) id: string;
  @Field(() => ProvRelation) relation: ProvRelation;
  @Field(() => ID) subjectId: string;
  @Field(() => ProvNodeType) subjectType: ProvNodeType;
  @Field(() => ID) objectId: string;
  @Field(() => ProvNodeType) objectType: ProvNodeType;
  @Field(() => GraphQLJSONObject) attributes: Record<string, unknown>;
}

@ObjectType("Provenance", { simpleResolvers: true })
export class ProvenanceGql {
  @Field(() => ProvNodeGql) root: ProvNodeGql;
  @Field(() => [ProvNodeGql]) nodes: ProvNodeGql[];
  @Field(() => [ProvEdgeGql]) edges: ProvEdgeGql[];
  @Field({ description: "The graph stopped growing at its node limit (500) before reaching `depth`" }) truncated: boolean;
}
