/**
 * A nested curve page (dataset.curves) reads only the columns its selection needs: a page of titles
 * never loads the arrays, and whatever is asked for, through fragments and aliases, is what the
 * top-level `curves` query (full rows, another path) answers for the same curves.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;
let datasetId: string;

const FIELDS = `id index title qUnit intensityUnit points parameters q intensity dI dQ dQl dQw resolution columns { name unit values }`;

beforeAll(async () => {
  t = await startTestPlatform();
  token = await t.token("alice", ["lab"]);
  const made = await t.gql<{ createDataset: { id: string } }>(
    `mutation { createDataset(input: {kind: MEASURED, technique: SANS, title: "projection"}) { id } }`,
    {},
    token,
  );
  expect(made.errors).toBeUndefined();
  datasetId = made.data!.createDataset.id;
  const q = [0.01, 0.02, 0.04, 0.08];
  const curves = [
    { title: "pinhole", q, intensity: [9, 5, 2, 1], dI: [0.3, 0.2, 0.1, 0.05], dQ: [0.001, 0.001, 0.002, 0.004], parameters: { radius: 20 } },
    {
      title: "slit",
      q,
      intensity: [8, 4, 2, 1],
      dQl: [0.1, 0.1, 0.1, 0.1],
      dQw: [0.002, 0.002, 0.002, 0.002],
      columns: [{ name: "Qmean", unit: "1/A", values: q }],
    },
    { q, intensity: [7, 3, 1, 0.5] },
  ];
  const added = await t.gql(
    `mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`,
    { id: datasetId, c: curves },
    token,
  );
  expect(added.errors).toBeUndefined();
}, 120_000);

afterAll(() => t?.close());

type Node = Record<string, unknown>;

/** The curves of our dataset through datasets { curves }, with the statements that read them. */
async function nested(selection: string, fragments = ""): Promise<{ nodes: Node[]; curveReads: string[] }> {
  const before = t.services.queries.count;
  const r = await t.gql<{ datasets: { edges: { node: { id: string; curves: { edges: { node: Node }[] } } }[] } }>(
    `query { datasets(first: 20) { edges { node { id curves(first: 10) { edges { node { ${selection} } } } } } } } ${fragments}`,
    {},
    token,
  );
  expect(r.errors).toBeUndefined();
  const statements = t.services.queries.recent.slice(-(t.services.queries.count - before));
  const ours = r.data!.datasets.edges.find((e) => e.node.id === datasetId)!;
  return { nodes: ours.node.curves.edges.map((e) => e.node), curveReads: statements.filter((s) => /LEFT JOIN curves c/.test(s)) };
}

test("a page of curve titles reads no arrays", async () => {
  const { nodes, curveReads } = await nested("index title");
  expect(nodes.map((n) => n.title)).toEqual(["pinhole", "slit", null]);
  expect(curveReads).toHaveLength(1);
  for (const column of ["q", "intensity", "d_intensity", "d_q", "d_q_slit_length", "extra_column_values", "parameters"]) {
    expect(curveReads[0]).not.toMatch(new RegExp(`c\\.${column} AS`));
  }
});

test("q alone reads q and no other array", async () => {
  const { nodes, curveReads } = await nested("q");
  expect(nodes[0].q).toEqual([0.01, 0.02, 0.04, 0.08]);
  expect(curveReads[0]).toMatch(/c\.q AS/);
  expect(curveReads[0]).not.toMatch(/c\.intensity AS|c\.d_q AS|c\.extra_column_values AS/);
});

test("every field, through a fragment, an inline fragment and aliases, answers as the top-level query does", async () => {
  const top = await t.gql<{ curves: { edges: { node: Node }[] } }>(
    `query($id: ID!) { curves(datasetId: $id, first: 10) { edges { node { ${FIELDS} } } } }`,
    { id: datasetId },
    token,
  );
  expect(top.errors).toBeUndefined();
  const expected = top.data!.curves.edges.map((e) => e.node);
  expect(expected).toHaveLength(3);

  const { nodes } = await nested(
    "...F",
    `fragment F on Curve { id index title qUnit intensityUnit points ... on Curve { parameters q intensity dI } dQ dQl dQw resolution columns { name unit values } }`,
  );
  expect(nodes).toEqual(expected);

  const aliased = await nested("a: q b: dI c: resolution d: columns { values } index");
  expect(aliased.nodes.map((n) => [n.a, n.b, n.c, n.d, n.index])).toEqual(
    expected.map((n) => [n.q, n.dI, n.resolution, (n.columns as Node[]).map((c) => ({ values: c.values })), n.index]),
  );
  expect(expected.map((n) => n.resolution)).toEqual(["PINHOLE", "SLIT", "NONE"]);
});
