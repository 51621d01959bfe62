import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DETECTOR_IMAGE_KINDS, type DetectorImageKind as DetectorImageKindValue } from "../formats/detector-image";
import { enumOf } from "./enum-of";
import { GraphQLJSONObject } from "./json-object";
import { PageInfo } from "./page-info";

export const DetectorImageKind = enumOf(DETECTOR_IMAGE_KINDS);
export type DetectorImageKind = DetectorImageKindValue;
registerEnumType(DetectorImageKind, {
  name: "DetectorImageKind",
  description: "What a detector image's pixel values are",
  valuesConfig: {
    COUNTS: { description: "Neutrons counted per pixel (whole numbers)" },
    INTENSITY: { description: "I(qx, qy) per pixel in 1/cm (absolute scale)" },
  },
});

export const DETECTOR_ARRAYS = ["VALUES", "UNCERTAINTIES", "MASK"] as const;
export const DetectorArray = enumOf(DETECTOR_ARRAYS);
export type DetectorArray = (typeof DETECTOR_ARRAYS)[number];
registerEnumType(DetectorArray, {
  name: "DetectorArray",
  description: "One of a detector image's arrays, downloadable as NumPy .npy of shape [rows, columns]",
  valuesConfig: {
    VALUES: { description: "The pixel values (float64), in the unit of the image's kind" },
    UNCERTAINTIES: { description: "One-sigma uncertainty per pixel (float64), same unit" },
    MASK: { description: "uint8: 1 where the pixel is masked (beamstop shadow, dead edge), else 0" },
  },
});

@ObjectType("ApertureSize", { description: "A rectangular opening or beamstop: full width and height" })
export class ApertureSizeType {
  @Field(() => Float, { description: "Full width (along x), m" }) width: number;
  @Field(() => Float, { description: "Full height (along y), m" }) height: number;
}

@ObjectType("DetectorGeometry", { description: "Where the pixels sit and what beam met them; the beam travels along +z, x horizontal, y up" })
export class DetectorGeometryType {
  @Field(() => Float, { description: "Sample to detector distance, m" }) detectorDistance: number;
  @Field(() => Float, { description: "Pixel size along x (columns), m" }) pixelWidth: number;
  @Field(() => Float, { description: "Pixel size along y (rows), m" }) pixelHeight: number;
  @Field(() => Float, { description: "Direct beam column, fractional pixels (0.5 = centre of the first column)" }) beamCentreColumn: number;
  @Field(() => Float, { description: "Direct beam row, fractional pixels (0.5 = centre of the first row)" }) beamCentreRow: number;
  @Field(() => Float, { description: "Mean wavelength, Å" }) wavelength: number;
  @Field(() => Float, { description: "Relative FWHM of the wavelength distribution (0.1 = 10 %), dimensionless" }) wavelengthSpread: number;
  @Field(() => Float, { description: "Source (collimation) aperture to sample aperture distance, m" }) collimationLength: number;
  @Field(() => ApertureSizeType, { description: "Source aperture, m" }) sourceAperture: ApertureSizeType;
  @Field(() => ApertureSizeType, { description: "Sample aperture, m" }) sampleAperture: ApertureSizeType;
  @Field(() => ApertureSizeType, { description: "Beamstop in front of the detector, centred on the direct beam, m (0 x 0: none)" })
  beamstop: ApertureSizeType;
}

@ObjectType("DetectorImage", {
  description: "A two-dimensional detector image of a dataset (virtual SANS experiment, imported NXcanSAS 2D); seen exactly when its dataset is",
})
export class DetectorImageType {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: "Position in its dataset, from 0" }) index: number;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field(() => DetectorImageKind) kind: DetectorImageKind;
  @Field(() => Int, { description: "Pixel rows (along y)" }) rows: number;
  @Field(() => Int, { description: "Pixel columns (along x)" }) columns: number;
  @Field(() => GraphQLJSONObject, {
    description: "Everything the image was made with: sample model and parameters (sasmodels names), instrument, neutrons, seed",
  })
  parameters: Record<string, unknown>;
  @Field(() => Float, { description: "Neutrons that reached the sample position (monitor), for absolute scale" }) incident: number;
  @Field(() => Float, { description: "Transmission of the unscattered beam through the sample, (0, 1]" }) transmission: number;
  @Field(() => Float, { description: "Bytes of its stored arrays and preview" }) byteSize: number;
  @Field() createdAt: Date;
}

@ObjectType("DetectorImageEdge")
export class DetectorImageEdge {
  @Field() cursor: string;
  @Field(() => DetectorImageType) node: DetectorImageType;
}

@ObjectType("DetectorImageConnection")
export class DetectorImageConnection {
  @Field(() => [DetectorImageEdge]) edges: DetectorImageEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}
