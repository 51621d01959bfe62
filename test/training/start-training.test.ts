/**
 * startTraining end to end on the embedded database: the job trains on a worker thread, registers
 * READY versions whose cards carry domain, metrics and the training record, the version predicts,
 * and its provenance reaches the dataset. Bad requests are refused with a code and a message;
 * a cancelled run registers nothing.
 */
import { evaluate } from "../../src/compute/sas";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { mixedCurves, Q, sphereCurves } from "./synthetic";
import type { TrainingCurve } from "../../src/training/problem";
import { OnnxGraphBuilder } from "../../src/onnx";
import { checkInOnnxRuntime } from "../../src/training/onnx-check";

let t: TestPlatform;
let alice: string;
let bob: string;

beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  alice = await t.token("alice");
  bob = await t.token("bob");
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const START = `mutation($input: TrainingInput!) { startTraining(input: $input) { id state queue } }`;

async function dataset(token: string, title: string, curves: TrainingCurve[]): Promise<string> {
  const created = await t.gql<{ createDataset: { id: string } }>(
    `mutation($t: String!) { createDataset(input: {kind: SIMULATED, technique: SANS, title: $t}) { id } }`,
    { t: title },
    token,
  );
  expect(created.errors).toBeUndefined();
  const id = created.data!.createDataset.id;
  if (curves.length > 0) {
    const added = await t.gql(
      `mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`,
      { id, c: curves.map((c) => ({ q: Array.from(c.q), intensity: Array.from(c.intensity), parameters: c.parameters })) },
      token,
    );
    expect(added.errors).toBeUndefined();
  }
  return id;
}

async function start(input: Record<string, unknown>, token = alice) {
  return t.gql<{ startTraining: { id: string; state: string; queue: string } }>(START, { input }, token);
}

async function until(ok: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await ok())) await new Promise((r) => setTimeout(r, 100));
}

let spheres: string;

beforeAll(async () => {
  spheres = await dataset(alice, "spheres for training", sphereCurves(120, 21));
});

describe("startTraining", () => {
  test("defaults alone train an MLP regressor: SUCCEEDED, a READY version with its card, it predicts, provenance reaches the dataset", async () => {
    const started = await start({ model: "sphere-radius", architecture: "mlp-regressor", datasetIds: [spheres], targets: ["radius"] });
    expect(started.errors).toBeUndefined();
    expect(started.data!.startTraining.queue).toBe("train-model");
    const id = started.data!.startTraining.id;
    const messages: string[] = [];
    for await (const run of t.services.jobs.watch(id)) messages.push(run.message);
    const run = await t.services.jobs.waitFor(id, 300_000);
    expect({ state: run.state, error: run.error }).toEqual({ state: "SUCCEEDED", error: null });
    // Progress per epoch: epoch of epochs, both losses and the time left.
    expect(messages.some((m) => /^epoch \d+ of 300: train loss [\d.e+-]+, validation loss [\d.e+-]+; about \d+ (s|min) left/.test(m))).toBe(true);

    const versions = run.result!.versions as { id: string; role: string; model: string; version: number }[];
    expect(versions).toEqual([{ id: expect.any(String), role: "REGRESSOR", model: "sphere-radius", version: 1 }]);

    const models = await t.gql<{ models: { name: string; task: string; versions: { id: string; state: string; card: Record<string, unknown> }[] }[] }>(
      `{ models { name task versions { id state card } } }`,
      {},
      alice,
    );
    const model = models.data!.models.find((m) => m.name === "sphere-radius")!;
    expect(model.task).toBe("REGRESSION");
    const [version] = model.versions;
    expect(version.id).toBe(versions[0].id);
    expect(version.state).toBe("READY");
    const card = version.card as {
      domain: { qMin: number; qMax: number; parameters: Record<string, { min: number; max: number }> };
      metrics: Record<string, number>;
      training: Record<string, unknown>;
    };
    expect(card.domain.qMin).toBeCloseTo(Q[0], 12);
    expect(card.domain.qMax).toBeCloseTo(Q[Q.length - 1], 12);
    expect(card.domain.parameters.radius.min).toBeGreaterThanOrEqual(20);
    expect(card.domain.parameters.radius.max).toBeLessThanOrEqual(80);
    expect(card.training).toMatchObject({
      architecture: "mlp-regressor",
      role: "REGRESSOR",
      seed: 0,
      inputTransform: "LOG10",
      targets: ["radius"],
      datasetIds: [spheres],
      validationFraction: 0.2,
      hyperparameters: { epochs: 300, layers: 2, width: 64, learningRate: 0.001 },
    });
    expect(["wasm", "cpu", "tensorflow"]).toContain(card.training.backend);
    expect(card.training.wallSeconds).toBeGreaterThan(0);
    expect((card.training.history as unknown[]).length).toBe(card.metrics.epochs);
    // Held-out RMSE on a 20-80 Å range, from the defaults alone.
    expect(card.metrics.radius_rmse).toBeLessThan(3);

    // Predict on a new sphere of radius 47 Å.
    const { I } = evaluate("sphere", { radius: 47, background: 0.001 }, Q);
    const predicted = await t.gql<{ predict: { predictions: { parameters: { name: string; value: number; unit: string }[]; warnings: string[] }[] } }>(
      `mutation($q: [Float]!, $i: [Float]!) { predict(model: "sphere-radius", inputs: [{q: $q, intensity: $i}]) { predictions { parameters { name value unit } warnings } } }`,
      { q: Array.from(Q), i: Array.from(I) },
      alice,
    );
    expect(predicted.errors).toBeUndefined();
    const [radius] = predicted.data!.predict.predictions[0].parameters;
    expect(radius.name).toBe("radius");
    expect(radius.unit).toBe("Å");
    expect(Math.abs(radius.value - 47)).toBeLessThan(4);

    // Provenance: the version was derived from the dataset; its TRAINING activity used it.
    const prov = await t.gql<{
      provenance: {
        nodes: { id: string; type: string }[];
        edges: { relation: string; subjectId: string; objectId: string; subjectType: string; objectType: string }[];
      };
    }>(`query($id: ID!) { provenance(id: $id) { nodes { id type } edges { relation subjectId subjectType objectId objectType } } }`, { id: version.id }, alice);
    expect(prov.errors).toBeUndefined();
    const edges = prov.data!.provenance.edges;
    expect(edges).toContainEqual({ relation: "wasDerivedFrom", subjectId: version.id, subjectType: "MODEL_VERSION", objectId: spheres, objectType: "DATASET" });
    const generatedBy = edges.find((e) => e.relation === "wasGeneratedBy" && e.subjectId === version.id)!;
    expect(generatedBy.objectId).toBe(run.result!.activityId);
    expect(edges).toContainEqual({ relation: "used", subjectId: generatedBy.objectId, subjectType: "ACTIVITY", objectId: spheres, objectType: "DATASET" });
    const [activity] = (await t.services.db.query(`SELECT kind FROM activities WHERE id = $1`, [generatedBy.objectId])) as { kind: string }[];
    expect(activity.kind).toBe("TRAINING");

    // Training again registers version 2 of the same model.
    const again = await start({
      model: "sphere-radius",
      architecture: "mlp-regressor",
      datasetIds: [spheres],
      targets: ["radius"],
      hyperparameters: { epochs: 3 },
    });
    const second = await t.services.jobs.waitFor(again.data!.startTraining.id, 300_000);
    expect((second.result!.versions as { version: number }[])[0].version).toBe(2);
  }, 600_000);

  test("a multi-task run registers one MULTI_TASK version with a classification and a regression head", async () => {
    const mixed = await dataset(alice, "spheres and cylinders", mixedCurves(40, 7));
    const started = await start({
      model: "shape-and-size",
      architecture: "multi-task",
      datasetIds: [mixed],
      targets: ["model", "radius", "length"],
      hyperparameters: { epochs: 40 },
      seed: 3,
    });
    expect(started.errors).toBeUndefined();
    const run = await t.services.jobs.waitFor(started.data!.startTraining.id, 300_000);
    expect({ state: run.state, error: run.error }).toEqual({ state: "SUCCEEDED", error: null });
    expect((run.result!.versions as { role: string }[])[0].role).toBe("CLASSIFIER");
    const [row] = (await t.services.db.query(
      `SELECT m.task, v.card FROM models m JOIN model_versions v ON v.model_id = m.id WHERE m.name = 'shape-and-size'`,
    )) as {
      task: string;
      card: { outputs: { kind: string; labels?: string[] }[] };
    }[];
    expect(row.task).toBe("MULTI_TASK");
    expect(row.card.outputs.map((h) => h.kind)).toEqual(["classification", "regression"]);
    expect(row.card.outputs[0].labels).toEqual(["cylinder", "sphere"]);
  }, 600_000);

  test("a 1D-CNN classifier on QUOTIENT features: its version classifies a new curve through predict", async () => {
    const mixed = await dataset(alice, "spheres and cylinders for the CNN", mixedCurves(40, 11));
    const started = await start({
      model: "shape-cnn",
      architecture: "cnn-classifier",
      datasetIds: [mixed],
      targets: ["model"],
      inputTransform: "QUOTIENT",
      hyperparameters: { epochs: 60, filters: 8 },
      seed: 5,
    });
    expect(started.errors).toBeUndefined();
    const run = await t.services.jobs.waitFor(started.data!.startTraining.id, 300_000);
    expect({ state: run.state, error: run.error }).toEqual({ state: "SUCCEEDED", error: null });
    // A cylinder of radius 25 Å and length 300 Å, ten times brighter: QUOTIENT features do not see the scale.
    const { I } = evaluate("cylinder", { radius: 25, length: 300, background: 0.001, scale: 10 }, Q);
    const predicted = await t.gql<{ predict: { predictions: { classes: { label: string; probability: number }[] }[] } }>(
      `mutation($q: [Float]!, $i: [Float]!) { predict(model: "shape-cnn", inputs: [{q: $q, intensity: $i}]) { predictions { classes { label probability } } } }`,
      { q: Array.from(Q), i: Array.from(I) },
      alice,
    );
    expect(predicted.errors).toBeUndefined();
    expect(predicted.data!.predict.predictions[0].classes[0].label).toBe("cylinder");
  }, 600_000);

  test("an architecture's own rule is checked when the job is asked for", async () => {
    const mixed = await dataset(alice, "spheres and cylinders, 40 points", mixedCurves(3, 12));
    const r = await start({
      model: "too-deep",
      architecture: "cnn-classifier",
      datasetIds: [mixed],
      targets: ["model"],
      hyperparameters: { convolutions: 4, kernelSize: 20, stride: 1 },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors![0].message).toMatch(/4 convolutions of kernel 20 and stride 1 do not fit a curve of 40 features/);
  });

  test("through the job too, the same seed and data give the same weights (the ONNX file's sha256); another seed others", async () => {
    const run = async (model: string, seed: number) => {
      const r = await start({ model, architecture: "mlp-regressor", datasetIds: [spheres], targets: ["radius"], hyperparameters: { epochs: 4 }, seed });
      const done = await t.services.jobs.waitFor(r.data!.startTraining.id, 300_000);
      expect(done.state).toBe("SUCCEEDED");
      const [{ id }] = done.result!.versions as { id: string }[];
      const [row] = (await t.services.db.query(`SELECT sha256 FROM model_versions WHERE id = $1`, [id])) as { sha256: string }[];
      return row.sha256;
    };
    const a = await run("seeded-a", 42);
    expect(await run("seeded-b", 42)).toBe(a);
    expect(await run("seeded-c", 43)).not.toBe(a);
  }, 600_000);

  test("bad requests: a code and a message naming what to change, and no job", async () => {
    const empty = await dataset(alice, "empty", []);
    const bobs = await dataset(bob, "bob's private spheres", sphereCurves(5, 2));
    const base = { model: "bad", architecture: "mlp-regressor", datasetIds: [spheres], targets: ["radius"] };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        { ...base, architecture: "transformer" },
        "BAD_USER_INPUT",
        /architecture "transformer" is not known; architectures are mlp-regressor, mlp-classifier, cnn-classifier, multi-task/,
      ],
      [{ ...base, hyperparameters: { depth: 3 } }, "BAD_USER_INPUT", /hyperparameters.depth is not a field here; fields are layers, width, epochs/],
      [
        { ...base, hyperparameters: { epochs: 0 } },
        "BAD_USER_INPUT",
        /hyperparameters.epochs must be an integer from 1 to 5000, not 0 \(Most passes over the training curves\)/,
      ],
      [{ ...base, hyperparameters: { learningRate: "fast" } }, "BAD_USER_INPUT", /hyperparameters.learningRate must be a number in \(0, 1\], not "fast"/],
      [{ ...base, targets: ["radius_pd"] }, "BAD_USER_INPUT", /curve [0-9a-f-]+ of dataset [0-9a-f-]+ has no parameter "radius_pd" \(target radius_pd\)/],
      [{ ...base, datasetIds: [bobs] }, "NOT_FOUND", /was not found/],
      [{ ...base, datasetIds: [empty] }, "BAD_USER_INPUT", /dataset [0-9a-f-]+ has no curves to train on/],
      [{ ...base, validationFraction: 0.2, validationDatasetIds: [spheres] }, "BAD_USER_INPUT", /validationFraction or validationDatasetIds, not both/],
      [{ ...base, model: "no spaces allowed" }, "BAD_USER_INPUT", /model "no spaces allowed" must be 1-100 letters/],
      // An architecture's own rules (here the VAE's two targets) are the caller's to fix too.
      [{ ...base, architecture: "hard-sphere-vae" }, "BAD_USER_INPUT", /hard-sphere-vae/],
    ];
    for (const [input, code, message] of cases) {
      const r = await start(input);
      expect({ input, code: r.errors?.[0]?.extensions?.code }).toEqual({ input, code });
      expect(r.errors![0].message).toMatch(message);
    }
    const [{ n }] = (await t.services.db.query(`SELECT count(*)::int AS n FROM job_runs j WHERE j.queue = 'train-model' AND j.input->>'model' = 'bad'`)) as {
      n: number;
    }[];
    expect(n).toBe(0);
    // Someone else's model of that name is not written: bob's "sphere-radius" is his own new model.
    const bobSpheres = await dataset(bob, "bob's spheres", sphereCurves(20, 3));
    const foreign = await start({ model: "alice/sphere-radius", architecture: "mlp-regressor", datasetIds: [bobSpheres], targets: ["radius"] }, bob);
    expect(foreign.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  }, 300_000);

  test("a cancelled run stops its thread and registers nothing", async () => {
    const started = await start({
      model: "never-registered",
      architecture: "mlp-regressor",
      datasetIds: [spheres],
      targets: ["radius"],
      hyperparameters: { epochs: 5000, patience: 5000, batchSize: 4 },
    });
    const id = started.data!.startTraining.id;
    const progress = async () =>
      ((await t.services.db.query(`SELECT progress, message FROM job_runs WHERE id = $1`, [id])) as { progress: number; message: string }[])[0];
    await until(async () => /^epoch \d+/.test((await progress()).message));
    const cancelled = await t.gql<{ cancelJob: { state: string } }>(`mutation($id: ID!) { cancelJob(id: $id) { state } }`, { id }, alice);
    expect(cancelled.data!.cancelJob.state).toBe("CANCELLED");
    await until(() => !t.services.jobs.isRunning(id));
    const [{ n }] = (await t.services.db.query(`SELECT count(*)::int AS n FROM models WHERE name = 'never-registered'`)) as { n: number }[];
    expect(n).toBe(0);
    const [{ a }] = (await t.services.db.query(
      `SELECT count(*)::int AS a FROM activities WHERE kind = 'TRAINING' AND parameters->>'model' = 'never-registered'`,
    )) as { a: number }[];
    expect(a).toBe(0);
    const [row] = (await t.services.db.query(`SELECT state FROM job_runs WHERE id = $1`, [id])) as { state: string }[];
    expect(row.state).toBe("CANCELLED");
  }, 300_000);

  test("trainingArchitectures lists each table like scatteringModels", async () => {
    const r = await t.gql<{
      trainingArchitectures: {
        name: string;
        targets: string;
        roles: string[];
        hyperparameters: {
          name: string;
          type: string;
          default: string;
          minimum: number | null;
          maximum: number | null;
          values: string[] | null;
          description: string;
        }[];
      }[];
    }>(`{ trainingArchitectures { name summary targets roles hyperparameters { name type default minimum maximum values description } } }`);
    expect(r.errors).toBeUndefined();
    const mlp = r.data!.trainingArchitectures.find((a) => a.name === "mlp-regressor")!;
    expect(mlp.roles).toEqual(["REGRESSOR"]);
    expect(mlp.targets).toBe("parameters");
    expect(mlp.hyperparameters.find((h) => h.name === "epochs")).toEqual({
      name: "epochs",
      type: "integer",
      default: "300",
      minimum: 1,
      maximum: 5000,
      values: null,
      description: "Most passes over the training curves",
    });
    expect(mlp.hyperparameters.find((h) => h.name === "activation")).toMatchObject({ type: "string", default: '"relu"', values: ["relu", "tanh"] });
  });
});

describe("registration", () => {
  /** y = x·w on two features: a valid network with a card of the given head. */
  function tinyNetwork(head: "regression" | "classification") {
    const b = new OnnxGraphBuilder("tiny");
    const x = b.input("curve", ["batch", 2]);
    b.output(b.gemm(x, b.initializer("w", Float32Array.from([1, 0, 0, 1]), [2, 2]), null, { name: "out" }), ["batch", 2]);
    const outputs =
      head === "regression"
        ? [{ kind: "regression", tensor: "out", parameters: [{ name: "a", unit: "", index: 0, mean: 0, std: 1 }] }]
        : [{ kind: "classification", tensor: "out", labels: ["p", "q"], scores: "logits", topK: 1 }];
    const card = {
      schema: "sasgraph.model-card/1",
      name: "tiny",
      qGrid: [0.1, 0.2],
      qUnit: "INV_ANGSTROM",
      preprocessing: { interpolation: { method: "linear" }, transform: { kind: "none" } },
      input: { tensor: "curve", layout: "batch_features" },
      outputs,
      domain: { qMin: 0.1, qMax: 0.2 },
    };
    return { bytes: b.build(), card };
  }

  test("all or nothing: when the second network cannot be registered, nothing of the first remains", async () => {
    const viewer = await t.services.auth.viewerFor((await t.services.db.query(`SELECT id FROM users WHERE name = 'alice'`))[0].id);
    await t.services.trainedModels.registry.registerArtifact(viewer, { name: "taken-regressor", task: "REGRESSION", ...tinyNetwork("regression") });
    const filesBefore = (await t.services.store.list("models/")).length;
    const first = tinyNetwork("regression");
    const second = tinyNetwork("classification");
    const attempt = t.services.trainedModels.registry.registerTrained(viewer, {
      versions: [
        { model: "first-of-two", task: "REGRESSION", description: "", card: first.card, bytes: first.bytes },
        // Alice's model of this name is a regressor: refused inside the transaction, after the first was written.
        { model: "taken-regressor", task: "CLASSIFICATION", description: "", card: second.card, bytes: second.bytes },
      ],
      datasetIds: [spheres],
      activity: { label: "two networks", parameters: { model: "first-of-two" }, seed: 0, startedAt: new Date() },
    });
    await expect(attempt).rejects.toThrow(/model taken-regressor is a REGRESSION model/);
    const [{ n }] = (await t.services.db.query(`SELECT count(*)::int AS n FROM models WHERE name = 'first-of-two'`)) as { n: number }[];
    expect(n).toBe(0);
    const [{ a }] = (await t.services.db.query(`SELECT count(*)::int AS a FROM activities WHERE label = 'two networks'`)) as { a: number }[];
    expect(a).toBe(0);
    expect((await t.services.store.list("models/")).length).toBe(filesBefore);
  });

  test("an export that onnxruntime does not reproduce to 1e-5 fails with a message", async () => {
    const { bytes, card } = tinyNetwork("regression");
    const network = {
      role: "REGRESSOR" as const,
      onnx: bytes,
      card,
      check: { input: Float32Array.from([1, 2, 3, 4]), inputShape: [2, 2], outputs: { out: Float32Array.from([1, 2, 3, 4]) } },
      metrics: {},
    };
    await expect(checkInOnnxRuntime(network, "the regressor network")).resolves.toBeUndefined();
    network.check.outputs.out = Float32Array.from([1, 2, 3, 4.001]);
    await expect(checkInOnnxRuntime(network, "the regressor network")).rejects.toThrow(
      'the regressor network: the exported ONNX model differs from the trained network on the validation set (output "out" value 3: 4 against 4.000999927520752, more than 0.00001); nothing was registered',
    );
  });
});
