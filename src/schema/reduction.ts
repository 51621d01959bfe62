import { Field, Float, ID, InputType, Int, registerEnumType } from "type-graphql";
import { enumNamed } from "./enum-of";

export const QBinSpacing = enumNamed<"linear" | "log", "LINEAR" | "LOG">({ linear: "LINEAR", log: "LOG" });
export type QBinSpacing = "linear" | "log";
registerEnumType(QBinSpacing, { name: "QBinSpacing" });

@InputType({ description: "A sector of the detector: azimuths within halfWidth of centre (degrees from +x towards +y)" })
export class SectorInput {
  @Field(() => Float, { description: "Centre azimuth, degrees from +x towards +y" }) centre: number;
  @Field(() => Float, { description: "Half opening angle, degrees in (0, 180]" }) halfWidth: number;
  @Field({ defaultValue: true, description: "Also the opposite sector (centre + 180°): scattering is centrosymmetric" }) bothSides: boolean;
}

@InputType({
  description:
    "Reduce a dataset's COUNTS detector images to I(Q) on absolute scale (1/cm, Poisson dI, Mildner–Carpenter dQ plus the bin width), one curve per image, in a new DERIVED dataset",
})
export class ReduceDetectorImagesInput {
  @Field(() => ID) datasetId: string;
  @Field(() => [ID], { nullable: true, description: "Images to reduce (default: every image of the dataset, at most 200)" }) imageIds?: string[];
  @Field(() => Int, { defaultValue: 100, description: "q bins" }) bins: number;
  @Field(() => QBinSpacing, { defaultValue: "log" }) spacing: QBinSpacing;
  @Field(() => Float, { nullable: true, description: "Lowest bin edge, 1/Å (default: the unmasked pixels' range)" }) qMin?: number;
  @Field(() => Float, { nullable: true, description: "Highest bin edge, 1/Å" }) qMax?: number;
  @Field(() => Int, { defaultValue: 0, description: "Pixels masked at each detector border" }) edgePixels: number;
  @Field(() => SectorInput, { nullable: true, description: "A sector average instead of the full azimuthal one" }) sector?: SectorInput;
  @Field(() => Float, { nullable: true, description: "Sample thickness, cm: replaces what the images record (needed for images that record none)" })
  thickness?: number;
  @Field({ nullable: true }) title?: string;
}
