/**
 * Who is asking. Anonymous callers see published records only; a signed-in user also sees what they
 * own and what is shared with one of their groups.
 */
export interface Viewer {
  userId: string | null;
  userName: string | null;
  groupIds: string[];
}

export const ANONYMOUS: Viewer = Object.freeze({ userId: null, userName: null, groupIds: [] }) as Viewer;

/**
 * SQL condition (for a datasets row aliased `alias`) that holds when the viewer may see it; the
 * parameters are named so they bind in TypeORM query builders.
 */
export function visibleDatasetCondition(viewer: Viewer, alias = "d"): { sql: string; params: Record<string, unknown> } {
  if (!viewer.userId) return { sql: `${alias}.published = true`, params: {} };
  return {
    sql:
      `(${alias}.published = true OR ${alias}.owner_id = :viewerId` +
      ` OR ${alias}.owner_group_id = ANY(CAST(:viewerGroups AS uuid[])) OR ${alias}.access_group_ids && CAST(:viewerGroups AS uuid[]))`,
    params: { viewerId: viewer.userId, viewerGroups: viewer.groupIds },
  };
}

/**
 * The same condition with positional parameters (appended to `params`), for raw SQL that a query
 * builder cannot write (UNION).
 */
export function visibleConditionSql(viewer: Viewer, alias: string, params: unknown[]): string {
  if (!viewer.userId) return `${alias}.published = true`;
  params.push(viewer.userId, viewer.groupIds);
  const id = `$${params.length - 1}`;
  const groups = `$${params.length}::uuid[]`;
  return `(${alias}.published = true OR ${alias}.owner_id = ${id} OR ${alias}.owner_group_id = ANY(${groups}) OR ${alias}.access_group_ids && ${groups})`;
}

/**
 * SQL condition for a samples row aliased `alias`: a facility sample (no owner), the viewer's own,
 * or the sample of a dataset the viewer may see. Named parameters, as visibleDatasetCondition.
 */
export function visibleSampleCondition(viewer: Viewer, alias = "s"): { sql: string; params: Record<string, unknown> } {
  const d = visibleDatasetCondition(viewer, "sd");
  const own = viewer.userId ? ` OR ${alias}.owner_id = :viewerId` : "";
  return {
    sql: `(${alias}.owner_id IS NULL${own} OR EXISTS (SELECT 1 FROM datasets sd WHERE sd.sample_id = ${alias}.id AND ${d.sql}))`,
    params: d.params,
  };
}

/** visibleSampleCondition with positional parameters (appended to `params`), for raw SQL. */
export function visibleSampleConditionSql(viewer: Viewer, alias: string, params: unknown[]): string {
  const d = visibleConditionSql(viewer, "sd", params);
  // visibleConditionSql pushed the viewer's id second to last.
  const own = viewer.userId ? ` OR ${alias}.owner_id = $${params.length - 1}` : "";
  return `(${alias}.owner_id IS NULL${own} OR EXISTS (SELECT 1 FROM datasets sd WHERE sd.sample_id = ${alias}.id AND ${d}))`;
}

export interface AccessControlled {
  published: boolean;
  ownerId: string;
  ownerGroupId: string | null;
  accessGroupIds: string[];
}

export function canSee(viewer: Viewer, record: AccessControlled): boolean {
  if (record.published) return true;
  if (!viewer.userId) return false;
  return canWrite(viewer, record) || record.accessGroupIds.some((g) => viewer.groupIds.includes(g));
}

/** Owners and members of the owner group may change a record; access groups may only read it. */
export function canWrite(viewer: Viewer, record: AccessControlled): boolean {
  if (!viewer.userId) return false;
  return record.ownerId === viewer.userId || (record.ownerGroupId !== null && viewer.groupIds.includes(record.ownerGroupId));
}
