import { GraphQLJSONObject } from "../schema/json-object";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Float, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Dataset, DataFile } from "../entities";
import type { Context } from "../server/context";
import type { DatasetFilter } from "../services/catalogue-service";
import { canWrite } from "../services/viewer";
import { ActivityType, DataFileType, GroupType, InstrumentType, ProposalType, SampleType, UserType } from "../schema/catalogue-types";
import { CreateDatasetInput, DatasetConnection, DatasetFilterInput, DatasetType } from "../schema/dataset";
import { CurveColumnInput, CurveConnection, CurveInput, ParameterRangeInput } from "../schema/curve";
import { badInput } from "../services/errors";
import { DownloadLinkType, ImportResultType } from "../schema/download";
import { DatasetOrder, ExportFormat, ImportFormat, QRule } from "../schema/enums";
import { ProvEdgeGql } from "../schema/provenance";
import { toConnection } from "./connection";
import { JobType } from "../schema/job";
import { ImportUploadType } from "../schema/import-upload";
import { importFile } from "../jobs/kinds/import-file";
import { pageOf } from "../services/pagination";
import { curveCursorKey } from "../services/curve-service";
import { visibleEdges } from "./visible-edges";
import { curveColumnsFor } from "./curve-columns";

const Q_RULE_ARG = "STRICT refuses a file whose q is not positive, strictly increasing and finite; LENIENT sorts and drops such rows, listing them";

interface ConnectionSource {
  filter: DatasetFilter;
}

/** Extra columns as a record by name; a name given twice is refused (which one would be kept?). */
function columnsOf(columns: CurveColumnInput[], field: string): Record<string, { values: Float64Array; unit: string }> {
  const out: Record<string, { values: Float64Array; unit: string }> = {};
  for (const c of columns) {
    if (c.name in out) throw badInput(`${field}: "${c.name}" is given twice`, field);
    out[c.name] = { values: Float64Array.from(c.values), unit: c.unit };
  }
  return out;
}

@Resolver(() => DatasetConnection)
export class DatasetConnectionResolver {
  @FieldResolver(() => Int, { description: "Datasets matching the filter that you may see (one extra query)" })
  totalCount(@Root() root: DatasetConnection & ConnectionSource, @Ctx() { services, viewer }: Context): Promise<number> {
    return services.catalogue.countDatasets(viewer, root.filter);
  }
}

@Resolver(() => DataFileType)
export class DataFileResolver {
  @FieldResolver(() => String, { description: "Expiring download link (same rules as requestDownload)" })
  url(@Root() file: DataFile, @Ctx() { services, viewer }: Context): string {
    return services.exports.fileLink(viewer, file).url;
  }
}

@Resolver(() => DatasetType)
export class DatasetResolver {
  @Query(() => DatasetConnection, { description: "Datasets you may see, newest first unless ordered otherwise" })
  async datasets(
    @Ctx() { services, viewer }: Context,
    @Arg("first", () => Int, { defaultValue: 20 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("filter", () => DatasetFilterInput, { nullable: true }) filter: DatasetFilterInput | null,
    @Arg("orderBy", () => DatasetOrder, { defaultValue: DatasetOrder.CREATED_DESC }) orderBy: DatasetOrder,
  ): Promise<DatasetConnection & ConnectionSource> {
    const f: DatasetFilter = { ...(filter ?? {}) };
    const page = await services.catalogue.listDatasets(viewer, { first, after, filter: f, orderBy });
    return { ...toConnection(page, Boolean(after)), filter: f } as unknown as DatasetConnection & ConnectionSource;
  }

  @Query(() => DatasetType, { description: "One dataset; NOT_FOUND when it does not exist or you may not see it" })
  dataset(@Ctx() { services, viewer }: Context, @Arg("id", () => ID) id: string): Promise<Dataset> {
    return services.catalogue.getDataset(viewer, id);
  }

  @Mutation(() => DatasetType, { description: "Create an empty, unpublished dataset owned by you" })
  createDataset(@Ctx() { services, viewer }: Context, @Arg("input", () => CreateDatasetInput) input: CreateDatasetInput): Promise<Dataset> {
    return services.catalogue.createDataset(viewer, input);
  }

  @Mutation(() => DatasetType, { description: "Append curves; all are checked first and either all are stored or none" })
  async addCurves(
    @Ctx() { services, viewer }: Context,
    @Arg("datasetId", () => ID) datasetId: string,
    @Arg("curves", () => [CurveInput]) curves: CurveInput[],
  ): Promise<Dataset> {
    await services.curves.addCurves(
      viewer,
      datasetId,
      curves.map((c, i) => ({
        title: c.title,
        q: Float64Array.from(c.q),
        intensity: Float64Array.from(c.intensity),
        dI: c.dI ? Float64Array.from(c.dI) : null,
        dQ: c.dQ ? Float64Array.from(c.dQ) : null,
        dQl: c.dQl ? Float64Array.from(c.dQl) : null,
        dQw: c.dQw ? Float64Array.from(c.dQw) : null,
        columns: c.columns ? columnsOf(c.columns, `curves[${i}].columns`) : undefined,
        qUnit: c.qUnit,
        intensityUnit: c.intensityUnit,
        parameters: c.parameters,
      })),
    );
    return services.catalogue.getDataset(viewer, datasetId);
  }

  @Mutation(() => ImportResultType, {
    description: "Import a canSAS XML, NXcanSAS (base64), ASCII, JSON or NPY (base64) file into a dataset, all or nothing",
  })
  async importCurves(
    @Ctx() { services, viewer }: Context,
    @Arg("datasetId", () => ID) datasetId: string,
    @Arg("format", () => ImportFormat) format: ImportFormat,
    @Arg("content") content: string,
    @Arg("filename", () => String, { nullable: true }) filename: string | null,
    @Arg("qUnit", () => String, { nullable: true, description: "q unit when the file does not say (ASCII); default 1/A" }) qUnit: string | null,
    @Arg("intensityUnit", () => String, { nullable: true, description: "I unit when the file does not say (ASCII); default arbitrary" })
    intensityUnit: string | null,
    @Arg("qRule", () => QRule, { defaultValue: "STRICT", description: Q_RULE_ARG }) qRule: QRule,
    @Arg("parameters", () => [GraphQLJSONObject], {
      nullable: true,
      description: "Parameters per curve, in the file's order, for files that carry none (NPY); merged over the file's own. One object per curve",
    })
    parameters: Record<string, unknown>[] | null,
  ): Promise<ImportResultType> {
    const result = await services.ingest.importCurves(viewer, {
      datasetId,
      format,
      content,
      filename: filename ?? undefined,
      qUnit: qUnit ?? undefined,
      intensityUnit: intensityUnit ?? undefined,
      qRule,
      parameters: parameters ?? undefined,
    });
    return { dataset: result.dataset as unknown as DatasetType, curvesAdded: result.curves.length, file: result.file };
  }

  @Mutation(() => JobType, {
    description:
      "Import a (big) file as a job: the file is stored at once, a worker parses and imports it all or nothing; job.result has curvesAdded and fileId",
  })
  async startImport(
    @Ctx() { services, viewer }: Context,
    @Arg("datasetId", () => ID) datasetId: string,
    @Arg("format", () => ImportFormat) format: ImportFormat,
    @Arg("content") content: string,
    @Arg("filename", () => String, { nullable: true }) filename: string | null,
    @Arg("qUnit", () => String, { nullable: true }) qUnit: string | null,
    @Arg("intensityUnit", () => String, { nullable: true }) intensityUnit: string | null,
    @Arg("qRule", () => QRule, { defaultValue: "STRICT", description: Q_RULE_ARG }) qRule: QRule,
  ) {
    const stored = await services.ingest.storeForImport(viewer, {
      datasetId,
      format,
      content,
      filename: filename ?? undefined,
      qUnit: qUnit ?? undefined,
      intensityUnit: intensityUnit ?? undefined,
      qRule,
    });
    try {
      return await services.jobs.enqueue(viewer, importFile, stored);
    } catch (err) {
      await services.store.removeQuietly([stored.key]);
      throw err;
    }
  }

  @Mutation(() => ImportUploadType, {
    description: "Start an import of a file of any size (up to SASGRAPH_MAX_IMPORT_BYTES): PUT the file to uploadUrl, then call completeImportUpload",
  })
  async createImportUpload(
    @Ctx() { services, viewer }: Context,
    @Arg("datasetId", () => ID) datasetId: string,
    @Arg("format", () => ImportFormat) format: ImportFormat,
    @Arg("size", () => Float, { description: "Bytes you will upload" }) size: number,
    @Arg("filename", () => String, { nullable: true }) filename: string | null,
    @Arg("sha256", () => String, { nullable: true, description: "Hex sha256 of the file; checked before the import starts" }) sha256: string | null,
    @Arg("qUnit", () => String, { nullable: true, description: "q unit when the file does not say (ASCII); default 1/A" }) qUnit: string | null,
    @Arg("intensityUnit", () => String, { nullable: true, description: "I unit when the file does not say (ASCII); default arbitrary" })
    intensityUnit: string | null,
    @Arg("qRule", () => QRule, { defaultValue: "STRICT", description: Q_RULE_ARG }) qRule: QRule,
  ): Promise<ImportUploadType> {
    const link = await services.importUploads.createImportUpload(viewer, {
      datasetId,
      format,
      size,
      filename: filename ?? undefined,
      sha256: sha256 ?? undefined,
      qUnit: qUnit ?? undefined,
      intensityUnit: intensityUnit ?? undefined,
      qRule,
    });
    const { upload } = link;
    return {
      id: upload.id,
      datasetId: upload.datasetId,
      format,
      filename: upload.filename,
      size: upload.size,
      uploadUrl: link.uploadUrl,
      presignedUrl: link.presignedUrl,
      expiresAt: link.expiresAt,
      maxBytes: link.maxBytes,
    };
  }

  @Mutation(() => JobType, {
    description: "Check an uploaded file's size (and sha256) and start its import job; a mismatch discards the upload. job.result has curvesAdded and fileId",
  })
  completeImportUpload(@Ctx() { services, viewer }: Context, @Arg("uploadId", () => ID) uploadId: string) {
    return services.importUploads.completeImportUpload(viewer, uploadId);
  }

  @Mutation(() => DatasetType, { description: "Make a dataset visible to everyone (or hide it again with published: false)" })
  publishDataset(
    @Ctx() { services, viewer }: Context,
    @Arg("id", () => ID) id: string,
    @Arg("published", { defaultValue: true }) published: boolean,
  ): Promise<Dataset> {
    return services.catalogue.publishDataset(viewer, id, published);
  }

  @Mutation(() => DatasetType, { description: "Replace the groups that may read an unpublished dataset" })
  shareDataset(
    @Ctx() { services, viewer }: Context,
    @Arg("id", () => ID) id: string,
    @Arg("accessGroups", () => [String]) accessGroups: string[],
  ): Promise<Dataset> {
    return services.catalogue.shareDataset(viewer, id, accessGroups);
  }

  @Mutation(() => ID, { description: "Delete a dataset with its curves and files; returns its id" })
  deleteDataset(@Ctx() { services, viewer }: Context, @Arg("id", () => ID) id: string): Promise<string> {
    return services.catalogue.deleteDataset(viewer, id);
  }

  @Mutation(() => DownloadLinkType, { description: "An expiring link to the dataset in a file format, with its metadata and provenance" })
  requestDownload(
    @Ctx() { services, viewer }: Context,
    @Arg("datasetId", () => ID) datasetId: string,
    @Arg("format", () => ExportFormat) format: ExportFormat,
  ): Promise<DownloadLinkType> {
    return services.exports.requestDownload(viewer, datasetId, format) as Promise<DownloadLinkType>;
  }

  @FieldResolver(() => UserType)
  async owner(@Root() d: Dataset, @Ctx() { loaders }: Context) {
    return loaders.user.load(d.ownerId);
  }

  @FieldResolver(() => GroupType, { nullable: true })
  ownerGroup(@Root() d: Dataset, @Ctx() { loaders }: Context) {
    return d.ownerGroupId ? loaders.group.load(d.ownerGroupId) : null;
  }

  @FieldResolver(() => [GroupType], { description: "Groups that may read it (shown to those who may change it)" })
  async accessGroups(@Root() d: Dataset, @Ctx() { loaders, viewer }: Context) {
    if (!canWrite(viewer, d)) return [];
    return (await loaders.group.loadMany(d.accessGroupIds)).filter((g): g is NonNullable<typeof g> & GroupType => !!g && !(g instanceof Error));
  }

  @FieldResolver(() => Boolean, { description: "Whether you may change it" })
  viewerCanEdit(@Root() d: Dataset, @Ctx() { viewer }: Context): boolean {
    return canWrite(viewer, d);
  }

  @FieldResolver(() => InstrumentType, { nullable: true })
  instrument(@Root() d: Dataset, @Ctx() { loaders }: Context) {
    return d.instrumentId ? loaders.instrument.load(d.instrumentId) : null;
  }

  @FieldResolver(() => SampleType, { nullable: true })
  sample(@Root() d: Dataset, @Ctx() { loaders }: Context) {
    return d.sampleId ? loaders.sample.load(d.sampleId) : null;
  }

  @FieldResolver(() => ProposalType, { nullable: true })
  proposal(@Root() d: Dataset, @Ctx() { loaders }: Context) {
    return d.proposalId ? loaders.proposal.load(d.proposalId) : null;
  }

  @FieldResolver(() => [DataFileType])
  files(@Root() d: Dataset, @Ctx() { loaders }: Context) {
    return loaders.files.load(d.id);
  }

  @FieldResolver(() => CurveConnection, { description: "Curves in order; `where` filters on ranges of their parameters" })
  async curves(
    @Root() d: Dataset,
    @Ctx() { services, viewer, loaders }: Context,
    @Arg("first", () => Int, { defaultValue: 20 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("where", () => [ParameterRangeInput], { nullable: true }) where: ParameterRangeInput[] | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (!after && !where?.length && Number.isInteger(first) && first >= 0 && first <= 1000) {
      // The common nested case (first page, no filter) is batched across datasets. Indices run
      // 0..curveCount-1, so the count tells whether more follow: no extra curve is fetched for it.
      // Only the columns the selection reads are loaded (no arrays for a page of titles).
      const rows = await loaders.firstCurves.load(`${d.id}:${first}:${curveColumnsFor(info).join(",")}`);
      return toConnection(pageOf(rows, d.curveCount > first, curveCursorKey), false);
    }
    const page = await services.curves.listCurves(viewer, { datasetId: d.id, first, after, where: where ?? undefined });
    return toConnection(page, Boolean(after));
  }

  @FieldResolver(() => [ProvEdgeGql], { description: "Provenance relations of this dataset that you may see" })
  async provenanceEdges(@Root() d: Dataset, @Ctx() ctx: Context) {
    return visibleEdges(ctx, await ctx.loaders.edges.load(d.id));
  }

  @FieldResolver(() => ActivityType, { nullable: true, description: "The activity that generated this dataset (last one, when several)" })
  async generatedBy(@Root() d: Dataset, @Ctx() { loaders }: Context) {
    const edges = (await loaders.edges.load(d.id)).filter((e) => e.relation === "wasGeneratedBy" && e.subjectId === d.id);
    const last = edges[edges.length - 1];
    return last ? loaders.activity.load(last.objectId) : null;
  }
}
