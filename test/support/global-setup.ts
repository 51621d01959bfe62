/**
 * One embedded PostgreSQL for the whole test run (initdb + start ≈ 1.5 s); each test file makes its
 * own database in it (see platform.ts), so files never see each other's rows. The platform under
 * test connects as the cluster's application role, no superuser, as `npm start` does; the
 * superuser's URL (SASGRAPH_TEST_ADMIN_URL) only creates the databases.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmbeddedPostgres } from "../../src/platform/embedded-postgres";

export default async function globalSetup(): Promise<void> {
  if (process.env.SASGRAPH_TEST_DATABASE_URL) return; // an external server was given
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-test-pg-"));
  const pg = await startEmbeddedPostgres(dir);
  process.env.SASGRAPH_TEST_DATABASE_URL = pg.url;
  process.env.SASGRAPH_TEST_ADMIN_URL = pg.adminUrl;
  (globalThis as { __SASGRAPH_PG__?: { stop(): Promise<void>; dir: string } }).__SASGRAPH_PG__ = { stop: pg.stop, dir };
}
