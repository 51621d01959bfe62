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
      ` OR ${alias}.owner_group_id = ANY(:viewerGroups::uuid[]) OR ${alias}.access_group_ids && :viewerGroups::uuid[])`,
    params: { viewerId: viewer.userId, viewerGroups: viewer.groupIds },
  };
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
