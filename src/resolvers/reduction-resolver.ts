import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { Dataset } from "../entities";
import type { Context } from "../server/context";
import { DatasetType } from "../schema/dataset";
import { ReduceDetectorImagesInput } from "../schema/reduction";

@Resolver()
export class ReductionResolver {
  @Mutation(() => DatasetType, {
    description: "Detector images to I(Q): a DERIVED dataset of one reduced curve per image, whose provenance reaches the images' dataset",
  })
  reduceDetectorImages(
    @Ctx() { services, viewer }: Context,
    @Arg("input", () => ReduceDetectorImagesInput) input: ReduceDetectorImagesInput,
  ): Promise<Dataset> {
    return services.reduction.reduce(viewer, input);
  }
}
