import { Field, Float, ObjectType } from "type-graphql";
import { GraphQLJSONObject } from "./json-object";

@ObjectType("VirtualInstrumentPreset", {
  description: "A named setting of the virtual KWS-1 instrument (paper 004's 36), for startSimulation(virtualExperiment)",
})
export class VirtualInstrumentPresetType {
  @Field({ description: 'Stable name, e.g. "kws1-6A-8m8m-slit1x1-cell2-d1mm"' }) name: string;
  @Field() description: string;
  @Field(() => Float, { description: "Sample thickness the setting implies, cm" }) sampleThickness: number;
  @Field(() => Float, { description: "Width of the sample cell across the beam, m" }) cellWidth: number;
  @Field(() => GraphQLJSONObject, {
    description:
      "The instrument: wavelength (Å), wavelengthSpread (relative FWHM), collimationLength and detectorDistance (m), sourceAperture, sampleAperture and beamstop {width, height} (m), detector {rows, columns, pixelWidth, pixelHeight (m), beamCentreColumn, beamCentreRow}",
  })
  instrument: Record<string, unknown>;
}
