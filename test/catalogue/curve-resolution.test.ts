/**
 * A curve carries pinhole (dQ) or slit (dQl, dQw) resolution, says which, and keeps the extra
 * per-point columns of its file; values come back exactly as stored, and bad shapes are refused
 * naming the field, with nothing written.
 */
import { curveRecordOf } from "../../src/services/curve-service";
import { Curve } from "../../src/entities";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;
beforeAll(async () => {
  t = await startTestPlatform();
  token = await t.token("slits");
});
afterAll(async () => {
  await t?.close();
});

async function newDataset(title: string): Promise<string> {
  const r = await t.gql<{ createDataset: { id: string } }>(
    `mutation($t: String!) { createDataset(input: {kind: MEASURED, technique: SANS, title: $t}) { id } }`,
    { t: title },
    token,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.createDataset.id;
}

const ADD = `mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`;
const READ = `query($id: ID!) { curves(datasetId: $id) { edges { node { resolution dQ dQl dQw dQlNm: dQl(unit: INV_NM) columns { name unit values } } } } }`;

// Values that do not survive a decimal round trip carelessly (0.1 + 0.2, 1/3) must come back bit-exact.
const q = [0.1 + 0.2, 1 / 3, 0.7];
const I = [10, 5, 2];

test("a slit-smeared curve comes back SLIT with its slit length, width and columns, bit-exact", async () => {
  const id = await newDataset("usans");
  const slit = {
    q,
    intensity: I,
    dQl: [0.117, 0.117, 0.117],
    dQw: [1e-5, 2e-5, 1 / 7],
    columns: [
      { name: "Qmean", unit: "1/A", values: [0.3, 1 / 3 + 1e-12, 0.7] },
      { name: "Shadowfactor", values: [1, 0.99, 0.5] },
    ],
  };
  const r = await t.gql(ADD, { id, c: [slit, { q, intensity: I, dQ: [0.01, 0.02, 0.03] }, { q, intensity: I }] }, token);
  expect(r.errors).toBeUndefined();
  const read = await t.gql<{ curves: { edges: { node: Record<string, unknown> }[] } }>(READ, { id }, token);
  expect(read.errors).toBeUndefined();
  const [a, b, c] = read.data!.curves.edges.map((e) => e.node);
  expect(a).toMatchObject({ resolution: "SLIT", dQ: null, dQl: slit.dQl, dQw: slit.dQw });
  // 1/Å -> 1/nm is x10.
  expect(a.dQlNm).toEqual(slit.dQl.map((v) => v * 10));
  expect(a.columns).toEqual([
    { name: "Qmean", unit: "1/A", values: slit.columns[0].values },
    { name: "Shadowfactor", unit: "", values: slit.columns[1].values },
  ]);
  expect(b).toMatchObject({ resolution: "PINHOLE", dQ: [0.01, 0.02, 0.03], dQl: null, dQw: null, columns: [] });
  expect(c).toMatchObject({ resolution: "NONE", dQ: null, dQl: null, columns: [] });

  // What exports are written from: the same arrays, typed.
  const stored = await t.services.db.getRepository(Curve).find({ where: { datasetId: id }, order: { index: "ASC" } });
  const record = curveRecordOf(stored[0]);
  expect(Array.from(record.dQw!)).toEqual(slit.dQw);
  expect(Array.from(record.columns!.Qmean.values)).toEqual(slit.columns[0].values);
  expect(record.dQ).toBeNull();
});

test.each([
  ["pinhole and slit together", { q, intensity: I, dQ: [1, 1, 1], dQl: [1, 1, 1] }, "curves[0].dQ"],
  ["a slit length of the wrong length", { q, intensity: I, dQl: [1, 1] }, "curves[0].dQl"],
  ["a negative slit width", { q, intensity: I, dQw: [1, -1, 1] }, "curves[0].dQw"],
  ["a column of the wrong length", { q, intensity: I, columns: [{ name: "Qmean", values: [1] }] }, "curves[0].columns.Qmean"],
  [
    "a column given twice",
    {
      q,
      intensity: I,
      columns: [
        { name: "a", values: [1, 2, 3] },
        { name: "a", values: [1, 2, 3] },
      ],
    },
    "curves[0].columns",
  ],
])("refused, nothing written: %s", async (_what, curve, field) => {
  const id = await newDataset("bad");
  const r = await t.gql(ADD, { id, c: [curve, { q, intensity: I }] }, token);
  expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  const [{ n }] = (await t.services.db.query(`SELECT count(*)::int AS n FROM curves WHERE dataset_id = $1`, [id])) as { n: number }[];
  expect(n).toBe(0);
});
