import type { SelectQueryBuilder } from "typeorm";
import { curveValuesError } from "./curve-value-budget";
import type { DataSource, EntityManager } from "typeorm";
import { Curve, Dataset } from "../entities";
import { FormatError, type CurveRecord } from "../formats/curve";
import { validateCurve } from "../formats/validate";
import { badInput, tooLarge } from "./errors";
import { checkPageSize, decodeCursor, toPage, type Page } from "./pagination";
import type { CatalogueService } from "./catalogue-service";
import type { Viewer } from "./viewer";

/** A range on one of the curves' own parameters: `min <= parameters[name] <= max`. */
export interface ParameterRange {
  name: string;
  min?: number;
  max?: number;
}

export interface CurveLimits {
  maxPointsPerCurve: number;
  maxCurvesPerRequest: number;
  /** Most curve values one answer may carry: a page holding more points is refused before it is read. */
  maxCurveValues: number;
}

const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/;
/** float8 values as stored: 8 bytes each. */
const BYTES_PER_VALUE = 8;

export function curveByteSize(c: Pick<CurveRecord, "q" | "intensity" | "dI" | "dQ" | "dQl" | "dQw" | "columns">): number {
  const extra = Object.values(c.columns ?? {}).reduce((n, col) => n + col.values.length, 0);
  return BYTES_PER_VALUE * (c.q.length + c.intensity.length + (c.dI?.length ?? 0) + (c.dQ?.length ?? 0) + (c.dQl?.length ?? 0) + (c.dQw?.length ?? 0) + extra);
}

/** A stored curve's extra columns, by name. */
export function extraColumnsOf(c: Curve): Record<string, { values: Float64Array; unit: string }> {
  const out: Record<string, { values: Float64Array; unit: string }> = {};
  c.extraColumnNames.forEach((name, k) => {
    out[name] = { unit: c.extraColumnUnits[k] ?? "", values: Float64Array.from(c.extraColumnValues.slice(k * c.points, (k + 1) * c.points)) };
  });
  return out;
}

/** A stored curve as a file-format record (typed arrays, same units and values). */
export function curveRecordOf(c: Curve, parameters: Record<string, unknown> = c.parameters): CurveRecord {
  return {
    title: c.title ?? undefined,
    q: Float64Array.from(c.q),
    intensity: Float64Array.from(c.intensity),
    dI: c.dIntensity ? Float64Array.from(c.dIntensity) : null,
    dQ: c.dQ ? Float64Array.from(c.dQ) : null,
    dQl: c.dQl ? Float64Array.from(c.dQl) : null,
    dQw: c.dQw ? Float64Array.from(c.dQw) : null,
    columns: c.extraColumnNames.length > 0 ? extraColumnsOf(c) : undefined,
    qUnit: c.qUnit,
    intensityUnit: c.intensityUnit,
    parameters,
  };
}

/** Values a stored curve loads per array: its points, times one more for each extra column it carries. */
const POINTS_WITH_COLUMNS = "c.points * (1 + cardinality(c.extra_column_names))";

/** Columns every curve read carries: [column, Curve property]. */
const CURVE_KEY_COLUMNS: readonly (readonly [string, keyof Curve])[] = [
  ["id", "id"],
  ["dataset_id", "datasetId"],
  ["index", "index"],
  ["title", "title"],
  ["q_unit", "qUnit"],
  ["intensity_unit", "intensityUnit"],
  ["points", "points"],
];

/** Columns a read may leave out when no field needs them; each group is what some fields read. */
export type CurveColumnGroup = "q" | "intensity" | "dI" | "dQ" | "slit" | "columns" | "parameters";
const CURVE_COLUMNS: Record<CurveColumnGroup, readonly (readonly [string, keyof Curve])[]> = {
  q: [["q", "q"]],
  intensity: [["intensity", "intensity"]],
  dI: [["d_intensity", "dIntensity"]],
  dQ: [["d_q", "dQ"]],
  slit: [
    ["d_q_slit_length", "dQl"],
    ["d_q_slit_width", "dQw"],
  ],
  columns: [
    ["extra_column_names", "extraColumnNames"],
    ["extra_column_units", "extraColumnUnits"],
    ["extra_column_values", "extraColumnValues"],
  ],
  parameters: [["parameters", "parameters"]],
};
export const CURVE_COLUMN_GROUPS = Object.keys(CURVE_COLUMNS) as readonly CurveColumnGroup[];

/** Most extra per-point columns one curve may carry. */
const MAX_EXTRA_COLUMNS = 32;

/** How many extra columns a curve may carry (their shapes are checked with the curve, validate.ts). */
function checkColumnCount(curve: CurveRecord, at: string): void {
  const count = Object.keys(curve.columns ?? {}).length;
  if (count > MAX_EXTRA_COLUMNS) throw badInput(`${at} has ${count} extra columns; the limit is ${MAX_EXTRA_COLUMNS}`, `${at}.columns`);
}

/** Curves page in dataset order; their index is the cursor. */
export const curveCursorKey = (c: Curve): unknown[] => [c.index];

/** Curves of datasets: validated writes, paged and filtered reads. */
export class CurveService {
  constructor(
    private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly limits: CurveLimits,
  ) {}

  /** Validate every curve first, so a bad one rejects the whole request before anything is written. */
  validate(curves: CurveRecord[], field = "curves"): void {
    if (curves.length === 0) throw badInput(`${field} is empty: send at least one curve`, field);
    if (curves.length > this.limits.maxCurvesPerRequest) {
      throw tooLarge(`${field} has ${curves.length} curves; the limit per request is ${this.limits.maxCurvesPerRequest}`, field);
    }
    curves.forEach((curve, i) => {
      try {
        validateCurve(curve, `${field}[${i}]`, { maxPoints: this.limits.maxPointsPerCurve });
      } catch (err) {
        if (err instanceof FormatError) {
          if (/more than the limit/.test(err.message)) throw tooLarge(err.message, err.field);
          throw badInput(err.message, err.field);
        }
        throw err;
      }
      checkColumnCount(curve, `${field}[${i}]`);
      if (curve.parameters !== undefined && (curve.parameters === null || typeof curve.parameters !== "object" || Array.isArray(curve.parameters))) {
        throw badInput(`${field}[${i}].parameters must be a JSON object`, `${field}[${i}].parameters`);
      }
    });
  }

  /**
   * Append curves to a dataset inside `tx` (the caller's transaction): indices continue after the
   * existing ones; the dataset's curve count and byte size follow.
   */
  async appendInTransaction(tx: EntityManager, dataset: Dataset, curves: CurveRecord[]): Promise<Curve[]> {
    const [{ next }] = (await tx.query(`SELECT coalesce(max(index) + 1, 0) AS next FROM curves WHERE dataset_id = $1`, [dataset.id])) as { next: number }[];
    const repo = tx.getRepository(Curve);
    const entities = curves.map((c, i) =>
      repo.create({
        datasetId: dataset.id,
        index: Number(next) + i,
        title: c.title ?? null,
        q: Array.from(c.q),
        intensity: Array.from(c.intensity),
        dIntensity: c.dI ? Array.from(c.dI) : null,
        dQ: c.dQ ? Array.from(c.dQ) : null,
        dQl: c.dQl ? Array.from(c.dQl) : null,
        dQw: c.dQw ? Array.from(c.dQw) : null,
        extraColumnNames: Object.keys(c.columns ?? {}),
        extraColumnUnits: Object.values(c.columns ?? {}).map((col) => col.unit),
        extraColumnValues: Object.values(c.columns ?? {}).flatMap((col) => Array.from(col.values)),
        qUnit: c.qUnit,
        intensityUnit: c.intensityUnit,
        parameters: c.parameters ?? {},
        points: c.q.length,
      }),
    );
    const saved: Curve[] = [];
    // Chunks keep each INSERT well under PostgreSQL's 65 535 bind parameters.
    for (let i = 0; i < entities.length; i += 500) saved.push(...(await repo.save(entities.slice(i, i + 500))));
    const bytes = curves.reduce((sum, c) => sum + curveByteSize(c), 0);
    await tx.query(`UPDATE datasets SET curve_count = curve_count + $2, byte_size = byte_size + $3, updated_at = now() WHERE id = $1`, [
      dataset.id,
      curves.length,
      bytes,
    ]);
    return saved;
  }

  async addCurves(viewer: Viewer, datasetId: string, curves: CurveRecord[]): Promise<Curve[]> {
    this.validate(curves);
    return this.db.transaction(async (tx) => {
      const dataset = await this.catalogue.getWritableDataset(viewer, datasetId, tx);
      return this.appendInTransaction(tx, dataset, curves);
    });
  }

  async listCurves(viewer: Viewer, args: { datasetId: string; first: number; after?: string | null; where?: ParameterRange[] }): Promise<Page<Curve>> {
    const first = checkPageSize(args.first, 10_000);
    const dataset = await this.catalogue.getDataset(viewer, args.datasetId);
    const qb = this.db.getRepository(Curve).createQueryBuilder("c").where("c.dataset_id = :datasetId", { datasetId: dataset.id });
    (args.where ?? []).forEach((range, i) => {
      if (!PARAMETER_NAME.test(range.name)) throw badInput(`where[${i}].name "${range.name}" is not a parameter name`, `where[${i}].name`);
      for (const bound of ["min", "max"] as const) {
        const v = range[bound];
        if (v !== undefined && v !== null && !Number.isFinite(v)) throw badInput(`where[${i}].${bound} must be a finite number`, `where[${i}].${bound}`);
      }
      if (range.min === undefined && range.max === undefined) throw badInput(`where[${i}] needs min, max or both`, `where[${i}]`);
      const p = `p${i}`;
      qb.andWhere(`jsonb_typeof(c.parameters -> :${p}) = 'number'`, { [p]: range.name });
      if (range.min !== undefined && range.min !== null) qb.andWhere(`(c.parameters ->> :${p})::float8 >= :${p}min`, { [`${p}min`]: range.min });
      if (range.max !== undefined && range.max !== null) qb.andWhere(`(c.parameters ->> :${p})::float8 <= :${p}max`, { [`${p}max`]: range.max });
    });
    if (args.after) {
      const [index] = decodeCursor(args.after, 1);
      // Curve indices are PostgreSQL integers: anything else is forged and must not reach the query.
      if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index > 2 ** 31 - 1) {
        throw badInput("`after` is not a cursor returned by this connection", "after");
      }
      qb.andWhere("c.index > :afterIndex", { afterIndex: index });
    }
    await this.refuseOversizedPage(qb.clone().select(POINTS_WITH_COLUMNS, "points").orderBy("c.index", "ASC").limit(first));
    const rows = await qb
      .orderBy("c.index", "ASC")
      .limit(first + 1)
      .getMany();
    return toPage(rows, first, curveCursorKey);
  }

  /**
   * The first `first` curves of each dataset (DataLoader batch for nested fields), in one statement
   * that refuses the page before reading arrays when it holds more values than one answer may carry.
   * Only the column groups in `columns` are read: the others are absent from the curves returned, so
   * the caller must ask for every group its fields read (curve-columns.ts).
   */
  async firstCurvesOfDatasets(datasetIds: readonly string[], first: number, columns: readonly CurveColumnGroup[] = CURVE_COLUMN_GROUPS): Promise<Curve[]> {
    if (datasetIds.length === 0 || first === 0) return [];
    const selected = [...CURVE_KEY_COLUMNS, ...columns.flatMap((g) => CURVE_COLUMNS[g])].map(([column, key]) => `c.${column} AS "${key}"`);
    const rows: ({ total: number } & Curve)[] = await this.db.query(
      `SELECT t.total, ${selected.join(", ")}
         FROM (SELECT COALESCE(SUM(${POINTS_WITH_COLUMNS}), 0)::float8 AS total FROM curves c WHERE c.dataset_id = ANY($1::uuid[]) AND c.index < $2) t
         LEFT JOIN curves c ON t.total <= $3 AND c.dataset_id = ANY($1::uuid[]) AND c.index < $2
        ORDER BY c.dataset_id, c.index`,
      [datasetIds, first, this.limits.maxCurveValues],
    );
    // One row, without a curve, when the page is refused (or holds none).
    const total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (total > this.limits.maxCurveValues) throw curveValuesError(this.limits.maxCurveValues, "first", total);
    return rows.filter((r) => r.id !== null).map(({ total: _total, ...curve }) => curve);
  }

  /** Refuse a page whose curves hold more points than one answer may carry, before reading their arrays. */
  private async refuseOversizedPage(points: SelectQueryBuilder<Curve>): Promise<void> {
    const [{ total }] = (await this.db
      .createQueryBuilder()
      .select("COALESCE(SUM(s.points), 0)::float8", "total")
      .from(`(${points.getQuery()})`, "s")
      .setParameters(points.getParameters())
      .getRawMany()) as { total: number }[];
    if (Number(total) > this.limits.maxCurveValues) throw curveValuesError(this.limits.maxCurveValues, "first", Number(total));
  }

  async curvesOfDataset(datasetId: string, curveIds?: string[]): Promise<Curve[]> {
    const qb = this.db.getRepository(Curve).createQueryBuilder("c").where("c.dataset_id = :datasetId", { datasetId });
    if (curveIds?.length) qb.andWhere("c.id IN (:...curveIds)", { curveIds });
    return qb.orderBy("c.index").getMany();
  }
}
