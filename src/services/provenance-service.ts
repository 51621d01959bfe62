import type { DataSource, EntityManager } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm";
import { In } from "typeorm";
import { Activity, Dataset, ProvEdge, User } from "../entities";
import type { ActivityKind, ActivityStatus } from "../entities/activity";
import type { ProvNodeType, ProvRelation } from "../entities/prov-edge";
import { badInput, notFound } from "./errors";
import { isUuid } from "./catalogue-service";
import { canSee, type Viewer } from "./viewer";
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

export interface ProvNode {
  id: string;
  type: ProvNodeType;
  label: string;
}

export interface ProvGraph {
  root: ProvNode;
  nodes: ProvNode[];
  edges: ProvEdge[];
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

/**
 * Node resolvers for types other than datasets, activities and users; registered by the services
 * that own those records (the model registry adds MODEL_VERSION).
 */
export type NodeLookup = (viewer: Viewer, ids: string[]) => Promise<ProvNode[]>;

/** Activities and W3C PROV relations between catalogue records. */
export class ProvenanceService {
  private readonly lookups = new Map<ProvNodeType, NodeLookup>();

  constructor(private readonly db: DataSource) {}

  registerNodeLookup(type: ProvNodeType, lookup: NodeLookup): void {
    this.lookups.set(type, lookup);
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
    return this.db
      .getRepository(ProvEdge)
      .createQueryBuilder("e")
      .where("e.subject_id IN (:...ids) OR e.object_id IN (:...ids)", { ids: valid })
      .orderBy("e.created_at")
      .getMany();
  }

  activitiesByIds(ids: readonly string[]): Promise<Activity[]> {
    return this.db.getRepository(Activity).findBy({ id: In(ids.filter(isUuid)) });
  }

  /** Resolve nodes; those the viewer may not see are left out (so are edges to them). */
  async resolveNodes(viewer: Viewer, refs: { type: ProvNodeType; id: string }[]): Promise<Map<string, ProvNode>> {
    const byType = new Map<ProvNodeType, Set<string>>();
    for (const r of refs) {
      if (!byType.has(r.type)) byType.set(r.type, new Set());
      byType.get(r.type)!.add(r.id);
    }
    const found = new Map<string, ProvNode>();
    for (const [type, idSet] of byType) {
      const ids = [...idSet];
      let nodes: ProvNode[] = [];
      if (type === "DATASET") {
        const datasets = await this.db.getRepository(Dataset).findBy({ id: In(ids) });
        nodes = datasets.filter((d) => canSee(viewer, d)).map((d) => ({ id: d.id, type, label: d.title }));
      } else if (type === "ACTIVITY") {
        const acts = await this.db.getRepository(Activity).findBy({ id: In(ids) });
        nodes = acts.map((a) => ({ id: a.id, type, label: a.label || `${a.kind.toLowerCase()} (${a.softwareName} ${a.softwareVersion})` }));
      } else if (type === "USER") {
        const users = await this.db.getRepository(User).findBy({ id: In(ids) });
        nodes = users.map((u) => ({ id: u.id, type, label: u.displayName ?? u.name }));
      } else if (type === "SAMPLE" || type === "INSTRUMENT") {
        const table = type === "SAMPLE" ? "samples" : "instruments";
        const rows: { id: string; name: string }[] = await this.db.query(`SELECT id, name FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
        nodes = rows.map((r) => ({ id: r.id, type, label: r.name }));
      } else {
        const lookup = this.lookups.get(type);
        nodes = lookup ? await lookup(viewer, ids) : [];
      }
      for (const n of nodes) found.set(n.id, n);
    }
    return found;
  }

  /**
   * The provenance graph around a record, `depth` relations out in both directions. Anything the
   * viewer may not see is cut out, and the walk does not pass through it.
   */
  async graph(viewer: Viewer, id: string, depth: number): Promise<ProvGraph> {
    if (!Number.isInteger(depth) || depth < 0 || depth > MAX_PROVENANCE_DEPTH) {
      throw badInput(`depth must be an integer from 0 to ${MAX_PROVENANCE_DEPTH}`, "depth");
    }
    if (!isUuid(id)) throw notFound("record", id);
    const rootType = await this.typeOf(id);
    if (!rootType) throw notFound("record", id);
    const rootNodes = await this.resolveNodes(viewer, [{ type: rootType, id }]);
    const root = rootNodes.get(id);
    if (!root) throw notFound("record", id);

    const nodes = new Map<string, ProvNode>([[id, root]]);
    const edges = new Map<string, ProvEdge>();
    let frontier = [id];
    for (let level = 0; level < depth && frontier.length > 0; level++) {
      const touching = await this.edgesTouching(frontier);
      const candidates: { type: ProvNodeType; id: string }[] = [];
      for (const e of touching) {
        if (!nodes.has(e.subjectId)) candidates.push({ type: e.subjectType, id: e.subjectId });
        if (!nodes.has(e.objectId)) candidates.push({ type: e.objectType, id: e.objectId });
      }
      const resolved = await this.resolveNodes(viewer, candidates);
      const next: string[] = [];
      for (const [nid, node] of resolved) {
        if (!nodes.has(nid)) {
          nodes.set(nid, node);
          next.push(nid);
        }
      }
      for (const e of touching) if (nodes.has(e.subjectId) && nodes.has(e.objectId)) edges.set(e.id, e);
      frontier = next;
    }
    return { root, nodes: [...nodes.values()], edges: [...edges.values()] };
  }

  private async typeOf(id: string): Promise<ProvNodeType | undefined> {
    const rows: { t: ProvNodeType }[] = await this.db.query(
      `SELECT 'DATASET' AS t FROM datasets WHERE id = $1
       UNION ALL SELECT 'ACTIVITY' FROM activities WHERE id = $1
       UNION ALL SELECT 'USER' FROM users WHERE id = $1
       UNION ALL SELECT 'SAMPLE' FROM samples WHERE id = $1
       UNION ALL SELECT 'INSTRUMENT' FROM instruments WHERE id = $1
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
