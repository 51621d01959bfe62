import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema, type NonEmptyArray, type PubSub } from "type-graphql";
import { DataFileResolver, DatasetConnectionResolver, DatasetResolver } from "../resolvers/dataset-resolver";
import { CurveResolver } from "../resolvers/curve-resolver";
import { DatasetImagesResolver, DetectorImageResolver } from "../resolvers/detector-image-resolver";
import { ReductionResolver } from "../resolvers/reduction-resolver";
import { ProvenanceResolver } from "../resolvers/provenance-resolver";
import { UserResolver } from "../resolvers/user-resolver";
import { JobResolver } from "../resolvers/job-resolver";
import { ScatteringModelResolver, ScatteringParameterResolver, ScatteringResolver } from "../resolvers/scattering-resolver";
import { AnalysisResolver } from "../resolvers/analysis-resolver";
import { ModelAliasResolver, ModelResolver, ModelVersionResolver } from "../resolvers/model-resolver";
import { TrainingResolver } from "../resolvers/training-resolver";
import { EvaluationResolver, ModelVersionEvaluationsResolver } from "../resolvers/evaluation-resolver";

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RESOLVERS: NonEmptyArray<Function> = [
  DatasetResolver,
  DatasetConnectionResolver,
  DataFileResolver,
  CurveResolver,
  DetectorImageResolver,
  DatasetImagesResolver,
  ReductionResolver,
  ProvenanceResolver,
  UserResolver,
  JobResolver,
  ScatteringResolver,
  ScatteringParameterResolver,
  ScatteringModelResolver,
  AnalysisResolver,
  ModelResolver,
  ModelVersionResolver,
  ModelAliasResolver,
  TrainingResolver,
  EvaluationResolver,
  ModelVersionEvaluationsResolver,
];

/**
 * type-graphql insists on a PubSub. Our subscriptions each bring their own `subscribe` (job
 * progress is fed by PostgreSQL NOTIFY, see JobService.watch), so topic-based publishing is unused.
 */
const unusedPubSub: PubSub = {
  publish() {
    throw new Error("topic subscriptions are not used: subscriptions supply their own subscribe function");
  },
  subscribe() {
    throw new Error("topic subscriptions are not used: subscriptions supply their own subscribe function");
  },
};

let cached: Promise<GraphQLSchema> | undefined;

/** The GraphQL schema (built once per process: type-graphql's metadata is global). */
export function buildGraphQLSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({ resolvers: RESOLVERS, validate: false, pubSub: unusedPubSub });
  return cached;
}
