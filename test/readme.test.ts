/**
 * Every example in README.md runs as written, in the order a reader meets them, against a platform
 * seeded with the demo catalogue: GraphQL blocks are sent as they stand (one operation at a time,
 * over HTTP, subscriptions over graphql-ws), shell blocks run in bash from a copy of the checkout
 * (so `npm exec -- sasgraph` and the shipped `examples/` files are there), Python blocks run in
 * python3. The one change made to them: http://localhost:4000 is this test's server.
 *
 * State flows as a reader's would: the token the README's `token create` prints is $TOKEN /
 * `token`; the dataset its createDataset example makes is $ID / `dataset_id`; a `$id` variable is
 * the id the previous operation of the same block returned, or else a published demo dataset.
 * Jobs the examples start are cancelled at the end (they are accepted; running them all would take
 * hours: the README says how long each takes).
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import WebSocket from "ws";
import { createClient } from "graphql-ws";
import { Kind, parse, print, type OperationDefinitionNode } from "graphql";
import { startTestPlatform, type TestPlatform } from "./support/platform";
import { seedDemoCatalogue } from "../src/services/demo-seed";

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** Blocks not run, each with the reason. */
const NOT_RUN: Record<string, string> = {
  "npm ci && npm start": "it starts the platform this test runs its examples against",
  "npm ci && npm test": "it is the command that runs this test",
};

interface Block {
  lang: string;
  code: string;
  line: number;
}

function fencedBlocks(markdown: string): Block[] {
  const out: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    out.push({ lang: open[1], code: body.join("\n"), line: start + 1 });
  }
  return out;
}

let t: TestPlatform;
let checkout: string;
let env: NodeJS.ProcessEnv;
let publicDataset: string;
const jobs: string[] = [];

beforeAll(async () => {
  // The CLI examples run the compiled program, as `npm start` leaves it.
  await run(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(ROOT, "tsconfig.build.json")], { cwd: ROOT });
  t = await startTestPlatform({ workers: 1 });
  await seedDemoCatalogue(t.services);
  const [row] = await t.services.db.query(`SELECT id FROM datasets WHERE published ORDER BY created_at LIMIT 1`);
  publicDataset = row.id;

  // A copy of the checkout with what the examples use: the package (for `npm exec`), the program and the example files.
  checkout = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-readme-"));
  for (const entry of ["package.json", "package-lock.json", "bin", "dist", "examples"])
    fs.cpSync(path.join(ROOT, entry), path.join(checkout, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(checkout, "node_modules"));
  const s3 = t.services.store.settings;
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: (t.services.db.options as { url: string }).url,
    S3_ENDPOINT: `http://${s3.endPoint}:${s3.port}`,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: s3.bucket,
    SASGRAPH_SECRET: "test-secret",
    SASGRAPH_LOG_LEVEL: "warn",
  };
}, 600_000);

afterAll(async () => {
  for (const id of jobs) await t?.services.jobs.cancel({ userId: null, userName: null, groupIds: [] }, id).catch(() => undefined);
  await t?.close();
  if (checkout) fs.rmSync(checkout, { recursive: true, force: true });
});

const local = (code: string) => code.replaceAll("http://localhost:4000", t.url);

async function subscribeOnce(query: string, variables: Record<string, unknown>, token: string): Promise<{ data?: unknown; errors?: unknown[] }> {
  const client = createClient({
    url: t.url.replace("http", "ws") + "/graphql",
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  try {
    return await new Promise((resolve, reject) => {
      const stop = client.subscribe(
        { query, variables },
        {
          next: (value) => {
            stop();
            resolve(value as { data?: unknown; errors?: unknown[] });
          },
          error: (e) => reject(new Error(JSON.stringify(e))),
          complete: () => resolve({}),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

async function runGraphql(block: Block, token: string): Promise<void> {
  const document = parse(block.code);
  let previousId: string | undefined;
  for (const op of document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)) {
    const variables: Record<string, unknown> = {};
    for (const v of op.variableDefinitions ?? []) {
      if (v.variable.name.value !== "id") throw new Error(`README line ${block.line}: no value known for $${v.variable.name.value}`);
      variables.id = previousId ?? publicDataset;
    }
    const query = print(op);
    const r =
      op.operation === "subscription" ? await subscribeOnce(query, variables, token) : await t.gql<Record<string, { id?: string }>>(query, variables, token);
    expect({ line: block.line, query, errors: r.errors }).toEqual({ line: block.line, query, errors: undefined });
    const first = Object.entries((r.data ?? {}) as Record<string, { id?: string } | null>)[0];
    if (first?.[1]?.id) previousId = first[1].id;
    if ((first?.[0] === "startSimulation" || first?.[0] === "startTraining") && previousId) jobs.push(previousId);
    if (first?.[0] === "createDataset" && previousId) env.ID = previousId;
  }
}

async function runShell(block: Block): Promise<string> {
  try {
    const { stdout } = await run("bash", ["-euo", "pipefail", "-c", local(block.code)], { cwd: checkout, env, timeout: 300_000, maxBuffer: 64 << 20 });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`README line ${block.line} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`, { cause: err });
  }
}

async function runPython(block: Block): Promise<string> {
  const prelude = `import os\ntoken = os.environ["TOKEN"]\ndataset_id = os.environ["ID"]\n`;
  try {
    const { stdout } = await run("python3", ["-c", prelude + local(block.code)], { cwd: checkout, env, timeout: 300_000 });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`README line ${block.line} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`, { cause: err });
  }
}

test("the README's examples run as written, in order", async () => {
  const blocks = fencedBlocks(README);
  expect(blocks.length).toBeGreaterThan(10);
  let ran = 0;
  for (const block of blocks) {
    if (block.lang === "") continue; // diagrams
    if (NOT_RUN[block.code.trim()]) continue;
    process.stderr.write(`[readme] line ${block.line} (${block.lang})\n`);
    if (block.lang === "graphql") {
      expect(env.TOKEN).toBeDefined();
      await runGraphql(block, env.TOKEN!);
    } else if (block.lang === "sh") {
      const out = await runShell(block);
      // The first shell example makes the token the others use.
      const token = /^(sgt_\S+)$/m.exec(out);
      if (!env.TOKEN && token) env.TOKEN = token[1];
      expect({ line: block.line, errors: /"errors"\s*:/.test(out) ? out : null }).toEqual({ line: block.line, errors: null });
    } else if (block.lang === "python") {
      await runPython(block);
    } else {
      throw new Error(`README line ${block.line}: a \`${block.lang}\` block; this test knows graphql, sh and python`);
    }
    ran++;
  }
  expect(ran).toBeGreaterThan(10);
}, 1_800_000);

test("the example files the README names are shipped and import", async () => {
  const named = new Set([...README.matchAll(/examples\/[\w.-]+/g)].map((m) => m[0]));
  expect(named.size).toBeGreaterThan(0);
  for (const file of named) expect({ file, exists: fs.existsSync(path.join(ROOT, file)) }).toEqual({ file, exists: true });
});
