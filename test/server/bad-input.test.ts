/**
 * The caller's mistakes come back as the caller's: BAD_USER_INPUT (GRAPHQL_VALIDATION_FAILED for a
 * literal of the wrong type, NOT_FOUND for an id that names nothing, PAYLOAD_TOO_LARGE over the body
 * limit) with the field named, never INTERNAL_SERVER_ERROR. One test per class of mistake of issue 12
 * item 9; test/server/fuzz.test.ts sends random ones to every field.
 */
import * as fs from "node:fs";
import { startTestPlatform, type GqlResponse, type TestPlatform } from "../support/platform";
import { MAX_JSON_DEPTH } from "../../src/schema/json-object";
import { MAX_VARIABLE_VALUES } from "../../src/server/variable-bounds";

let t: TestPlatform;
let token: string;
let datasetId: string;

beforeAll(async () => {
  t = await startTestPlatform();
  token = await t.token("mistaken");
  const r = await t.gql<{ createDataset: { id: string } }>(
    `mutation { createDataset(input: {kind: MEASURED, technique: SAXS, title: "mistakes"}) { id } }`,
    {},
    token,
  );
  datasetId = r.data!.createDataset.id;
  await t.gql(
    `mutation($d: ID!) { addCurves(datasetId: $d, curves: [{q: [0.01, 0.02], intensity: [2, 1]}, {q: [0.01, 0.02], intensity: [3, 1]}]) { id } }`,
    { d: datasetId },
    token,
  );
  await t.gql(`mutation($d: ID!) { publishDataset(id: $d) { id } }`, { d: datasetId }, token);
});
afterAll(async () => {
  await t?.close();
});

/** A body sent as written: JSON.stringify cannot write 1e309 or nest 5000 deep on jest's stack. */
async function raw(query: string, variablesJson: string, auth?: string): Promise<GqlResponse<unknown>> {
  const res = await fetch(`${t.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: `{"query":${JSON.stringify(query)},"variables":${variablesJson}}`,
  });
  return { ...((await res.json()) as GqlResponse<unknown>), status: res.status };
}

/** The one error of `r`: its code, and that the message or the field names `field`. */
function expectMistake(r: GqlResponse<unknown>, code: string, field: string | RegExp): void {
  expect(r.errors).toHaveLength(1);
  const [e] = r.errors!;
  expect(e.extensions?.code).toBe(code);
  const named = `${e.extensions?.field ?? ""} ${e.message}`;
  if (typeof field === "string") expect(named).toContain(field);
  else expect(named).toMatch(field);
}

const COMPUTE = `query($i: ComputeIntensityInput!) { computeIntensity(input: $i) { intensity } }`;
const ADD = `mutation($d: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $d, curves: $c) { id } }`;
const IMPORT = `mutation($d: ID!, $f: ImportFormat!, $c: String!, $n: String) { importCurves(datasetId: $d, format: $f, content: $c, filename: $n) { curvesAdded } }`;

describe("variables of the wrong shape or value", () => {
  test("a list where QGridInput is expected", async () => {
    const r = await t.gql(COMPUTE, { i: { model: "sphere", q: [0.1, 0.2] } });
    expect(r.status).toBe(400);
    expectMistake(r, "BAD_USER_INPUT", '"i.q"');
  });

  test("an invalid enum value in variables", async () => {
    const r = await t.gql(COMPUTE, { i: { model: "sphere", q: { values: [0.1], unit: "PER_ANGSTROM" } } });
    expectMistake(r, "BAD_USER_INPUT", /PER_ANGSTROM.*QUnit|i\.q\.unit/);
  });

  test("NaN and Infinity where numbers are expected: as strings, as 1e309 in the JSON body, as a literal", async () => {
    expectMistake(await t.gql(COMPUTE, { i: { model: "sphere", q: { values: [0.1, "NaN"] } } }), "BAD_USER_INPUT", "i.q.values[1]");
    // JSON.parse reads 1e309 as Infinity: it reaches Float's coercion, which refuses it.
    expectMistake(await raw(COMPUTE, `{"i":{"model":"sphere","q":{"values":[0.1,1e309]}}}`), "BAD_USER_INPUT", "i.q.values[1]");
    expectMistake(await raw(ADD, `{"d":"${datasetId}","c":[{"q":[0.1],"intensity":[-1e309]}]}`, token), "BAD_USER_INPUT", "c[0].intensity[0]");
    const literal = await t.gql(`{ computeIntensity(input: {model: "sphere", q: {values: [NaN]}}) { intensity } }`);
    expect(literal.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  test("more than 50 bad values: graphql-js's own 'too many errors' is BAD_USER_INPUT too", async () => {
    // A document priced before is not coerced again for its cost (query-cost-cache.ts): execution's
    // coercion then reports every bad value, up to graphql-js's limit.
    await t.gql(ADD, { d: datasetId, c: [{ q: [0.1], intensity: [1] }] }, token);
    const r = await t.gql(ADD, { d: datasetId, c: [{ q: Array.from({ length: 80 }, () => "x"), intensity: [1] }] }, token);
    expect(r.status).toBe(400);
    expect(r.errors!.some((e) => /Too many errors/.test(e.message))).toBe(true);
    expect(r.errors!.length).toBeGreaterThan(50);
    expect(r.errors!.every((e) => e.extensions?.code === "BAD_USER_INPUT")).toBe(true);
  });
});

describe("computeIntensity parameters", () => {
  test.each([
    ["radius 0 (no volume)", { radius: 0 }, "parameters.radius"],
    ["radius 1e300 (out of double precision)", { radius: 1e300 }, "parameters.radius"],
    ["a negative radius (below its limit)", { radius: -5 }, "parameters.radius"],
    ["an unknown parameter", { radiuss: 5 }, "parameters.radiuss"],
  ])("%s is BAD_USER_INPUT naming the parameter", async (_what, parameters, field) => {
    const r = await t.gql(COMPUTE, { i: { model: "sphere", parameters, q: { values: [0.01, 0.1] } } });
    expectMistake(r, "BAD_USER_INPUT", field);
    expect(r.errors![0].extensions?.field).toBe(field);
  });

  test("a product model with a zero-volume form factor names the parameter too", async () => {
    const r = await t.gql(COMPUTE, { i: { model: "sphere@hardsphere", parameters: { radius: 0 }, q: { values: [0.01, 0.1] } } });
    expectMistake(r, "BAD_USER_INPUT", "radius");
  });

  test("a huge dq is refused before the smearing grid is built; a negative one too", async () => {
    const huge = await t.gql(COMPUTE, { i: { model: "sphere", q: { values: [0.01, 0.02] }, dq: [1e300, 1e300] } });
    expectMistake(huge, "BAD_USER_INPUT", "dq");
    expect(huge.errors![0].message).toMatch(/limit of 100000/);
    // Wide but finite: a million extra points at this spacing, still refused.
    const wide = await t.gql(COMPUTE, { i: { model: "sphere", q: { values: [0.01, 0.010001] }, dq: [1, 1] } });
    expectMistake(wide, "BAD_USER_INPUT", "dq");
    expectMistake(await t.gql(COMPUTE, { i: { model: "sphere", q: { values: [0.01, 0.02] }, dq: [-1, 0] } }), "BAD_USER_INPUT", "dq");
    // A sensible dq still computes.
    const ok = await t.gql<{ computeIntensity: { intensity: number[] } }>(COMPUTE, { i: { model: "sphere", q: { values: [0.01, 0.02] }, dq: [0.001, 0.002] } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.computeIntensity.intensity.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });

  test("`parameters` nested 5000 deep, in variables and as a literal, is refused at the scalar", async () => {
    const deep = '{"a":'.repeat(5000) + "1" + "}".repeat(5000);
    const r = await raw(COMPUTE, `{"i":{"model":"sphere","parameters":{"radius":${deep}},"q":{"values":[0.1]}}}`);
    expectMistake(r, "BAD_USER_INPUT", "i.parameters");
    expect(r.errors![0].message).toContain(`${MAX_JSON_DEPTH} levels`);
    const asLiteral = await t.gql(
      `{ computeIntensity(input: {model: "sphere", q: {values: [0.1]}, parameters: ${"{a: ".repeat(300)}1${"}".repeat(300)}}) { intensity } }`,
    );
    expect(asLiteral.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(asLiteral.errors?.[0].message).toContain(`${MAX_JSON_DEPTH} levels`);
  });

  test("deep dataset metadata is refused before it reaches the database", async () => {
    const deepList = "[".repeat(5000) + "]".repeat(5000);
    const r = await raw(
      `mutation($m: JSONObject) { createDataset(input: {kind: MEASURED, technique: SAXS, title: "deep", metadata: $m}) { id } }`,
      `{"m":{"x":${deepList}}}`,
      token,
    );
    expectMistake(r, "BAD_USER_INPUT", "$m");
    // Metadata within the bound is kept exactly.
    let nested: Record<string, unknown> = { unit: "Ang", value: 5 };
    for (let i = 0; i < MAX_JSON_DEPTH - 2; i++) nested = { n: nested };
    const ok = await t.gql<{ createDataset: { metadata: unknown } }>(
      `mutation($m: JSONObject) { createDataset(input: {kind: MEASURED, technique: SAXS, title: "deep ok", metadata: $m}) { metadata } }`,
      { m: nested },
      token,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.createDataset.metadata).toEqual(nested);
  });
});

describe("files", () => {
  test("a truncated HDF5 file is BAD_USER_INPUT naming the file", async () => {
    const h5 = fs.readFileSync("examples/run4471.h5");
    for (const cut of [600, 4000, 15000]) {
      const r = await t.gql(IMPORT, { d: datasetId, f: "NXCANSAS", c: h5.subarray(0, cut).toString("base64"), n: "run4471-cut.h5" }, token);
      expectMistake(r, "BAD_USER_INPUT", "run4471-cut.h5");
      expect(r.errors![0].message).toMatch(/truncated|corrupt|HDF5/);
    }
    // The whole file imports (the check is not refusing good files).
    const whole = await t.gql<{ importCurves: { curvesAdded: number } }>(
      IMPORT,
      { d: datasetId, f: "NXCANSAS", c: h5.toString("base64"), n: "run4471.h5" },
      token,
    );
    expect(whole.errors).toBeUndefined();
    expect(whole.data!.importCurves.curvesAdded).toBeGreaterThan(0);
  });

  test("a truncated HDF5 file imported as a job (stored, then parsed on a worker) fails as BAD_USER_INPUT naming the file", async () => {
    const viewer = await t.services.auth.authenticate(`Bearer ${token}`);
    const cut = fs.readFileSync("examples/run4471.h5").subarray(0, 4000).toString("base64");
    const stored = await t.services.ingest.storeForImport(viewer, { datasetId, format: "NXCANSAS", content: cut, filename: "upload-cut.h5" });
    await expect(t.services.ingest.importStored(viewer, stored)).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      message: expect.stringContaining("upload-cut.h5"),
    });
  });

  test("canSAS XML with a DOCTYPE is refused outright: no external entity is read, no entity expanded", async () => {
    const xml = fs.readFileSync("examples/run4471.xml", "utf8");
    const secret = fs.mkdtempSync("/tmp/sasgraph-xxe-") + "/secret.txt";
    fs.writeFileSync(secret, "TOP-SECRET-CONTENT");
    const external = xml
      .replace("<SASroot", `<!DOCTYPE SASroot [<!ENTITY xxe SYSTEM "file://${secret}">]>\n<SASroot`)
      .replace(/<Title>[^<]*<\/Title>/, "<Title>&xxe;</Title>");
    const laughs = xml.replace("<SASroot", `<!DOCTYPE SASroot [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<SASroot`);
    for (const content of [external, laughs]) {
      const r = await t.gql(IMPORT, { d: datasetId, f: "CANSAS_XML", c: content, n: "evil.xml" }, token);
      expectMistake(r, "BAD_USER_INPUT", "evil.xml");
      expect(r.errors![0].message).toMatch(/DOCTYPE/);
      expect(JSON.stringify(r)).not.toContain("TOP-SECRET");
    }
    const curves = await t.gql<{ dataset: { curveCount: number } }>(`query($d: ID!) { dataset(id: $d) { curveCount } }`, { d: datasetId });
    const before = curves.data!.dataset.curveCount;
    const good = await t.gql(IMPORT, { d: datasetId, f: "CANSAS_XML", c: xml, n: "run4471.xml" }, token);
    expect(good.errors).toBeUndefined();
    expect(
      (await t.gql<{ dataset: { curveCount: number } }>(`query($d: ID!) { dataset(id: $d) { curveCount } }`, { d: datasetId })).data!.dataset.curveCount,
    ).toBeGreaterThan(before);
  });
});

describe("page cursors", () => {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const forged = [
    "AAAA",
    "%%%not-base64%%%",
    Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString("base64"),
    b64("just a string"),
    b64([]),
    b64([-5]),
    b64([1.5]),
    b64([1e300]),
    b64([2 ** 31]),
    b64(["0"]),
    b64([-5, "00000000-0000-0000-0000-000000000000"]),
    b64(["not a time", "00000000-0000-0000-0000-000000000000"]),
    b64(["2026-99-99T99:99:99.000Z", "00000000-0000-0000-0000-000000000000"]),
    b64([{}, {}]),
    b64(["2026-01-01T00:00:00.000Z", "not-a-uuid"]),
    b64(["t\u0000", "00000000-0000-0000-0000-000000000000"]),
    "x".repeat(100_000),
  ];

  test.each(forged.map((c) => [c.slice(0, 40), c]))("datasets(after: %s) is BAD_USER_INPUT on after", async (_label, cursor) => {
    const q = `query($a: String, $o: DatasetOrder!) { datasets(after: $a, orderBy: $o) { edges { node { id } } } }`;
    const r = await t.gql(q, { a: cursor, o: "CREATED_DESC" });
    expectMistake(r, "BAD_USER_INPUT", "after");
    expect(r.errors![0].extensions?.field).toBe("after");
    // Ordered by title, any string is a key a cursor may hold: a page, or the same refusal.
    const byTitle = await t.gql(q, { a: cursor, o: "TITLE_ASC" });
    expect(byTitle.errors === undefined || byTitle.errors[0].extensions?.code === "BAD_USER_INPUT").toBe(true);
  });

  test.each(forged.map((c) => [c.slice(0, 40), c]))("curves(after: %s) is BAD_USER_INPUT on after", async (_label, cursor) => {
    const r = await t.gql(`query($a: String, $d: ID!) { curves(datasetId: $d, after: $a) { edges { node { id } } } }`, { a: cursor, d: datasetId });
    expectMistake(r, "BAD_USER_INPUT", "after");
    const nested = await t.gql(`query($a: String, $d: ID!) { dataset(id: $d) { curves(after: $a) { edges { node { id } } } } }`, { a: cursor, d: datasetId });
    expect(nested.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  test("a real cursor still pages (the checks refuse only forgeries)", async () => {
    const first = await t.gql<{ curves: { edges: { cursor: string }[] } }>(`query($d: ID!) { curves(datasetId: $d, first: 1) { edges { cursor } } }`, {
      d: datasetId,
    });
    const next = await t.gql<{ curves: { edges: { node: { index: number } }[] } }>(
      `query($d: ID!, $a: String) { curves(datasetId: $d, first: 1, after: $a) { edges { node { index } } } }`,
      { d: datasetId, a: first.data!.curves.edges[0].cursor },
    );
    expect(next.data!.curves.edges[0].node.index).toBe(1);
    for (const orderBy of ["CREATED_DESC", "TITLE_ASC"]) {
      const page = await t.gql<{ datasets: { pageInfo: { endCursor: string } } }>(
        `query($o: DatasetOrder!) { datasets(first: 1, orderBy: $o) { pageInfo { endCursor } } }`,
        { o: orderBy },
      );
      const after = await t.gql(`query($o: DatasetOrder!, $a: String) { datasets(first: 1, orderBy: $o, after: $a) { edges { node { id } } } }`, {
        o: orderBy,
        a: page.data!.datasets.pageInfo.endCursor,
      });
      expect(after.errors).toBeUndefined();
    }
  });
});

describe("lists and sizes", () => {
  test("mismatched q, I and dI lengths in addCurves name the array", async () => {
    expectMistake(await t.gql(ADD, { d: datasetId, c: [{ q: [0.1, 0.2], intensity: [1] }] }, token), "BAD_USER_INPUT", "curves[0].intensity");
    expectMistake(await t.gql(ADD, { d: datasetId, c: [{ q: [0.1, 0.2], intensity: [1, 2], dI: [1, 2, 3] }] }, token), "BAD_USER_INPUT", "curves[0].dI");
    expectMistake(
      await t.gql(
        ADD,
        {
          d: datasetId,
          c: [
            { q: [0.1, 0.2], intensity: [1, 2] },
            { q: [0.1], intensity: [1], dQ: [] },
          ],
        },
        token,
      ),
      "BAD_USER_INPUT",
      "curves[1].dQ",
    );
  });

  test("empty lists", async () => {
    expectMistake(await t.gql(ADD, { d: datasetId, c: [] }, token), "BAD_USER_INPUT", "curves");
    expectMistake(await t.gql(ADD, { d: datasetId, c: [{ q: [], intensity: [] }] }, token), "BAD_USER_INPUT", "curves[0].q");
    expectMistake(await t.gql(COMPUTE, { i: { model: "sphere", q: { values: [] } } }), "BAD_USER_INPUT", "q.values");
  });

  test("a list of 10^7 numbers is refused by its count before GraphQL coerces it", async () => {
    const values = `[${Array.from({ length: 10_000_000 }, () => "1").join(",")}]`;
    const r = await raw(COMPUTE, `{"i":{"model":"sphere","q":{"values":${values}}}}`);
    expect(r.status).toBe(400);
    expectMistake(r, "BAD_USER_INPUT", "$i");
    expect(r.errors![0].extensions?.field).toBe("i");
    expect(r.errors![0].message).toContain(String(MAX_VARIABLE_VALUES));
    // Under the request's bound, the field's own limit speaks.
    const over = await t.gql(COMPUTE, { i: { model: "sphere", q: { values: Array.from({ length: 200_000 }, (_, k) => 0.001 * (k + 1)) } } });
    expectMistake(over, "BAD_USER_INPUT", "q.values");
    expect(over.errors![0].message).toMatch(/100000/);
  }, 60_000);

  test("20 000 bad list items: one error for the first, not 20 000 error objects", async () => {
    const r = await t.gql(`query($w: [ParameterRangeInput!], $d: ID!) { curves(datasetId: $d, where: $w) { edges { cursor } } }`, {
      w: Array.from({ length: 20_000 }, () => 1),
      d: datasetId,
    });
    expectMistake(r, "BAD_USER_INPUT", '"w[0]"');
  });

  test("q grids with absurd point counts", async () => {
    for (const points of [0, 1, -5, 2 ** 31 - 1]) {
      expectMistake(await t.gql(COMPUTE, { i: { model: "sphere", q: { min: 0.01, max: 0.1, points } } }), "BAD_USER_INPUT", "q");
    }
  });
});

describe("ids", () => {
  const unknown = "6f1c2a7e-0000-4000-8000-000000000000";
  test.each([
    ["dataset", `query($id: ID!) { dataset(id: $id) { id } }`],
    ["job", `query($id: ID!) { job(id: $id) { id } }`],
    ["provenance", `query($id: ID!) { provenance(id: $id) { nodes { id } } }`],
    ["datasetSvd", `query($id: ID!) { datasetSvd(datasetId: $id) { q } }`],
    ["curves", `query($id: ID!) { curves(datasetId: $id) { edges { cursor } } }`],
    ["modelVersion", `query($id: String!) { modelVersion(ref: $id) { id } }`],
  ])("%s: unknown and malformed ids are NOT_FOUND on the id, never an internal error", async (_name, query) => {
    for (const id of [unknown, "not-a-uuid", "", "' OR 1=1 --", "x".repeat(10_000), "6F1C2A7E-0000-4000-8000-00000000000Z"]) {
      const r = await t.gql(query, { id }, token);
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0].extensions?.code).toBe("NOT_FOUND");
      expect(r.errors![0].extensions?.field).toMatch(/^(id|ref)$/);
    }
  });

  test("a malformed id inside an input (filter.instrumentId) is BAD_USER_INPUT naming it", async () => {
    const r = await t.gql(`{ datasets(filter: {instrumentId: "nope"}) { edges { cursor } } }`);
    expectMistake(r, "BAD_USER_INPUT", "filter.instrumentId");
  });
});

describe("text PostgreSQL cannot store", () => {
  test("NUL in titles, keywords, groups and JSON is BAD_USER_INPUT naming the field", async () => {
    const create = `mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }`;
    expectMistake(await t.gql(create, { i: { kind: "MEASURED", technique: "SAXS", title: "a\u0000b" } }, token), "BAD_USER_INPUT", "title");
    expectMistake(
      await t.gql(create, { i: { kind: "MEASURED", technique: "SAXS", title: "ok", keywords: ["x", "\u0000"] } }, token),
      "BAD_USER_INPUT",
      "keywords[1]",
    );
    expectMistake(
      await t.gql(create, { i: { kind: "MEASURED", technique: "SAXS", title: "ok", accessGroups: ["\u0000"] } }, token),
      "BAD_USER_INPUT",
      "accessGroups",
    );
    expectMistake(
      await t.gql(create, { i: { kind: "MEASURED", technique: "SAXS", title: "ok", metadata: { note: "a\u0000" } } }, token),
      "BAD_USER_INPUT",
      "i.metadata",
    );
    expectMistake(await t.gql(`{ datasets(filter: {text: "\u0000"}) { edges { cursor } } }`.replace("\u0000", "\\u0000")), "BAD_USER_INPUT", "filter.text");
  });
});

test("a query refused for its cost is HTTP 400 with QUERY_TOO_COSTLY", async () => {
  const r = await t.gql(`{ datasets(first: 500) { edges { node { curves(first: 500) { edges { node { q } } } } } } }`);
  expect(r.status).toBe(400);
  expect(r.errors?.[0].extensions?.code).toBe("QUERY_TOO_COSTLY");
});
