/**
 * Catalogue read path: a page of 100 datasets with nested instrument, sample, owner, curve count,
 * provenance edges and first curve, through GraphQL over HTTP (Apollo + type-graphql + DataLoaders +
 * TypeORM) on an embedded PostgreSQL and object store, against a hand-written node-postgres baseline
 * in the same process that reads the same rows and columns, applies the same provenance visibility in
 * SQL and serialises the same answer to JSON (checked equal before timing). Latency: sequential
 * requests; throughput and p50 at 8, 16 and 64 concurrent clients.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { performance } from "node:perf_hooks";
import { Pool } from "pg";
import { loadConfig } from "../src/platform/config";
import { startPlatform, type Platform } from "../src/platform/platform";
import { listen, type RunningServer } from "../src/server/app";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../src/platform/embedded-postgres";
import { startEmbeddedS3, type EmbeddedS3Handle } from "../src/storage/embedded-s3";
import type { Services } from "../src/services/container";
import { fastTypes } from "../src/db/float-arrays";
import { printTable, summarise, timeAsync, type Timing } from "./harness";

const DATASETS = 1000;
const USERS = 20;
const POINTS = 64;
const PAGE = 100;
/** Concurrent clients of the throughput runs. */
const CLIENTS = [8, 16, 64];
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

/**
 * Edges touching the page whose both ends the viewer may see: the rule of
 * src/services/provenance-nodes.ts, for the node types the seed's edges have, written as SQL. An
 * activity is visible when every entity it used or generated is (one that touched none: to its
 * owner); a user when it is the viewer or owns a dataset the viewer sees.
 */
export const PG_EDGES = `
  WITH e AS (
    SELECT id, relation, subject_type, subject_id, object_type, object_id, created_at FROM prov_edges
     WHERE subject_id = ANY($3::uuid[]) OR object_id = ANY($3::uuid[])),
  ends AS (SELECT subject_type AS type, subject_id AS id FROM e UNION SELECT object_type, object_id FROM e),
  acts AS (SELECT id FROM ends WHERE type = 'ACTIVITY'),
  entities AS (
    SELECT k.subject_id AS act, k.object_type AS type, k.object_id AS id FROM prov_edges k
     WHERE k.relation = 'used' AND k.subject_id IN (SELECT id FROM acts)
    UNION ALL
    SELECT k.object_id, k.subject_type, k.subject_id FROM prov_edges k
     WHERE k.relation = 'wasGeneratedBy' AND k.object_id IN (SELECT id FROM acts)),
  judged AS (SELECT type, id FROM ends WHERE type NOT IN ('ACTIVITY', 'USER') UNION SELECT type, id FROM entities),
  entities_visible AS (
    SELECT j.type, j.id FROM judged j
     WHERE CASE j.type
             WHEN 'DATASET' THEN EXISTS (SELECT 1 FROM datasets x WHERE x.id = j.id AND ${VISIBLE("x")})
             WHEN 'SAMPLE' THEN EXISTS (SELECT 1 FROM samples s WHERE s.id = j.id AND (s.owner_id IS NULL OR s.owner_id = $1
                                  OR EXISTS (SELECT 1 FROM datasets sd WHERE sd.sample_id = s.id AND ${VISIBLE("sd")})))
             WHEN 'INSTRUMENT' THEN true
             ELSE false END),
  visible AS (
    SELECT type, id FROM entities_visible
    UNION ALL
    SELECT 'ACTIVITY', a.id FROM activities a
     WHERE a.id IN (SELECT id FROM acts)
       AND CASE WHEN EXISTS (SELECT 1 FROM entities n WHERE n.act = a.id)
                THEN NOT EXISTS (SELECT 1 FROM entities n WHERE n.act = a.id
                                    AND NOT EXISTS (SELECT 1 FROM entities_visible v WHERE v.type = n.type AND v.id = n.id))
                ELSE a.owner_id = $1 END
    UNION ALL
    SELECT 'USER', u.id FROM ends u
     WHERE u.type = 'USER' AND (u.id = $1 OR EXISTS (SELECT 1 FROM datasets x WHERE x.owner_id = u.id AND ${VISIBLE("x")})))
  SELECT e.id, e.relation, e.subject_type, e.subject_id, e.object_type, e.object_id FROM e
   WHERE EXISTS (SELECT 1 FROM visible v WHERE v.type = e.subject_type AND v.id = e.subject_id)
     AND EXISTS (SELECT 1 FROM visible v WHERE v.type = e.object_type AND v.id = e.object_id)
   ORDER BY e.created_at`;

interface PgPageRow {
  id: string;
  title: string;
  kind: string;
  technique: string;
  curve_count: number;
  created_at: Date;
  instrument_id: string | null;
  instrument_name: string | null;
  instrument_facility: string | null;
  sample_id: string | null;
  sample_name: string | null;
  owner_id: string;
  owner_name: string;
}
interface PgCurveRow {
  dataset_id: string;
  index: number;
  q: number[];
  intensity: number[];
}
interface PgEdgeRow {
  id: string;
  relation: string;
  subject_type: string;
  subject_id: string;
  object_type: string;
  object_id: string;
}

const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString("base64url");

/**
 * The baseline: the same page read with node-postgres and hand-written SQL (3 statements), built
 * into the JSON answer the GraphQL page gives (same fields, same order) and serialised.
 */
export async function pgPage(pool: Pool, viewerId: string, groupIds: string[]): Promise<string> {
  const page = await pool.query<PgPageRow>(PG_PAGE, [viewerId, groupIds, PAGE + 1]);
  const rows = page.rows.slice(0, PAGE);
  const ids = rows.map((r) => r.id);
  const [curves, edges] = await Promise.all([pool.query<PgCurveRow>(PG_CURVES, [ids]), pool.query<PgEdgeRow>(PG_EDGES, [viewerId, groupIds, ids])]);
  type Node = { curves: { edges: { node: { index: number; q: number[]; intensity: number[] } }[] }; provenanceEdges: unknown[] };
  const byDataset = new Map<string, Node>(ids.map((id) => [id, { curves: { edges: [] }, provenanceEdges: [] }]));
  for (const c of curves.rows) byDataset.get(c.dataset_id)?.curves.edges.push({ node: { index: c.index, q: c.q, intensity: c.intensity } });
  for (const e of edges.rows) {
    const edge = { id: e.id, relation: e.relation, subjectType: e.subject_type, subjectId: e.subject_id, objectType: e.object_type, objectId: e.object_id };
    byDataset.get(e.subject_id)?.provenanceEdges.push(edge);
    if (e.object_id !== e.subject_id) byDataset.get(e.object_id)?.provenanceEdges.push(edge);
  }
  const last = rows[rows.length - 1];
  return JSON.stringify({
    data: {
      datasets: {
        edges: rows.map((r) => {
          const nested = byDataset.get(r.id)!;
          return {
            node: {
              id: r.id,
              title: r.title,
              kind: r.kind,
              technique: r.technique,
              curveCount: r.curve_count,
              createdAt: r.created_at.toISOString(),
              instrument: r.instrument_id ? { id: r.instrument_id, name: r.instrument_name, facility: r.instrument_facility } : null,
              sample: r.sample_id ? { id: r.sample_id, name: r.sample_name } : null,
              owner: { id: r.owner_id, name: r.owner_name },
              provenanceEdges: nested.provenanceEdges,
              curves: nested.curves,
            },
          };
        }),
        pageInfo: { hasNextPage: page.rows.length > PAGE, endCursor: last ? cursor([last.created_at.toISOString(), last.id]) : null },
      },
    },
  });
}

/** An answer with each dataset's provenance edges in id order (edges made in one transaction tie on created_at). */
function normalised(json: string): unknown {
  const answer = JSON.parse(json) as { data: { datasets: { edges: { node: { provenanceEdges: { id: string }[] } }[] } } };
  for (const e of answer.data.datasets.edges) e.node.provenanceEdges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return answer;
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
  let fastPool: Pool | undefined;
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
    const post = async (): Promise<string> => {
      const res = await fetch(url, { method: "POST", headers, body });
      const text = await res.text();
      if (!res.ok) throw new Error(`GraphQL request failed (${res.status}): ${text.slice(0, 500)}`);
      return text;
    };
    // The client reads the answer as any would: parsed.
    const graphql = async (): Promise<number> => {
      const res = await fetch(url, { method: "POST", headers, body });
      const json = (await res.json()) as { data?: { datasets: { edges: unknown[] } }; errors?: { message: string }[] };
      if (!res.ok || json.errors || !json.data) throw new Error(`GraphQL request failed (${res.status}): ${JSON.stringify(json.errors)}`);
      return json.data.datasets.edges.length;
    };
    pool = new Pool({ connectionString: pg.url, max: POOL });
    // The same baseline on node-postgres with the platform's float8[] parser (src/db/float-arrays.ts).
    fastPool = new Pool({ connectionString: pg.url, max: POOL, types: fastTypes });
    const baseline = () => pgPage(pool!, viewerId, groupIds);
    const fastBaseline = () => pgPage(fastPool!, viewerId, groupIds);

    // Both paths give the same answer: same datasets, nested records, curve values and visible edges.
    const before = services.queries.count;
    const gqlText = await post();
    const statements = services.queries.count - before;
    for (const peer of [baseline, fastBaseline]) {
      const pgText = await peer();
      if (!isDeepStrictEqual(normalised(gqlText), normalised(pgText))) {
        throw new Error(`the baseline's answer differs from GraphQL's:\n${gqlText.slice(0, 2000)}\n---\n${pgText.slice(0, 2000)}`);
      }
    }
    const rows = (JSON.parse(gqlText) as { data: { datasets: { edges: unknown[] } } }).data.datasets.edges.length;
    if (rows !== PAGE) throw new Error(`expected ${PAGE} datasets, got ${rows}`);
    const bytes = Buffer.byteLength(gqlText);

    // Warm up every path, then measure them in alternating rounds, so a change in machine load
    // (other processes on shared cores) falls on all sides of the ratios.
    const paths = [graphql, baseline, fastBaseline];
    for (const op of paths) await timeAsync(op, { minTimeMs: 300, warmup: 10 });
    const loadBefore = os.loadavg();
    const seq = paths.map((): Timing[] => []);
    const par = paths.map(() => CLIENTS.map((): Timing[] => []));
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < paths.length; k++) seq[k].push(await timeAsync(paths[k], SEQUENTIAL));
      for (let c = 0; c < CLIENTS.length; c++) {
        for (let k = 0; k < paths.length; k++) par[k][c].push(await concurrent(paths[k], CLIENTS[c], CONCURRENT_MS));
      }
    }
    const loadAfter = os.loadavg();
    const [gql, plain, fast] = paths.map((_, k) => ({ seq: merge(seq[k]), par: par[k].map(merge) }));

    const ratio = (v: number) => `${v.toFixed(2)}×`;
    type Measured = typeof gql;
    const row = (path: string, m: Measured) => ({
      path,
      "p50 (ms)": m.seq.p50Ms,
      "p99 (ms)": m.seq.p99Ms,
      "sequential (req/s)": m.seq.opsPerSecond,
      ...Object.fromEntries(
        CLIENTS.flatMap((c, k) => [
          [`${c} clients (req/s)`, m.par[k].opsPerSecond],
          [`${c} clients p50 (ms)`, m.par[k].p50Ms],
        ]),
      ),
    });
    const ratios = (path: string, peer: Measured) => ({
      path,
      "p50 (ms)": ratio(gql.seq.p50Ms / peer.seq.p50Ms),
      "p99 (ms)": ratio(gql.seq.p99Ms / peer.seq.p99Ms),
      "sequential (req/s)": ratio(peer.seq.opsPerSecond / gql.seq.opsPerSecond),
      ...Object.fromEntries(
        CLIENTS.flatMap((c, k) => [
          [`${c} clients (req/s)`, ratio(peer.par[k].opsPerSecond / gql.par[k].opsPerSecond)],
          [`${c} clients p50 (ms)`, ratio(gql.par[k].p50Ms / peer.par[k].p50Ms)],
        ]),
      ),
    });
    printTable(`datasets(first: ${PAGE}) with instrument, sample, owner, curveCount, provenanceEdges, curves(first: 1) — ${DATASETS} datasets`, [
      row(`GraphQL over HTTP (${statements} SQL statements, ${Math.round(bytes / 1024)} KiB JSON)`, gql),
      row("baseline: plain node-postgres, hand-written SQL (3 statements), same answer as JSON", plain),
      row("baseline with the platform's float8[] parser", fast),
      ratios("ratio to plain node-postgres (latency GraphQL/pg; throughput pg/GraphQL)", plain),
      ratios("ratio to node-postgres with the float8[] parser", fast),
    ]);
    const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(", ");
    console.log(`\nOne process: client, server and pg driver share ${os.cpus().length} CPU(s); pools of ${POOL} connections on both paths.`);
    console.log(`Load average (1, 5, 15 min): ${load(loadBefore)} before the measured rounds, ${load(loadAfter)} after.`);
  } finally {
    await pool?.end().catch(() => undefined);
    await fastPool?.end().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await platform?.close().catch(() => undefined);
    await s3?.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  }
}
