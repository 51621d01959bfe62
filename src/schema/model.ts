import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { MODEL_TASKS, type ModelTask as ModelTaskValue } from "../entities/model";
import { MODEL_VERSION_STATES, type ModelVersionState as ModelVersionStateValue } from "../entities/model-version";
import { enumOf } from "./enum-of";
import { GraphQLJSONObject } from "./json-object";
import { QUnit } from "./enums";

export const ModelTask = enumOf(MODEL_TASKS);
export type ModelTask = ModelTaskValue;
export const ModelVersionState = enumOf(MODEL_VERSION_STATES);
export type ModelVersionState = ModelVersionStateValue;
registerEnumType(ModelTask, { name: "ModelTask", description: "What a model predicts: parameters, classes, curves, or several of them" });
registerEnumType(ModelVersionState, {
  name: "ModelVersionState",
  description: "PENDING_UPLOAD: waiting for its file (visible to nobody); READY: validated and immutable",
});

@ObjectType("Model", { description: "A served model with access rules like a dataset's, immutable versions and movable aliases" })
export class ModelGql {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => ModelTask) task: ModelTask;
  @Field() description: string;
  @Field() published: boolean;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType("ModelVersion", { description: "One immutable version: an ONNX file, its signature and its model card" })
export class ModelVersionGql {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => ModelVersionState) state: ModelVersionState;
  @Field(() => String, { nullable: true, description: "sha256 of the ONNX file (hex)" }) sha256: string | null;
  @Field(() => Float, { nullable: true, description: "Size of the ONNX file in bytes" }) size: number | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "Inputs and outputs as onnxruntime reads them from the file" }) signature: Record<
    string,
    unknown
  > | null;
  @Field(() => GraphQLJSONObject, { description: "The model card (sasgraph.model-card/1); its training record names only the datasets you may see" })
  card: Record<string, unknown>;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) readyAt: Date | null;
}

@ObjectType("ModelAlias", { description: "A movable name for one version, e.g. production or staging" })
export class ModelAliasGql {
  @Field() alias: string;
  @Field() updatedAt: Date;
  versionId: string;
  modelId: string;
}

@ObjectType("ModelUpload", { description: "Where to PUT the ONNX file of a new version, then call completeModelUpload" })
export class ModelUploadGql {
  @Field(() => ModelVersionGql) version: ModelVersionGql;
  @Field({ description: "Signed, expiring PUT URL on this API (body: the ONNX file)" }) uploadUrl: string;
  @Field(() => String, { nullable: true, description: "Presigned S3 PUT URL, when the object store is reachable by clients" }) presignedUrl: string | null;
  @Field() expiresAt: Date;
  @Field(() => Float) maxBytes: number;
}

@InputType()
export class CreateModelInput {
  @Field({ description: "Unique among your models; letters, digits, '_', '.', '-'. Others refer to it as owner/name when the bare name is ambiguous for them" })
  name: string;
  @Field(() => ModelTask) task: ModelTask;
  @Field({ nullable: true }) description?: string;
  @Field({ nullable: true, description: "A group you belong to that co-owns the model" }) ownerGroup?: string;
  @Field(() => [String], { nullable: true, description: "Groups that may use the model before it is published" }) accessGroups?: string[];
  @Field({ nullable: true, defaultValue: false }) published?: boolean;
}

@InputType({
  description:
    "A curve to predict on (q and intensity), or for a generator its parameters. A null value stands for a missing one (NaN) and is rejected, naming the input and field",
})
export class PredictInput {
  @Field(() => [Float], { nullable: "itemsAndList", description: "q values (curve-input models)" }) q?: (number | null)[] | null;
  @Field(() => [Float], { nullable: "itemsAndList" }) intensity?: (number | null)[] | null;
  @Field(() => [Float], { nullable: "itemsAndList", description: "One-sigma uncertainty of intensity" }) sigma?: (number | null)[] | null;
  @Field(() => QUnit, { nullable: true, description: "Unit of q; the model's own when omitted" }) qUnit?: QUnit | null;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'For generators (cards with input.layout "parameters"): every parameter the card names, e.g. {eta: 0.3, sigma: 0.1}',
  })
  parameters?: Record<string, unknown> | null;
}

@ObjectType("PredictedParameter")
export class PredictedParameterGql {
  @Field() name: string;
  @Field(() => Float) value: number;
  @Field() unit: string;
  @Field(() => Float, { nullable: true, description: "One standard deviation, when the model predicts one" }) uncertainty?: number;
}

@ObjectType("ClassProbability")
export class ClassProbabilityGql {
  @Field() label: string;
  @Field(() => Float) probability: number;
}

@ObjectType("GeneratedCurve")
export class GeneratedCurveGql {
  @Field(() => [Float]) q: number[];
  @Field(() => [Float]) intensity: number[];
  @Field(() => QUnit) qUnit: QUnit;
  @Field() intensityUnit: string;
}

@ObjectType("Prediction", { description: "The answer for one input curve" })
export class PredictionGql {
  @Field(() => Int, { description: "Position of the input in the request" }) index: number;
  @Field(() => [PredictedParameterGql], { nullable: true }) parameters?: PredictedParameterGql[];
  @Field(() => [ClassProbabilityGql], { nullable: true, description: "The top-k classes, most probable first" }) classes?: ClassProbabilityGql[];
  @Field(() => GeneratedCurveGql, { nullable: true }) curve?: GeneratedCurveGql;
  @Field(() => [String], { description: "Where the input or the prediction lies outside the model's domain" }) warnings: string[];
  @Field(() => Int, { description: "Rows in the batch that carried this input" }) batchSize: number;
}

@ObjectType("PredictResult")
export class PredictResultGql {
  @Field(() => ModelVersionGql) modelVersion: ModelVersionGql;
  @Field(() => String, { description: "onnxruntime execution provider that ran it (cpu, cuda)" }) executionProvider: string;
  @Field(() => [PredictionGql]) predictions: PredictionGql[];
}
