import type { GraphQLResolveInfo } from "graphql";
import { CURVE_COLUMN_GROUPS, type CurveColumnGroup } from "../services/curve-service";
import { selectedFieldNames } from "./selection";

/**
 * The column groups each Curve field reads (curve-resolver.ts): a nested curve page reads only
 * those its selection needs, so a page that lists curves without their values never loads the
 * arrays. A field missing here (one added later) reads every group.
 */
const COLUMNS_OF_FIELD = new Map<string, readonly CurveColumnGroup[]>(
  Object.entries({
    __typename: [],
    id: [],
    index: [],
    title: [],
    qUnit: [],
    intensityUnit: [],
    points: [],
    dataset: [],
    parameters: ["parameters"],
    q: ["q"],
    intensity: ["intensity"],
    dI: ["dI"],
    dQ: ["dQ"],
    dQl: ["slit"],
    dQw: ["slit"],
    resolution: ["dQ", "slit"],
    columns: ["columns"],
  } satisfies Record<string, readonly CurveColumnGroup[]>),
);

/** Selections seen before: a document (Apollo keeps parsed ones) gives the same field nodes each time. */
const known = new WeakMap<readonly unknown[], readonly CurveColumnGroup[]>();

/** The column groups the curves of a CurveConnection field (`info`) need, in a fixed order. */
export function curveColumnsFor(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">): readonly CurveColumnGroup[] {
  const cached = known.get(info.fieldNodes);
  if (cached) return cached;
  const groups = new Set<CurveColumnGroup>();
  for (const field of selectedFieldNames(info, ["edges", "node"])) for (const g of COLUMNS_OF_FIELD.get(field) ?? CURVE_COLUMN_GROUPS) groups.add(g);
  const columns = CURVE_COLUMN_GROUPS.filter((g) => groups.has(g));
  known.set(info.fieldNodes, columns);
  return columns;
}
