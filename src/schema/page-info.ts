import { Field, ObjectType } from "type-graphql";

// simpleResolvers: plain fields are read by graphql's default resolver; type-graphql's wrapper
// around each one (we use no middlewares) only cost allocations on every field of every page.
@ObjectType({ simpleResolvers: true, description: "Relay pagination state" })
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}
