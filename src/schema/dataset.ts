import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { GraphQLJSONObject } from "./json-object";
import { DatasetKind, Technique } from "./enums";
import { PageInfo } from "./page-info";

// simpleResolvers: plain fields are read by graphql's default resolver; type-graphql's wrapper
// around each one (we use no middlewares) only cost allocations on every field of every page.
@ObjectType("Dataset", { simpleResolvers: true, description: "A set of scattering curves with metadata, access rules and provenance" })
export class DatasetType {
  @Field(() => ID) id: string;
  @Field(() => DatasetKind) kind: DatasetKind;
  @Field(() => Technique) technique: Technique;
  @Field() title: string;
  @Field() description: string;
  @Field(() => [String]) keywords: string[];
  @Field() license: string;
  @Field(() => GraphQLJSONObject, { description: "Scientific metadata exactly as submitted, values with their units" })
  metadata: Record<string, unknown>;
  @Field() published: boolean;
  @Field(() => Int) curveCount: number;
  @Field({ description: "Bytes of curve data (8 per stored value)" }) byteSize: number;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType("DatasetEdge", { simpleResolvers: true })
export class DatasetEdge {
  @Field() cursor: string;
  @Field(() => DatasetType) node: DatasetType;
}

@ObjectType("DatasetConnection", { simpleResolvers: true })
export class DatasetConnection {
  @Field(() => [DatasetEdge]) edges: DatasetEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@InputType({ description: "All given conditions must hold" })
export class DatasetFilterInput {
  @Field(() => [Technique], { nullable: true }) technique?: Technique[];
  @Field(() => [DatasetKind], { nullable: true }) kind?: DatasetKind[];
  @Field(() => ID, { nullable: true }) instrumentId?: string;
  @Field(() => ID, { nullable: true }) sampleId?: string;
  @Field(() => [String], { nullable: true, description: "Datasets carrying every one of these keywords" }) keywords?: string[];
  @Field({ nullable: true, description: "Full-text search over title, keywords and description (web-search syntax)" }) text?: string;
  @Field({ nullable: true }) createdAfter?: Date;
  @Field({ nullable: true }) createdBefore?: Date;
  @Field({ nullable: true, description: "User name of the owner" }) owner?: string;
  @Field({ nullable: true }) published?: boolean;
}

@InputType()
export class CreateDatasetInput {
  @Field(() => DatasetKind) kind: DatasetKind;
  @Field(() => Technique) technique: Technique;
  @Field() title: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => [String], { nullable: true }) keywords?: string[];
  @Field({ nullable: true, description: "SPDX identifier, default CC-BY-4.0" }) license?: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "Scientific metadata; stored exactly as sent" }) metadata?: Record<string, unknown>;
  @Field(() => ID, { nullable: true }) instrumentId?: string;
  @Field(() => ID, { nullable: true }) sampleId?: string;
  @Field(() => ID, { nullable: true }) proposalId?: string;
  @Field({ nullable: true, description: "A group you belong to that co-owns the dataset" }) ownerGroup?: string;
  @Field(() => [String], { nullable: true, description: "Groups that may read the dataset before it is published" }) accessGroups?: string[];
}
