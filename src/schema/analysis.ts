import { Field, Float, ID, ObjectType } from "type-graphql";
import { QUnit } from "./enums";

@ObjectType("DatasetSvd", { description: "Singular value decomposition of a dataset's curves (rows: curves, columns: q points)" })
export class DatasetSvdType {
  @Field(() => [Float], { description: "q of the columns, in qUnit" }) q: number[];
  @Field(() => QUnit) qUnit: QUnit;
  @Field(() => [ID], { description: "Curve of each row of `scores`, in dataset order" }) curveIds: string[];
  @Field(() => [Float], { description: "All singular values, descending" }) singularValues: number[];
  @Field(() => [Float], { description: "σ_i² / Σσ² for each singular value" }) explainedVariance: number[];
  @Field(() => [[Float]], { description: "The first right singular vectors (one list of q-length each)" }) components: number[][];
  @Field(() => [[Float]], { description: "Each curve's projections on the components (rows of UΣ)" }) scores: number[][];
  @Field(() => [Float], { nullable: true, description: "Column means subtracted when centred" }) columnMean: number[] | null;
}
