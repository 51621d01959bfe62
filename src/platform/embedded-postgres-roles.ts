/**
 * Least privilege in the embedded PostgreSQL: the application connects as a role that is no
 * superuser and may not create roles or databases, and that owns its one database and everything in
 * it. The cluster's superuser is used only here, to create or upgrade that role and database.
 *
 * Homes made before this existed ran the application as the superuser, so their tables, sequences,
 * functions and types belong to the superuser: they are handed over to the application role.
 * (`REASSIGN OWNED BY` cannot do it: the bootstrap superuser also owns the system catalogues.)
 */
import { Client, type ClientConfig } from "pg";

export interface RoleCredentials {
  user: string;
  password: string;
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

async function withClient<T>(config: ClientConfig, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(config);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Make `app` a login role with no special powers and password `app.password`, owning `database`
 * (created when missing), and hand it every object of that database that the superuser made.
 * `admin` reaches the cluster as its superuser (any database name; `postgres` is used).
 */
export async function provisionApplicationRole(admin: ClientConfig, app: RoleCredentials, database: string): Promise<void> {
  await withClient({ ...admin, database: "postgres" }, async (client) => {
    const role = await client.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = $1", [app.user]);
    // The attributes are set on every start, so a role changed by hand goes back to least privilege.
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD ${literal(app.password)}`;
    await client.query(`${role.rowCount ? "ALTER" : "CREATE"} ROLE ${ident(app.user)} ${attributes}`);
    const db = await client.query<{ owner: string }>("SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1", [database]);
    if (!db.rowCount) await client.query(`CREATE DATABASE ${ident(database)} OWNER ${ident(app.user)}`);
    else if (db.rows[0].owner !== app.user) await client.query(`ALTER DATABASE ${ident(database)} OWNER TO ${ident(app.user)}`);
  });
  await withClient({ ...admin, database }, (client) => handOverObjects(client, app.user));
}

/** Not the system's own schemas (catalogues, TOAST, other sessions' temporary schemas). */
const USER_SCHEMA = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

/** Objects that belong to an extension stay the extension's (pgcrypto's functions, say). */
function notInExtension(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;
}

const RELATION_KIND: Record<string, string> = { r: "TABLE", p: "TABLE", f: "FOREIGN TABLE", v: "VIEW", m: "MATERIALIZED VIEW", S: "SEQUENCE" };

/**
 * Give `owner` the schemas, tables, views, sequences, types and routines of the current database
 * that someone else owns, in one transaction. A database made by this code has none: then it only
 * runs the queries that find nothing.
 */
async function handOverObjects(client: Client, owner: string): Promise<void> {
  const to = `OWNER TO ${ident(owner)}`;
  const ownerOid = `(SELECT oid FROM pg_roles WHERE rolname = ${literal(owner)})`;
  await client.query("BEGIN");
  try {
    // `public` belongs to pg_database_owner since PostgreSQL 15: it follows the database's owner.
    const schemas = await client.query<{ name: string }>(
      `SELECT n.nspname AS name FROM pg_namespace n
        WHERE n.nspowner <> ${ownerOid} AND n.nspowner <> 'pg_database_owner'::regrole AND ${USER_SCHEMA}
          AND ${notInExtension("pg_namespace", "n.oid")}`,
    );
    for (const { name } of schemas.rows) await client.query(`ALTER SCHEMA ${ident(name)} ${to}`);
    // Tables before sequences: a table's new owner takes the sequences of its serial and identity
    // columns with it (and such a sequence refuses an owner of its own).
    for (const pass of [["r", "p", "f", "v", "m"], ["S"]]) {
      const relations = await client.query<{ name: string; kind: string }>(
        `SELECT c.oid::regclass::text AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relowner <> ${ownerOid} AND c.relkind = ANY($1::"char"[]) AND ${USER_SCHEMA} AND ${notInExtension("pg_class", "c.oid")}`,
        [pass],
      );
      for (const { name, kind } of relations.rows) await client.query(`ALTER ${RELATION_KIND[kind]} ${name} ${to}`);
    }
    // Enums, domains, ranges and free-standing composite types; array and multirange types, and a
    // table's row type, follow the type or table they belong to.
    const types = await client.query<{ name: string; kind: string }>(
      `SELECT t.oid::regtype::text AS name, t.typtype AS kind FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typowner <> ${ownerOid} AND t.typtype IN ('e', 'd', 'r', 'c') AND ${USER_SCHEMA}
          AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
          AND ${notInExtension("pg_type", "t.oid")}`,
    );
    for (const { name, kind } of types.rows) await client.query(`ALTER ${kind === "d" ? "DOMAIN" : "TYPE"} ${name} ${to}`);
    const routines = await client.query<{ name: string }>(
      `SELECT p.oid::regprocedure::text AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.proowner <> ${ownerOid} AND ${USER_SCHEMA} AND ${notInExtension("pg_proc", "p.oid")}`,
    );
    for (const { name } of routines.rows) await client.query(`ALTER ROUTINE ${name} ${to}`);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}
