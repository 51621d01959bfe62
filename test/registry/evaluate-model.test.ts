/**
 * evaluateModel and compareModels end to end: small linear models built here, tiny datasets whose
 * metrics are worked out by hand, and Percus–Yevick / PY + β values computed outside the project.
 */
import { OnnxGraphBuilder } from "../../src/onnx";
import { MODEL_CARD_SCHEMA } from "../../src/serving";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { B, generatorCard, Q, W } from "./generator-helpers";
import { GRID, linearModel, register } from "./helpers";

let t: TestPlatform;
let alice: string;
let bob: string;

/** y = x · W with W [inF, outF] row-major, no bias. */
function pick(inF: number, outF: number, from: (out: number) => number): Buffer {
  const w = new Float32Array(inF * outF);
  for (let o = 0; o < outF; o++) w[from(o) * outF + o] = 1;
  const g = new OnnxGraphBuilder();
  g.output(g.matMul(g.input("curve", ["batch", inF]), g.initializer("w", w, [inF, outF]), { name: "out" }), ["batch", outF]);
  return Buffer.from(g.build());
}

const plainCurve = { qGrid: GRID, qUnit: "1/A", preprocessing: { interpolation: { method: "none" }, transform: { kind: "none" } } };
const domain = { qMin: GRID[0], qMax: GRID[GRID.length - 1] };

/** radius = I[0], its uncertainty |I[1]|. */
const regressorCard = {
  schema: MODEL_CARD_SCHEMA,
  name: "eval-regressor",
  ...plainCurve,
  input: { tensor: "curve", layout: "batch_features" },
  outputs: [
    { kind: "regression", tensor: "out", parameters: [{ name: "radius", unit: "Å", index: 0, mean: 0, std: 1, space: "linear", uncertaintyIndex: 1 }] },
  ],
  domain,
};
/** logits = I[0..4]; topK 1 on the card, yet evaluations rank every class. */
const classifierCard = {
  schema: MODEL_CARD_SCHEMA,
  name: "eval-classifier",
  ...plainCurve,
  input: { tensor: "curve", layout: "batch_features" },
  outputs: [{ kind: "classification", tensor: "out", labels: ["A", "B", "C", "D", "E"], scores: "logits", topK: 1 }],
  domain,
};

/** log10 of the generator's output, by hand (float32 weights). */
function generatorLog10(eta: number, sigma: number): number[] {
  const f = Math.fround;
  const x = [f((eta - 0.25) / 0.1), f((sigma - 0.1) / 0.05)];
  return Q.map((_, j) => x[0] * f(W[j]) + x[1] * f(W[5 + j]) + f(B[j]));
}

/**
 * PY and PY + β at Q = 3, 5, 7, 9, 11 for D ~ N(1, sigma), computed outside the project:
 * S_PY from sasmodels 1.0.6 `hardsphere` (radius_effective 0.5, volfraction eta), and
 * P = <F²>/<V²>, β = <F>²/<F²> as adaptive integrals (scipy quad, relative 1e-13) over D in
 * [1 - 8 sigma, 1 + 8 sigma]. (sasmodels' own sphere@hardsphere with a 600-point gaussian
 * radius_pd lands 2e-4 to 3e-4 away in P, and moves by as much with radius_pd_n: its weight
 * sum, not the integral, so it is no reference at this precision.)
 */
const REFERENCE: Record<string, { eta: number; sigma: number; py: number[]; pyBeta: number[] }> = {
  a: {
    eta: 0.3,
    sigma: 0.1,
    py: [0.114721436701, 0.165680649718, 0.0432126278161, 0.00263870338893, 0.00566284761813],
    pyBeta: [0.142123926845, 0.166579883438, 0.0428147693619, 0.00316056073208, 0.00568771479022],
  },
  b: {
    eta: 0.15,
    sigma: 0.05,
    py: [0.332153875786, 0.249119139526, 0.0424170589376, 0.000929357188181, 0.00662763024754],
    pyBeta: [0.336578612898, 0.249070813151, 0.0423962975338, 0.000987875690343, 0.00662773588785],
  },
};

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const mse = (a: number[], b: number[]) => mean(a.map((x, i) => (x - b[i]) ** 2));

async function dataset(token: string, title: string, curves: Record<string, unknown>[]): Promise<string> {
  const made = await t.gql<{ createDataset: { id: string } }>(
    `mutation($t: String!) { createDataset(input: {kind: SIMULATED, technique: SANS, title: $t}) { id } }`,
    { t: title },
    token,
  );
  const id = made.data!.createDataset.id;
  const added = await t.gql(`mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`, { id, c: curves }, token);
  expect(added.errors).toBeUndefined();
  return id;
}

const EVALUATE = `mutation($m: String!, $d: ID!) { evaluateModel(model: $m, datasetId: $d) { id state } }`;
const EVALUATIONS = `query($r: String!) { modelVersion(ref: $r) { version evaluations { id roles curveCount metrics headline { metric value lowerIsBetter }
  dataset { id } modelVersion { version } } } }`;

interface Evaluations {
  modelVersion: {
    evaluations: {
      id: string;
      roles: string[];
      curveCount: number;
      metrics: Record<string, any>;
      headline: { metric: string; value: number } | null;
      dataset: { id: string } | null;
    }[];
  };
}

async function evaluate(model: string, datasetId: string, token = alice) {
  const r = await t.gql<{ evaluateModel: { id: string } }>(EVALUATE, { m: model, d: datasetId }, token);
  expect(r.errors).toBeUndefined();
  const done = await t.services.jobs.waitFor(r.data!.evaluateModel.id, 60_000);
  if (done.state !== "SUCCEEDED") throw new Error(`evaluation ${done.state}: ${done.error}`);
  return done;
}

let hsDataset: string;
/** Offsets added to log10 I of the generator's curve for the hard-sphere curves a, b (truth = model + offset). */
const OFFSETS = { a: [0.1, -0.2, 0, 0.05, 0.3], b: [0, 0, -0.1, 0.1, 0] };
/** Curve c: no hard-sphere parameters, log10 I = 1 - 0.1 q on q = 4, 6, 8, 10 (so exact at 5, 7, 9 when interpolated). */
const C = { eta: 0.2, sigma: 0.05 };

beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  alice = await t.token("alice");
  bob = await t.token("bob");
  for (const [name, task] of [
    ["hs-gen", "GENERATION"],
    ["eval-reg", "REGRESSION"],
    ["eval-cls", "CLASSIFICATION"],
  ] as const) {
    const r = await t.gql(`mutation($n: String!, $t: ModelTask!) { createModel(input: {name: $n, task: $t}) { id } }`, { n: name, t: task }, alice);
    expect(r.errors).toBeUndefined();
  }
  await register(t, alice, "hs-gen", generatorCard(), linearModel(W, B, 2, 5, { input: "parameters", output: "log10_I" }));
  // Version 2: the same network with every log10 I raised by 0.5.
  await register(
    t,
    alice,
    "hs-gen",
    generatorCard(),
    linearModel(
      W,
      B.map((b) => b + 0.5),
      2,
      5,
      { input: "parameters", output: "log10_I" },
    ),
  );
  await register(
    t,
    alice,
    "eval-reg",
    regressorCard,
    pick(6, 2, (o) => o),
  );
  await register(
    t,
    alice,
    "eval-cls",
    classifierCard,
    pick(6, 5, (o) => o),
  );

  const hs = (k: "a" | "b") => ({
    q: Q,
    intensity: generatorLog10(REFERENCE[k].eta, REFERENCE[k].sigma).map((v, j) => 10 ** (v + OFFSETS[k][j])),
    qUnit: "REDUCED",
    intensityUnit: "ARBITRARY",
    parameters: { distribution: "normal", eta: REFERENCE[k].eta, sigma: REFERENCE[k].sigma },
  });
  hsDataset = await dataset(alice, "hard spheres", [
    hs("a"),
    hs("b"),
    { q: [4, 6, 8, 10], intensity: [4, 6, 8, 10].map((q) => 10 ** (1 - 0.1 * q)), qUnit: "REDUCED", intensityUnit: "ARBITRARY", parameters: C },
  ]);
});
afterAll(async () => {
  await t?.close();
});

describe("generators", () => {
  test("per-curve MSE of log10 I, and PY / PY + β on the hard-sphere curves equal to an independent computation", async () => {
    const done = await evaluate("hs-gen:1", hsDataset);
    expect(done.result).toMatchObject({ headline: { metric: "generator.model.mean", lowerIsBetter: true } });
    const r = await t.gql<Evaluations>(EVALUATIONS, { r: "hs-gen:1" }, alice);
    expect(r.errors).toBeUndefined();
    const [e] = r.data!.modelVersion.evaluations;
    expect(e).toMatchObject({ roles: ["GENERATOR"], curveCount: 3, dataset: { id: hsDataset } });
    const g = e.metrics.generator;
    // By hand: a and b differ from the model by their offsets; c by the line 1 - 0.1 q at q = 5, 7, 9.
    const perCurve = [
      mean(OFFSETS.a.map((o) => o * o)),
      mean(OFFSETS.b.map((o) => o * o)),
      mse(
        generatorLog10(C.eta, C.sigma).slice(1, 4),
        [5, 7, 9].map((q) => 1 - 0.1 * q),
      ),
    ];
    const sorted = [...perCurve].sort((x, y) => x - y);
    expect(g.comparedCurves).toBe(3);
    expect(g.skippedCurves).toBe(0);
    expect(g.model.count).toBe(3);
    expect(g.model.mean).toBeCloseTo(mean(perCurve), 10);
    expect(g.model.median).toBeCloseTo(sorted[1], 10);
    // numpy's linear 90th percentile of three values: position 1.8.
    expect(g.model.p90).toBeCloseTo(sorted[1] + 0.8 * (sorted[2] - sorted[1]), 10);
    expect(e.headline!.value).toBeCloseTo(mean(perCurve), 10);

    // Hard spheres: a and b only (c has no distribution), against the reference PY and PY + β.
    const truth = (k: "a" | "b") => generatorLog10(REFERENCE[k].eta, REFERENCE[k].sigma).map((v, j) => v + OFFSETS[k][j]);
    const py = (["a", "b"] as const).map((k) => mse(REFERENCE[k].py.map(Math.log10), truth(k)));
    const pyBeta = (["a", "b"] as const).map((k) => mse(REFERENCE[k].pyBeta.map(Math.log10), truth(k)));
    expect(g.hardSphere.curves).toBe(2);
    expect(g.hardSphere.model.mean).toBeCloseTo(mean(perCurve.slice(0, 2)), 10);
    expect(g.hardSphere.percusYevick.mean).toBeCloseTo(mean(py), 6);
    expect(g.hardSphere.percusYevickBeta.mean).toBeCloseTo(mean(pyBeta), 6);
    expect(g.hardSphere.percusYevickBeta.median).toBeCloseTo(mean(pyBeta), 6); // two values: their mean
    expect(Math.abs(g.hardSphere.percusYevick.mean - mean(pyBeta))).toBeGreaterThan(1e-4); // the two modes differ here
  });

  test("compareModels: a version without an evaluation gets a job; then the better one is named and the alias moves to it", async () => {
    const COMPARE = `mutation($r: [String!]!, $d: ID!) { compareModels(refs: $r, datasetId: $d) {
      best bestHeadline { metric value } entries { ref jobId modelVersion { version } evaluation { id headline { value } } } } }`;
    type Compare = {
      compareModels: { best: string | null; entries: { ref: string; jobId: string | null; evaluation: { headline: { value: number } } | null }[] };
    };
    const first = await t.gql<Compare>(COMPARE, { r: ["hs-gen:1", "hs-gen:2"], d: hsDataset }, alice);
    expect(first.errors).toBeUndefined();
    const [one, two] = first.data!.compareModels.entries;
    expect(one.evaluation).not.toBeNull();
    expect(one.jobId).toBeNull();
    expect(two.evaluation).toBeNull();
    expect(two.jobId).not.toBeNull();
    expect((await t.services.jobs.waitFor(two.jobId!, 60_000)).state).toBe("SUCCEEDED");
    const second = await t.gql<Compare>(COMPARE, { r: ["hs-gen:1", "hs-gen:2"], d: hsDataset }, alice);
    const entries = second.data!.compareModels.entries;
    expect(entries.every((e) => e.jobId === null)).toBe(true);
    // Version 2 sits 0.5 higher in log10 I: its per-curve MSE is larger for these curves.
    expect(entries[1].evaluation!.headline.value).toBeGreaterThan(entries[0].evaluation!.headline.value);
    expect(second.data!.compareModels.best).toBe("hs-gen:1");
    const alias = await t.gql(`mutation { setModelAlias(model: "hs-gen", alias: "production", version: 1) { alias versionNumber } }`, {}, alice);
    expect(alias.errors).toBeUndefined();
    const viaAlias = await t.gql<Evaluations>(EVALUATIONS, { r: "hs-gen@production" }, alice);
    expect(viaAlias.data!.modelVersion.evaluations).toHaveLength(1);
  });
});

describe("regressors and classifiers", () => {
  test("MAE, RMSE, relative error and calibration of the stated uncertainty, by hand", async () => {
    // radius predicted = I[0], uncertainty = I[1]; truths 11, 20, 27, 44.
    const pred = [10, 20, 30, 40];
    const sigma = [2, 1, 1, 1];
    const truth = [11, 20, 27, 44];
    const id = await dataset(
      alice,
      "regression",
      pred.map((p, i) => ({ q: GRID, intensity: [p, sigma[i], 1, 1, 1, 1], parameters: { radius: truth[i] } })),
    );
    await evaluate("eval-reg", id);
    const r = await t.gql<Evaluations>(EVALUATIONS, { r: "eval-reg" }, alice);
    const m = r.data!.modelVersion.evaluations[0].metrics.regression.parameters.radius;
    expect(m.count).toBe(4);
    expect(m.mae).toBeCloseTo(2, 12); // |d| = 1, 0, 3, 4
    expect(m.rmse).toBeCloseTo(Math.sqrt(26 / 4), 12);
    expect(m.relativeError).toBeCloseTo((1 / 11 + 0 + 3 / 27 + 4 / 44) / 4, 12);
    // z = -0.5, 0, 3, -4
    expect(m.calibration).toEqual({ count: 4, within1Sigma: 0.5, within2Sigma: 0.5, meanZ2: (0.25 + 0 + 9 + 16) / 4 });
    expect(r.data!.modelVersion.evaluations[0].headline).toMatchObject({ metric: "regression.meanRelativeError" });
  });

  test("top-1/3/5 accuracy and the confusion matrix, labels from the curves' shape parameter", async () => {
    const curves = [
      { logits: [5, 4, 3, 2, 1], label: "A" }, // rank 1
      { logits: [5, 4, 3, 2, 1], label: "B" }, // rank 2
      { logits: [5, 4, 3, 2, 1], label: "E" }, // rank 5
      { logits: [1, 2, 5, 3, 4], label: "C" }, // rank 1
      { logits: [1, 2, 5, 3, 4], label: "Z" }, // not a class of the model
    ];
    const id = await dataset(
      alice,
      "classes",
      curves.map((c) => ({ q: GRID, intensity: [...c.logits, 1], parameters: { shape: c.label } })),
    );
    await evaluate("eval-cls", id);
    const r = await t.gql<Evaluations>(EVALUATIONS, { r: "eval-cls" }, alice);
    const c = r.data!.modelVersion.evaluations[0].metrics.classification;
    expect(c).toMatchObject({ labelParameter: "shape", labels: ["A", "B", "C", "D", "E"], unknownLabels: 1, count: 4, top1: 0.5, top3: 0.75, top5: 1 });
    expect(c.confusion).toEqual([
      [1, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
    ]);
  });
});

describe("access and bad input", () => {
  test("another user's private model or dataset is NOT_FOUND; an unknown dataset too; an empty one is BAD_USER_INPUT", async () => {
    const bobs = await dataset(bob, "bob's", [{ q: Q, intensity: Q.map(() => 1), qUnit: "REDUCED", parameters: { eta: 0.3, sigma: 0.1 } }]);
    const noModel = await t.gql(EVALUATE, { m: "hs-gen", d: bobs }, bob);
    expect(noModel.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", field: "model" });
    const noDataset = await t.gql(EVALUATE, { m: "hs-gen", d: bobs }, alice);
    expect(noDataset.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", field: "datasetId" });
    const unknown = await t.gql(EVALUATE, { m: "hs-gen", d: "00000000-0000-4000-8000-000000000000" }, alice);
    expect(unknown.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const empty = await t.gql<{ createDataset: { id: string } }>(
      `mutation { createDataset(input: {kind: SIMULATED, technique: SANS, title: "empty"}) { id } }`,
      {},
      alice,
    );
    const none = await t.gql(EVALUATE, { m: "hs-gen", d: empty.data!.createDataset.id }, alice);
    expect(none.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "datasetId" });
    const anonymous = await t.gql(EVALUATE, { m: "hs-gen", d: hsDataset });
    expect(anonymous.errors?.[0].extensions?.code).toMatch(/UNAUTHENTICATED|NOT_FOUND/);
    const compareBad = await t.gql(`mutation($d: ID!) { compareModels(refs: ["hs-gen:1", "nope"], datasetId: $d) { best } }`, { d: hsDataset }, alice);
    expect(compareBad.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", field: "refs[1]" });
    const compareEmpty = await t.gql(`mutation($d: ID!) { compareModels(refs: [], datasetId: $d) { best } }`, { d: hsDataset }, alice);
    expect(compareEmpty.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "refs" });
  });

  test("evaluations on a dataset the viewer may not see are not listed", async () => {
    // Alice publishes the model; her hard-sphere dataset stays private: bob sees the version but not its evaluations.
    await t.gql(`mutation { publishModel(name: "hs-gen") { published } }`, {}, alice);
    const r = await t.gql<Evaluations>(EVALUATIONS, { r: "hs-gen:1" }, bob);
    expect(r.errors).toBeUndefined();
    expect(r.data!.modelVersion.evaluations).toEqual([]);
  });
});
