import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSONObject } from "./json-object";
import { enumOf } from "./enum-of";
import { INPUT_TRANSFORMS, type InputTransform as InputTransformValue } from "../training/problem";
import { TRAINING_ROLES, type TrainingRole as TrainingRoleValue } from "../training/architecture";

export const InputTransform = enumOf(INPUT_TRANSFORMS);
export type InputTransform = InputTransformValue;
registerEnumType(InputTransform, {
  name: "InputTransform",
  description: "What the network sees of I(q) on the model's q grid",
  valuesConfig: {
    LOG10: { description: "log10 I (needs I > 0)" },
    QUOTIENT: { description: "ln(I²[n+1] / I²[n]), n = 0..N-2: the scale-invariant quotient transform of Yildirim et al. 2024 (needs I > 0)" },
    NONE: { description: "I as it is" },
  },
});

export const TrainingRole = enumOf(TRAINING_ROLES);
export type TrainingRole = TrainingRoleValue;
registerEnumType(TrainingRole, {
  name: "TrainingRole",
  description: "What a trained network does: parameters to curve, curve to parameters, or curve to class",
});

@ObjectType("Hyperparameter", { description: "One row of an architecture's hyperparameter table" })
export class HyperparameterType {
  @Field() name: string;
  @Field({ description: "integer, number, boolean or string" }) type: string;
  @Field({ name: "default", description: 'The default, written as JSON (64, 0.001, true, "relu")' }) defaultJson: string;
  @Field(() => Float, { nullable: true }) minimum: number | null;
  @Field(() => Float, { nullable: true }) maximum: number | null;
  @Field(() => [String], { nullable: true, description: "The allowed values of a string field" }) values: string[] | null;
  @Field() description: string;
}

@ObjectType("TrainingArchitecture", { description: "A network family startTraining can train, with its hyperparameter table" })
export class TrainingArchitectureType {
  @Field() name: string;
  @Field() summary: string;
  @Field({
    description: "What `targets` names: parameters (curve parameters), class (the parameter holding the class label), class_and_parameters (class first)",
  })
  targets: string;
  @Field(() => [TrainingRole], { description: "The versions a run registers" }) roles: TrainingRole[];
  @Field(() => [HyperparameterType]) hyperparameters: HyperparameterType[];
}

@InputType({ description: "A training run: the model to register into, the architecture, the data and what to learn" })
export class TrainingInput {
  @Field({
    description:
      "Model name: yours (created if new), or owner/name of a model you may write. Architectures with two networks register name-generator and name-inferrer",
  })
  model: string;
  @Field({ description: "One of trainingArchitectures" }) architecture: string;
  @Field(() => [ID], { description: "Datasets to train on (you must be able to read them)" }) datasetIds: string[];
  @Field(() => Float, { nullable: true, description: "Fraction of the curves held out for validation (seeded); default 0.2" }) validationFraction?: number;
  @Field(() => [ID], { nullable: true, description: "Datasets to validate on instead of a held-out fraction" }) validationDatasetIds?: string[];
  @Field(() => [String], {
    description: "Curve parameter names to learn; for classifiers the parameter holding the class (e.g. model); multi-task: class parameter first",
  })
  targets: string[];
  @Field(() => InputTransform, { defaultValue: "LOG10" }) inputTransform: InputTransform;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "Values from the architecture's table; the rest take their defaults" })
  hyperparameters?: Record<string, unknown>;
  @Field(() => Int, { nullable: true, description: "Seed of the split, the initial weights and the batch order (default 0): same seed and data, same weights" })
  seed?: number;
}
