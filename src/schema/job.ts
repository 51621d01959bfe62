import { Field, Float, ID, ObjectType } from "type-graphql";
import { GraphQLJSONObject } from "./json-object";
import { JobState } from "./enums";

@ObjectType("Job", { description: "Work running on the job queue" })
export class JobType {
  @Field(() => ID) id: string;
  @Field({ description: "Queue (kind of work)" }) queue: string;
  @Field(() => JobState) state: JobState;
  @Field(() => Float, { description: "0 to 1" }) progress: number;
  @Field() message: string;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "Ids of what the job made, when it succeeded (datasetIds, activityId; startTraining: versions [{id, role, model, version}])",
  })
  result: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}
