import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../server/context";
import { GroupType, InstrumentType, MeType, SampleType } from "../schema/catalogue-types";
import type { User } from "../entities";

@Resolver(() => MeType)
export class UserResolver {
  @Query(() => MeType, { nullable: true, description: "You, when you send an API token; null when anonymous" })
  me(@Ctx() { viewer, loaders }: Context) {
    return viewer.userId ? loaders.user.load(viewer.userId) : null;
  }

  @FieldResolver(() => [GroupType])
  groups(@Root() user: User, @Ctx() { loaders }: Context) {
    return loaders.groupsOfUser.load(user.id);
  }

  @Query(() => [InstrumentType])
  instruments(@Ctx() { services }: Context) {
    return services.catalogue.listInstruments();
  }

  @Query(() => [SampleType])
  samples(@Ctx() { services, viewer }: Context) {
    return services.catalogue.listSamples(viewer);
  }
}
