/**
 * Entities read with plain SQL: an entity's own columns aliased to its property names, and the rows
 * turned into instances with the columns' transformers applied. For the per-request DataLoader
 * batches of small rows, TypeORM's query builder and hydration cost about as much as the read
 * itself; these give the same objects for the column types below, which pg already parses as
 * TypeORM would return them. Relations are not loaded (findBy does not load them either).
 */
import type { DataSource, EntityTarget, ObjectLiteral, ValueTransformer } from "typeorm";

/** Column types whose pg value is the entity value (a bigint keeps pg's string unless transformed). */
const PLAIN_TYPES = new Set<unknown>(["uuid", "text", "integer", "int", "boolean", "jsonb", "timestamptz", "float8", "bigint"]);

export interface EntityRows<T> {
  /** SELECT items for the entity's table under `alias`, each named after its property. */
  select(alias: string): string;
  /** The entity of a row selected with `select`. */
  hydrate(row: Record<string, unknown>): T;
}

const cache = new WeakMap<DataSource, Map<unknown, EntityRows<ObjectLiteral>>>();

function transformed(transformer: ValueTransformer | ValueTransformer[] | undefined, value: unknown): unknown {
  if (!transformer) return value;
  // TypeORM applies a list of transformers in reverse when reading.
  const list = Array.isArray(transformer) ? [...transformer].reverse() : [transformer];
  return list.reduce((v, t) => t.from(v) as unknown, value);
}

export function entityRows<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>): EntityRows<T> {
  let perSource = cache.get(db);
  if (!perSource) cache.set(db, (perSource = new Map()));
  const known = perSource.get(target);
  if (known) return known as EntityRows<T>;
  const metadata = db.getMetadata(target);
  const columns = metadata.columns.map((c) => {
    if (c.embeddedMetadata || c.relationMetadata || !PLAIN_TYPES.has(c.type)) {
      throw new Error(`entityRows: ${metadata.name}.${c.propertyName} (${String(c.type)}) needs TypeORM's hydration; read it through a repository`);
    }
    return { column: c.databaseName, property: c.propertyName, transformer: c.transformer };
  });
  const rows: EntityRows<T> = {
    select: (alias) => columns.map((c) => `"${alias}"."${c.column}" AS "${c.property}"`).join(", "),
    hydrate: (row) => {
      const entity = metadata.create() as Record<string, unknown>;
      for (const c of columns) entity[c.property] = transformed(c.transformer, row[c.property]);
      return entity as T;
    },
  };
  perSource.set(target, rows as EntityRows<ObjectLiteral>);
  return rows;
}

/** Entities by primary key `id` (a DataLoader batch), in no particular order; unknown ids are absent. */
export async function entitiesByIds<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, ids: readonly string[]): Promise<T[]> {
  if (ids.length === 0) return [];
  const rows = entityRows(db, target);
  const table = db.getMetadata(target).tableName;
  const found: Record<string, unknown>[] = await db.query(`SELECT ${rows.select("t")} FROM "${table}" "t" WHERE "t"."id" = ANY($1::uuid[])`, [ids]);
  return found.map(rows.hydrate);
}
