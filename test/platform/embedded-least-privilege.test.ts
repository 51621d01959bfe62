/**
 * The embedded PostgreSQL of `npm start` grants the application least privilege: it connects as a
 * role that is no superuser (so `COPY ... FROM PROGRAM` cannot run shell commands), every connection
 * needs a password generated for this home and kept in 0600 files, and a home made by the old code
 * (the application as superuser `sasgraph`, password `sasgraph-embedded`) is upgraded in place on its
 * next start and serves its old data.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Client } from "pg";
import { loadConfig } from "../../src/platform/config";
import { startPlatform, type Platform } from "../../src/platform/platform";
import { credentialFiles, loadEmbeddedPostgres, startEmbeddedPostgres } from "../../src/platform/embedded-postgres";
import { embeddedS3Files, startEmbeddedS3 } from "../../src/storage/embedded-s3";
import { freePort } from "../../src/platform/net";

jest.setTimeout(120_000);

const homes: string[] = [];

/** A new SASGRAPH_HOME the postgres OS user can reach when we run as root (as mkdtemp makes it 0700). */
function newHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-lp-"));
  fs.chmodSync(home, 0o711);
  homes.push(home);
  return home;
}

afterAll(() => {
  for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
});

function embedded(home: string, logs: string[] = []): Promise<Platform> {
  return startPlatform(loadConfig({ SASGRAPH_HOME: home, SASGRAPH_LOG_LEVEL: "warn" }), { log: (m) => logs.push(m) });
}

function stored(file: string): { user: string; password: string } {
  return JSON.parse(fs.readFileSync(file, "utf8")) as { user: string; password: string };
}

function portOf(home: string): number {
  return Number(fs.readFileSync(path.join(home, "postgres", "port"), "utf8"));
}

/** The SQLSTATE of a failed connection or statement ("ok" when it worked). */
async function sqlState(config: { user: string; password: string; port: number; database?: string }, sql = "SELECT 1"): Promise<string> {
  const client = new Client({ host: "127.0.0.1", database: "postgres", ...config });
  try {
    await client.connect();
    await client.query(sql);
    return "ok";
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function asSuperuser<T>(home: string, work: (client: Client) => Promise<T>, database = "postgres"): Promise<T> {
  const client = new Client({ host: "127.0.0.1", port: portOf(home), database, ...stored(credentialFiles(path.join(home, "postgres")).superuser) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Objects of the application's schemas that `owner` does not own (extension members aside). */
async function foreignOwned(client: Client, owner: string): Promise<string[]> {
  const { rows } = await client.query<{ what: string }>(
    `WITH app AS (SELECT oid FROM pg_roles WHERE rolname = $1),
          ours AS (SELECT oid, nspname FROM pg_namespace WHERE nspname IN ('public', 'pgboss')),
          ext AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e')
     SELECT 'schema ' || nspname AS what FROM pg_namespace
      WHERE nspname = 'pgboss' AND nspowner <> (SELECT oid FROM app)
     UNION ALL
     SELECT 'relation ' || c.oid::regclass::text FROM pg_class c JOIN ours n ON n.oid = c.relnamespace
      WHERE c.relowner <> (SELECT oid FROM app) AND (c.oid) NOT IN (SELECT objid FROM ext WHERE classid = 'pg_class'::regclass)
     UNION ALL
     SELECT 'routine ' || p.oid::regprocedure::text FROM pg_proc p JOIN ours n ON n.oid = p.pronamespace
      WHERE p.proowner <> (SELECT oid FROM app) AND p.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_proc'::regclass)
     UNION ALL
     SELECT 'type ' || t.oid::regtype::text FROM pg_type t JOIN ours n ON n.oid = t.typnamespace
      WHERE t.typowner <> (SELECT oid FROM app) AND t.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_type'::regclass)`,
    [owner],
  );
  return rows.map((r) => r.what).sort();
}

describe("a new embedded home", () => {
  let home: string;
  let platform: Platform;

  beforeAll(async () => {
    home = newHome();
    platform = await embedded(home);
  });
  afterAll(async () => {
    await platform?.close();
  });

  it("connects the application as a role that is no superuser and may create neither roles nor databases", async () => {
    const [me] = await platform.services.db.query(
      "SELECT current_user AS name, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = current_user",
    );
    expect(me).toEqual({ name: "sasgraph_app", rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false });
    const [db] = await platform.services.db.query(
      "SELECT current_database() AS name, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()",
    );
    expect(db).toEqual({ name: "sasgraph", owner: "sasgraph_app" });
    // Migrations and pg-boss ran as that role: it owns what they made.
    const tables = await platform.services.db.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname IN ('public', 'pgboss')");
    expect(tables[0].n).toBeGreaterThan(10);
    await asSuperuser(home, async (c) => expect(await foreignOwned(c, "sasgraph_app")).toEqual([]), "sasgraph");
  });

  it("refuses COPY ... FROM PROGRAM to the application (which the superuser may run)", async () => {
    const app = { port: portOf(home), database: "sasgraph", ...stored(credentialFiles(path.join(home, "postgres")).app) };
    const copy = "CREATE TEMP TABLE shell_out (line text); COPY shell_out FROM PROGRAM 'echo pwned'";
    expect(await sqlState(app, copy)).toBe("42501"); // insufficient_privilege
    await expect(platform.services.db.query("COPY (SELECT 1) TO PROGRAM 'cat > /dev/null'")).rejects.toMatchObject({ code: "42501" });
    expect(await sqlState(app, "CREATE ROLE intruder LOGIN SUPERUSER")).toBe("42501");
    expect(await sqlState(app, "CREATE DATABASE other")).toBe("42501");
    // The statement itself is fine: the superuser runs it.
    const out = await asSuperuser(home, async (c) => {
      await c.query(copy);
      return (await c.query<{ line: string }>("SELECT line FROM shell_out")).rows;
    });
    expect(out).toEqual([{ line: "pwned" }]);
  });

  it("keeps the generated credentials in files of mode 0600", () => {
    const files = credentialFiles(path.join(home, "postgres"));
    for (const file of [files.superuser, files.app, embeddedS3Files(path.join(home, "objects")).credentials]) {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    }
    const superuser = stored(files.superuser);
    const app = stored(files.app);
    expect(superuser.user).toBe("postgres");
    expect(app.user).toBe("sasgraph_app");
    expect(superuser.password).toMatch(/^[0-9a-f]{48}$/);
    expect(app.password).toMatch(/^[0-9a-f]{48}$/);
    expect(app.password).not.toBe(superuser.password);
  });

  it("asks every connection for its password (SCRAM, on 127.0.0.1 only) and refuses a wrong one", async () => {
    const port = portOf(home);
    const files = credentialFiles(path.join(home, "postgres"));
    expect(await sqlState({ port, ...stored(files.app), database: "sasgraph" })).toBe("ok");
    expect(await sqlState({ port, user: "sasgraph_app", password: "wrong", database: "sasgraph" })).toBe("28P01");
    expect(await sqlState({ port, user: "postgres", password: "wrong" })).toBe("28P01");
    expect(await sqlState({ port, user: "postgres", password: "" })).not.toBe("ok");
    expect(await sqlState({ port, user: "sasgraph", password: "sasgraph-embedded" })).toBe("28P01");
    // What the server itself says about its rules and interfaces.
    const rules = await asSuperuser(
      home,
      async (c) => (await c.query<{ type: string; auth_method: string }>("SELECT type, auth_method FROM pg_hba_file_rules")).rows,
    );
    expect(rules).toEqual([
      { type: "local", auth_method: "scram-sha-256" },
      { type: "host", auth_method: "scram-sha-256" },
    ]);
    const [listen] = await platform.services.db.query("SHOW listen_addresses");
    expect(listen.listen_addresses).toBe("127.0.0.1");
  });

  it("lets another process of the same home share the running cluster with the passwords from the files", async () => {
    const shared = await startEmbeddedPostgres(path.join(home, "postgres"));
    const app = stored(credentialFiles(path.join(home, "postgres")).app);
    expect(new URL(shared.url)).toMatchObject({ username: app.user, password: app.password, hostname: "127.0.0.1", pathname: "/sasgraph" });
    await shared.stop(); // not its cluster: nothing stops
    expect(await sqlState({ port: portOf(home), ...app, database: "sasgraph" })).toBe("ok");
  });

  it("keeps the passwords and the data across a restart", async () => {
    const before = stored(credentialFiles(path.join(home, "postgres")).app);
    const { token } = await platform.services.auth.createToken("restart-user");
    await platform.close();
    platform = await embedded(home);
    expect(stored(credentialFiles(path.join(home, "postgres")).app)).toEqual(before);
    expect((await platform.services.auth.authenticate(`Bearer ${token}`)).userName).toBe("restart-user");
  });
});

describe("a home made by the old code", () => {
  it("is upgraded in place on its next start: new passwords, the data handed to the application role", async () => {
    const home = newHome();
    const pgDir = path.join(home, "postgres");
    const port = await freePort();
    const legacyUrl = `postgres://sasgraph:sasgraph-embedded@127.0.0.1:${port}/sasgraph`;
    // What commit 1114d52 did: initdb with superuser sasgraph/sasgraph-embedded and embedded-postgres's
    // default (cleartext `password`) authentication, then the application ran as that superuser.
    fs.mkdirSync(pgDir, { recursive: true });
    fs.chmodSync(pgDir, 0o711);
    const EmbeddedPostgres = loadEmbeddedPostgres();
    const old = new EmbeddedPostgres({
      databaseDir: path.join(pgDir, "data"),
      port,
      user: "sasgraph",
      password: "sasgraph-embedded",
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await old.initialise();
    fs.writeFileSync(path.join(pgDir, "port"), String(port));
    await old.start();
    let token: string;
    let before: Record<string, number>;
    const objects = path.join(home, "old-objects");
    const s3 = await startEmbeddedS3(objects);
    try {
      expect(await sqlState({ port, user: "sasgraph", password: "sasgraph-embedded" }, "CREATE DATABASE sasgraph")).toBe("ok");
      const oldApp = await startPlatform(
        loadConfig({
          DATABASE_URL: legacyUrl,
          S3_ENDPOINT: `http://127.0.0.1:${s3.settings.port}`,
          S3_ACCESS_KEY: s3.settings.accessKey,
          S3_SECRET_KEY: s3.settings.secretKey,
          SASGRAPH_SECRET: "old",
          SASGRAPH_LOG_LEVEL: "warn",
        }),
        { log: () => undefined },
      );
      try {
        token = (await oldApp.services.auth.createToken("old-user", ["old-group"])).token;
        const [me] = await oldApp.services.db.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
        expect(me.rolsuper).toBe(true); // the old exposure this upgrade removes
      } finally {
        await oldApp.close();
      }
      // Everything the old application made belongs to the superuser: tables, and pg-boss's
      // schema, functions and enum.
      const client = new Client({ connectionString: legacyUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ kind: string; n: number }>(
          `SELECT 'table' AS kind, count(*)::int AS n FROM pg_tables WHERE schemaname IN ('public', 'pgboss') AND tableowner = 'sasgraph'
           UNION ALL SELECT 'routine', count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'pgboss' AND pg_get_userbyid(p.proowner) = 'sasgraph'
           UNION ALL SELECT 'type', count(*)::int FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'pgboss' AND t.typtype = 'e' AND pg_get_userbyid(t.typowner) = 'sasgraph'`,
        );
        before = Object.fromEntries(rows.map((r) => [r.kind, r.n]));
      } finally {
        await client.end();
      }
    } finally {
      await s3.stop();
      await old.stop();
      fs.rmSync(embeddedS3Files(objects).credentials, { force: true });
    }
    expect(before.table).toBeGreaterThan(10);
    expect(before.routine).toBeGreaterThan(0);
    expect(before.type).toBeGreaterThan(0);

    // The new code's next start on that home.
    const logs: string[] = [];
    const platform = await embedded(home, logs);
    try {
      expect(logs.filter((m) => m.includes("upgraded"))).toHaveLength(1);
      const files = credentialFiles(pgDir);
      const superuser = stored(files.superuser);
      expect(superuser.user).toBe("sasgraph");
      expect(superuser.password).not.toBe("sasgraph-embedded");
      expect(fs.statSync(files.superuser).mode & 0o777).toBe(0o600);
      expect(fs.statSync(files.app).mode & 0o777).toBe(0o600);
      expect(portOf(home)).toBe(port);
      // The old password opens nothing any more; the new ones do.
      expect(await sqlState({ port, user: "sasgraph", password: "sasgraph-embedded" })).toBe("28P01");
      expect(await sqlState({ port, ...superuser })).toBe("ok");
      const [me] = await platform.services.db.query("SELECT current_user AS name, rolsuper FROM pg_roles WHERE rolname = current_user");
      expect(me).toEqual({ name: "sasgraph_app", rolsuper: false });
      await expect(platform.services.db.query("COPY (SELECT 1) TO PROGRAM 'cat > /dev/null'")).rejects.toMatchObject({ code: "42501" });
      // The old data is served, and the application may write: pg-boss started on its old schema.
      const viewer = await platform.services.auth.authenticate(`Bearer ${token!}`);
      expect(viewer.userName).toBe("old-user");
      expect(viewer.groupIds).toHaveLength(1);
      expect((await platform.services.auth.createToken("new-user")).token).toBeTruthy();
      await asSuperuser(home, async (c) => expect(await foreignOwned(c, "sasgraph_app")).toEqual([]), "sasgraph");
      const rules = await asSuperuser(home, async (c) => (await c.query<{ auth_method: string }>("SELECT DISTINCT auth_method FROM pg_hba_file_rules")).rows);
      expect(rules).toEqual([{ auth_method: "scram-sha-256" }]);
    } finally {
      await platform.close();
    }
    // A second start finds nothing left to upgrade and the same passwords.
    const app = stored(credentialFiles(pgDir).app);
    const againLogs: string[] = [];
    const again = await embedded(home, againLogs);
    try {
      expect(againLogs.filter((m) => m.includes("upgraded"))).toEqual([]);
      expect(stored(credentialFiles(pgDir).app)).toEqual(app);
      expect((await again.services.auth.authenticate(`Bearer ${token!}`)).userName).toBe("old-user");
    } finally {
      await again.close();
    }
  });
});
