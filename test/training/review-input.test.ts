/**
 * Review probes (bad input): whatever startTraining is given, the answer is a coded GraphQL error
 * naming what to change (never INTERNAL_SERVER_ERROR) and no job; data the job can only judge from
 * the curves ends the job FAILED with a message a user can act on, registering nothing.
 */
import { evaluate } from "../../src/compute/sas";
import { qGrid } from "../../src/compute/sampling";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { mixedCurves, sphereCurves } from "./synthetic";
import type { TrainingCurve } from "../../src/training/problem";

let t: TestPlatform;
let alice: string;

beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  alice = await t.token("alice");
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const START = `mutation($input: TrainingInput!) { startTraining(input: $input) { id state } }`;
const TINY = { epochs: 2, layers: 1, width: 4 };

async function dataset(title: string, curves: TrainingCurve[]): Promise<string> {
  const created = await t.gql<{ createDataset: { id: string } }>(
    `mutation($t: String!) { createDataset(input: {kind: SIMULATED, technique: SANS, title: $t}) { id } }`,
    { t: title },
    alice,
  );
  expect(created.errors).toBeUndefined();
  const id = created.data!.createDataset.id;
  const added = await t.gql(
    `mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`,
    { id, c: curves.map((c) => ({ q: Array.from(c.q), intensity: Array.from(c.intensity), parameters: c.parameters })) },
    alice,
  );
  expect(added.errors).toBeUndefined();
  return id;
}

async function trainingJobs(): Promise<number> {
  const [{ n }] = (await t.services.db.query(`SELECT count(*)::int AS n FROM job_runs WHERE queue = 'train-model'`)) as { n: number }[];
  return n;
}

let spheres: string;
let mixed: string;
let single: string;

beforeAll(async () => {
  spheres = await dataset("spheres", sphereCurves(12, 41));
  mixed = await dataset("spheres and cylinders", mixedCurves(6, 42));
  single = await dataset("one sphere", sphereCurves(1, 43));
});

describe("startTraining refuses bad requests with a code, a message and no job", () => {
  const base = () => ({ model: "probe", architecture: "mlp-regressor", datasetIds: [spheres], targets: ["radius"], hyperparameters: TINY });
  const cases: [string, () => Record<string, unknown>, string, RegExp][] = [
    ["huge epochs", () => ({ ...base(), hyperparameters: { epochs: 1e300 } }), "BAD_USER_INPUT", /hyperparameters.epochs must be an integer from 1 to 5000/],
    ["fractional width", () => ({ ...base(), hyperparameters: { width: 2.5 } }), "BAD_USER_INPUT", /hyperparameters.width must be an integer/],
    ["negative learning rate", () => ({ ...base(), hyperparameters: { learningRate: -1e-3 } }), "BAD_USER_INPUT", /hyperparameters.learningRate/],
    ["huge learning rate", () => ({ ...base(), hyperparameters: { learningRate: 1e308 } }), "BAD_USER_INPUT", /hyperparameters.learningRate/],
    ["NaN spelt as a string", () => ({ ...base(), hyperparameters: { learningRate: "NaN" } }), "BAD_USER_INPUT", /hyperparameters.learningRate/],
    ["an unknown activation", () => ({ ...base(), hyperparameters: { activation: "gelu" } }), "BAD_USER_INPUT", /hyperparameters.activation/],
    ["nested hyperparameters", () => ({ ...base(), hyperparameters: { epochs: { value: 3 } } }), "BAD_USER_INPUT", /hyperparameters.epochs/],
    ["no targets", () => ({ ...base(), targets: [] }), "BAD_USER_INPUT", /targets/],
    ["a blank target", () => ({ ...base(), targets: ["  "] }), "BAD_USER_INPUT", /targets/],
    ["a repeated target", () => ({ ...base(), targets: ["radius", "radius"] }), "BAD_USER_INPUT", /targets must not repeat a name \(radius\)/],
    [
      "the class label as a regression target",
      () => ({ ...base(), datasetIds: [mixed], targets: ["model"] }),
      "BAD_USER_INPUT",
      /parameter "model" of curve [0-9a-f-]+ of dataset [0-9a-f-]+ is not a number: a regressor learns numeric parameters/,
    ],
    [
      "a classifier with two targets",
      () => ({ ...base(), architecture: "mlp-classifier", datasetIds: [mixed], targets: ["model", "radius"] }),
      "BAD_USER_INPUT",
      /one target/,
    ],
    ["a one-curve dataset", () => ({ ...base(), datasetIds: [single] }), "BAD_USER_INPUT", /training needs at least 2 curves; the datasets hold 1/],
    ["validationFraction 0", () => ({ ...base(), validationFraction: 0 }), "BAD_USER_INPUT", /validationFraction/],
    ["validationFraction 1", () => ({ ...base(), validationFraction: 1 }), "BAD_USER_INPUT", /validationFraction/],
    ["validationFraction -0.5", () => ({ ...base(), validationFraction: -0.5 }), "BAD_USER_INPUT", /validationFraction/],
    ["a negative seed", () => ({ ...base(), seed: -1 }), "BAD_USER_INPUT", /seed must be an integer from 0/],
    ["a seed past Int", () => ({ ...base(), seed: 2 ** 40 }), "BAD_USER_INPUT", /seed|Int/],
    ["a model name with spaces", () => ({ ...base(), model: "my model" }), "BAD_USER_INPUT", /model "my model" must be 1-100 letters/],
    ["a model name with a path", () => ({ ...base(), model: "../etc/passwd" }), "BAD_USER_INPUT", /model/],
    ["a model name with odd unicode", () => ({ ...base(), model: "mödel\u0000" }), "BAD_USER_INPUT", /model/],
    ["a model name with an alias", () => ({ ...base(), model: "probe@production" }), "BAD_USER_INPUT", /model/],
    ["a very long model name", () => ({ ...base(), model: "m".repeat(5000) }), "BAD_USER_INPUT", /model/],
    ["an empty model name", () => ({ ...base(), model: "" }), "BAD_USER_INPUT", /model/],
    [
      "a validation dataset that is also trained on",
      () => ({ ...base(), validationDatasetIds: [spheres] }),
      "BAD_USER_INPUT",
      /both datasetIds and validationDatasetIds/,
    ],
    ["a malformed dataset id", () => ({ ...base(), datasetIds: ["not-a-uuid"] }), "NOT_FOUND", /was not found/],
    ["no datasets", () => ({ ...base(), datasetIds: [] }), "BAD_USER_INPUT", /datasetIds is empty/],
    ["a __proto__ hyperparameter", () => ({ ...base(), hyperparameters: JSON.parse('{"__proto__": {"epochs": 1}}') }), "BAD_USER_INPUT", /hyperparameters/],
    [
      "a constructor hyperparameter",
      () => ({ ...base(), hyperparameters: { constructor: 1 } }),
      "BAD_USER_INPUT",
      /hyperparameters.constructor is not a field here/,
    ],
    ["65 targets", () => ({ ...base(), targets: Array.from({ length: 65 }, (_, i) => `p${i}`) }), "BAD_USER_INPUT", /target/],
  ];
  test.each(cases)("%s", async (_, input, code, message) => {
    const before = await trainingJobs();
    const r = await t.gql(START, { input: input() }, alice);
    expect({ code: r.errors?.[0]?.extensions?.code, message: r.errors?.[0]?.message }).toEqual({ code, message: expect.stringMatching(message) });
    expect(await trainingJobs()).toBe(before);
  });

  test("anonymous callers are asked to sign in", async () => {
    const r = await t.gql(START, { input: base() });
    expect(r.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("data only the job can judge", () => {
  test("curves on different grids and lengths train on the grid they share", async () => {
    const coarse = qGrid(0.02, 0.25, 25, "LOG");
    const other = Array.from({ length: 6 }, (_, i) => {
      const radius = 25 + 9 * i;
      return {
        id: `o${i}`,
        datasetId: "x",
        q: coarse,
        intensity: evaluate("sphere", { radius, background: 0.001 }, coarse).I,
        qUnit: "INV_ANGSTROM" as const,
        intensityUnit: "1/cm",
        parameters: { radius },
      };
    });
    const ragged = await dataset("ragged grids", [...sphereCurves(6, 44), ...other]);
    const r = await t.gql<{ startTraining: { id: string } }>(
      START,
      { input: { model: "ragged", architecture: "mlp-regressor", datasetIds: [ragged], targets: ["radius"], hyperparameters: TINY } },
      alice,
    );
    expect(r.errors).toBeUndefined();
    const run = await t.services.jobs.waitFor(r.data!.startTraining.id, 300_000);
    expect({ state: run.state, error: run.error }).toEqual({ state: "SUCCEEDED", error: null });
    const [row] = (await t.services.db.query(`SELECT v.card FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = 'ragged'`)) as {
      card: { qGrid: number[] };
    }[];
    expect(row.card.qGrid[0]).toBeGreaterThanOrEqual(0.02);
    expect(row.card.qGrid[row.card.qGrid.length - 1]).toBeLessThanOrEqual(0.25);
  }, 300_000);

  test("two curves (one to train, one to validate) either train or fail with a message, never a crash", async () => {
    const two = await dataset("two spheres", sphereCurves(2, 45));
    const r = await t.gql<{ startTraining: { id: string } }>(
      START,
      { input: { model: "two-curves", architecture: "mlp-regressor", datasetIds: [two], targets: ["radius"], hyperparameters: TINY } },
      alice,
    );
    expect(r.errors).toBeUndefined();
    const run = await t.services.jobs.waitFor(r.data!.startTraining.id, 300_000);
    expect({ state: run.state, error: run.error }).toEqual({ state: "SUCCEEDED", error: null });
  }, 300_000);

  test("the largest seed trains", async () => {
    const r = await t.gql<{ startTraining: { id: string } }>(
      START,
      { input: { model: "big-seed", architecture: "mlp-regressor", datasetIds: [spheres], targets: ["radius"], hyperparameters: TINY, seed: 2147483647 } },
      alice,
    );
    expect(r.errors).toBeUndefined();
    const run = await t.services.jobs.waitFor(r.data!.startTraining.id, 300_000);
    expect({ state: run.state, error: run.error }).toEqual({ state: "SUCCEEDED", error: null });
  }, 300_000);

  test("identical curves (no spread in a feature or a target) train without NaN on the card", async () => {
    const same = sphereCurves(1, 46);
    const copies = Array.from({ length: 5 }, (_, i) => ({ ...same[0], id: `k${i}`, parameters: { radius: 40 } }));
    const flat = await dataset("five copies", copies);
    const r = await t.gql<{ startTraining: { id: string } }>(
      START,
      { input: { model: "flat", architecture: "mlp-regressor", datasetIds: [flat], targets: ["radius"], hyperparameters: TINY } },
      alice,
    );
    expect(r.errors).toBeUndefined();
    const run = await t.services.jobs.waitFor(r.data!.startTraining.id, 300_000);
    if (run.state === "SUCCEEDED") {
      const [row] = (await t.services.db.query(`SELECT v.card FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = 'flat'`)) as {
        card: unknown;
      }[];
      expect(JSON.stringify(row.card)).not.toMatch(/NaN|null/);
    } else {
      expect(run.error).toMatch(/spread|identical|same value/);
    }
  }, 300_000);
});
