/**
 * Review probes (reproducibility and all-or-nothing): the same seed and data give the same ONNX
 * file for every supervised architecture; a run that fails anywhere in registration (a clashing
 * model, object storage down, the job's own commit refused) leaves no model, version, activity,
 * edge or file; and every READY trained version has its whole provenance.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { mixedCurves, sphereCurves } from "./synthetic";
import type { TrainingCurve } from "../../src/training/problem";
import { resolveHyperparameters, type TrainModelInput } from "../../src/jobs/kinds/training";
import type { Viewer } from "../../src/services/viewer";

let t: TestPlatform;
let alice: string;
let viewer: Viewer;

beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  alice = await t.token("alice");
  const [{ id }] = (await t.services.db.query(`SELECT id FROM users WHERE name = 'alice'`)) as { id: string }[];
  viewer = await t.services.auth.viewerFor(id);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const START = `mutation($input: TrainingInput!) { startTraining(input: $input) { id } }`;

async function dataset(title: string, curves: TrainingCurve[]): Promise<string> {
  const created = await t.gql<{ createDataset: { id: string } }>(
    `mutation($t: String!) { createDataset(input: {kind: SIMULATED, technique: SANS, title: $t}) { id } }`,
    { t: title },
    alice,
  );
  const id = created.data!.createDataset.id;
  const added = await t.gql(
    `mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`,
    { id, c: curves.map((c) => ({ q: Array.from(c.q), intensity: Array.from(c.intensity), parameters: c.parameters })) },
    alice,
  );
  expect(added.errors).toBeUndefined();
  return id;
}

let spheres: string;
let mixed: string;
let held: string;

beforeAll(async () => {
  spheres = await dataset("spheres", sphereCurves(16, 51));
  held = await dataset("held-out spheres", sphereCurves(6, 52));
  mixed = await dataset("spheres and cylinders", mixedCurves(8, 53));
});

async function trained(input: Record<string, unknown>): Promise<{ sha256: string; versionId: string }> {
  const r = await t.gql<{ startTraining: { id: string } }>(START, { input }, alice);
  expect(r.errors).toBeUndefined();
  const run = await t.services.jobs.waitFor(r.data!.startTraining.id, 300_000);
  expect({ state: run.state, error: run.error }).toEqual({ state: "SUCCEEDED", error: null });
  const [{ id }] = run.result!.versions as { id: string }[];
  const [row] = (await t.services.db.query(`SELECT sha256 FROM model_versions WHERE id = $1`, [id])) as { sha256: string }[];
  return { sha256: row.sha256, versionId: id };
}

describe("same seed and data, same weights", () => {
  test.each([
    [
      "mlp-regressor with uncertainties and validation datasets",
      { architecture: "mlp-regressor", targets: ["radius"], hyperparameters: { epochs: 3, width: 8, uncertainty: true } },
      true,
    ],
    ["cnn-classifier", { architecture: "cnn-classifier", targets: ["model"], hyperparameters: { epochs: 3, filters: 4 } }, false],
    ["multi-task", { architecture: "multi-task", targets: ["model", "radius"], hyperparameters: { epochs: 3 } }, false],
  ])(
    "%s",
    async (name, spec, withHeld) => {
      const data = withHeld ? { datasetIds: [spheres], validationDatasetIds: [held] } : { datasetIds: [mixed] };
      const slug = name.split(" ")[0];
      const a = await trained({ ...spec, ...data, model: `${slug}-a`, seed: 11 });
      const b = await trained({ ...spec, ...data, model: `${slug}-b`, seed: 11 });
      const c = await trained({ ...spec, ...data, model: `${slug}-c`, seed: 12 });
      expect(b.sha256).toBe(a.sha256);
      expect(c.sha256).not.toBe(a.sha256);
    },
    600_000,
  );
});

describe("all or nothing", () => {
  const input = (model: string): TrainModelInput => ({
    model,
    architecture: "mlp-regressor",
    datasetIds: [spheres],
    targets: ["radius"],
    inputTransform: "LOG10",
    hyperparameters: resolveHyperparameters("mlp-regressor", { epochs: 2, width: 4, layers: 1 }),
    seed: 0,
  });
  const run = (
    model: string,
    onCommit: () => Promise<void> = async () => undefined,
    progress: (fraction: number, message: string) => Promise<void> = async () => undefined,
  ) => t.services.training.run(viewer, input(model), progress, new AbortController().signal, onCommit);

  async function nothingOf(model: string, filesBefore: number): Promise<void> {
    const [{ m }] = (await t.services.db.query(`SELECT count(*)::int AS m FROM models WHERE name = $1 AND task = 'REGRESSION'`, [model])) as { m: number }[];
    expect(m).toBe(0);
    const [{ a }] = (await t.services.db.query(`SELECT count(*)::int AS a FROM activities WHERE kind = 'TRAINING' AND parameters->>'model' = $1`, [model])) as {
      a: number;
    }[];
    expect(a).toBe(0);
    const [{ orphans }] = (await t.services.db.query(
      `SELECT count(*)::int AS orphans FROM prov_edges e WHERE e.subject_type = 'MODEL_VERSION' AND NOT EXISTS (SELECT 1 FROM model_versions v WHERE v.id = e.subject_id)`,
    )) as { orphans: number }[];
    expect(orphans).toBe(0);
    expect((await t.services.store.list("models/")).length).toBe(filesBefore);
  }

  test("a model of that name and another task, made while the job trained: BAD_USER_INPUT, nothing registered", async () => {
    const made = await t.gql(`mutation { createModel(input: {name: "clash", task: CLASSIFICATION}) { id } }`, {}, alice);
    expect(made.errors).toBeUndefined();
    const before = (await t.services.store.list("models/")).length;
    await expect(run("clash")).rejects.toMatchObject({ code: "BAD_USER_INPUT", message: expect.stringMatching(/model clash is a CLASSIFICATION model/) });
    await nothingOf("clash", before);
    const [{ v }] = (await t.services.db.query(
      `SELECT count(*)::int AS v FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = 'clash'`,
    )) as {
      v: number;
    }[];
    expect(v).toBe(0);
  }, 300_000);

  test("the job's own commit refused (cancelled while registering): nothing registered, no file left", async () => {
    const before = (await t.services.store.list("models/")).length;
    await expect(
      run("late-cancel", async () => {
        throw new Error("the job was cancelled");
      }),
    ).rejects.toThrow(/cancelled/);
    await nothingOf("late-cancel", before);
  }, 300_000);

  test("object storage down when the file is written: UNAVAILABLE (retried), nothing registered", async () => {
    const before = (await t.services.store.list("models/")).length;
    // Stop the store once the network is trained and checked: registration is the only write to it.
    const attempt = run("store-down", undefined, async (_, message) => {
      if (message.startsWith("registering")) await t.s3.stop();
    });
    try {
      await expect(attempt).rejects.toMatchObject({ code: "UNAVAILABLE" });
    } finally {
      await t.restartStore();
    }
    await nothingOf("store-down", before);
  }, 300_000);

  test("two runs registering into the same new model at once: both land, as versions 1 and 2", async () => {
    const made = await Promise.allSettled([run("race"), run("race")]);
    expect(made.map((m) => (m.status === "rejected" ? String(m.reason) : "ok"))).toEqual(["ok", "ok"]);
    const versions = made.flatMap((m) => (m.status === "fulfilled" ? m.value.versions.map((v) => v.version) : []));
    expect(versions.sort()).toEqual([1, 2]);
  }, 300_000);

  test("every READY trained version has its activity, its wasGeneratedBy and a wasDerivedFrom per training dataset", async () => {
    const broken = (await t.services.db.query(
      `SELECT v.id FROM model_versions v JOIN activities a ON a.id = v.activity_id
        WHERE a.kind = 'TRAINING' AND v.state = 'READY' AND (
          NOT EXISTS (SELECT 1 FROM prov_edges e WHERE e.relation = 'wasGeneratedBy' AND e.subject_id = v.id AND e.object_id = a.id)
          OR EXISTS (SELECT 1 FROM unnest(v.training_dataset_ids) d(id) WHERE NOT EXISTS (
               SELECT 1 FROM prov_edges e WHERE e.relation = 'wasDerivedFrom' AND e.subject_id = v.id AND e.object_id = d.id))
          OR EXISTS (SELECT 1 FROM unnest(v.training_dataset_ids) d(id) WHERE NOT EXISTS (
               SELECT 1 FROM prov_edges e WHERE e.relation = 'used' AND e.subject_id = a.id AND e.object_id = d.id)))`,
    )) as { id: string }[];
    expect(broken).toEqual([]);
    const [{ n }] = (await t.services.db.query(`SELECT count(*)::int AS n FROM model_versions WHERE state = 'READY' AND activity_id IS NOT NULL`)) as {
      n: number;
    }[];
    expect(n).toBeGreaterThanOrEqual(11);
    // Validation datasets are lineage too.
    const [{ h }] = (await t.services.db.query(`SELECT count(*)::int AS h FROM prov_edges WHERE relation = 'wasDerivedFrom' AND object_id = $1`, [held])) as {
      h: number;
    }[];
    expect(h).toBe(3);
  });
});
