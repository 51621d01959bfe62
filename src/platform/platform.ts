/**
 * Bring the platform up: the database and object store (embedded ones when no external ones are
 * configured), migrations, the bucket, and the services. `serve`, `worker`, the CLI and the tests
 * all start here.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { connectDatabase, migrate } from "../db/data-source";
import { ObjectStore } from "../storage/object-store";
import { startEmbeddedS3 } from "../storage/embedded-s3";
import { createServices, type Services } from "../services/container";
import { startEmbeddedPostgres } from "./embedded-postgres";
import type { Config } from "./config";

export interface Platform {
  services: Services;
  /** Stop what this process started (embedded servers included), in reverse order. */
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Start pg-boss (needed to queue jobs and to work them; default true). */
  jobs?: boolean;
  log?: (message: string) => void;
}

function secretFor(config: Config, log: (m: string) => void): string {
  if (config.secret) return config.secret;
  if (config.databaseUrl) {
    log("SASGRAPH_SECRET is not set: download links are signed with a per-process key and work only on this process");
    return randomBytes(32).toString("hex");
  }
  // Embedded mode: one key kept beside the data, so links survive restarts.
  const file = path.join(config.home, "secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.home, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

/**
 * Apply migrations and stop: only the database is needed (the embedded one when DATABASE_URL is
 * not set). Returns the names of the migrations applied.
 */
export async function migrateDatabase(config: Config, log: (message: string) => void = console.log): Promise<string[]> {
  let stopPg = async () => undefined as void;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres(path.join(config.home, "postgres"));
    stopPg = pg.stop;
    databaseUrl = pg.url;
    log(`embedded PostgreSQL in ${path.join(config.home, "postgres")}`);
  }
  try {
    const { dataSource } = await connectDatabase(databaseUrl, { poolSize: 1 });
    try {
      return await migrate(dataSource);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await stopPg();
  }
}

export async function startPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const log = options.log ?? ((m: string) => console.log(m));
  const stops: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: Error) => log(`shutdown: ${err.message}`));
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const started = Date.now();
      const pg = await startEmbeddedPostgres(path.join(config.home, "postgres"));
      stops.push(pg.stop);
      databaseUrl = pg.url;
      log(`embedded PostgreSQL ready (${Date.now() - started} ms) in ${path.join(config.home, "postgres")}`);
      if (pg.upgraded) log("embedded PostgreSQL upgraded: generated passwords, and the data handed to sasgraph_app, a role that is no superuser");
    }
    let s3 = config.s3;
    if (!s3) {
      const embedded = await startEmbeddedS3(path.join(config.home, "objects"));
      stops.push(embedded.stop);
      s3 = embedded.settings;
      log(`embedded object store on 127.0.0.1:${s3.port} (loopback only, signed requests only) in ${path.join(config.home, "objects")}`);
    }
    const { dataSource, queries } = await connectDatabase(databaseUrl);
    stops.push(() => dataSource.destroy());
    if (options.migrate !== false) {
      const applied = await migrate(dataSource);
      if (applied.length) log(`migrations applied: ${applied.join(", ")}`);
    }
    const store = new ObjectStore(s3, { embedded: !config.s3 });
    await store.ensureBucket();
    const services = createServices({ config, db: dataSource, queries, store, secret: secretFor(config, log), databaseUrl });
    stops.push(() => services.heavy.close());
    if (options.jobs !== false) {
      await services.jobs.start();
      stops.push(() => services.jobs.stop());
    }
    return { services, close };
  } catch (err) {
    await close();
    throw err;
  }
}
