import { Field, ObjectType } from "type-graphql";

@ObjectType({ simpleResolvers: true, description: "Relay pagination state" })
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}
