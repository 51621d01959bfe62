/**
 * The one visibility rule of provenance: a node (dataset, model version, sample, instrument,
 * activity, user) is visible only if the viewer may see the record it describes.
 *
 * - DATASET: published, or owned by / shared with the viewer (viewer.ts `canSee`).
 * - MODEL_VERSION: READY, of a model the viewer may see (the registry registers this rule).
 * - SAMPLE: a facility sample (no owner), the viewer's own, or the sample of a dataset the viewer sees.
 * - INSTRUMENT: facility instruments are public catalogue records.
 * - ACTIVITY: every entity it used or generated is visible. One that touched nothing is visible to
 *   its owner alone. A run that read a private dataset is cut, not renamed: its parameters and seed
 *   would let anyone recompute what it made from.
 * - USER: the viewer, or the owner or agent of something the viewer sees (a dataset or model they
 *   own, a model version they made, an activity associated with them).
 *
 * Everything that shows provenance (the graph, PROV-JSON, a dataset's edges and generating activity,
 * exports) asks here, batched per type.
 */
import type { DataSource } from "typeorm";
import { Activity, User, type ProvEdge } from "../entities";
import type { ProvNodeType } from "../entities/prov-edge";
import { isUuid } from "./ids";
import { entitiesByIds } from "../db/entity-rows";
import { visibleConditionSql, visibleSampleConditionSql, type Viewer } from "./viewer";

export interface NodeRef {
  type: ProvNodeType;
  id: string;
}

export interface ProvNode {
  id: string;
  type: ProvNodeType;
  label: string;
  /** The activity itself, for ACTIVITY nodes (its fields are as visible as the node). */
  activity?: Activity;
}

/**
 * The visible nodes among `ids` of one type, with their labels. Registered by the service that owns
 * the records (the model registry adds MODEL_VERSION).
 */
export type NodeLookup = (viewer: Viewer, ids: string[]) => Promise<ProvNode[]>;

/** Agents: who or what acted. A provenance walk ends at them (their other work is not lineage). */
export const AGENT_TYPES: ReadonlySet<ProvNodeType> = new Set(["USER", "INSTRUMENT", "SOFTWARE"]);

/** How many of a user's activities are looked at to find one that makes them visible. */
const USER_ACTIVITY_SCAN = 500;

export class ProvNodeRules {
  private readonly lookups = new Map<ProvNodeType, NodeLookup>();

  constructor(private readonly db: DataSource) {}

  register(type: ProvNodeType, lookup: NodeLookup): void {
    this.lookups.set(type, lookup);
  }

  /** The visible nodes among `refs`, by id; anything hidden or unknown is absent. */
  async visible(viewer: Viewer, refs: readonly NodeRef[]): Promise<Map<string, ProvNode>> {
    const byType = new Map<ProvNodeType, Set<string>>();
    for (const r of refs) {
      if (!isUuid(r.id)) continue;
      if (!byType.has(r.type)) byType.set(r.type, new Set());
      byType.get(r.type)!.add(r.id);
    }
    // Every type at once: activities and users are judged by entities, but by their own, which
    // they look up themselves; waiting for these would only add round trips.
    const found = new Map<string, ProvNode>();
    await Promise.all(
      [...byType].map(async ([type, ids]) => {
        for (const n of await this.lookup(viewer, type, [...ids])) found.set(n.id, n);
      }),
    );
    return found;
  }

  private lookup(viewer: Viewer, type: ProvNodeType, ids: string[]): Promise<ProvNode[]> {
    switch (type) {
      case "DATASET":
        return this.datasets(viewer, ids);
      case "SAMPLE":
        return this.samples(viewer, ids);
      case "INSTRUMENT":
        return this.instruments(ids);
      case "ACTIVITY":
        return this.activities(viewer, ids);
      case "USER":
        return this.users(viewer, ids);
      default: {
        const lookup = this.lookups.get(type);
        return lookup ? lookup(viewer, ids) : Promise.resolve([]);
      }
    }
  }

  private async datasets(viewer: Viewer, ids: string[]): Promise<ProvNode[]> {
    const params: unknown[] = [ids];
    const rows: { id: string; title: string }[] = await this.db.query(
      `SELECT d.id, d.title FROM datasets d WHERE d.id = ANY($1::uuid[]) AND ${visibleConditionSql(viewer, "d", params)}`,
      params,
    );
    return rows.map((r) => ({ id: r.id, type: "DATASET", label: r.title }));
  }

  private async samples(viewer: Viewer, ids: string[]): Promise<ProvNode[]> {
    const params: unknown[] = [ids];
    const rows: { id: string; name: string }[] = await this.db.query(
      `SELECT s.id, s.name FROM samples s WHERE s.id = ANY($1::uuid[]) AND ${visibleSampleConditionSql(viewer, "s", params)}`,
      params,
    );
    return rows.map((r) => ({ id: r.id, type: "SAMPLE", label: r.name }));
  }

  private async instruments(ids: string[]): Promise<ProvNode[]> {
    const rows: { id: string; name: string }[] = await this.db.query(`SELECT id, name FROM instruments WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map((r) => ({ id: r.id, type: "INSTRUMENT", label: r.name }));
  }

  /** Activities whose every used and generated entity is visible (see the rule above). */
  async visibleActivities(viewer: Viewer, ids: readonly string[]): Promise<Activity[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (valid.length === 0) return [];
    // The rows and their entities in one round trip (edges of an id that is no activity are ignored);
    // entities whose rule is a SQL condition are judged by the same statement.
    const params: unknown[] = [valid];
    const judged = `CASE WHEN relation = 'used' THEN ${sqlRule(viewer, "object_type", "object_id", params)} ELSE ${sqlRule(viewer, "subject_type", "subject_id", params)} END`;
    const [activities, edges] = await Promise.all([
      entitiesByIds(this.db, Activity, valid),
      this.db.query(
        `SELECT relation, subject_type AS "subjectType", subject_id AS "subjectId", object_type AS "objectType", object_id AS "objectId", ${judged} AS visible
           FROM prov_edges WHERE (relation = 'used' AND subject_id = ANY($1::uuid[])) OR (relation = 'wasGeneratedBy' AND object_id = ANY($1::uuid[]))`,
        params,
      ) as Promise<(Pick<ProvEdge, "relation" | "subjectType" | "subjectId" | "objectType" | "objectId"> & { visible: boolean | null })[]>,
    ]);
    if (activities.length === 0) return [];
    const entitiesOf = new Map<string, NodeRef[]>(activities.map((a) => [a.id, []]));
    const inSql = new Map<string, boolean>();
    const rest: NodeRef[] = [];
    for (const e of edges) {
      const [activity, entity]: [string, NodeRef] =
        e.relation === "used" ? [e.subjectId, { type: e.objectType, id: e.objectId }] : [e.objectId, { type: e.subjectType, id: e.subjectId }];
      if (!entitiesOf.has(activity)) continue;
      entitiesOf.get(activity)!.push(entity);
      if (e.visible !== null) inSql.set(`${entity.type}:${entity.id}`, e.visible);
      // An activity is never an entity of another here; judging entities cannot recurse.
      else if (entity.type !== "ACTIVITY" && entity.type !== "USER") rest.push(entity);
    }
    // Types with a registered lookup (model versions) are judged by it.
    const visible = rest.length > 0 ? await this.visible(viewer, rest) : new Map<string, ProvNode>();
    return activities.filter((a) => {
      const used = entitiesOf.get(a.id)!;
      if (used.length === 0) return viewer.userId !== null && a.ownerId === viewer.userId;
      return used.every((r) => inSql.get(`${r.type}:${r.id}`) ?? visible.get(r.id)?.type === r.type);
    });
  }

  private async activities(viewer: Viewer, ids: string[]): Promise<ProvNode[]> {
    return (await this.visibleActivities(viewer, ids)).map((a) => ({ id: a.id, type: "ACTIVITY", label: activityLabel(a), activity: a }));
  }

  private async users(viewer: Viewer, ids: string[]): Promise<ProvNode[]> {
    const users = await entitiesByIds(this.db, User, ids);
    const seen = new Set<string>(viewer.userId ? [viewer.userId] : []);
    const open = () => users.map((u) => u.id).filter((id) => !seen.has(id));
    if (open().length > 0) {
      // Owners of datasets or models the viewer sees, makers of model versions the viewer sees.
      const params: unknown[] = [open()];
      const d = visibleConditionSql(viewer, "d", params);
      const m = visibleConditionSql(viewer, "m", params);
      const rows: { id: string }[] = await this.db.query(
        `SELECT d.owner_id AS id FROM datasets d WHERE d.owner_id = ANY($1::uuid[]) AND ${d}
         UNION SELECT m.owner_id FROM models m WHERE m.owner_id = ANY($1::uuid[]) AND ${m}
         UNION SELECT v.created_by FROM model_versions v JOIN models m ON m.id = v.model_id
               WHERE v.created_by = ANY($1::uuid[]) AND v.state = 'READY' AND ${m}`,
        params,
      );
      for (const r of rows) seen.add(r.id);
    }
    if (open().length > 0) {
      // Agents of activities the viewer sees (the newest few hundred of each are looked at).
      const assoc: { activity: string; user: string }[] = await this.db.query(
        `SELECT e.subject_id AS activity, e.object_id AS "user" FROM (
           SELECT subject_id, object_id, row_number() OVER (PARTITION BY object_id ORDER BY created_at DESC) AS k
             FROM prov_edges WHERE relation = 'wasAssociatedWith' AND object_id = ANY($1::uuid[])) e
         WHERE e.k <= $2`,
        [open(), USER_ACTIVITY_SCAN],
      );
      const visible = new Set(
        (
          await this.visibleActivities(
            viewer,
            assoc.map((a) => a.activity),
          )
        ).map((a) => a.id),
      );
      for (const a of assoc) if (visible.has(a.activity)) seen.add(a.user);
    }
    return users.filter((u) => seen.has(u.id)).map((u) => ({ id: u.id, type: "USER", label: u.displayName ?? u.name }));
  }
}

/**
 * Whether the entity of type `type` and id `id` (SQL expressions) is visible, for the types whose
 * rule is a condition of viewer.ts (the same ones datasets(), samples() and instruments() apply);
 * NULL for the others, which their lookup judges.
 */
function sqlRule(viewer: Viewer, type: string, id: string, params: unknown[]): string {
  return `CASE ${type}
    WHEN 'DATASET' THEN EXISTS (SELECT 1 FROM datasets d WHERE d.id = ${id} AND ${visibleConditionSql(viewer, "d", params)})
    WHEN 'SAMPLE' THEN EXISTS (SELECT 1 FROM samples s WHERE s.id = ${id} AND ${visibleSampleConditionSql(viewer, "s", params)})
    WHEN 'INSTRUMENT' THEN EXISTS (SELECT 1 FROM instruments i WHERE i.id = ${id})
  END`;
}

export function activityLabel(a: Activity): string {
  return a.label || `${a.kind.toLowerCase()} (${a.softwareName} ${a.softwareVersion})`;
}
