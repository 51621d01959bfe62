import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { kws1Presets } from "../compute/instrument/presets";
import type { Dataset } from "../entities";
import type { Context } from "../server/context";
import { DatasetType } from "../schema/dataset";
import { ReduceDetectorImagesInput } from "../schema/reduction";
import { VirtualInstrumentPresetType } from "../schema/virtual-instrument";

/** The virtual instrument's settings and the reduction of detector images to I(Q). */
@Resolver()
export class ReductionResolver {
  @Query(() => [VirtualInstrumentPresetType], { description: "The virtual KWS-1 instrument's named settings (paper 004's 36)" })
  virtualInstrumentPresets(): VirtualInstrumentPresetType[] {
    return kws1Presets().map((p) => ({
      name: p.name,
      description: p.description,
      sampleThickness: p.sampleThickness,
      cellWidth: p.cellWidth,
      instrument: { ...p.instrument },
    }));
  }

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
