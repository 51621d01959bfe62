import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../server/context";
import type { JobRun } from "../entities";
import { JobType } from "../schema/job";
import { TrainingArchitectureType, TrainingInput, type TrainingRole } from "../schema/training";

@Resolver()
export class TrainingResolver {
  @Query(() => [TrainingArchitectureType], { description: "The network families startTraining trains, each with its hyperparameter table" })
  trainingArchitectures(@Ctx() { services }: Context): TrainingArchitectureType[] {
    return services.training.architectures().map((a) => ({
      ...a,
      roles: [...a.roles] as TrainingRole[],
      hyperparameters: a.hyperparameters.map((h) => ({ ...h, defaultJson: JSON.stringify(h.default) })),
    }));
  }

  @Mutation(() => JobType, {
    description:
      "Train a model on datasets as a job: job.result.versions lists the READY versions it registered ({id, role, model, version}), each with its card and provenance",
  })
  startTraining(@Ctx() { services, viewer }: Context, @Arg("input", () => TrainingInput) input: TrainingInput): Promise<JobRun> {
    return services.training.start(viewer, input);
  }
}
