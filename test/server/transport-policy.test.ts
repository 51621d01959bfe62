/**
 * One policy for both transports: the same operations sent over HTTP and over graphql-ws meet the
 * same depth and cost limits, the same introspection switch and the same error codes.
 */
import WebSocket from "ws";
import { createClient, type Client } from "graphql-ws";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;
let ws: Client;

interface Answer {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

beforeAll(async () => {
  t = await startTestPlatform({ env: { SASGRAPH_INTROSPECTION: "false", SASGRAPH_MAX_QUERY_DEPTH: "8" } });
  token = await t.token("policy-user", ["policy-group"]);
  ws = createClient({
    url: t.url.replace("http", "ws") + "/graphql",
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
});

afterAll(async () => {
  await ws?.dispose();
  await t?.close();
});

function overWs(query: string, variables?: Record<string, unknown>): Promise<Answer> {
  return new Promise((resolve) => {
    let last: Answer = {};
    ws.subscribe<unknown>(
      { query, variables },
      {
        next: (value) => void (last = value as Answer),
        // An ErrorMessage carries the errors themselves (as graphql-ws sends them).
        error: (err) => resolve(Array.isArray(err) ? { errors: err as Answer["errors"] } : { errors: [{ message: String((err as Error).message ?? err) }] }),
        complete: () => resolve(last),
      },
    );
  });
}

const deep = `query { datasets { edges { node { curves { edges { node { dataset { owner { name } } } } } } } } }`; // 9 levels
const costly = `query { datasets(first: 1000) { edges { node { curves(first: 1000) { edges { node { q intensity } } } } } } }`;

/** [name, operation, variables, expected error code (null: data, no error)] */
const TABLE: [string, string, Record<string, unknown> | undefined, string | null][] = [
  ["a plain query", `query { me { name } }`, undefined, null],
  ["too deep", deep, undefined, "GRAPHQL_VALIDATION_FAILED"],
  ["too costly", costly, undefined, "QUERY_TOO_COSTLY"],
  ["introspection switched off", `query { __schema { types { name } } }`, undefined, "GRAPHQL_VALIDATION_FAILED"],
  ["__type switched off too", `query { __type(name: "Dataset") { name } }`, undefined, "GRAPHQL_VALIDATION_FAILED"],
  ["syntax error", `query { me { name `, undefined, "GRAPHQL_PARSE_FAILED"],
  ["unknown field", `query { nonsense }`, undefined, "GRAPHQL_VALIDATION_FAILED"],
  ["variable of the wrong type", `query($id: ID!) { dataset(id: $id) { id } }`, { id: { not: "an id" } }, "BAD_USER_INPUT"],
  ["missing variable", `query($id: ID!) { dataset(id: $id) { id } }`, {}, "BAD_USER_INPUT"],
  ["unknown record", `query { dataset(id: "00000000-0000-4000-8000-000000000000") { id } }`, undefined, "NOT_FOUND"],
  ["bad input in a mutation", `mutation { createDataset(input: {kind: MEASURED, technique: SANS, title: "  "}) { id } }`, undefined, "BAD_USER_INPUT"],
  ["a mutation that works", `mutation { createDataset(input: {kind: MEASURED, technique: SANS, title: "over both"}) { title } }`, undefined, null],
  ["subscription to someone else's job", `subscription { jobProgress(id: "00000000-0000-4000-8000-000000000000") { state } }`, undefined, "NOT_FOUND"],
];

test.each(TABLE)("%s: the same answer over HTTP and WebSocket", async (_name, query, variables, code) => {
  const isSubscription = query.startsWith("subscription");
  const http = isSubscription ? null : await t.gql(query, variables, token);
  const socket = await overWs(query, variables);
  if (process.env.SHOW_ANSWERS) console.log(JSON.stringify({ http, socket }));
  for (const answer of http ? [http, socket] : [socket]) {
    if (code === null) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toBeTruthy();
    } else {
      expect(answer.errors?.length).toBeGreaterThan(0);
      expect(answer.errors!.map((e) => e.extensions?.code)).toContain(code);
      for (const e of answer.errors!) expect(e.extensions?.code).toBeDefined();
      expect(JSON.stringify(answer.data ?? null)).not.toContain("__schema");
    }
  }
  if (http && code !== null) expect(http.status).toBeLessThan(500);
});
