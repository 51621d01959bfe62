import "reflect-metadata";
import { DataSource } from "typeorm";
import { ENTITIES } from "../entities";
import { MIGRATIONS } from "../../migrations";
import { QueryCounter } from "./query-counter";
import { fastTypes } from "./float-arrays";

export interface Database {
  dataSource: DataSource;
  queries: QueryCounter;
}

export async function connectDatabase(url: string, options: { poolSize?: number } = {}): Promise<Database> {
  const queries = new QueryCounter();
  const dataSource = new DataSource({
    type: "postgres",
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // The schema comes from hand-written migrations only.
    synchronize: false,
    migrationsRun: false,
    logging: ["query", "error"],
    logger: queries,
    // Curve arrays parsed without holding the event loop for seconds (float-arrays.ts).
    extra: { max: options.poolSize ?? 10, types: fastTypes },
  });
  await dataSource.initialize();
  return { dataSource, queries };
}

/** Apply pending migrations, serialised across processes by an advisory lock. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SELECT pg_advisory_lock(7350001)");
    const applied = await dataSource.runMigrations({ transaction: "each" });
    return applied.map((m) => m.name);
  } finally {
    await runner.query("SELECT pg_advisory_unlock(7350001)").catch(() => undefined);
    await runner.release();
  }
}
