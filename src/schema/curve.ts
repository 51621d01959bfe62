import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { GraphQLJSONObject } from "./json-object";
import { IntensityUnit, QUnit } from "./enums";
import { PageInfo } from "./page-info";

// simpleResolvers: plain fields are read by graphql's default resolver; type-graphql's wrapper
// around each one (we use no middlewares) only cost allocations on every field of every page.
@ObjectType("Curve", { simpleResolvers: true, description: "One I(q) curve; values are returned in the requested unit (stored values never change)" })
export class CurveType {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: "Position in its dataset, from 0" }) index: number;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field(() => QUnit, { description: "Unit the q values were submitted in" }) qUnit: QUnit;
  @Field(() => IntensityUnit, { description: "Unit the intensities were submitted in" }) intensityUnit: IntensityUnit;
  @Field(() => GraphQLJSONObject, { description: "The curve's own parameters (sasmodels names for simulations)" })
  parameters: Record<string, unknown>;
  @Field(() => Int) points: number;
}

@ObjectType("CurveColumn", {
  simpleResolvers: true,
  description: "A per-point column the source file carried beyond q, I, dI and resolution (canSAS Qmean, Shadowfactor, ...)",
})
export class CurveColumnType {
  @Field({ description: "Its name in the file" }) name: string;
  @Field({ description: "Its unit as the file gave it (empty when none)" }) unit: string;
  @Field(() => [Float], { nullable: "items", description: "One value per point; null where the file has no finite value (NaN)" }) values: (number | null)[];
}

@ObjectType("CurveEdge", { simpleResolvers: true })
export class CurveEdge {
  @Field() cursor: string;
  @Field(() => CurveType) node: CurveType;
}

@ObjectType("CurveConnection", { simpleResolvers: true })
export class CurveConnection {
  @Field(() => [CurveEdge]) edges: CurveEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@InputType({ description: "An extra per-point column" })
export class CurveColumnInput {
  @Field() name: string;
  @Field({ defaultValue: "" }) unit: string;
  @Field(() => [Float]) values: number[];
}

@InputType({ description: "One curve to add: arrays of equal length, q positive and increasing" })
export class CurveInput {
  @Field(() => [Float]) q: number[];
  @Field(() => [Float]) intensity: number[];
  @Field(() => [Float], { nullable: true, description: "One-sigma uncertainty of I" }) dI?: number[];
  @Field(() => [Float], { nullable: true, description: "Pinhole resolution: one-sigma dQ, in the unit of q" }) dQ?: number[];
  @Field(() => [Float], { nullable: true, description: "Slit resolution: slit length per point, in the unit of q (not with dQ)" }) dQl?: number[];
  @Field(() => [Float], { nullable: true, description: "Slit resolution: slit width per point, in the unit of q (not with dQ)" }) dQw?: number[];
  @Field(() => [CurveColumnInput], { nullable: true, description: "Extra per-point columns, kept with the curve" }) columns?: CurveColumnInput[];
  @Field(() => QUnit, { defaultValue: QUnit.INV_ANGSTROM }) qUnit: QUnit;
  @Field(() => IntensityUnit, { defaultValue: IntensityUnit.INV_CM }) intensityUnit: IntensityUnit;
  @Field({ nullable: true }) title?: string;
  @Field(() => GraphQLJSONObject, { nullable: true }) parameters?: Record<string, unknown>;
}

@InputType({ description: "Range on a curve parameter: min <= parameters[name] <= max" })
export class ParameterRangeInput {
  @Field() name: string;
  @Field(() => Float, { nullable: true }) min?: number;
  @Field(() => Float, { nullable: true }) max?: number;
}
