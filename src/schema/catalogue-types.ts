import { Field, ID, ObjectType } from "type-graphql";
import { GraphQLJSONObject } from "./json-object";
import { Technique } from "./enums";

// simpleResolvers: plain fields are read by graphql's default resolver; type-graphql's wrapper
// around each one (we use no middlewares) only cost allocations on every field of every page.
@ObjectType({ simpleResolvers: true, description: "A person or service account" })
export class UserType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) displayName: string | null;
}

@ObjectType("Group", { simpleResolvers: true })
export class GroupType {
  @Field(() => ID) id: string;
  @Field() name: string;
}

@ObjectType("Me", { simpleResolvers: true, description: "The signed-in user, with the groups that give them access" })
export class MeType extends UserType {
  @Field(() => [GroupType]) groups: GroupType[];
}

@ObjectType("Instrument", { simpleResolvers: true })
export class InstrumentType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() facility: string;
  @Field(() => Technique) technique: Technique;
  @Field() description: string;
  @Field(() => GraphQLJSONObject, { description: 'Instrument settings with units, e.g. {"wavelength": {"value": 6, "unit": "A"}}' })
  metadata: Record<string, unknown>;
}

@ObjectType("Sample", { simpleResolvers: true })
export class SampleType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() description: string;
  @Field(() => String, { nullable: true }) composition: string | null;
  @Field(() => GraphQLJSONObject) metadata: Record<string, unknown>;
}

@ObjectType("Proposal", { simpleResolvers: true })
export class ProposalType {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() title: string;
  @Field(() => String, { nullable: true }) principalInvestigator: string | null;
}

@ObjectType("DataFile", { simpleResolvers: true, description: "A file in object storage belonging to a dataset" })
export class DataFileType {
  @Field(() => ID) id: string;
  @Field() format: string;
  @Field({ description: "RAW (imported original), EXPORT, CONFIGURATION, ARTIFACT or ATTACHMENT" }) role: string;
  @Field(() => String, { nullable: true }) filename: string | null;
  @Field({ description: "Bytes" }) size: number;
  @Field() sha256: string;
  @Field() createdAt: Date;
}

@ObjectType("Activity", { simpleResolvers: true, description: "A run that made or used records: ingest, simulation, training, inference" })
export class ActivityType {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() label: string;
  @Field(() => GraphQLJSONObject) parameters: Record<string, unknown>;
  @Field() softwareName: string;
  @Field() softwareVersion: string;
  @Field(() => String, { nullable: true }) gitCommit: string | null;
  @Field(() => Number, { nullable: true, description: "Random seed, when the run used one" }) seed: number | null;
  @Field() status: string;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) endedAt: Date | null;
}
