import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { GraphQLJSONObject } from "./json-object";
import { ModelVersionGql } from "./model";

@ObjectType("EvaluationHeadline", { description: "The number an evaluation is ranked by in compareModels" })
export class EvaluationHeadlineGql {
  @Field({ description: "Path in metrics: generator.model.mean, classification.top1 or regression.meanRelativeError" }) metric: string;
  @Field(() => Float, { nullable: true }) value: number | null;
  @Field() lowerIsBetter: boolean;
}

@ObjectType("ModelEvaluation", {
  description:
    "A model version evaluated on a dataset (evaluateModel). metrics: generator {model, hardSphere {model, percusYevick, percusYevickBeta}} " +
    "with per-curve MSE of log10 I (count, mean, median, p90); regression {parameters {NAME: {mae, rmse, relativeError, calibration " +
    "{within1Sigma, within2Sigma, meanZ2}}}}; classification {top1, top3, top5, labels, confusion (rows: true class)}",
})
export class ModelEvaluationGql {
  @Field(() => ID) id: string;
  @Field(() => [String], { description: "GENERATOR, REGRESSOR, CLASSIFIER: what the card's heads made it" }) roles: string[];
  @Field(() => Int, { description: "Curves of the dataset the model ran on" }) curveCount: number;
  @Field(() => GraphQLJSONObject) metrics: Record<string, unknown>;
  @Field() createdAt: Date;
  versionId: string;
  datasetId: string;
}

@ObjectType("ModelComparisonEntry")
export class ModelComparisonEntryGql {
  @Field({ description: "The reference as given" }) ref: string;
  @Field(() => ModelVersionGql) modelVersion: ModelVersionGql;
  @Field(() => ModelEvaluationGql, { nullable: true, description: "The newest stored evaluation on the dataset; null while jobId runs" })
  evaluation: ModelEvaluationGql | null;
  @Field(() => ID, { nullable: true, description: "The evaluateModel job started because none was stored; call compareModels again when it ends" })
  jobId: string | null;
}

@ObjectType("ModelComparison", { description: "Versions side by side on one dataset" })
export class ModelComparisonGql {
  @Field(() => ID) datasetId: string;
  @Field(() => [ModelComparisonEntryGql]) entries: ModelComparisonEntryGql[];
  @Field(() => String, { nullable: true, description: "The ref with the best headline (among entries sharing the first one's metric)" })
  best: string | null;
  @Field(() => EvaluationHeadlineGql, { nullable: true }) bestHeadline: EvaluationHeadlineGql | null;
}
