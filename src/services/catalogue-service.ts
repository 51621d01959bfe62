import type { DataSource, EntityManager, SelectQueryBuilder } from "typeorm";
import { In, Not } from "typeorm";
import { Dataset, DataFile, Instrument, Proposal, Sample } from "../entities";
import { DATASET_KINDS, TECHNIQUES, type DatasetKind, type Technique } from "../entities/dataset";
import { badInput, forbidden, notFound, unauthenticated } from "./errors";
import { checkPageSize, decodeCursor, toPage, type Page } from "./pagination";
import { canSee, canWrite, visibleDatasetCondition, visibleSampleCondition, type Viewer } from "./viewer";
import type { ObjectStore } from "../storage/object-store";
import { groupsByName } from "./groups";
import { entitiesByIds } from "../db/entity-rows";
import { isUuid } from "./ids";
import { checkText, checkTexts } from "./text";

export interface DatasetFilter {
  technique?: Technique[];
  kind?: DatasetKind[];
  instrumentId?: string;
  sampleId?: string;
  /** Every keyword must be present. */
  keywords?: string[];
  /** Full-text search over title, keywords and description (web-search syntax). */
  text?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  /** User name of the owner. */
  owner?: string;
  published?: boolean;
}

export type DatasetOrder = "CREATED_DESC" | "CREATED_ASC" | "TITLE_ASC" | "TITLE_DESC";

export interface NewDataset {
  kind: DatasetKind;
  technique: Technique;
  title: string;
  description?: string;
  keywords?: string[];
  license?: string;
  metadata?: Record<string, unknown>;
  instrumentId?: string;
  sampleId?: string;
  proposalId?: string;
  ownerGroup?: string;
  accessGroups?: string[];
}

export { isUuid } from "./ids";

/** The form of Date.toISOString(), which our cursors hold. */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

const ORDERS: Record<DatasetOrder, { column: "created_at" | "title"; direction: "ASC" | "DESC" }> = {
  CREATED_DESC: { column: "created_at", direction: "DESC" },
  CREATED_ASC: { column: "created_at", direction: "ASC" },
  TITLE_ASC: { column: "title", direction: "ASC" },
  TITLE_DESC: { column: "title", direction: "DESC" },
};

/** Datasets and the records they point at, always seen through the viewer's access. */
export class CatalogueService {
  constructor(
    private readonly db: DataSource,
    private readonly store: ObjectStore,
  ) {}

  private visibleQuery(viewer: Viewer, manager: EntityManager = this.db.manager): SelectQueryBuilder<Dataset> {
    const { sql, params } = visibleDatasetCondition(viewer, "d");
    return manager.getRepository(Dataset).createQueryBuilder("d").where(sql, params);
  }

  private applyFilter(qb: SelectQueryBuilder<Dataset>, filter: DatasetFilter): void {
    checkText(filter.text, "filter.text");
    checkText(filter.owner, "filter.owner");
    checkTexts(filter.keywords, "filter.keywords");
    if (filter.technique?.length) qb.andWhere("d.technique IN (:...technique)", { technique: filter.technique });
    if (filter.kind?.length) qb.andWhere("d.kind IN (:...kind)", { kind: filter.kind });
    if (filter.instrumentId) qb.andWhere("d.instrument_id = :instrumentId", { instrumentId: this.uuid(filter.instrumentId, "filter.instrumentId") });
    if (filter.sampleId) qb.andWhere("d.sample_id = :sampleId", { sampleId: this.uuid(filter.sampleId, "filter.sampleId") });
    if (filter.keywords?.length) qb.andWhere("d.keywords @> CAST(:keywords AS text[])", { keywords: filter.keywords });
    if (filter.text?.trim()) qb.andWhere("d.search @@ websearch_to_tsquery('english', :text)", { text: filter.text });
    if (filter.createdAfter) qb.andWhere("d.created_at >= :createdAfter", { createdAfter: filter.createdAfter });
    if (filter.createdBefore) qb.andWhere("d.created_at < :createdBefore", { createdBefore: filter.createdBefore });
    if (filter.owner) qb.andWhere("d.owner_id = (SELECT id FROM users WHERE name = :ownerName)", { ownerName: filter.owner });
    if (filter.published !== undefined) qb.andWhere("d.published = :published", { published: filter.published });
  }

  private uuid(id: string, field: string): string {
    if (!isUuid(id)) throw badInput(`${field} "${id}" is not a valid id`, field);
    return id;
  }

  async listDatasets(viewer: Viewer, args: { first: number; after?: string | null; filter?: DatasetFilter; orderBy?: DatasetOrder }): Promise<Page<Dataset>> {
    const first = checkPageSize(args.first);
    const order = ORDERS[args.orderBy ?? "CREATED_DESC"];
    const qb = this.visibleQuery(viewer);
    this.applyFilter(qb, args.filter ?? {});
    if (args.after) {
      const [key, id] = decodeCursor(args.after, 2);
      // A forged key must not reach the SQL cast: it would fail there as an internal error.
      const validKey =
        typeof key === "string" && !key.includes("\u0000") && (order.column !== "created_at" || (ISO_TIMESTAMP.test(key) && Number.isFinite(Date.parse(key))));
      if (!validKey || typeof id !== "string") throw badInput("`after` is not a cursor returned by this connection (or for another orderBy)", "after");
      const cmp = order.direction === "DESC" ? "<" : ">";
      // CAST(), not "::type": TypeORM would read "::text" as a parameter when one is named "text".
      const keySql = order.column === "created_at" ? "CAST(:cursorKey AS timestamptz)" : ":cursorKey";
      qb.andWhere(`(d.${order.column}, d.id) ${cmp} (${keySql}, CAST(:cursorId AS uuid))`, { cursorKey: key, cursorId: this.uuid(id, "after") });
    }
    qb.orderBy(`d.${order.column}`, order.direction)
      .addOrderBy("d.id", order.direction)
      .limit(first + 1);
    const rows = await qb.getMany();
    return toPage(rows, first, (d) => [order.column === "created_at" ? d.createdAt.toISOString() : d.title, d.id]);
  }

  async countDatasets(viewer: Viewer, filter: DatasetFilter = {}): Promise<number> {
    const qb = this.visibleQuery(viewer);
    this.applyFilter(qb, filter);
    return qb.getCount();
  }

  /** The dataset, or NOT_FOUND when it does not exist or the viewer may not see it. */
  async getDataset(viewer: Viewer, id: string, manager?: EntityManager): Promise<Dataset> {
    if (!isUuid(id)) throw notFound("dataset", id);
    const dataset = await this.visibleQuery(viewer, manager).andWhere("d.id = :id", { id }).getOne();
    if (!dataset) throw notFound("dataset", id);
    return dataset;
  }

  /** The dataset for a change: visible and writable by the viewer, row-locked inside `manager`'s transaction. */
  async getWritableDataset(viewer: Viewer, id: string, manager: EntityManager): Promise<Dataset> {
    if (!viewer.userId) throw unauthenticated();
    if (!isUuid(id)) throw notFound("dataset", id);
    const dataset = await manager.getRepository(Dataset).findOne({ where: { id }, lock: { mode: "pessimistic_write" } });
    if (!dataset || !canSee(viewer, dataset)) throw notFound("dataset", id);
    if (!canWrite(viewer, dataset)) throw forbidden(`you may read dataset ${id} but not change it: only its owner and owner group can`);
    return dataset;
  }

  /** Datasets by id that the viewer may see (others are simply absent): the DataLoader batch. */
  async visibleDatasetsByIds(viewer: Viewer, ids: readonly string[]): Promise<Dataset[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return this.visibleQuery(viewer).andWhere("d.id IN (:...ids)", { ids: valid }).getMany();
  }

  async createDataset(viewer: Viewer, input: NewDataset): Promise<Dataset> {
    if (!viewer.userId) throw unauthenticated("sign in to create datasets");
    if (!DATASET_KINDS.includes(input.kind)) throw badInput(`kind must be one of ${DATASET_KINDS.join(", ")}`, "kind");
    if (!TECHNIQUES.includes(input.technique)) throw badInput(`technique must be one of ${TECHNIQUES.join(", ")}`, "technique");
    checkText(input.title, "title");
    checkText(input.description, "description");
    checkText(input.license, "license");
    checkTexts(input.keywords, "keywords");
    const title = input.title?.trim();
    if (!title) throw badInput("title must not be empty", "title");
    if (title.length > 500) throw badInput("title must be at most 500 characters", "title");
    const keywords = (input.keywords ?? []).map((k) => k.trim()).filter(Boolean);
    if (keywords.some((k) => k.length > 100)) throw badInput("each keyword must be at most 100 characters", "keywords");
    if (input.metadata !== undefined && (input.metadata === null || typeof input.metadata !== "object" || Array.isArray(input.metadata))) {
      throw badInput("metadata must be a JSON object", "metadata");
    }
    return this.db.transaction(async (tx) => {
      const refs = await this.checkReferences(tx, input);
      let ownerGroupId: string | null = null;
      if (input.ownerGroup) {
        const [group] = await groupsByName(tx, [input.ownerGroup], "ownerGroup");
        if (!viewerInGroup(viewer, group.id)) throw forbidden(`you are not a member of group ${input.ownerGroup}`);
        ownerGroupId = group.id;
      }
      const accessGroups = await groupsByName(tx, input.accessGroups ?? []);
      const repo = tx.getRepository(Dataset);
      const dataset = repo.create({
        kind: input.kind,
        technique: input.technique,
        title,
        description: input.description ?? "",
        keywords,
        license: input.license ?? "CC-BY-4.0",
        metadata: input.metadata ?? {},
        ownerId: viewer.userId!,
        ownerGroupId,
        accessGroupIds: accessGroups.map((g) => g.id),
        published: false,
        ...refs,
      });
      return repo.save(dataset);
    });
  }

  private async checkReferences(tx: EntityManager, input: NewDataset) {
    const refs = { instrumentId: null as string | null, sampleId: null as string | null, proposalId: null as string | null };
    if (input.instrumentId) {
      if (!isUuid(input.instrumentId) || !(await tx.getRepository(Instrument).existsBy({ id: input.instrumentId }))) {
        throw badInput(`instrument ${input.instrumentId} does not exist`, "instrumentId");
      }
      refs.instrumentId = input.instrumentId;
    }
    if (input.sampleId) {
      if (!isUuid(input.sampleId) || !(await tx.getRepository(Sample).existsBy({ id: input.sampleId }))) {
        throw badInput(`sample ${input.sampleId} does not exist`, "sampleId");
      }
      refs.sampleId = input.sampleId;
    }
    if (input.proposalId) {
      if (!isUuid(input.proposalId) || !(await tx.getRepository(Proposal).existsBy({ id: input.proposalId }))) {
        throw badInput(`proposal ${input.proposalId} does not exist`, "proposalId");
      }
      refs.proposalId = input.proposalId;
    }
    return refs;
  }

  async publishDataset(viewer: Viewer, id: string, published = true): Promise<Dataset> {
    return this.db.transaction(async (tx) => {
      const dataset = await this.getWritableDataset(viewer, id, tx);
      dataset.published = published;
      return tx.getRepository(Dataset).save(dataset);
    });
  }

  async shareDataset(viewer: Viewer, id: string, accessGroups: string[]): Promise<Dataset> {
    return this.db.transaction(async (tx) => {
      const dataset = await this.getWritableDataset(viewer, id, tx);
      const groups = await groupsByName(tx, accessGroups);
      dataset.accessGroupIds = groups.map((g) => g.id);
      return tx.getRepository(Dataset).save(dataset);
    });
  }

  /** Delete a dataset, its curves, images and file records in one transaction; then its objects. */
  async deleteDataset(viewer: Viewer, id: string): Promise<string> {
    const keys = await this.db.transaction(async (tx) => {
      await this.getWritableDataset(viewer, id, tx);
      const files = await tx.getRepository(DataFile).findBy({ datasetId: id });
      // Detector images' arrays and previews (their rows go with the dataset, ON DELETE CASCADE).
      const images = (await tx.query(`SELECT values_key, uncertainties_key, mask_key, preview_key FROM detector_images WHERE dataset_id = $1`, [id])) as {
        values_key: string;
        uncertainties_key: string | null;
        mask_key: string;
        preview_key: string;
      }[];
      await tx.query(`DELETE FROM prov_edges WHERE subject_id = $1 OR object_id = $1`, [id]);
      await tx.getRepository(Dataset).delete({ id });
      const imageKeys = images.flatMap((r) => [r.values_key, r.uncertainties_key, r.mask_key, r.preview_key].filter((k): k is string => k !== null));
      return [...files.map((f) => f.key), ...imageKeys];
    });
    // Objects go after the commit: a failed removal leaves an unreferenced object, never a record
    // pointing at nothing.
    await this.store.removeQuietly(keys);
    return id;
  }

  instrumentsByIds(ids: readonly string[]): Promise<Instrument[]> {
    return entitiesByIds(this.db, Instrument, ids);
  }
  samplesByIds(ids: readonly string[]): Promise<Sample[]> {
    return entitiesByIds(this.db, Sample, ids);
  }
  proposalsByIds(ids: readonly string[]): Promise<Proposal[]> {
    return this.db.getRepository(Proposal).findBy({ id: In([...ids]) });
  }
  listInstruments(): Promise<Instrument[]> {
    return this.db.getRepository(Instrument).find({ order: { name: "ASC" } });
  }
  /** Samples the viewer may see (viewer.ts visibleSampleCondition). */
  listSamples(viewer: Viewer): Promise<Sample[]> {
    const { sql, params } = visibleSampleCondition(viewer, "s");
    return this.db.getRepository(Sample).createQueryBuilder("s").where(sql, params).orderBy("s.name").getMany();
  }
  /** A dataset's own files; cached exports are not among them (each was built for one viewer's view). */
  filesByDatasetIds(ids: readonly string[]): Promise<DataFile[]> {
    return this.db.getRepository(DataFile).find({ where: { datasetId: In([...ids]), role: Not("EXPORT") }, order: { createdAt: "ASC" } });
  }
}

function viewerInGroup(viewer: Viewer, groupId: string): boolean {
  return viewer.groupIds.includes(groupId);
}
