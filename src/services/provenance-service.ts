import type { DataSource, EntityManager } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm";
import { Activity, ProvEdge } from "../entities";
import type { ActivityKind, ActivityStatus } from "../entities/activity";
import type { ProvNodeType, ProvRelation } from "../entities/prov-edge";
import { badInput, notFound } from "./errors";
import { isUuid } from "./ids";
import { AGENT_TYPES, ProvNodeRules, type NodeLookup, type NodeRef, type ProvNode } from "./provenance-nodes";
import type { Viewer } from "./viewer";
import { SOFTWARE } from "./software";

export interface NewActivity {
  kind: ActivityKind;
  label?: string;
  parameters?: Record<string, unknown>;
  seed?: number | null;
  status?: ActivityStatus;
  softwareName?: string;
  softwareVersion?: string;
  gitCommit?: string | null;
  ownerId: string | null;
  startedAt?: Date;
  endedAt?: Date;
}

export interface EdgeSpec {
  relation: ProvRelation;
  subjectType: ProvNodeType;
  subjectId: string;
  objectType: ProvNodeType;
  objectId: string;
  attributes?: Record<string, unknown>;
}

export type { NodeLookup, NodeRef, ProvNode } from "./provenance-nodes";

export interface ProvGraph {
  root: ProvNode;
  nodes: ProvNode[];
  edges: ProvEdge[];
  /** The walk stopped at MAX_PROVENANCE_NODES before reaching `depth`. */
  truncated: boolean;
}

/** Which PROV-JSON bucket each node type belongs to. */
const PROV_CLASS: Record<ProvNodeType, "entity" | "activity" | "agent"> = {
  DATASET: "entity",
  MODEL_VERSION: "entity",
  SAMPLE: "entity",
  INSTRUMENT: "agent",
  ACTIVITY: "activity",
  USER: "agent",
  SOFTWARE: "agent",
};

/** PROV-JSON's role names for each relation (https://www.w3.org/submissions/prov-json/). */
const PROV_JSON_ROLES: Record<ProvRelation, [string, string]> = {
  used: ["prov:activity", "prov:entity"],
  wasGeneratedBy: ["prov:entity", "prov:activity"],
  wasDerivedFrom: ["prov:generatedEntity", "prov:usedEntity"],
  wasAssociatedWith: ["prov:activity", "prov:agent"],
  wasAttributedTo: ["prov:entity", "prov:agent"],
};

export const MAX_PROVENANCE_DEPTH = 10;
/** Most nodes one provenance graph holds; a walk that would grow past it stops (`truncated`). */
export const MAX_PROVENANCE_NODES = 500;

/** Activities and W3C PROV relations between catalogue records. */
export class ProvenanceService {
  /** What each viewer may see of provenance: the one rule (provenance-nodes.ts). */
  readonly nodes: ProvNodeRules;

  constructor(private readonly db: DataSource) {
    this.nodes = new ProvNodeRules(db);
  }

  /** Node rules for types owned by other services (the model registry adds MODEL_VERSION). */
  registerNodeLookup(type: ProvNodeType, lookup: NodeLookup): void {
    this.nodes.register(type, lookup);
  }

  async createActivity(manager: EntityManager, a: NewActivity): Promise<Activity> {
    const repo = manager.getRepository(Activity);
    return repo.save(
      repo.create({
        kind: a.kind,
        label: a.label ?? "",
        parameters: a.parameters ?? {},
        seed: a.seed ?? null,
        status: a.status ?? "SUCCEEDED",
        softwareName: a.softwareName ?? SOFTWARE.name,
        softwareVersion: a.softwareVersion ?? SOFTWARE.version,
        gitCommit: a.gitCommit === undefined ? SOFTWARE.gitCommit : a.gitCommit,
        ownerId: a.ownerId,
        startedAt: a.startedAt ?? new Date(),
        endedAt: a.endedAt ?? (a.status === "RUNNING" || a.status === "PENDING" ? null : new Date()),
      }),
    );
  }

  async addEdges(manager: EntityManager, edges: EdgeSpec[]): Promise<void> {
    if (edges.length === 0) return;
    await manager
      .getRepository(ProvEdge)
      .createQueryBuilder()
      .insert()
      .values(edges.map((e) => ({ ...e, attributes: e.attributes ?? {} })) as QueryDeepPartialEntity<ProvEdge>[])
      .orIgnore()
      .execute();
  }

  /** The usual record of a run: it was associated with its user, and it generated/used datasets. */
  async recordRun(
    manager: EntityManager,
    activity: Activity,
    links: { generated?: string[]; used?: { type: ProvNodeType; id: string }[]; derivedFrom?: { generated: string; used: string }[] },
  ): Promise<void> {
    const edges: EdgeSpec[] = [];
    if (activity.ownerId) {
      edges.push({ relation: "wasAssociatedWith", subjectType: "ACTIVITY", subjectId: activity.id, objectType: "USER", objectId: activity.ownerId });
    }
    for (const id of links.generated ?? []) {
      edges.push({ relation: "wasGeneratedBy", subjectType: "DATASET", subjectId: id, objectType: "ACTIVITY", objectId: activity.id });
      if (activity.ownerId) edges.push({ relation: "wasAttributedTo", subjectType: "DATASET", subjectId: id, objectType: "USER", objectId: activity.ownerId });
    }
    for (const u of links.used ?? []) {
      edges.push({ relation: "used", subjectType: "ACTIVITY", subjectId: activity.id, objectType: u.type, objectId: u.id });
    }
    for (const d of links.derivedFrom ?? []) {
      edges.push({ relation: "wasDerivedFrom", subjectType: "DATASET", subjectId: d.generated, objectType: "DATASET", objectId: d.used });
    }
    await this.addEdges(manager, edges);
  }

  /** Edges touching any of the ids (DataLoader batch); the caller filters what the viewer may see. */
  edgesTouching(ids: readonly string[]): Promise<ProvEdge[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return Promise.resolve([]);
    // Raw rows under the entity's property names: a page's few hundred edges, read without the
    // query builder and entity hydration (a third of this read's time).
    return this.db.query(
      `SELECT id, relation, subject_type AS "subjectType", subject_id AS "subjectId", object_type AS "objectType", object_id AS "objectId",
              attributes, created_at AS "createdAt"
         FROM prov_edges WHERE subject_id = ANY($1::uuid[]) OR object_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [valid],
    ) as Promise<ProvEdge[]>;
  }

  /** Activities the viewer may see (every entity they used or generated is visible). */
  visibleActivitiesByIds(viewer: Viewer, ids: readonly string[]): Promise<Activity[]> {
    return this.nodes.visibleActivities(viewer, ids);
  }

  /** Resolve nodes; those the viewer may not see are left out (so are edges to them). */
  resolveNodes(viewer: Viewer, refs: NodeRef[]): Promise<Map<string, ProvNode>> {
    return this.nodes.visible(viewer, refs);
  }

  /** Of `edges`, those whose both ends the viewer may see. */
  async visibleEdges(viewer: Viewer, edges: ProvEdge[]): Promise<ProvEdge[]> {
    const refs = edges.flatMap((e) => [
      { type: e.subjectType, id: e.subjectId },
      { type: e.objectType, id: e.objectId },
    ]);
    const visible = await this.nodes.visible(viewer, refs);
    return edges.filter((e) => visible.has(e.subjectId) && visible.has(e.objectId));
  }

  /**
   * The provenance graph around a record, `depth` relations out in both directions. Anything the
   * viewer may not see is cut out, and the walk does not pass through it. Agents (users,
   * instruments) end the walk unless they are its root: their other work is not this record's
   * lineage. At most MAX_PROVENANCE_NODES nodes.
   */
  async graph(viewer: Viewer, id: string, depth: number): Promise<ProvGraph> {
    if (!Number.isInteger(depth) || depth < 0 || depth > MAX_PROVENANCE_DEPTH) {
      throw badInput(`depth must be an integer from 0 to ${MAX_PROVENANCE_DEPTH}`, "depth");
    }
    if (!isUuid(id)) throw notFound("record", id);
    const rootType = await this.typeOf(id);
    if (!rootType) throw notFound("record", id);
    const root = (await this.nodes.visible(viewer, [{ type: rootType, id }])).get(id);
    if (!root) throw notFound("record", id);

    const nodes = new Map<string, ProvNode>([[id, root]]);
    const edges = new Map<string, ProvEdge>();
    let frontier = [id];
    let truncated = false;
    for (let level = 0; level < depth && frontier.length > 0; level++) {
      const touching = await this.edgesTouching(frontier);
      const candidates: NodeRef[] = [];
      for (const e of touching) {
        if (!nodes.has(e.subjectId)) candidates.push({ type: e.subjectType, id: e.subjectId });
        if (!nodes.has(e.objectId)) candidates.push({ type: e.objectType, id: e.objectId });
      }
      const resolved = await this.nodes.visible(viewer, candidates);
      const next: string[] = [];
      // Nearest first, in the order the edges were made, so a truncated graph keeps a stable core.
      for (const ref of candidates) {
        const node = resolved.get(ref.id);
        if (!node || nodes.has(ref.id)) continue;
        if (nodes.size >= MAX_PROVENANCE_NODES) {
          truncated = true;
          break;
        }
        nodes.set(ref.id, node);
        if (!AGENT_TYPES.has(node.type)) next.push(ref.id);
      }
      for (const e of touching) if (nodes.has(e.subjectId) && nodes.has(e.objectId)) edges.set(e.id, e);
      frontier = truncated ? [] : next;
    }
    return { root, nodes: [...nodes.values()], edges: [...edges.values()], truncated };
  }

  private async typeOf(id: string): Promise<ProvNodeType | undefined> {
    const rows: { t: ProvNodeType }[] = await this.db.query(
      `SELECT 'DATASET' AS t FROM datasets WHERE id = $1
       UNION ALL SELECT 'ACTIVITY' FROM activities WHERE id = $1
       UNION ALL SELECT 'USER' FROM users WHERE id = $1
       UNION ALL SELECT 'SAMPLE' FROM samples WHERE id = $1
       UNION ALL SELECT 'INSTRUMENT' FROM instruments WHERE id = $1
       UNION ALL SELECT 'MODEL_VERSION' FROM model_versions WHERE id = $1
       UNION ALL SELECT subject_type FROM prov_edges WHERE subject_id = $1
       UNION ALL SELECT object_type FROM prov_edges WHERE object_id = $1
       LIMIT 1`,
      [id],
    );
    return rows[0]?.t;
  }
}

/** The graph as PROV-JSON (W3C member submission), with `sasgraph:` identifiers. */
export function toProvJson(graph: ProvGraph, activities: Map<string, Activity> = new Map()): Record<string, unknown> {
  const doc: Record<string, Record<string, unknown>> = {
    prefix: { sasgraph: "urn:sasgraph:", prov: "http://www.w3.org/ns/prov#" },
  };
  const qname = (id: string) => `sasgraph:${id}`;
  for (const node of graph.nodes) {
    const bucket = PROV_CLASS[node.type];
    doc[bucket] ??= {};
    const attrs: Record<string, unknown> = { "prov:label": node.label, "sasgraph:type": node.type };
    const activity = activities.get(node.id);
    if (activity) {
      if (activity.startedAt) attrs["prov:startTime"] = activity.startedAt.toISOString();
      if (activity.endedAt) attrs["prov:endTime"] = activity.endedAt.toISOString();
      attrs["sasgraph:software"] = `${activity.softwareName} ${activity.softwareVersion}`;
      if (activity.gitCommit) attrs["sasgraph:gitCommit"] = activity.gitCommit;
      if (activity.seed !== null) attrs["sasgraph:seed"] = activity.seed;
      attrs["sasgraph:parameters"] = JSON.stringify(activity.parameters);
    }
    doc[bucket][qname(node.id)] = attrs;
  }
  for (const e of graph.edges) {
    doc[e.relation] ??= {};
    const [subjectRole, objectRole] = PROV_JSON_ROLES[e.relation];
    doc[e.relation][qname(e.id)] = { [subjectRole]: qname(e.subjectId), [objectRole]: qname(e.objectId), ...prefixed(e.attributes) };
  }
  return doc;
}

function prefixed(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k.includes(":") ? k : `sasgraph:${k}`, v]));
}
