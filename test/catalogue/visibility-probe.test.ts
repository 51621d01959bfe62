/**
 * No private byte reaches anyone outside its groups, by any path. The probe is generated from the
 * schema: every query field is asked with every id the test knows (public and private), every
 * object field is selected (to a fixed depth), and every field of every type must have been
 * answered in some probe, so a field added later is probed without anyone writing a new test.
 * Exports in every format, file links, subscriptions and the model registry are probed too.
 *
 * alice owns private records whose ids and texts (marked PRIVMARK) must never reach an anonymous
 * caller or bob; public records point at them through provenance (a derivation, a model trained
 * on them, her own agent node), the routes by which they leaked before.
 */
import WebSocket from "ws";
import { createClient } from "graphql-ws";
import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isEnumType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from "graphql";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { linearModel, regressionCard, weights } from "../registry/helpers";
import { Dataset } from "../../src/entities";
import { intensityImage } from "../support/detector-images";

const MARK = "privmark";
const FORMATS = ["CSV", "JSON", "NPY", "CANSAS_XML", "NXCANSAS"];
/** Object levels selected below each root field. */
const SELECTION_DEPTH = 4;

let t: TestPlatform;
let schema: GraphQLSchema;
let alice: string;
let bob: string;
const ids = {
  priv: "",
  pub: "",
  sim: "",
  pubSim: "",
  privModel: "",
  pubModel: "",
  privVersion: "",
  pubVersion: "",
  aliceUser: "",
  analysis: "",
  privSimActivity: "",
  privJob: "",
  pubJob: "",
  privImage: "",
  pubImage: "",
};
/** Ids nobody but alice (and her groups) may learn. */
let privateIds: string[] = [];

async function ok<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const r = await t.gql<T>(query, variables, token);
  if (r.errors) throw new Error(`${query}: ${JSON.stringify(r.errors)}`);
  return r.data!;
}

async function dataset(token: string, title: string, publish: boolean): Promise<string> {
  const { createDataset } = await ok<{ createDataset: { id: string } }>(
    `mutation($t: String!) { createDataset(input: {kind: MEASURED, technique: SANS, title: $t}) { id } }`,
    { t: title },
    token,
  );
  await ok(
    `mutation($id: ID!) { addCurves(datasetId: $id, curves: [{q: [0.01, 0.02, 0.03], intensity: [9, 4, 1], dQl: [0.1, 0.1, 0.1], dQw: [0, 0, 0], columns: [{name: "Qmean", unit: "1/A", values: [0.01, 0.02, 0.03]}]}]) { id } }`,
    { id: createDataset.id },
    token,
  );
  if (publish) await ok(`mutation($id: ID!) { publishDataset(id: $id) { id } }`, { id: createDataset.id }, token);
  return createDataset.id;
}

async function simulate(token: string, title: string, publish: boolean, seed: number): Promise<{ job: string; dataset: string; activity: string }> {
  const { startSimulation } = await ok<{ startSimulation: { id: string } }>(
    `mutation($t: String!, $p: Boolean!, $s: Int!) { startSimulation(input: {title: $t, publish: $p, sasModel: {model: "sphere",
       ranges: [{name: "radius", min: 10, max: 20}], count: 3, seed: $s, q: {min: 0.01, max: 0.1, points: 5}}}) { id } }`,
    { t: title, p: publish, s: seed },
    token,
  );
  const run = await t.services.jobs.waitFor(startSimulation.id, 120_000);
  expect(run.state).toBe("SUCCEEDED");
  return { job: run.id, dataset: (run.result!.datasetIds as string[])[0], activity: run.result!.activityId as string };
}

beforeAll(async () => {
  t = await startTestPlatform({ workers: 1, env: { SASGRAPH_MAX_QUERY_DEPTH: "40", SASGRAPH_MAX_QUERY_COST: "1000000000" } });
  schema = t.server.schema;
  alice = await t.token("alice", ["alpha"]);
  bob = await t.token("bob", ["beta"]);
  const { services } = t;
  const aliceViewer = await services.auth.authenticate(`Bearer ${alice}`);
  ids.aliceUser = aliceViewer.userId!;

  // Facility records, a facility sample and alice's own sample, which only her private data uses.
  const [instrument] = await services.db.query(`INSERT INTO instruments (name, facility, technique) VALUES ('D22', 'ILL', 'SANS') RETURNING id`);
  const [facilitySample] = await services.db.query(`INSERT INTO samples (name) VALUES ('silica standard') RETURNING id`);
  const [ownSample] = await services.db.query(`INSERT INTO samples (name, owner_id) VALUES ('PRIVMARK sample', $1) RETURNING id`, [ids.aliceUser]);
  const [proposal] = await services.db.query(`INSERT INTO proposals (code, title) VALUES ('P-1', 'open proposal') RETURNING id`);

  // A private measurement imported from a file (an INGEST activity naming the file).
  ids.priv = await dataset(alice, "PRIVMARK measured batch", false);
  await ok(
    `mutation($id: ID!) { importCurves(datasetId: $id, format: ASCII, content: "0.01 10\\n0.02 5\\n0.03 2\\n", filename: "PRIVMARK-run.dat") { curvesAdded } }`,
    { id: ids.priv },
    alice,
  );
  // A public dataset reduced from it: the run's parameters and seed would let anyone recompute it.
  ids.pub = await dataset(alice, "Public reduced data", true);
  await services.db.query(`UPDATE datasets SET instrument_id = $1, sample_id = $2, proposal_id = $3 WHERE id = $4`, [
    instrument.id,
    facilitySample.id,
    proposal.id,
    ids.pub,
  ]);
  await services.db.query(`UPDATE datasets SET instrument_id = $1, sample_id = $2 WHERE id = $3`, [instrument.id, ownSample.id, ids.priv]);
  ids.analysis = await services.db.transaction(async (tx) => {
    const a = await services.provenance.createActivity(tx, {
      kind: "ANALYSIS",
      label: "PRIVMARK reduction",
      parameters: { recipe: "PRIVMARK-recipe" },
      seed: 987654321,
      ownerId: ids.aliceUser,
    });
    await services.provenance.recordRun(tx, a, {
      generated: [ids.pub],
      used: [{ type: "DATASET", id: ids.priv }],
      derivedFrom: [{ generated: ids.pub, used: ids.priv }],
    });
    return a.id;
  });
  // Detector images of the private and of the public dataset (their arrays and previews behind links).
  const storeImage = (datasetId: string, parameters: Record<string, unknown>) =>
    services.db.transaction(async (tx) => {
      const dataset = await tx.getRepository(Dataset).findOneByOrFail({ id: datasetId });
      const [image] = await services.images.storeDetectorImages(tx, dataset, [{ ...intensityImage(4, 6), parameters }]);
      return image.id;
    });
  ids.privImage = await storeImage(ids.priv, { model: "cylinder", note: "PRIVMARK image" });
  ids.pubImage = await storeImage(ids.pub, { model: "cylinder" });
  // A private and a public simulation: alice is the agent of both (the public one makes her visible).
  const privSim = await simulate(alice, "PRIVMARK sweep", false, 4242);
  const pubSim = await simulate(alice, "Public sweep", true, 7);
  Object.assign(ids, { sim: privSim.dataset, privSimActivity: privSim.activity, privJob: privSim.job, pubSim: pubSim.dataset, pubJob: pubSim.job });

  // A private model trained on the private data, and a public one trained on both.
  const { w, b } = weights(1);
  const bytes = linearModel(w, b, 6, 3);
  const priv = await services.trainedModels.registry.registerArtifact(aliceViewer, {
    name: "privmark-model",
    task: "REGRESSION",
    card: regressionCard({ name: "privmark-card" }),
    bytes,
    trainingDatasetIds: [ids.priv],
  });
  const pub = await services.trainedModels.registry.registerArtifact(aliceViewer, {
    name: "public-model",
    task: "REGRESSION",
    published: true,
    card: regressionCard(),
    bytes,
    alias: "production",
    trainingDatasetIds: [ids.pub, ids.priv],
  });
  ids.privVersion = priv.id;
  ids.pubVersion = pub.id;
  ids.privModel = priv.modelId;
  ids.pubModel = pub.modelId;
  const trainingOfPublic = pub.activityId!;
  // The public model evaluated on the public data and on the private data: only the first may show.
  await services.evaluations.evaluate(aliceViewer, { model: "public-model", datasetId: ids.pub }, null);
  const privEvaluation = await services.evaluations.evaluate(aliceViewer, { model: "public-model", datasetId: ids.priv }, null);

  const ingest: { id: string }[] = await services.db.query(
    `SELECT a.id FROM activities a JOIN prov_edges e ON e.object_id = a.id AND e.relation = 'wasGeneratedBy' WHERE e.subject_id = $1`,
    [ids.priv],
  );
  const rawFiles: { id: string }[] = await services.db.query(`SELECT id FROM data_files WHERE dataset_id = $1`, [ids.priv]);
  privateIds = [
    ownSample.id,
    ids.priv,
    ids.sim,
    ids.analysis,
    ids.privSimActivity,
    ids.privJob,
    ids.pubJob,
    ids.privImage,
    ids.privModel,
    ids.privVersion,
    priv.activityId!,
    privEvaluation.id,
    trainingOfPublic,
    ...ingest.map((r) => r.id),
    ...rawFiles.map((r) => r.id),
  ];
  expect(new Set(privateIds).size).toBe(privateIds.length);
}, 240_000);

afterAll(async () => {
  await t?.close();
});

// ---- the generated probe ----

/** Arguments of nested fields that require some (none today; a new one must be named here). */
const NESTED_ARGS: Record<string, string> = {};

/** Every query field with the argument sets it is probed with (a new field must be added here). */
function rootArguments(): Record<string, string[]> {
  const everyId = [...new Set([...Object.values(ids), ...privateIds])].filter(Boolean);
  const datasetIds = [ids.priv, ids.pub, ids.sim, ids.pubSim];
  const str = (s: string) => JSON.stringify(s);
  return {
    datasets: ["", `filter: {text: "PRIVMARK"}`, `filter: {owner: "alice"}`, `filter: {published: false}`, `first: 100, orderBy: TITLE_ASC`],
    dataset: datasetIds.map((id) => `id: ${str(id)}`),
    curves: datasetIds.map((id) => `datasetId: ${str(id)}`),
    detectorImage: [ids.privImage, ids.pubImage, ids.priv].map((id) => `id: ${str(id)}`),
    provenance: everyId.flatMap((id) => [0, 1, 2, 3, 5, 10].map((d) => `id: ${str(id)}, depth: ${d}`)),
    me: [""],
    instruments: [""],
    samples: [""],
    job: [ids.privJob, ids.pubJob].map((id) => `id: ${str(id)}`),
    scatteringModels: [""],
    scatteringModel: [`name: "sphere"`],
    computeIntensity: [`input: {model: "sphere", parameters: {radius: 40}, q: {min: 0.01, max: 0.2, points: 4}}`],
    computeIntensity2D: [`input: {model: "cylinder", parameters: {theta: 30}, qx: [0.01, 0.02], qy: [0.01]}`],
    trainingArchitectures: [""],
    virtualInstrumentPresets: [""],
    datasetSvd: datasetIds.map((id) => `datasetId: ${str(id)}, components: 1`),
    models: [""],
    model: ["privmark-model", "alice/privmark-model", "public-model"].map((n) => `name: ${str(n)}`),
    modelVersion: ["privmark-model", "privmark-model:1", "alice/privmark-model@production", ids.privVersion, "public-model@production", ids.pubVersion].map(
      (r) => `ref: ${str(r)}`,
    ),
  };
}

const missingArgs = new Set<string>();

function isLeaf(type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  return isScalarType(named) || isEnumType(named);
}

function requiredArgs(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);
}

/** Every field of `type`, objects `depth` levels down. */
function selection(type: GraphQLObjectType, depth: number): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    const key = `${type.name}.${field.name}`;
    let args = "";
    if (requiredArgs(field)) {
      if (!(key in NESTED_ARGS)) {
        missingArgs.add(key);
        continue;
      }
      args = `(${NESTED_ARGS[key]})`;
    }
    if (isLeaf(field.type)) parts.push(field.name + args);
    else if (depth > 0) parts.push(`${field.name}${args} { ${selection(getNamedType(field.type) as GraphQLObjectType, depth - 1)} }`);
  }
  return parts.length ? parts.join(" ") : "__typename";
}

/** Fields answered, as `Type.field`, found by walking a response along the schema. */
const answered = new Set<string>();

function walk(value: unknown, type: GraphQLOutputType): void {
  if (value === null || value === undefined) return;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    for (const v of value as unknown[]) walk(v, inner.ofType);
    return;
  }
  if (!isObjectType(inner)) return;
  const fields = inner.getFields();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!fields[k]) continue;
    answered.add(`${inner.name}.${k}`);
    walk(v, fields[k].type);
  }
}

interface Probe {
  viewer: "alice" | "anonymous" | "bob";
  operation: string;
  /** What the caller sent (echoed back in errors, which is no leak). */
  sent: string[];
  text: string;
}

const probes: Probe[] = [];

const tokenOf = (viewer: Probe["viewer"]) => (viewer === "alice" ? alice : viewer === "bob" ? bob : undefined);

async function probe(
  viewer: Probe["viewer"],
  kind: "query" | "mutation",
  field: GraphQLField<unknown, unknown>,
  args: string,
): Promise<Record<string, unknown> | undefined> {
  const sel = isLeaf(field.type) ? "" : ` { ${selection(getNamedType(field.type) as GraphQLObjectType, SELECTION_DEPTH)} }`;
  const operation = `${kind} { ${field.name}${args ? `(${args})` : ""}${sel} }`;
  const r = await t.gql<Record<string, unknown>>(operation, {}, tokenOf(viewer));
  expect(r.status).toBeLessThan(500);
  for (const e of r.errors ?? []) expect(e.extensions?.code).not.toBe("INTERNAL_SERVER_ERROR");
  if (r.data?.[field.name] !== undefined && r.data[field.name] !== null) {
    answered.add(`${kind === "query" ? "Query" : "Mutation"}.${field.name}`);
    walk(r.data[field.name], field.type);
  }
  if (process.env.SHOW_PROBE_ERRORS && r.errors && viewer === "alice") console.log(operation.slice(0, 120), JSON.stringify(r.errors).slice(0, 400));
  const sent = [...args.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  probes.push({ viewer, operation, sent, text: JSON.stringify(r) });
  return r.data ?? undefined;
}

/** A private id or the marker in what a viewer got, minus what they sent themselves. */
function leaks(p: Pick<Probe, "text" | "sent">): string[] {
  let text = p.text.toLowerCase();
  // What was sent, whole and in its parts ("owner/name@alias" is echoed as "name", say).
  const echoes = p.sent
    .flatMap((s) => [s, ...s.split(/[@:/]/)])
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  for (const s of echoes) text = text.split(s.toLowerCase()).join("");
  return [...privateIds.filter((id) => text.includes(id.toLowerCase())), ...(text.includes(MARK) ? [MARK] : [])];
}

const VIEWERS: Probe["viewer"][] = ["alice", "anonymous", "bob"];

test("every query field, with every id, as owner, anonymous and another user", async () => {
  const args = rootArguments();
  const queryFields = Object.values(schema.getQueryType()!.getFields());
  expect(queryFields.map((f) => f.name).filter((n) => !(n in args))).toEqual([]);
  // The owner first: anything cached from her view must not be served to the others.
  for (const viewer of VIEWERS) {
    for (const field of queryFields) for (const a of args[field.name]) await probe(viewer, "query", field, a);
  }
  expect([...missingArgs]).toEqual([]);
  for (const p of probes) if (p.viewer !== "alice") expect({ operation: p.operation, leaks: leaks(p) }).toEqual({ operation: p.operation, leaks: [] });
  // Not vacuous: alice sees each of her records somewhere.
  const hers = probes
    .filter((p) => p.viewer === "alice")
    .map((p) => p.text.toLowerCase())
    .join("\n");
  for (const id of privateIds.filter((id) => id !== ids.pubJob)) expect({ id, seen: hers.includes(id) }).toEqual({ id, seen: true });
}, 600_000);

test("exports in every format carry only the provenance their requester may see, and are not listed as files", async () => {
  const request = (id: string, format: string, token?: string) =>
    t.gql<{ requestDownload: { url: string } }>(
      `mutation($id: ID!, $f: ExportFormat!) { requestDownload(datasetId: $id, format: $f) { url filename sha256 size expiresAt directUrl format } }`,
      { id, f: format },
      token,
    );
  const field = schema.getMutationType()!.getFields().requestDownload;
  for (const viewer of VIEWERS) {
    for (const id of [ids.pub, ids.pubSim, ids.priv, ids.sim]) {
      for (const format of FORMATS) {
        const r = await request(id, format, tokenOf(viewer));
        walk(r.data?.requestDownload, field.type);
        const mayRead = viewer === "alice" || id === ids.pub || id === ids.pubSim;
        if (!mayRead) {
          expect(r.errors?.[0].extensions?.code).toBe("NOT_FOUND");
          continue;
        }
        expect(r.errors).toBeUndefined();
        const body = Buffer.from(await (await fetch(r.data!.requestDownload.url)).arrayBuffer()).toString("latin1");
        if (viewer !== "alice") expect({ viewer, id, format, leaks: leaks({ text: body, sent: [] }) }).toEqual({ viewer, id, format, leaks: [] });
        // Her own export of the public dataset does carry its private source: the cache keeps views apart.
        if (viewer === "alice" && id === ids.pub && format === "JSON") expect(body).toContain(ids.priv);
      }
    }
  }
  const files = await ok<{ dataset: { files: { role: string }[] } }>(`query($id: ID!) { dataset(id: $id) { files { role } } }`, { id: ids.pub }, alice);
  expect(files.dataset.files.map((f) => f.role)).not.toContain("EXPORT");
}, 300_000);

test("every file link a caller was given serves only what they may see", async () => {
  for (const p of probes.filter((x) => x.viewer !== "alice")) {
    for (const url of new Set([...p.text.matchAll(/https?:\/\/[^"\\]+\/downloads\/[^"\\]+/g)].map((m) => m[0]))) {
      const body = Buffer.from(await (await fetch(url)).arrayBuffer()).toString("latin1");
      expect({ url, leaks: leaks({ text: body, sent: [] }) }).toEqual({ url, leaks: [] });
    }
  }
});

test("a job's subscription is the owner's alone", async () => {
  const listen = (token: string | undefined, id: string) =>
    new Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }>((resolve) => {
      const client = createClient({
        url: t.url.replace("http", "ws") + "/graphql",
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      });
      let last: { data?: unknown; errors?: { extensions?: { code?: string } }[] } = {};
      client.subscribe(
        { query: `subscription($id: ID!) { jobProgress(id: $id) { id state result } }`, variables: { id } },
        {
          next: (v) => void (last = v as typeof last),
          error: (e) => {
            void client.dispose();
            resolve({ errors: Array.isArray(e) ? e : [{ extensions: { code: "SOCKET" } }] });
          },
          complete: () => {
            void client.dispose();
            resolve(last);
          },
        },
      );
    });
  const own = await listen(alice, ids.privJob);
  expect(JSON.stringify(own.data)).toContain("SUCCEEDED");
  answered.add("Subscription.jobProgress");
  for (const token of [undefined, bob]) {
    const other = await listen(token, ids.privJob);
    expect(other.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect(leaks({ text: JSON.stringify(other), sent: [ids.privJob] })).toEqual([]);
  }
});

test("the model registry tells nobody which private names exist", async () => {
  // Names are per owner: bob may take the name of alice's private model, and learns nothing.
  const r = await t.gql<{ createModel: { name: string } }>(`mutation { createModel(input: {name: "privmark-model", task: REGRESSION}) { name } }`, {}, bob);
  expect(r.errors).toBeUndefined();
  const again = await t.gql(`mutation { createModel(input: {name: "privmark-model", task: REGRESSION}) { name } }`, {}, bob);
  expect(again.errors?.[0].extensions?.code).toBe("CONFLICT");
  // Each sees their own model under the bare name; alice's stays hers.
  const bobs = await ok<{ model: { id: string } }>(`query { model(name: "privmark-model") { id } }`, {}, bob);
  expect(bobs.model.id).not.toBe(ids.privModel);
  const hers = await ok<{ model: { id: string } }>(`query { model(name: "privmark-model") { id } }`, {}, alice);
  expect(hers.model.id).toBe(ids.privModel);
  const predict = await t.gql(
    `mutation { predict(model: "alice/privmark-model", inputs: [{q: [0.01, 0.02], intensity: [2, 1]}]) { executionProvider } }`,
    {},
    bob,
  );
  expect(predict.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  expect(leaks({ text: JSON.stringify(predict), sent: ["alice/privmark-model"] })).toEqual([]);
});

/**
 * Mutations that read (their answers are probed above or here) and those that only write: a write
 * by someone who may not see the record is NOT_FOUND (test/catalogue/access.test.ts). A new
 * mutation must be put in one of the two lists.
 */
const READING_MUTATIONS = ["requestDownload", "predict", "createModel"];
const WRITING_MUTATIONS = [
  "createDataset",
  "reduceDetectorImages",
  "addCurves",
  "importCurves",
  "startImport",
  "createImportUpload",
  "completeImportUpload",
  "publishDataset",
  "shareDataset",
  "deleteDataset",
  "cancelJob",
  "startSimulation",
  "publishModel",
  "shareModel",
  "createModelVersion",
  "completeModelUpload",
  "setModelAlias",
  "predictDataset",
  "startTraining",
  "evaluateModel",
  "compareModels",
];

test("writes by someone who may not see the record answer as if it did not exist", async () => {
  const names = Object.keys(schema.getMutationType()!.getFields());
  expect(names.filter((n) => !READING_MUTATIONS.includes(n) && !WRITING_MUTATIONS.includes(n))).toEqual([]);
  const cases: [string, Record<string, unknown>][] = [
    [`mutation($id: ID!) { addCurves(datasetId: $id, curves: [{q: [0.01], intensity: [1]}]) { id } }`, { id: ids.priv }],
    [`mutation($id: ID!) { publishDataset(id: $id) { id } }`, { id: ids.priv }],
    [`mutation($id: ID!) { shareDataset(id: $id, accessGroups: []) { id } }`, { id: ids.sim }],
    [`mutation($id: ID!) { deleteDataset(id: $id) }`, { id: ids.priv }],
    [`mutation($id: ID!) { reduceDetectorImages(input: {datasetId: $id, thickness: 0.1}) { id } }`, { id: ids.priv }],
    [`mutation($id: ID!) { cancelJob(id: $id) { id } }`, { id: ids.privJob }],
    [`mutation($id: ID!) { createImportUpload(datasetId: $id, format: ASCII, size: 10) { id } }`, { id: ids.priv }],
    [`mutation($id: ID!) { predictDataset(datasetId: $id, model: "public-model") { id } }`, { id: ids.priv }],
    [`mutation { publishModel(name: "alice/privmark-model") { id } }`, {}],
    [`mutation { setModelAlias(model: "alice/privmark-model", alias: "x", version: 1) { alias } }`, {}],
    [
      `mutation($id: ID!) { startTraining(input: {model: "stolen", architecture: "mlp-regressor", datasetIds: [$id], targets: ["radius"]}) { id } }`,
      { id: ids.priv },
    ],
    [`mutation($id: ID!) { evaluateModel(model: "public-model", datasetId: $id) { id } }`, { id: ids.priv }],
    [`mutation($id: ID!) { evaluateModel(model: "alice/privmark-model", datasetId: $id) { id } }`, { id: ids.pub }],
    [`mutation($id: ID!) { compareModels(refs: ["public-model"], datasetId: $id) { best } }`, { id: ids.priv }],
    [`mutation($id: ID!) { compareModels(refs: ["alice/privmark-model"], datasetId: $id) { best } }`, { id: ids.pub }],
  ];
  for (const [query, variables] of cases) {
    const r = await t.gql(query, variables, bob);
    expect({ query, code: r.errors?.[0].extensions?.code }).toEqual({ query, code: "NOT_FOUND" });
    expect(leaks({ text: JSON.stringify(r), sent: Object.values(variables).map(String).concat(["alice/privmark-model"]) })).toEqual([]);
  }
});

test("compareModels answers each viewer from what they may see", async () => {
  const field = schema.getMutationType()!.getFields().compareModels;
  for (const viewer of VIEWERS) {
    await probe(viewer, "mutation", field, `refs: ["public-model"], datasetId: ${JSON.stringify(ids.pub)}`);
    const last = probes[probes.length - 1];
    if (viewer !== "alice") expect(leaks(last)).toEqual([]);
  }
});

test("every field of every type was answered by some probe", () => {
  const exempt: Record<string, string> = {
    // Mutation payload types the reading probes do not return; their fields are plain echoes of the caller's own input.
    ...Object.fromEntries(
      ["ImportResult", "ImportUpload", "ModelUpload", "PredictResult", "Prediction", "PredictedParameter", "ClassProbability", "GeneratedCurve"].map((n) => [
        n,
        "returned by writes of the caller's own records",
      ]),
    ),
  };
  const unanswered: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__") || type.name === "Mutation") continue;
    if (type.name in exempt) continue;
    for (const f of Object.keys(type.getFields())) if (!answered.has(`${type.name}.${f}`)) unanswered.push(`${type.name}.${f}`);
  }
  expect(unanswered).toEqual([]);
});
