import DataLoader from "dataloader";
import { Arg, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { GraphQLJSONObject } from "../schema/json-object";
import type { Model, ModelAlias, ModelVersion } from "../entities";
import type { Context } from "../server/context";
import { canWrite } from "../services/viewer";
import { cardDatasetIds, cardForViewer } from "../services/model-registry/card-view";
import { badInput } from "../services/errors";
import { predictDataset, type PredictDatasetInput } from "../jobs/kinds/predict-dataset";
import { DatasetType } from "../schema/dataset";
import { UserType } from "../schema/catalogue-types";
import { JobType } from "../schema/job";
import {
  CreateModelInput,
  ModelAliasGql,
  ModelGql,
  ModelUploadGql,
  ModelVersionGql,
  PredictInput,
  PredictResultGql,
  type PredictionGql,
  type ModelTask,
} from "../schema/model";
import type { QUnit } from "../schema/enums";

/** Per-request DataLoaders of the registry's relations, kept beside the request's own loaders. */
interface RegistryLoaders {
  model: DataLoader<string, Model | null>;
  versionsOfModel: DataLoader<string, ModelVersion[]>;
  aliasesOfModel: DataLoader<string, ModelAlias[]>;
  version: DataLoader<string, ModelVersion | null>;
}
const perRequest = new WeakMap<object, RegistryLoaders>();

function loadersOf({ loaders, services, viewer }: Context): RegistryLoaders {
  let l = perRequest.get(loaders);
  if (!l) {
    const registry = services.trainedModels.registry;
    const byId = <T extends { id: string }>(keys: readonly string[], rows: T[]) => keys.map((k) => rows.find((r) => r.id === k) ?? null);
    const grouped = <T extends { modelId: string }>(keys: readonly string[], rows: T[]) => keys.map((k) => rows.filter((r) => r.modelId === k));
    l = {
      model: new DataLoader(async (ids) => byId(ids, await registry.visibleModelsByIds(viewer, ids))),
      versionsOfModel: new DataLoader(async (ids) => grouped(ids, await registry.versionsOfModels(ids))),
      aliasesOfModel: new DataLoader(async (ids) => grouped(ids, await registry.aliasesOfModels(ids))),
      version: new DataLoader(async (ids) => byId(ids, await registry.visibleVersionsByIds(viewer, ids))),
    };
    perRequest.set(loaders, l);
  }
  return l;
}

@Resolver(() => ModelGql)
export class ModelResolver {
  @Query(() => [ModelGql], { description: "Models you may use, by name" })
  models(@Ctx() { services, viewer }: Context): Promise<Model[]> {
    return services.trainedModels.registry.listModels(viewer);
  }

  @Query(() => ModelGql, { description: "A model by name; NOT_FOUND when it does not exist or you may not see it" })
  model(@Ctx() { services, viewer }: Context, @Arg("name") name: string): Promise<Model> {
    return services.trainedModels.registry.getModel(viewer, name);
  }

  @Query(() => ModelVersionGql, { description: 'A ready version by reference: "name@alias", "name:version", a version id, or a name (its newest version)' })
  async modelVersion(@Ctx() { services, viewer }: Context, @Arg("ref") ref: string): Promise<ModelVersion> {
    return (await services.trainedModels.registry.resolve(viewer, ref, "ref")).version;
  }

  @Mutation(() => ModelGql, { description: "Register a model name (unpublished unless asked), owned by you" })
  createModel(@Ctx() { services, viewer }: Context, @Arg("input", () => CreateModelInput) input: CreateModelInput): Promise<Model> {
    return services.trainedModels.registry.createModel(viewer, { ...input, task: input.task as ModelTask });
  }

  @Mutation(() => ModelGql, { description: "Make a model usable by everyone (or hide it again with published: false)" })
  publishModel(@Ctx() { services, viewer }: Context, @Arg("name") name: string, @Arg("published", { defaultValue: true }) published: boolean): Promise<Model> {
    return services.trainedModels.registry.publishModel(viewer, name, published);
  }

  @Mutation(() => ModelGql, { description: "Replace the groups that may use an unpublished model" })
  shareModel(@Ctx() { services, viewer }: Context, @Arg("name") name: string, @Arg("accessGroups", () => [String]) accessGroups: string[]): Promise<Model> {
    return services.trainedModels.registry.shareModel(viewer, name, accessGroups);
  }

  @Mutation(() => ModelUploadGql, { description: "Start a new version with its model card: PUT the ONNX file to uploadUrl, then call completeModelUpload" })
  createModelVersion(
    @Ctx() { services, viewer }: Context,
    @Arg("model") model: string,
    @Arg("card", () => GraphQLJSONObject) card: Record<string, unknown>,
    @Arg("trainingDatasetIds", () => [ID], { nullable: true }) trainingDatasetIds: string[] | null,
  ) {
    return services.trainedModels.registry.createModelVersion(viewer, { model, card, trainingDatasetIds: trainingDatasetIds ?? [] });
  }

  @Mutation(() => ModelVersionGql, {
    description: "Check the uploaded file (size, sha256, loads in onnxruntime, fits the card) and make the version READY; a failing file is discarded",
  })
  completeModelUpload(
    @Ctx() { services, viewer }: Context,
    @Arg("versionId", () => ID) versionId: string,
    @Arg("sha256") sha256: string,
    @Arg("size", () => Float, { description: "Bytes" }) size: number,
  ): Promise<ModelVersion> {
    return services.trainedModels.registry.completeModelUpload(viewer, versionId, sha256, size);
  }

  @Mutation(() => ModelAliasGql, { description: "Point an alias (production, staging, any name) at a ready version; moves it if it exists" })
  setModelAlias(
    @Ctx() { services, viewer }: Context,
    @Arg("model") model: string,
    @Arg("alias") alias: string,
    @Arg("version", () => Int) version: number,
  ): Promise<ModelAlias> {
    return services.trainedModels.registry.setModelAlias(viewer, model, alias, version);
  }

  @Mutation(() => PredictResultGql, {
    description: 'Run a model on curves, or a generator on parameters. model: "name@alias", "name:version", a version id, or a name (newest version)',
  })
  async predict(
    @Ctx() { services, viewer }: Context,
    @Arg("model") model: string,
    @Arg("inputs", () => [PredictInput]) inputs: PredictInput[],
  ): Promise<PredictResultGql> {
    const out = await services.trainedModels.inference.predict(
      viewer,
      model,
      inputs.map((i) => ({ ...i, qUnit: (i.qUnit ?? null) as QUnit | null })),
    );
    const predictions: PredictionGql[] = out.predictions.map((p, index) => ({
      index,
      parameters: p.parameters,
      classes: p.classes,
      curve: p.curve
        ? { q: Array.from(p.curve.q), intensity: Array.from(p.curve.intensity), qUnit: p.curve.qUnit as QUnit, intensityUnit: p.curve.intensityUnit }
        : undefined,
      warnings: p.warnings,
      batchSize: p.batchSize,
    }));
    return { modelVersion: out.version as unknown as ModelVersionGql, executionProvider: out.provider, predictions };
  }

  @Mutation(() => JobType, {
    description: "Predict on a dataset's curves (all, or those listed) as a job; its result is a DERIVED dataset (job.result.datasetIds)",
  })
  async predictDataset(
    @Ctx() { services, viewer }: Context,
    @Arg("datasetId", () => ID) datasetId: string,
    @Arg("model") model: string,
    @Arg("curveIds", () => [ID], { nullable: true }) curveIds: string[] | null,
    @Arg("title", () => String, { nullable: true }) title: string | null,
  ) {
    const input: PredictDatasetInput = { datasetId, model, curveIds: curveIds ?? undefined, title: title ?? undefined };
    await services.trainedModels.inference.checkPredictDataset(viewer, input);
    return services.jobs.enqueue(viewer, predictDataset, input);
  }

  @FieldResolver(() => UserType)
  owner(@Root() m: Model, @Ctx() { loaders }: Context) {
    return loaders.user.load(m.ownerId);
  }

  @FieldResolver(() => Boolean, { description: "Whether you may add versions and move aliases" })
  viewerCanEdit(@Root() m: Model, @Ctx() { viewer }: Context): boolean {
    return canWrite(viewer, m);
  }

  @FieldResolver(() => [ModelVersionGql], { description: "Ready versions, newest first" })
  versions(@Root() m: Model, @Ctx() ctx: Context) {
    return loadersOf(ctx).versionsOfModel.load(m.id);
  }

  @FieldResolver(() => [ModelAliasGql])
  aliases(@Root() m: Model, @Ctx() ctx: Context) {
    return loadersOf(ctx).aliasesOfModel.load(m.id);
  }
}

@Resolver(() => ModelVersionGql)
export class ModelVersionResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    description: "The model card (sasgraph.model-card/1); its training record names only the datasets you may see",
  })
  async card(@Root() v: ModelVersion, @Ctx() { loaders }: Context): Promise<Record<string, unknown>> {
    const ids = cardDatasetIds(v.card);
    if (ids.length === 0) return v.card;
    const rows = await loaders.dataset.loadMany(ids);
    const visible = new Set(rows.flatMap((d) => (d && !(d instanceof Error) ? [d.id] : [])));
    return cardForViewer(v.card, visible);
  }

  @FieldResolver(() => ModelGql)
  model(@Root() v: ModelVersion, @Ctx() ctx: Context) {
    return loadersOf(ctx).model.load(v.modelId);
  }

  @FieldResolver(() => [String], { description: "Aliases pointing at this version" })
  async aliases(@Root() v: ModelVersion, @Ctx() ctx: Context): Promise<string[]> {
    return (await loadersOf(ctx).aliasesOfModel.load(v.modelId)).filter((a) => a.versionId === v.id).map((a) => a.alias);
  }

  @FieldResolver(() => [DatasetType], { description: "Datasets it was trained on, those you may see" })
  async trainingDatasets(@Root() v: ModelVersion, @Ctx() { loaders }: Context) {
    const rows = await loaders.dataset.loadMany(v.trainingDatasetIds);
    return rows.filter((d) => d !== null && !(d instanceof Error));
  }
}

@Resolver(() => ModelAliasGql)
export class ModelAliasResolver {
  @FieldResolver(() => Int, { description: "Version number it points at" })
  async versionNumber(@Root() a: ModelAlias, @Ctx() ctx: Context): Promise<number> {
    const v = await loadersOf(ctx).version.load(a.versionId);
    if (!v) throw badInput(`alias ${a.alias} points at a version you may not see`, "alias");
    return v.version;
  }

  @FieldResolver(() => ModelVersionGql)
  version(@Root() a: ModelAlias, @Ctx() ctx: Context) {
    return loadersOf(ctx).version.load(a.versionId);
  }
}
