/**
 * Nested fields of a dataset page are batched through the request's DataLoaders: a page of 100
 * datasets costs the same number of SQL statements as a page of 5 (no per-row queries).
 */
import { Instrument, Sample } from "../../src/entities";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let alice: string;
const hidden = new Set<string>();
/** Datasets whose generating activity made a dataset alice may not see: that run is hidden from her. */
const hiddenRun = new Set<string>();

const PAGE = `query($first: Int!) {
  datasets(first: $first) {
    edges { node {
      id title curveCount
      instrument { id name }
      sample { id name }
      owner { id name }
      ownerGroup { id name }
      files { id filename role }
      curves(first: 2) { edges { node { index q intensity } } }
      provenanceEdges { relation subjectType subjectId objectType objectId }
      generatedBy { softwareName }
    } }
  }
}`;

interface PageNode {
  id: string;
  curveCount: number;
  instrument: { name: string } | null;
  sample: { name: string } | null;
  owner: { name: string };
  ownerGroup: { name: string } | null;
  files: { id: string }[];
  curves: { edges: { node: { index: number; q: number[]; intensity: number[] } }[] };
  provenanceEdges: { relation: string; subjectType: string; subjectId: string; objectType: string; objectId: string }[];
  generatedBy: { softwareName: string } | null;
}

beforeAll(async () => {
  t = await startTestPlatform();
  const { services } = t;
  const db = services.db;
  alice = await t.token("alice", ["lab"]);
  await t.token("bob", ["other"]);
  const [aliceId] = (await db.query(`SELECT id FROM users WHERE name = 'alice'`)).map((r: { id: string }) => r.id);
  const [bobId] = (await db.query(`SELECT id FROM users WHERE name = 'bob'`)).map((r: { id: string }) => r.id);
  const [labId] = (await db.query(`SELECT id FROM groups WHERE name = 'lab'`)).map((r: { id: string }) => r.id);

  const instruments = await db
    .getRepository(Instrument)
    .save(["KWS-1", "KWS-2", "Xeuss", "CHX"].map((name, i) => ({ name, facility: "F", technique: (["SANS", "SANS", "SAXS", "XPCS"] as const)[i] })));
  const samples = await db.getRepository(Sample).save(["silica", "latex", "micelles"].map((name) => ({ name, ownerId: aliceId })));

  // 120 datasets in one statement: 1 in 4 has an owner group, 1 in 10 belongs to bob (every other one
  // of those published, the rest hidden from alice); created_at spaced so the order is fixed.
  const rows: { id: string; owner_id: string; published: boolean }[] = await db.query(
    `INSERT INTO datasets (kind, technique, title, owner_id, owner_group_id, published, instrument_id, sample_id, created_at)
     SELECT 'MEASURED', 'SANS', 'dataset ' || i,
            CASE WHEN i % 10 = 0 THEN $2::uuid ELSE $1::uuid END,
            CASE WHEN i % 4 = 0 AND i % 10 <> 0 THEN $3::uuid END,
            (i % 20 = 0),
            ($4::uuid[])[1 + i % cardinality($4::uuid[])],
            CASE WHEN i % 7 <> 0 THEN ($5::uuid[])[1 + i % cardinality($5::uuid[])] END,
            now() - make_interval(secs => i)
       FROM generate_series(1, 120) AS i
     RETURNING id, owner_id, published`,
    [aliceId, bobId, labId, instruments.map((x) => x.id), samples.map((x) => x.id)],
  );
  for (const r of rows) if (r.owner_id === bobId && !r.published) hidden.add(r.id);
  const ids = rows.map((r) => r.id);

  // 2 or 3 small curves each, counts kept in step.
  await db.query(
    `WITH d AS (SELECT id, 2 + (row_number() OVER (ORDER BY id)) % 2 AS n FROM datasets WHERE id = ANY($1::uuid[]))
     INSERT INTO curves (dataset_id, index, q, intensity, q_unit, intensity_unit, points)
     SELECT d.id, k, ARRAY[0.01, 0.02, 0.03 + k], ARRAY[10.0 + k, 5, 1], 'INV_ANGSTROM', 'INV_CM', 3
       FROM d, generate_series(0, d.n - 1) AS k`,
    [ids],
  );
  await db.query(
    `UPDATE datasets d SET curve_count = (SELECT count(*) FROM curves c WHERE c.dataset_id = d.id), byte_size = 48 * (SELECT count(*) FROM curves c WHERE c.dataset_id = d.id)`,
  );
  // A file record on every third dataset.
  await db.query(
    `INSERT INTO data_files (dataset_id, bucket, key, size, sha256, format, role, filename)
     SELECT id, 'sasgraph', 'raw/' || id, 100, 'x', 'ascii', 'RAW', 'raw.dat' FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n) WHERE n % 3 = 0`,
    [ids],
  );

  // Provenance through the service: one activity per 6 datasets, which generated them and used the
  // sample; each dataset derived from the previous one (some of which alice may not see).
  await db.transaction(async (tx) => {
    for (let i = 0; i < ids.length; i += 6) {
      const generated = ids.slice(i, i + 6);
      if (generated.some((id) => hidden.has(id))) for (const id of generated) hiddenRun.add(id);
      const activity = await services.provenance.createActivity(tx, { kind: "SIMULATION", ownerId: aliceId, label: `run ${i / 6}` });
      await services.provenance.recordRun(tx, activity, {
        generated,
        used: [{ type: "SAMPLE", id: samples[0].id }],
        derivedFrom: generated.filter((_, k) => i + k > 0).map((g) => ({ generated: g, used: ids[ids.indexOf(g) - 1] })),
      });
    }
  });
});

afterAll(async () => {
  await t?.close();
});

async function statementsFor(first: number): Promise<{ count: number; nodes: PageNode[]; statements: string[] }> {
  const before = t.services.queries.count;
  const res = await t.gql<{ datasets: { edges: { node: PageNode }[] } }>(PAGE, { first }, alice);
  const all = t.services.queries.count - before;
  expect(res.errors).toBeUndefined();
  // The token lookup is cached for a few seconds (token-cache.ts): it is not part of the page's cost.
  const statements = t.services.queries.recent.slice(-all).filter((s) => !s.includes("api_tokens"));
  return { count: statements.length, nodes: res.data!.datasets.edges.map((e) => e.node), statements };
}

test("a page of 100 datasets with nested fields costs as many SQL statements as a page of 5", async () => {
  const small = await statementsFor(5);
  const large = await statementsFor(100);
  const again = await statementsFor(100);
  console.log(`SQL statements per request: first 5 -> ${small.count}, first 100 -> ${large.count} (repeat ${again.count})`);
  if (large.count !== small.count || process.env.SHOW_SQL) console.log(large.statements.map((s) => s.replace(/\s+/g, " ").slice(0, 200)).join("\n"));

  expect(small.nodes).toHaveLength(5);
  expect(large.nodes).toHaveLength(100);
  expect(large.count).toBe(small.count);
  expect(again.count).toBe(large.count);
  expect(large.count).toBeLessThanOrEqual(15);

  // The nested data is really there, and hidden datasets stay hidden even at the end of an edge.
  for (const n of large.nodes) {
    expect(hidden.has(n.id)).toBe(false);
    expect(n.owner.name).toMatch(/^(alice|bob)$/);
    expect(n.instrument).not.toBeNull();
    expect(n.curves.edges.map((e) => e.node.index)).toEqual([0, 1]);
    expect(n.curves.edges[0].node.q).toHaveLength(3);
    // An activity is visible only when every entity it used or generated is (provenance-nodes.ts).
    if (hiddenRun.has(n.id)) expect(n.generatedBy).toBeNull();
    else expect(n.generatedBy?.softwareName).toBeTruthy();
    for (const e of n.provenanceEdges) {
      if (e.subjectType === "DATASET") expect(hidden.has(e.subjectId)).toBe(false);
      if (e.objectType === "DATASET") expect(hidden.has(e.objectId)).toBe(false);
    }
  }
  expect(large.nodes.some((n) => n.generatedBy === null) && large.nodes.some((n) => n.generatedBy !== null)).toBe(true);
  expect(large.nodes.some((n) => n.ownerGroup?.name === "lab")).toBe(true);
  expect(large.nodes.some((n) => n.sample === null)).toBe(true);
  expect(large.nodes.some((n) => n.files.length === 1)).toBe(true);
  expect(large.nodes.some((n) => n.curveCount === 3)).toBe(true);
  expect(large.nodes.some((n) => n.provenanceEdges.some((e) => e.relation === "wasDerivedFrom"))).toBe(true);
});
