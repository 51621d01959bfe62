/**
 * Review probes (trust): a private dataset never reaches anyone outside its owner and groups through
 * training — not as training or validation data of another user's run, and not through the card,
 * version, provenance or job of a model trained on it, even once that model is published.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { sphereCurves } from "./synthetic";
import type { TrainingCurve } from "../../src/training/problem";
import { resolveHyperparameters } from "../../src/jobs/kinds/training";

let t: TestPlatform;
let alice: string;
let bob: string;

const SECRET_TITLE = "alice's embargoed spheres 7f3a";

beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  alice = await t.token("alice", ["alice-lab"]);
  bob = await t.token("bob", ["bob-lab"]);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const START = `mutation($input: TrainingInput!) { startTraining(input: $input) { id state } }`;
const TINY = { epochs: 3, layers: 1, width: 4 };

async function dataset(token: string, title: string, curves: TrainingCurve[]): Promise<string> {
  const created = await t.gql<{ createDataset: { id: string } }>(
    `mutation($t: String!) { createDataset(input: {kind: SIMULATED, technique: SANS, title: $t}) { id } }`,
    { t: title },
    token,
  );
  expect(created.errors).toBeUndefined();
  const id = created.data!.createDataset.id;
  const added = await t.gql(
    `mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`,
    { id, c: curves.map((c) => ({ q: Array.from(c.q), intensity: Array.from(c.intensity), parameters: c.parameters })) },
    token,
  );
  expect(added.errors).toBeUndefined();
  return id;
}

let secret: string;
let labOnly: string;
let bobs: string;

beforeAll(async () => {
  secret = await dataset(alice, SECRET_TITLE, sphereCurves(12, 31));
  labOnly = await dataset(alice, "alice-lab spheres", sphereCurves(12, 32));
  const shared = await t.gql(`mutation($id: ID!) { shareDataset(id: $id, accessGroups: ["alice-lab"]) { id } }`, { id: labOnly }, alice);
  expect(shared.errors).toBeUndefined();
  bobs = await dataset(bob, "bob's spheres", sphereCurves(12, 33));
});

describe("another user's private data cannot be trained on", () => {
  test.each([
    ["by id", () => ({ datasetIds: [secret] })],
    ["as validation data", () => ({ datasetIds: [bobs], validationDatasetIds: [secret] })],
    ["shared to a group bob is not in", () => ({ datasetIds: [labOnly] })],
    ["beside his own dataset", () => ({ datasetIds: [bobs, secret] })],
  ])("%s: NOT_FOUND, saying nothing of the dataset, and no job", async (_, data) => {
    const r = await t.gql(START, { input: { model: "bob-probe", architecture: "mlp-regressor", targets: ["radius"], hyperparameters: TINY, ...data() } }, bob);
    expect(r.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(r.errors![0].message).not.toContain(SECRET_TITLE);
    expect(r.errors![0].message).not.toMatch(/curve|parameter|radius/);
    const [{ n }] = (await t.services.db.query(`SELECT count(*)::int AS n FROM job_runs WHERE input->>'model' = 'bob-probe'`)) as { n: number }[];
    expect(n).toBe(0);
  });

  test("an unknown id and a hidden one answer alike", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const a = await t.gql(START, { input: { model: "bob-probe", architecture: "mlp-regressor", targets: ["radius"], datasetIds: [unknown] } }, bob);
    const b = await t.gql(START, { input: { model: "bob-probe", architecture: "mlp-regressor", targets: ["radius"], datasetIds: [secret] } }, bob);
    expect(b.errors![0].message.replace(secret, "ID")).toBe(a.errors![0].message.replace(unknown, "ID"));
    expect(b.errors![0].extensions).toEqual(a.errors![0].extensions);
  });

  test("the job reads as its owner is when it runs: a dataset unshared after queuing is NOT_FOUND then, and nothing is registered", async () => {
    await t.token("carol", ["alice-lab"]);
    const [{ id: carolId }] = (await t.services.db.query(`SELECT id FROM users WHERE name = 'carol'`)) as { id: string }[];
    const input = {
      model: "carol-probe",
      architecture: "mlp-regressor",
      datasetIds: [labOnly],
      targets: ["radius"],
      inputTransform: "LOG10" as const,
      hyperparameters: resolveHyperparameters("mlp-regressor", TINY),
      seed: 0,
    };
    await t.gql(`mutation($id: ID!) { shareDataset(id: $id, accessGroups: []) { id } }`, { id: labOnly }, alice);
    try {
      const viewer = await t.services.auth.viewerFor(carolId);
      const ran = t.services.training.run(
        viewer,
        input,
        async () => undefined,
        new AbortController().signal,
        async () => undefined,
      );
      await expect(ran).rejects.toMatchObject({ code: "NOT_FOUND" });
      const [{ n }] = (await t.services.db.query(`SELECT count(*)::int AS n FROM models WHERE name = 'carol-probe'`)) as { n: number }[];
      expect(n).toBe(0);
    } finally {
      await t.gql(`mutation($id: ID!) { shareDataset(id: $id, accessGroups: ["alice-lab"]) { id } }`, { id: labOnly }, alice);
    }
  });
});

describe("a published model trained on a private dataset", () => {
  let jobId: string;
  let versionId: string;

  beforeAll(async () => {
    const r = await t.gql<{ startTraining: { id: string } }>(
      START,
      { input: { model: "public-sizer", architecture: "mlp-regressor", targets: ["radius"], datasetIds: [secret, labOnly], hyperparameters: TINY, seed: 1 } },
      alice,
    );
    expect(r.errors).toBeUndefined();
    jobId = r.data!.startTraining.id;
    const run = await t.services.jobs.waitFor(jobId, 300_000);
    expect({ state: run.state, error: run.error }).toEqual({ state: "SUCCEEDED", error: null });
    versionId = (run.result!.versions as { id: string }[])[0].id;
    const published = await t.gql(`mutation { publishModel(name: "public-sizer") { published } }`, {}, alice);
    expect(published.errors).toBeUndefined();
  }, 300_000);

  const CARD = `query($ref: String!) { modelVersion(ref: $ref) { id card trainingDatasets { id title } model { name } } }`;

  test("its owner still sees the datasets on the card", async () => {
    const r = await t.gql<{ modelVersion: { card: { training: { datasetIds: string[] } } } }>(CARD, { ref: "alice/public-sizer" }, alice);
    expect(r.errors).toBeUndefined();
    expect(r.data!.modelVersion.card.training.datasetIds).toEqual([secret, labOnly]);
  });

  test.each([
    ["anonymous", () => undefined],
    ["bob", () => bob],
  ])("%s may use it but learns neither the private datasets' ids nor their titles", async (_, token) => {
    const r = await t.gql<{
      modelVersion: { id: string; card: { training: { datasetIds: string[]; validationDatasetIds: string[] } }; trainingDatasets: unknown[] };
    }>(CARD, { ref: "alice/public-sizer" }, token());
    expect(r.errors).toBeUndefined();
    const body = JSON.stringify(r.data);
    expect(body).not.toContain(secret);
    expect(body).not.toContain(labOnly);
    expect(body).not.toContain(SECRET_TITLE);
    expect(r.data!.modelVersion.trainingDatasets).toEqual([]);
    // The card still says how it was trained, and that two datasets it may not see went into it.
    expect(r.data!.modelVersion.card.training.datasetIds).toEqual([]);

    // Through predict's answer too (the same ModelVersion type).
    const q = Array.from({ length: 40 }, (_, i) => 0.01 * Math.pow(30, i / 39));
    const p = await t.gql(
      `mutation($q: [Float]!, $i: [Float]!) { predict(model: "alice/public-sizer", inputs: [{q: $q, intensity: $i}]) { modelVersion { card } } }`,
      { q, i: q.map(() => 1) },
      token(),
    );
    expect(p.errors).toBeUndefined();
    expect(JSON.stringify(p.data)).not.toContain(secret);

    // Provenance: the version is there, the activity and the datasets are cut.
    const prov = await t.gql(
      `query($id: ID!) { provenance(id: $id) { nodes { id type label } edges { subjectId objectId } provJson } }`,
      { id: versionId },
      token(),
    );
    expect(prov.errors).toBeUndefined();
    const text = JSON.stringify(prov.data);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(labOnly);
    expect(text).not.toContain(SECRET_TITLE);
    expect(text).not.toContain('"ACTIVITY"');
  });

  test("a viewer in the dataset's group sees that dataset's id and only that one", async () => {
    const carolToken = await t.token("carol", ["alice-lab"]);
    const r = await t.gql<{ modelVersion: { card: { training: { datasetIds: string[] } }; trainingDatasets: { id: string }[] } }>(
      CARD,
      { ref: "alice/public-sizer" },
      carolToken,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.modelVersion.card.training.datasetIds).toEqual([labOnly]);
    expect(r.data!.modelVersion.trainingDatasets.map((d) => d.id)).toEqual([labOnly]);
    expect(JSON.stringify(r.data)).not.toContain(secret);
  });

  test("bob can neither read nor cancel alice's training job", async () => {
    const read = await t.gql(`query($id: ID!) { job(id: $id) { id result error } }`, { id: jobId }, bob);
    expect(read.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const cancel = await t.gql(`mutation($id: ID!) { cancelJob(id: $id) { id state } }`, { id: jobId }, bob);
    expect(cancel.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const anon = await t.gql(`query($id: ID!) { job(id: $id) { id } }`, { id: jobId });
    expect(anon.errors?.[0]?.extensions?.code).not.toBe("INTERNAL_SERVER_ERROR");
    expect(JSON.stringify(anon)).not.toContain(secret);
  });

  test("bob cannot add a version to alice's published model", async () => {
    const r = await t.gql(START, { input: { model: "alice/public-sizer", architecture: "mlp-regressor", targets: ["radius"], datasetIds: [bobs] } }, bob);
    expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
