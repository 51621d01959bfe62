/**
 * Per-request DataLoaders: every relation read in a GraphQL request goes through one of these, so a
 * page of 100 datasets costs the same number of SQL statements as a page of 5.
 */
import DataLoader from "dataloader";
import { In } from "typeorm";
import type { Activity, Curve, Dataset, DataFile, DetectorImage, Instrument, Proposal, ProvEdge, Sample } from "../entities";
import { Group, User } from "../entities";
import type { Services } from "../services/container";
import { entitiesByIds } from "../db/entity-rows";
import type { CurveColumnGroup } from "../services/curve-service";
import type { ProvNode } from "../services/provenance-nodes";
import type { ProvNodeType } from "../entities/prov-edge";
import type { Viewer } from "../services/viewer";

function byId<T extends { id: string }>(keys: readonly string[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return keys.map((k) => map.get(k) ?? null);
}

function grouped<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string[]): T[][] {
  const map = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) for (const k of keyOf(row)) map.get(k)?.push(row);
  return keys.map((k) => map.get(k)!);
}

export interface Loaders {
  user: DataLoader<string, User | null>;
  groupsOfUser: DataLoader<string, Group[]>;
  group: DataLoader<string, Group | null>;
  instrument: DataLoader<string, Instrument | null>;
  sample: DataLoader<string, Sample | null>;
  proposal: DataLoader<string, Proposal | null>;
  /** Datasets the viewer may see; null for ones that do not exist or are hidden. */
  dataset: DataLoader<string, Dataset | null>;
  files: DataLoader<string, DataFile[]>;
  /** Activities the viewer may see (provenance-nodes.ts); null for hidden or unknown ones. */
  activity: { load(id: string): Promise<Activity | null>; loadMany(ids: readonly string[]): Promise<(Activity | null | Error)[]> };
  /** Any provenance node the viewer may see, keyed `${type}:${id}`; null when hidden or unknown. */
  provNode: DataLoader<string, ProvNode | null>;
  /** Provenance edges with the key as subject or object (unfiltered: resolvers filter by visibility). */
  edges: DataLoader<string, ProvEdge[]>;
  /**
   * First N curves of a dataset with the column groups a selection reads (curve-columns.ts); the key
   * is `${datasetId}:${N}:${groups joined by ","}`.
   */
  firstCurves: DataLoader<string, Curve[]>;
  /** Detector images whose datasets the viewer may see; null for hidden or unknown ones. */
  detectorImage: DataLoader<string, DetectorImage | null>;
  /** First N + 1 images of a (visible) dataset; the key is `${datasetId}:${N}`. */
  firstImages: DataLoader<string, DetectorImage[]>;
}

export function createLoaders(services: Services, viewer: Viewer): Loaders {
  const { db, catalogue, provenance, curves, images } = services;
  const provNode = new DataLoader<string, ProvNode | null>(async (keys) => {
    const refs = keys.map((k) => ({ type: k.slice(0, k.indexOf(":")) as ProvNodeType, id: k.slice(k.indexOf(":") + 1) }));
    const visible = await provenance.resolveNodes(viewer, refs);
    return refs.map((r) => {
      const node = visible.get(r.id);
      return node && node.type === r.type ? node : null;
    });
  });
  return {
    user: new DataLoader(async (ids) => byId(ids, await entitiesByIds(db, User, ids))),
    groupsOfUser: new DataLoader(async (userIds) => {
      const rows: (Group & { user_id: string })[] = await db.query(
        `SELECT g.id, g.name, ug.user_id FROM groups g JOIN user_groups ug ON ug.group_id = g.id WHERE ug.user_id = ANY($1::uuid[]) ORDER BY g.name`,
        [userIds],
      );
      return grouped(userIds, rows, (r) => [r.user_id]);
    }),
    group: new DataLoader(async (ids) => byId(ids, await db.getRepository(Group).findBy({ id: In([...ids]) }))),
    instrument: new DataLoader(async (ids) => byId(ids, await catalogue.instrumentsByIds(ids))),
    sample: new DataLoader(async (ids) => byId(ids, await catalogue.samplesByIds(ids))),
    proposal: new DataLoader(async (ids) => byId(ids, await catalogue.proposalsByIds(ids))),
    dataset: new DataLoader(async (ids) => byId(ids, await catalogue.visibleDatasetsByIds(viewer, ids))),
    files: new DataLoader(async (ids) => grouped(ids, await catalogue.filesByDatasetIds(ids), (f) => [f.datasetId!])),
    provNode,
    // One batch with every other provenance node of the request (the rule judges activities by
    // their entities, which the same batch often holds).
    activity: {
      load: async (id) => (await provNode.load(`ACTIVITY:${id}`))?.activity ?? null,
      loadMany: async (ids) => (await provNode.loadMany(ids.map((id) => `ACTIVITY:${id}`))).map((n) => (n instanceof Error ? n : (n?.activity ?? null))),
    },

    edges: new DataLoader(async (ids) => grouped(ids, await provenance.edgesTouching(ids), (e) => [e.subjectId, e.objectId])),
    firstCurves: new DataLoader(async (keys) => {
      // Keys of one batch normally share N and columns; one statement per distinct pair.
      const batches = new Map<string, { n: number; columns: CurveColumnGroup[]; ids: string[] }>();
      for (const key of keys) {
        const [id, n, columns] = key.split(":");
        const batch = `${n}:${columns}`;
        if (!batches.has(batch)) batches.set(batch, { n: Number(n), columns: columns ? (columns.split(",") as CurveColumnGroup[]) : [], ids: [] });
        batches.get(batch)!.ids.push(id);
      }
      const result = new Map<string, Curve[]>(keys.map((k) => [k, []]));
      for (const [batch, { n, columns, ids }] of batches) {
        for (const c of await curves.firstCurvesOfDatasets(ids, n, columns)) result.get(`${c.datasetId}:${batch}`)?.push(c);
      }
      return keys.map((k) => result.get(k)!);
    }),
    detectorImage: new DataLoader(async (ids) => byId(ids, await images.visibleImagesByIds(viewer, ids))),
    firstImages: new DataLoader(async (keys) => {
      const byN = new Map<number, string[]>();
      for (const key of keys) {
        const [id, n] = key.split(":");
        if (!byN.has(Number(n))) byN.set(Number(n), []);
        byN.get(Number(n))!.push(id);
      }
      const result = new Map<string, DetectorImage[]>(keys.map((k) => [k, []]));
      for (const [n, ids] of byN) {
        for (const image of await images.firstImagesOfDatasets(ids, n)) result.get(`${image.datasetId}:${n}`)?.push(image);
      }
      return keys.map((k) => result.get(k)!);
    }),
  };
}
