import { Arg, Ctx, ID, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import type { Context } from "../server/context";
import type { JobRun } from "../entities";
import { JobType } from "../schema/job";

@Resolver(() => JobType)
export class JobResolver {
  @Query(() => JobType, { description: "A job you started: state, progress, message and result ids" })
  job(@Ctx() { services, viewer }: Context, @Arg("id", () => ID) id: string): Promise<JobRun> {
    return services.jobs.get(viewer, id);
  }

  @Mutation(() => JobType)
  cancelJob(@Ctx() { services, viewer }: Context, @Arg("id", () => ID) id: string): Promise<JobRun> {
    return services.jobs.cancel(viewer, id);
  }

  @Subscription(() => JobType, {
    description: "The job's status now and after every change, until it ends (graphql-ws at /graphql)",
    subscribe: async ({ args, context }) => {
      const { services, viewer } = context as Context;
      const id = (args as { id: string }).id;
      await services.jobs.get(viewer, id);
      return services.jobs.watch(id);
    },
  })
  jobProgress(@Root() run: JobRun, @Arg("id", () => ID) _id: string): JobRun {
    return run;
  }
}
