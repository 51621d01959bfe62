import DataLoader from "dataloader";
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { ModelEvaluation, ModelVersion } from "../entities";
import { evaluateModel } from "../jobs/kinds/evaluate-model";
import { DatasetType } from "../schema/dataset";
import { JobType } from "../schema/job";
import { ModelVersionGql } from "../schema/model";
import { EvaluationHeadlineGql, ModelComparisonGql, ModelEvaluationGql } from "../schema/model-evaluation";
import type { Context } from "../server/context";
import { bestOf } from "../services/evaluation/evaluation-service";

/** Per-request loaders: evaluations by version, versions by id (visible ones only). */
interface EvaluationLoaders {
  ofVersion: DataLoader<string, ModelEvaluation[]>;
  version: DataLoader<string, ModelVersion | null>;
}
const perRequest = new WeakMap<object, EvaluationLoaders>();

function loadersOf({ loaders, services, viewer }: Context): EvaluationLoaders {
  let l = perRequest.get(loaders);
  if (!l) {
    l = {
      ofVersion: new DataLoader(async (ids) => {
        const rows = await services.evaluations.evaluationsOfVersions(ids);
        return ids.map((id) => rows.filter((r) => r.versionId === id));
      }),
      version: new DataLoader(async (ids) => {
        const rows = await services.trainedModels.registry.visibleVersionsByIds(viewer, ids);
        return ids.map((id) => rows.find((r) => r.id === id) ?? null);
      }),
    };
    perRequest.set(loaders, l);
  }
  return l;
}

@Resolver(() => ModelEvaluationGql)
export class EvaluationResolver {
  @Mutation(() => JobType, {
    description: "Evaluate a model version on a dataset's curves as a job; the result is stored on the version (modelVersion.evaluations)",
  })
  async evaluateModel(@Ctx() { services, viewer }: Context, @Arg("model") model: string, @Arg("datasetId", () => ID) datasetId: string) {
    await services.evaluations.check(viewer, { model, datasetId });
    return services.jobs.enqueue(viewer, evaluateModel, { model, datasetId });
  }

  @Mutation(() => ModelComparisonGql, {
    description: "Versions side by side on a dataset, from their newest stored evaluations; one without starts an evaluateModel job (entry.jobId)",
  })
  async compareModels(
    @Ctx() { services, viewer }: Context,
    @Arg("refs", () => [String]) refs: string[],
    @Arg("datasetId", () => ID) datasetId: string,
  ): Promise<ModelComparisonGql> {
    const entries = await services.evaluations.compare(viewer, refs, datasetId, async (req) => (await services.jobs.enqueue(viewer, evaluateModel, req)).id);
    const best = bestOf(entries);
    return {
      datasetId,
      entries: entries.map((e) => ({
        ref: e.ref,
        modelVersion: e.resolved.version as unknown as ModelVersionGql,
        evaluation: e.evaluation as unknown as ModelEvaluationGql | null,
        jobId: e.jobId,
      })),
      best: best?.entry.ref ?? null,
      bestHeadline: best?.headline ?? null,
    };
  }

  @FieldResolver(() => EvaluationHeadlineGql, { nullable: true })
  headline(@Root() e: ModelEvaluation): EvaluationHeadlineGql | null {
    return (e.metrics.headline ?? null) as EvaluationHeadlineGql | null;
  }

  @FieldResolver(() => ModelVersionGql, { nullable: true })
  modelVersion(@Root() e: ModelEvaluation, @Ctx() ctx: Context) {
    return loadersOf(ctx).version.load(e.versionId);
  }

  @FieldResolver(() => DatasetType, { nullable: true, description: "The dataset, when you may see it" })
  dataset(@Root() e: ModelEvaluation, @Ctx() { loaders }: Context) {
    return loaders.dataset.load(e.datasetId);
  }
}

@Resolver(() => ModelVersionGql)
export class ModelVersionEvaluationsResolver {
  @FieldResolver(() => [ModelEvaluationGql], { description: "Evaluations on datasets you may see, newest first; datasetId: on that dataset only" })
  async evaluations(
    @Root() v: ModelVersion,
    @Ctx() ctx: Context,
    @Arg("datasetId", () => ID, { nullable: true }) datasetId: string | null | undefined,
  ): Promise<ModelEvaluation[]> {
    const rows = (await loadersOf(ctx).ofVersion.load(v.id)).filter((e) => !datasetId || e.datasetId === datasetId);
    const datasets = await ctx.loaders.dataset.loadMany([...new Set(rows.map((e) => e.datasetId))]);
    const visible = new Set(datasets.filter((d): d is NonNullable<typeof d> & { id: string } => d !== null && !(d instanceof Error)).map((d) => d.id));
    return rows.filter((e) => visible.has(e.datasetId));
  }
}
