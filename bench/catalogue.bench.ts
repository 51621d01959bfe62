/**
 * Catalogue read path: a page of 100 datasets with nested instrument, sample, owner, curve count,
 * provenance edges and first curve, through GraphQL over HTTP (Apollo + type-graphql + DataLoaders +
 * TypeORM) on an embedded PostgreSQL and object store, against a hand-written node-postgres baseline
 * reading the same rows in the same process. Latency: sequential requests; throughput: 8 concurrent
 * clients.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { Pool } from "pg";
import { loadConfig } from "../src/platform/config";
import { startPlatform, type Platform } from "../src/platform/platform";
import { listen, type RunningServer } from "../src/server/app";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../src/platform/embedded-postgres";
import { startEmbeddedS3, type EmbeddedS3Handle } from "../src/storage/embedded-s3";
import type { Services } from "../src/services/container";
import { printTable, summarise, timeAsync, type Timing } from "./harness";

const DATASETS = 1000;
const USERS = 20;
const POINTS = 64;
const PAGE = 100;
const CLIENTS = 8;
const POOL = 10; // TypeORM's default pool size in connectDatabase
/** Each path is measured in ROUNDS alternating rounds of this long. */
const ROUNDS = 3;
const SEQUENTIAL = { minTimeMs: 1500, minOps: 10, warmup: 0 };
const CONCURRENT_MS = 1500;

const QUERY = `query Page($first: Int!) {
  datasets(first: $first) {
    edges { node {
      id title kind technique curveCount createdAt
      instrument { id name facility }
      sample { id name }
      owner { id name }
      provenanceEdges { id relation subjectType subjectId objectType objectId }
      curves(first: 1) { edges { node { index q intensity } } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Seed users, groups, instruments, samples, datasets (2-3 curves each) and provenance; returns the viewer's token. */
export async function seed(services: Services): Promise<{ token: string; viewerId: string; groupIds: string[] }> {
  const db = services.db;
  const issued = await services.auth.createToken("bench", ["bench-lab"]);
  const viewerId = issued.user.id;
  const groupIds = issued.groups.map((g) => g.id);
  await db.query(`INSERT INTO users (name, display_name) SELECT 'user' || i, 'User ' || i FROM generate_series(1, $1) AS i`, [USERS - 1]);
  const userIds: string[] = (await db.query(`SELECT id FROM users ORDER BY name`)).map((r: { id: string }) => r.id);
  const instrumentIds: string[] = (
    await db.query(
      `INSERT INTO instruments (name, facility, technique, metadata)
       SELECT 'instrument-' || i, 'facility-' || (i % 3), (ARRAY['SANS','SAXS','XPCS'])[1 + i % 3], '{"wavelength": {"value": 6, "unit": "A"}}'
         FROM generate_series(1, 8) AS i RETURNING id`,
    )
  ).map((r: { id: string }) => r.id);
  const sampleIds: string[] = (
    await db.query(`INSERT INTO samples (name, composition) SELECT 'sample-' || i, 'SiO2 / D2O' FROM generate_series(1, 40) AS i RETURNING id`)
  ).map((r: { id: string }) => r.id);

  // Most datasets are published; of the rest, some are the viewer's, some shared with its group and
  // some hidden from it. created_at is spaced so the page order is fixed.
  const datasetIds: string[] = (
    await db.query(
      `INSERT INTO datasets (kind, technique, title, description, keywords, owner_id, access_group_ids, published,
                             instrument_id, sample_id, created_at)
       SELECT 'MEASURED', 'SANS', 'dataset ' || i, 'benchmark dataset ' || i, ARRAY['bench', 'k' || (i % 10)],
              CASE WHEN i % 10 = 1 THEN $1::uuid ELSE ($2::uuid[])[1 + i % cardinality($2::uuid[])] END,
              CASE WHEN i % 10 = 2 THEN $3::uuid[] ELSE '{}'::uuid[] END,
              i % 10 NOT IN (1, 2, 3),
              ($4::uuid[])[1 + i % cardinality($4::uuid[])],
              CASE WHEN i % 9 <> 0 THEN ($5::uuid[])[1 + i % cardinality($5::uuid[])] END,
              now() - make_interval(secs => i)
         FROM generate_series(1, $6) AS i
       RETURNING id`,
      [viewerId, userIds, groupIds, instrumentIds, sampleIds, DATASETS],
    )
  ).map((r: { id: string }) => r.id);
  await db.query(
    `WITH d AS (SELECT id, 2 + (row_number() OVER (ORDER BY id)) % 2 AS n FROM datasets)
     INSERT INTO curves (dataset_id, index, q, intensity, q_unit, intensity_unit, parameters, points)
     SELECT d.id, k,
            ARRAY(SELECT 0.005 * power(1.07, j) FROM generate_series(0, $1 - 1) AS j),
            ARRAY(SELECT 100.0 / (1 + power(j * (k + 1) * 0.3, 2)) FROM generate_series(0, $1 - 1) AS j),
            'INV_ANGSTROM', 'INV_CM', jsonb_build_object('radius', 20 + k), $1
       FROM d, generate_series(0, d.n - 1) AS k`,
    [POINTS],
  );
  await db.query(
    `UPDATE datasets d SET curve_count = c.n, byte_size = c.n * 16 * $1 FROM (SELECT dataset_id, count(*) AS n FROM curves GROUP BY dataset_id) c WHERE c.dataset_id = d.id`,
    [POINTS],
  );
  // Provenance through the service: an activity per 10 datasets that generated them and used a
  // sample; each dataset derived from the one before.
  await db.transaction(async (tx) => {
    for (let i = 0; i < datasetIds.length; i += 10) {
      const generated = datasetIds.slice(i, i + 10);
      const activity = await services.provenance.createActivity(tx, { kind: "SIMULATION", ownerId: viewerId, label: `bench run ${i / 10}` });
      await services.provenance.recordRun(tx, activity, {
        generated,
        used: [{ type: "SAMPLE", id: sampleIds[(i / 10) % sampleIds.length] }],
        derivedFrom: generated
          .map((g, k) => (i + k > 0 ? { generated: g, used: datasetIds[i + k - 1] } : null))
          .filter((x): x is { generated: string; used: string } => x !== null),
      });
    }
  });
  await db.query(`ANALYZE`);
  return { token: issued.token, viewerId, groupIds };
}

/** Visibility for the viewer, as the platform applies it (src/services/viewer.ts). */
const VISIBLE = (alias: string) =>
  `(${alias}.published OR ${alias}.owner_id = $1 OR ${alias}.owner_group_id = ANY($2::uuid[]) OR ${alias}.access_group_ids && $2::uuid[])`;

export const PG_PAGE = `
  SELECT d.id, d.title, d.kind, d.technique, d.curve_count, d.created_at,
         i.id AS instrument_id, i.name AS instrument_name, i.facility AS instrument_facility,
         s.id AS sample_id, s.name AS sample_name,
         u.id AS owner_id, u.name AS owner_name
    FROM datasets d
    LEFT JOIN instruments i ON i.id = d.instrument_id
    LEFT JOIN samples s ON s.id = d.sample_id
    JOIN users u ON u.id = d.owner_id
   WHERE ${VISIBLE("d")}
   ORDER BY d.created_at DESC, d.id DESC
   LIMIT $3`;
export const PG_CURVES = `SELECT dataset_id, index, q, intensity FROM curves WHERE dataset_id = ANY($1::uuid[]) AND index < 1`;
// Edges touching the page, minus those whose other end is a dataset the viewer may not see.
export const PG_EDGES = `
  SELECT e.id, e.relation, e.subject_type, e.subject_id, e.object_type, e.object_id
    FROM prov_edges e
   WHERE (e.subject_id = ANY($3::uuid[]) OR e.object_id = ANY($3::uuid[]))
     AND (e.subject_type <> 'DATASET' OR EXISTS (SELECT 1 FROM datasets x WHERE x.id = e.subject_id AND ${VISIBLE("x")}))
     AND (e.object_type <> 'DATASET' OR EXISTS (SELECT 1 FROM datasets x WHERE x.id = e.object_id AND ${VISIBLE("x")}))
   ORDER BY e.created_at`;

interface PgPageRow {
  id: string;
  [column: string]: unknown;
}

/** The baseline: the same page read with node-postgres and hand-written SQL (3 statements). */
async function pgPage(pool: Pool, viewerId: string, groupIds: string[]): Promise<number> {
  const page = await pool.query<PgPageRow>(PG_PAGE, [viewerId, groupIds, PAGE + 1]);
  const rows = page.rows.slice(0, PAGE);
  const ids = rows.map((r) => r.id);
  const [curves, edges] = await Promise.all([
    pool.query<{ dataset_id: string }>(PG_CURVES, [ids]),
    pool.query<{ subject_id: string; object_id: string }>(PG_EDGES, [viewerId, groupIds, ids]),
  ]);
  const byDataset = new Map<string, { curves: unknown[]; edges: unknown[] }>(ids.map((id) => [id, { curves: [], edges: [] }]));
  for (const c of curves.rows) byDataset.get(c.dataset_id)?.curves.push(c);
  for (const e of edges.rows) {
    byDataset.get(e.subject_id)?.edges.push(e);
    if (e.object_id !== e.subject_id) byDataset.get(e.object_id)?.edges.push(e);
  }
  return rows.length;
}

/** `clients` loops issuing `op` back to back for `ms`; throughput over the whole window. */
async function concurrent(op: () => Promise<unknown>, clients: number, ms: number): Promise<Timing> {
  const samples: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() - start < ms) {
        const t0 = performance.now();
        await op();
        samples.push(performance.now() - t0);
      }
    }),
  );
  return summarise(samples, performance.now() - start);
}

/** Timings of several rounds as one: all samples over the summed measured time. */
function merge(rounds: Timing[]): Timing {
  const samples = rounds.flatMap((r) => r.samplesMs);
  const wallMs = rounds.reduce((sum, r) => sum + (r.samplesMs.length * 1000) / r.opsPerSecond, 0);
  return summarise(samples, wallMs);
}

export async function run(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-bench-catalogue-"));
  let pg: EmbeddedPostgresHandle | undefined;
  let s3: EmbeddedS3Handle | undefined;
  let platform: Platform | undefined;
  let server: RunningServer | undefined;
  let pool: Pool | undefined;
  try {
    const t0 = performance.now();
    pg = await startEmbeddedPostgres(path.join(root, "postgres"));
    s3 = await startEmbeddedS3(path.join(root, "objects"));
    const config = loadConfig({
      DATABASE_URL: pg.url,
      S3_ENDPOINT: `http://127.0.0.1:${s3.settings.port}`,
      S3_ACCESS_KEY: s3.settings.accessKey,
      S3_SECRET_KEY: s3.settings.secretKey,
      S3_BUCKET: s3.settings.bucket,
      SASGRAPH_SECRET: "bench-secret",
      SASGRAPH_HOME: root,
      SASGRAPH_WORKERS: "0",
      SASGRAPH_SEED_DEMO: "false",
      SASGRAPH_LOG_LEVEL: "warn",
      PORT: "0",
    });
    platform = await startPlatform(config, { jobs: false, log: () => undefined });
    const services = platform.services;
    server = await listen(services, 0, "127.0.0.1");
    const t1 = performance.now();
    const { token, viewerId, groupIds } = await seed(services);
    const t2 = performance.now();
    console.log(
      `setup ${((t1 - t0) / 1000).toFixed(1)} s; seeded ${DATASETS} datasets (${POINTS}-point curves, 2-3 each) in ${((t2 - t1) / 1000).toFixed(1)} s`,
    );

    const url = `${server.url}/graphql`;
    const body = JSON.stringify({ query: QUERY, variables: { first: PAGE }, operationName: "Page" });
    const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
    const graphql = async (): Promise<number> => {
      const res = await fetch(url, { method: "POST", headers, body });
      const json = (await res.json()) as { data?: { datasets: { edges: unknown[] } }; errors?: { message: string }[] };
      if (!res.ok || json.errors || !json.data) throw new Error(`GraphQL request failed (${res.status}): ${JSON.stringify(json.errors)}`);
      return json.data.datasets.edges.length;
    };
    pool = new Pool({ connectionString: pg.url, max: POOL });
    const baseline = () => pgPage(pool!, viewerId, groupIds);

    // Both paths return the same page.
    const before = services.queries.count;
    const gqlRows = await graphql();
    const statements = services.queries.count - before;
    const pgRows = await baseline();
    if (gqlRows !== PAGE || pgRows !== PAGE) throw new Error(`expected ${PAGE} datasets, got GraphQL ${gqlRows}, pg ${pgRows}`);
    const bytes = Buffer.byteLength(await (await fetch(url, { method: "POST", headers, body })).text());

    // Warm up both paths, then measure them in alternating rounds, so a change in machine load
    // (other processes on shared cores) falls on both sides of the ratio.
    await timeAsync(graphql, { minTimeMs: 300, warmup: 10 });
    await timeAsync(baseline, { minTimeMs: 300, warmup: 10 });
    const seq = { gql: [] as Timing[], pg: [] as Timing[] };
    const par = { gql: [] as Timing[], pg: [] as Timing[] };
    for (let round = 0; round < ROUNDS; round++) {
      seq.gql.push(await timeAsync(graphql, SEQUENTIAL));
      seq.pg.push(await timeAsync(baseline, SEQUENTIAL));
    }
    for (let round = 0; round < ROUNDS; round++) {
      par.gql.push(await concurrent(graphql, CLIENTS, CONCURRENT_MS));
      par.pg.push(await concurrent(baseline, CLIENTS, CONCURRENT_MS));
    }
    const [gqlSeq, pgSeq, gqlPar, pgPar] = [seq.gql, seq.pg, par.gql, par.pg].map(merge);

    const ratio = (v: number) => `${v.toFixed(2)}×`;
    printTable(`datasets(first: ${PAGE}) with instrument, sample, owner, curveCount, provenanceEdges, curves(first: 1) — ${DATASETS} datasets`, [
      {
        path: `GraphQL over HTTP (${statements} SQL statements, ${Math.round(bytes / 1024)} KiB JSON)`,
        "p50 (ms)": gqlSeq.p50Ms,
        "p99 (ms)": gqlSeq.p99Ms,
        "sequential (req/s)": gqlSeq.opsPerSecond,
        [`${CLIENTS} clients (req/s)`]: gqlPar.opsPerSecond,
        [`${CLIENTS} clients p50 (ms)`]: gqlPar.p50Ms,
      },
      {
        path: "baseline: node-postgres, hand-written SQL (3 statements)",
        "p50 (ms)": pgSeq.p50Ms,
        "p99 (ms)": pgSeq.p99Ms,
        "sequential (req/s)": pgSeq.opsPerSecond,
        [`${CLIENTS} clients (req/s)`]: pgPar.opsPerSecond,
        [`${CLIENTS} clients p50 (ms)`]: pgPar.p50Ms,
      },
      {
        path: "ratio (latency GraphQL/pg; throughput pg/GraphQL)",
        "p50 (ms)": ratio(gqlSeq.p50Ms / pgSeq.p50Ms),
        "p99 (ms)": ratio(gqlSeq.p99Ms / pgSeq.p99Ms),
        "sequential (req/s)": ratio(pgSeq.opsPerSecond / gqlSeq.opsPerSecond),
        [`${CLIENTS} clients (req/s)`]: ratio(pgPar.opsPerSecond / gqlPar.opsPerSecond),
        [`${CLIENTS} clients p50 (ms)`]: ratio(gqlPar.p50Ms / pgPar.p50Ms),
      },
    ]);
    console.log(`\nOne process: client, server and pg driver share ${os.cpus().length} CPU(s); pools of ${POOL} connections on both paths.`);
  } finally {
    await pool?.end().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await platform?.close().catch(() => undefined);
    await s3?.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  }
}
