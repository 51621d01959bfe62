/**
 * Fuzz of the schema's inputs: for every Query and Mutation field an operation with a variable per
 * argument, sent with random variable sets (wrong types, nulls, huge/negative/zero numbers, long and
 * odd strings, deep objects, long lists, random and real ids) as anonymous and as a signed-in user.
 * Whatever is sent, the answer is an error with a code the caller can act on, or data: never
 * INTERNAL_SERVER_ERROR, never HTTP 500, never a hang. The operations come from the schema, so a new
 * field is fuzzed without being listed here, and the test fails unless every field was reached.
 *
 * Reproduce a failure with FUZZ_SEED=<seed printed in the message>; FUZZ_RUNS sets the sets per field.
 */
import * as fs from "node:fs";
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from "graphql";
import { seedDemoCatalogue } from "../../src/services/demo-seed";
import { startTestPlatform, type GqlResponse, type TestPlatform } from "../support/platform";

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const REQUEST_TIMEOUT_MS = 15_000;
/** FUZZ_VERBOSE=1: print the codes each field answered (to see what the sets reach). */
const VERBOSE = Boolean(process.env.FUZZ_VERBOSE);
const codes = new Map<string, Record<string, number>>();
function tally(key: string, code: string): void {
  const c = codes.get(key) ?? {};
  c[code] = (c[code] ?? 0) + 1;
  codes.set(key, c);
}
/** FUZZ_ONLY=predict,addCurves: fuzz those fields only (to reproduce; coverage is then not asserted). */
const ONLY = process.env.FUZZ_ONLY ? new Set(process.env.FUZZ_ONLY.split(",")) : null;

/** mulberry32: a tiny seeded PRNG, so a failing run can be repeated exactly. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let t: TestPlatform;
let userToken: string;
const pools = {
  ids: [] as string[],
  names: [] as string[],
  cursors: [] as string[],
  files: [] as string[],
  models: ["sphere", "cylinder", "sphere@hardsphere", "core_shell_sphere", "power_law", "nosuchmodel", "sphere@", "@hardsphere", "sphere@hardsphere@sphere"],
  parameters: new Map<string, { name: string; polydisperse: boolean }[]>(),
};

beforeAll(async () => {
  t = await startTestPlatform();
  await seedDemoCatalogue(t.services);
  userToken = await t.token("fuzzer", ["fuzz-lab"]);
  // The fuzzer owns a few datasets with curves, so writes by id reach their checks.
  for (let i = 0; i < 3; i++) {
    const r = await t.gql<{ createDataset: { id: string } }>(
      `mutation($t: String!) { createDataset(input: {kind: MEASURED, technique: SAXS, title: $t}) { id } }`,
      { t: `fuzz ${i}` },
      userToken,
    );
    await t.gql(
      `mutation($d: ID!) { addCurves(datasetId: $d, curves: [{q: [0.01, 0.02, 0.03], intensity: [3, 2, 1], dI: [0.1, 0.1, 0.1]}, {q: [0.01, 0.02, 0.03], intensity: [4, 2, 1]}]) { id } }`,
      { d: r.data!.createDataset.id },
      userToken,
    );
  }
  const db = t.services.db;
  const ids = async (sql: string) => ((await db.query(sql)) as { id: string }[]).map((r) => String(r.id));
  pools.ids.push(
    ...(await ids("SELECT id FROM datasets")),
    ...(await ids("SELECT id FROM curves ORDER BY index LIMIT 20")),
    ...(await ids("SELECT id FROM model_versions")),
    ...(await ids("SELECT id FROM activities LIMIT 10")),
    ...(await ids("SELECT id FROM users")),
    ...(await ids("SELECT id FROM instruments")),
    ...(await ids("SELECT id FROM samples")),
    ...(await ids("SELECT id FROM data_files LIMIT 5")),
  );
  pools.names.push(...((await db.query("SELECT name FROM models")) as { name: string }[]).map((r) => r.name));
  const page = await t.gql<{ datasets: { pageInfo: { endCursor: string } } }>(`{ datasets(first: 2) { pageInfo { endCursor } } }`);
  pools.cursors.push(page.data!.datasets.pageInfo.endCursor);
  const models = await t.gql<{ scatteringModels: { name: string; parameters: { name: string; polydisperse: boolean }[] }[] }>(
    `{ scatteringModels { name parameters { name polydisperse } } }`,
  );
  for (const m of models.data!.scatteringModels) pools.parameters.set(m.name, m.parameters);
  const xml = fs.readFileSync("examples/run4471.xml", "utf8");
  const h5 = fs.readFileSync("examples/run4471.h5");
  pools.files.push(
    xml,
    xml.slice(0, xml.length / 2),
    xml.replace("<SASroot", `<!DOCTYPE SASroot [<!ENTITY x SYSTEM "file:///etc/passwd">]><SASroot`),
    h5.toString("base64"),
    h5.subarray(0, 3000).toString("base64"),
    h5.subarray(0, 15000).toString("base64"),
    "0.01 1 0.1\n0.02 2 0.1\n0.03 3 0.1\n",
    "q,I\n0.1,nan\n0.2,inf\n",
    "\u0000\u0001binary",
  );
}, 180_000);

afterAll(async () => {
  await t?.close();
});

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const INTS = [0, 1, 2, 3, 5, 10, 100, -1, -100, 2 ** 31 - 1, -(2 ** 31), 1e6];
const FLOATS = [0, -0, 1, 0.5, 0.001, 0.1, 50, 1e4, -1, -1e-3, 1e300, -1e300, 1e-300, 5e-324, Number.MAX_VALUE, 2 ** 53, 1.5];

function randomUuid(r: Rand): string {
  const hex = () => Math.floor(r() * 16).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join("");
  return `${part(8)}-${part(4)}-4${part(3)}-8${part(3)}-${part(12)}`;
}

function randomString(r: Rand): string {
  switch (Math.floor(r() * 12)) {
    case 0:
      return "";
    case 1:
      return "x".repeat(10_000);
    case 2:
      return "\u0000nul";
    case 3:
      return "ünï©ødé 🧪 '\";--";
    case 4:
      return randomUuid(r);
    case 5:
      return pick(r, pools.ids);
    case 6:
      return pick(r, pools.names.length ? pools.names : ["none"]);
    case 7:
      return `${pick(r, pools.names.length ? pools.names : ["none"])}@${pick(r, ["production", "staging", "x"])}`;
    case 8:
      return Buffer.from(JSON.stringify([pick(r, FLOATS), randomUuid(r)])).toString("base64url");
    case 9:
      return pick(r, ["sphere", "SAXS", "gaussian", "1/A", "1/cm", "CC-BY-4.0", "fuzz-lab", "demo", "a b c"]);
    case 10:
      return "%00../../etc/passwd";
    default:
      return Math.floor(r() * 1e9).toString(36);
  }
}

/** A value of no particular type: what a confused or hostile client sends. */
function junk(r: Rand, depth = 0): unknown {
  switch (Math.floor(r() * 9)) {
    case 0:
      return null;
    case 1:
      return pick(r, FLOATS);
    case 2:
      return randomString(r);
    case 3:
      return r() < 0.5;
    case 4:
      return depth > 2 ? [] : Array.from({ length: Math.floor(r() * 4) }, () => junk(r, depth + 1));
    case 5:
      return depth > 2 ? {} : { [randomString(r).slice(0, 20)]: junk(r, depth + 1), values: junk(r, depth + 1) };
    case 6:
      return deepObject(Math.floor(r() * 200) + 30);
    case 7:
      return Array.from({ length: depth > 0 ? 50 : 20_000 }, () => 1);
    default:
      return pick(r, INTS);
  }
}

function deepObject(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

function randomJson(r: Rand, argName: string, siblings: Record<string, unknown>): Record<string, unknown> {
  const kind = r();
  // Model parameters: the model's own names, so values reach the model library's checks.
  if (argName === "parameters" && (kind < 0.6 || !hostile)) {
    const model = typeof siblings.model === "string" ? siblings.model.split("@")[0] : "sphere";
    const list = [
      ...(pools.parameters.get(model) ?? [{ name: "radius", polydisperse: true }]),
      { name: "scale", polydisperse: false },
      { name: "background", polydisperse: false },
    ];
    const out: Record<string, unknown> = {};
    for (const { name, polydisperse } of list) {
      if (r() < 0.4) out[name] = pick(r, FLOATS);
      if (!polydisperse && r() > 0.05) continue;
      if (r() < 0.15) out[`${name}_pd`] = pick(r, [0, 0.1, 1, 10, -1]);
      // Points per polydisperse dimension kept small: the cost of wide distributions is priced elsewhere.
      if (r() < 0.1) out[`${name}_pd_n`] = pick(r, [0, 1, 2, 35, -1, 1.5]);
      if (r() < 0.1) out[`${name}_pd_nsigma`] = pick(r, [0, 3, 1e300, -1]);
      if (r() < 0.05) out[`${name}_pd_type`] = pick(r, ["gaussian", "lognormal", "schulz", "rectangle", "nope", 3]);
    }
    return out;
  }
  if (kind < 0.75) return { title: randomString(r).slice(0, 50), value: pick(r, FLOATS), nested: { unit: "Ang", list: [1, "two", null, { x: true }] } };
  if (!hostile) return { title: randomString(r).slice(0, 50), value: pick(r, FLOATS) };
  if (kind < 0.85) return deepObject(Math.floor(r() * 60) + 1) as Record<string, unknown>;
  if (kind < 0.9) return Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]));
  return junk(r) as Record<string, unknown>;
}

/** Long lists only at the outermost level: a body stays a few MB (larger ones get 413 before they are read). */
function listLength(r: Rand, nesting: number): number {
  const x = r();
  if (x < 0.1) return 0;
  if (x < 0.75) return 1 + Math.floor(r() * 4);
  if (x < 0.95 || nesting > 1) return 5 + Math.floor(r() * 60);
  return 2_000 + Math.floor(r() * 3_000);
}

/** A value for `type`, mostly of the right shape (so resolvers run), sometimes not. */
/** Inputs whose rules (q increasing, equal lengths, one way of giving q) random values rarely meet. */
const PLAUSIBLE: Record<string, (r: Rand) => Record<string, unknown>> = {
  QGridInput: (r) =>
    r() < 0.5
      ? { values: Array.from({ length: 1 + Math.floor(r() * 50) }, (_, i) => pick(r, [0.001, 0.01, 0.1]) * (i + 1)) }
      : {
          min: pick(r, [1e-4, 0.001, 0.01, 1e-300]),
          max: pick(r, [0.1, 0.5, 10, 1e300]),
          points: pick(r, [2, 10, 100, 1000]),
          spacing: pick(r, ["LOG", "LINEAR"]),
        },
  ComputeIntensityInput: (r) => {
    const model = pick(r, [...pools.parameters.keys(), "sphere@hardsphere", "cylinder@hayter_msa", "core_shell_sphere@squarewell"]);
    const kind = hostile;
    hostile = false;
    const out: Record<string, unknown> = { model, q: PLAUSIBLE.QGridInput(r), parameters: randomJson(r, "parameters", { model }) };
    hostile = kind;
    if (r() < 0.3) out.resolution = pick(r, [0.01, 0.1, 0.5, 0.99]);
    if (r() < 0.2) out.structureFactorMode = "BETA";
    return out;
  },
  CurveInput: (r) => {
    const n = 1 + Math.floor(r() * 20);
    const q = Array.from({ length: n }, (_, i) => 0.01 * (i + 1));
    const intensity = Array.from({ length: n }, () => pick(r, FLOATS));
    return {
      q,
      intensity,
      ...(r() < 0.5 ? { dI: intensity.map((v) => Math.abs(v) * 0.1) } : {}),
      ...(r() < 0.3 ? { parameters: { a: pick(r, FLOATS) } } : {}),
    };
  },
};

/**
 * Half the sets are well-typed (they pass GraphQL's coercion, so services see the random numbers);
 * the other half are hostile (a value of any type anywhere).
 */
let hostile = true;

function valueFor(r: Rand, type: GraphQLInputType, name: string, siblings: Record<string, unknown> = {}, nesting = 0, required = false): unknown {
  if (hostile && r() < 0.04) return junk(r, nesting);
  if (isNonNullType(type)) return valueFor(r, type.ofType, name, siblings, nesting, true);
  if (hostile ? r() < 0.08 : !required && r() < 0.03) return null;
  if (isListType(type)) {
    const n = listLength(r, nesting);
    const item = type.ofType;
    // Numeric lists in order half the time: q must increase, and random ones rarely do.
    if (getNamedType(item).name === "Float" && r() < 0.5) {
      const start = pick(r, [0.001, 0.01, 1, -1, 0]);
      const step = pick(r, [0.001, 0.01, 1, 0, -0.001]);
      return Array.from({ length: n }, (_, i) => start + step * i);
    }
    return Array.from({ length: n }, () => valueFor(r, item, name, siblings, nesting + 1));
  }
  if (isInputObjectType(type) && !hostile && r() < 0.7 && PLAUSIBLE[type.name]) return PLAUSIBLE[type.name](r);
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    const fields = Object.values(type.getFields());
    // `model` first: parameters are drawn for the model chosen.
    fields.sort((a, b) => (a.name === "model" ? -1 : b.name === "model" ? 1 : 0));
    for (const f of fields) {
      if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = valueFor(r, f.type, f.name, out, nesting + 1);
      else if (r() < 0.5) out[f.name] = valueFor(r, f.type, f.name, out, nesting + 1);
    }
    if (hostile && r() < 0.05) out[`unknown_${Math.floor(r() * 100)}`] = 1;
    return out;
  }
  if (isEnumType(type)) return hostile && r() < 0.06 ? pick(r, ["PER_ANGSTROM", "", "sans", "0"]) : pick(r, type.getValues()).name;
  if (isScalarType(type)) {
    switch (type.name) {
      case "Int":
        return hostile && r() < 0.1 ? pick(r, [1.5, 2 ** 40, "3"]) : pick(r, INTS);
      case "Float":
        return hostile && r() < 0.05 ? pick(r, ["NaN", "Infinity", "1e3"]) : pick(r, FLOATS);
      case "Boolean":
        return hostile && r() < 0.05 ? "true" : r() < 0.5;
      case "ID":
        return r() < 0.6 ? pick(r, pools.ids) : pick(r, [randomUuid(r), "not-a-uuid", "", "00000000-0000-0000-0000-000000000000", "1", "x".repeat(5000)]);
      case "JSONObject":
        return randomJson(r, name, siblings);
      case "DateTimeISO":
        return pick(
          r,
          hostile
            ? ["yesterday", "2026-13-45T99:00:00Z", 0, -1e20, "+275760-09-13T00:00:00.000Z"]
            : ["2026-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"],
        );
      case "String":
        if (name === "content") return pick(r, pools.files);
        if (name === "after") return r() < 0.5 ? pick(r, pools.cursors) : randomString(r);
        if (name === "model" || name === "name") return r() < 0.6 ? pick(r, [...pools.models, ...pools.names]) : randomString(r);
        if (name === "sha256") return pick(r, ["0".repeat(64), "zz", randomString(r)]);
        return randomString(r);
      default:
        return randomString(r);
    }
  }
  return junk(r, nesting);
}

/** Scalar fields without required arguments: what the field returns is serialised, so NaN would show. */
function leafSelection(type: GraphQLObjectType): string {
  const leaves = Object.values(type.getFields()).filter(
    (f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined),
  );
  return `{ __typename ${leaves.map((f) => f.name).join(" ")} }`;
}

function operationOf(kind: "query" | "mutation", field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(", ");
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(", ");
  const named = getNamedType(field.type);
  const selection = isObjectType(named) ? leafSelection(named) : "";
  return `${kind} Fuzz${vars ? `(${vars})` : ""} { ${field.name}${args ? `(${args})` : ""} ${selection} }`;
}

/** A keep-alive socket the server closed while it sat idle (here: while a huge body was stringified under load). */
function closedIdleSocket(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code === "UND_ERR_SOCKET" && /other side closed/.test(cause.message ?? "");
}

async function send(query: string, variables: Record<string, unknown>, token?: string): Promise<GqlResponse<unknown>> {
  const body = JSON.stringify({ query, variables });
  const post = () =>
    fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  // The server ends idle keep-alive sockets after 5 s; a request written onto one just as it closes
  // never reached the server, and is sent again on a fresh socket (anything else is a finding).
  const res = await post().catch((err: unknown) => {
    if (closedIdleSocket(err)) return post();
    throw err;
  });
  const text = await res.text();
  let answer: GqlResponse<unknown>;
  try {
    answer = JSON.parse(text) as GqlResponse<unknown>;
  } catch {
    throw new Error(`HTTP ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { ...answer, status: res.status };
}

function shortJson(v: unknown): string {
  const s = JSON.stringify(v, (_k, x: unknown) =>
    Array.isArray(x) && x.length > 8
      ? [...x.slice(0, 8), `…${x.length} items`]
      : typeof x === "string" && x.length > 80
        ? `${x.slice(0, 80)}…(${x.length})`
        : x,
  );
  return s.length > 1500 ? `${s.slice(0, 1500)}…` : s;
}

test(`every query and mutation answers random inputs without an internal error (seed ${SEED}, ${RUNS} sets per field)`, async () => {
  const schema = t.server.schema;
  const roots: ["query" | "mutation", GraphQLObjectType][] = [
    ["query", schema.getQueryType()!],
    ["mutation", schema.getMutationType()!],
  ];
  const reached = new Map<string, number>();
  const failures: string[] = [];
  for (const [kind, root] of roots) {
    for (const field of Object.values(root.getFields())) {
      if (ONLY && !ONLY.has(field.name)) continue;
      const key = `${kind}.${field.name}`;
      reached.set(key, 0);
      const query = operationOf(kind, field);
      // One stream per field: a new field elsewhere does not change the sets this one gets.
      const fieldSeed = [...key].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, SEED >>> 0);
      const r = mulberry32(fieldSeed);
      for (let run = 0; run < RUNS; run++) {
        hostile = run % 2 === 1;
        const variables: Record<string, unknown> = {};
        for (const arg of field.args) {
          if (!isNonNullType(arg.type) && r() < 0.2) continue;
          variables[arg.name] = valueFor(r, arg.type, arg.name, variables);
        }
        for (const token of [undefined, userToken]) {
          const who = token ? "user" : "anonymous";
          let res: GqlResponse<unknown>;
          try {
            res = await send(query, variables, token);
          } catch (err) {
            failures.push(
              `${key} as ${who} (seed ${SEED}, run ${run}): ${(err as Error).message} ${String((err as Error).cause ?? "")}\n  variables: ${shortJson(variables)}`,
            );
            continue;
          }
          // Reached: the variables fit their types and the field ran (data, or an error at its path).
          if ("data" in res || res.errors?.some((e) => e.path)) reached.set(key, reached.get(key)! + 1);
          if (VERBOSE) tally(key, res.errors?.[0]?.extensions?.code ?? "OK");
          if (VERBOSE && ONLY) console.log(key, hostile ? "hostile" : "typed", res.errors?.[0]?.message.slice(0, 160) ?? "OK");
          const internal = (res.errors ?? []).filter((e) => !e.extensions?.code || e.extensions.code === "INTERNAL_SERVER_ERROR");
          if (res.status >= 500 || internal.length > 0) {
            failures.push(`${key} as ${who} (seed ${SEED}, run ${run}): HTTP ${res.status} ${shortJson(res.errors)}\n  variables: ${shortJson(variables)}`);
          }
        }
      }
    }
  }
  if (VERBOSE) console.log([...codes].map(([k, c]) => `${k}: ${JSON.stringify(c)}`).join("\n"));
  expect(failures).toEqual([]);
  if (ONLY) return;
  // Coverage: every root field of the schema was fuzzed, and each was reached at least once.
  const all = roots.flatMap(([kind, root]) => Object.keys(root.getFields()).map((f) => `${kind}.${f}`));
  expect([...reached.keys()].sort()).toEqual(all.sort());
  expect([...reached].filter(([, n]) => n === 0).map(([k]) => k)).toEqual([]);
}, 300_000);
