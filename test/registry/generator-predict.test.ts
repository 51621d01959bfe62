/**
 * predict with parameters for generators (cards whose input.layout is "parameters"): a linear
 * generator built here with the project's ONNX writer, so every answer can be computed by hand.
 */
import { parseModelCard, ModelCardError } from "../../src/serving";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { linearModel, register, regressionCard, weights, GRID } from "./helpers";
import { B, generatorCard, Q, W } from "./generator-helpers";

let t: TestPlatform;
let alice: string;
let bob: string;

/** The generator's curve, by hand (float32 weights, as the ONNX file stores them). */
function byHand(eta: number, sigma: number): number[] {
  const f = Math.fround;
  const x = [f((eta - 0.25) / 0.1), f((sigma - 0.1) / 0.05)];
  return Q.map((_, j) => 10 ** (x[0] * f(W[j]) + x[1] * f(W[5 + j]) + f(B[j])));
}

const PREDICT = `mutation($m: String!, $i: [PredictInput!]!) { predict(model: $m, inputs: $i) {
  modelVersion { version }
  predictions { index curve { q intensity qUnit intensityUnit } parameters { name value } warnings } } }`;

interface Answer {
  predict: { predictions: { index: number; curve: { q: number[]; intensity: number[]; qUnit: string; intensityUnit: string } | null; warnings: string[] }[] };
}

beforeAll(async () => {
  t = await startTestPlatform();
  alice = await t.token("alice");
  bob = await t.token("bob");
  for (const [name, task] of [
    ["hs-gen", "GENERATION"],
    ["radius-net", "REGRESSION"],
  ] as const) {
    const r = await t.gql(`mutation($n: String!, $t: ModelTask!) { createModel(input: {name: $n, task: $t}) { id } }`, { n: name, t: task }, alice);
    expect(r.errors).toBeUndefined();
  }
  await register(t, alice, "hs-gen", generatorCard(), linearModel(W, B, 2, 5, { input: "parameters", output: "log10_I" }));
  const v = weights(1);
  await register(t, alice, "radius-net", regressionCard(), linearModel(v.w, v.b, 6, 3));
});
afterAll(async () => {
  await t?.close();
});

describe("generator cards", () => {
  test("qGrid and preprocessing may be left out: the grid is the curve head's q; a stated grid still parses", () => {
    const card = parseModelCard(generatorCard());
    expect(Array.from(card.qGrid)).toEqual(Q);
    expect(card.input).toMatchObject({ layout: "parameters", parameters: [{ name: "eta" }, { name: "sigma" }] });
    const stated = parseModelCard(
      generatorCard({ qGrid: Q, preprocessing: { interpolation: { method: "none", extrapolation: "error" }, transform: { kind: "log10" } } }),
    );
    expect(stated.preprocessing.transform.kind).toBe("log10");
  });

  test.each([
    [{ input: { tensor: "p", layout: "parameters", parameters: [] } }, "input.parameters"],
    [{ input: { tensor: "p", layout: "parameters", parameters: [{ name: "eta", mean: 0, std: 0 }] } }, "input.parameters[0].std"],
    [{ input: { tensor: "p", layout: "parameters", parameters: [{ name: "eta" }, { name: "eta" }] } }, "input.parameters[1].name"],
    [{ input: { tensor: "p", layout: "batch_features", parameters: [{ name: "eta" }] } }, "input.parameters"],
    [{ outputs: [{ kind: "regression", tensor: "y", parameters: [{ name: "a", unit: "", index: 0, mean: 0, std: 1 }] }] }, "outputs"],
  ])("a bad generator card names the field (%#)", (override, field) => {
    try {
      parseModelCard(generatorCard(override));
      throw new Error("parsed");
    } catch (e) {
      expect(e).toBeInstanceOf(ModelCardError);
      expect((e as ModelCardError).field).toBe(field);
    }
  });

  test("a curve card without qGrid is still refused", () => {
    const { qGrid: _omit, ...card } = regressionCard();
    expect(() => parseModelCard(card)).toThrow(/qGrid/);
  });
});

describe("predict with parameters", () => {
  test("returns the generated curve on the model's grid, equal to the hand computation", async () => {
    const r = await t.gql<Answer>(
      PREDICT,
      {
        m: "hs-gen",
        i: [{ parameters: { eta: 0.3, sigma: 0.1 } }, { parameters: { sigma: 0.2, eta: 0.05 } }],
      },
      alice,
    );
    expect(r.errors).toBeUndefined();
    const [a, b] = r.data!.predict.predictions;
    expect(a.curve!.q).toEqual(Q);
    expect(a.curve!.qUnit).toBe("REDUCED");
    expect(a.warnings).toEqual([]);
    // eta = 0.3, sigma = 0.1: x = (0.5, 0), so log10 I = 0.5 W[0] + B exactly.
    expect(a.curve!.intensity.map((v) => Math.log10(v))).toEqual(Q.map((_, j) => expect.closeTo(0.5 * W[j] + B[j], 6)));
    byHand(0.05, 0.2).forEach((v, j) => expect(b.curve!.intensity[j]).toBeCloseTo(v, 6));
    expect(b.index).toBe(1);
  });

  test("parameters outside the card's domain warn, naming the parameter and range", async () => {
    const r = await t.gql<Answer>(PREDICT, { m: "hs-gen", i: [{ parameters: { eta: 0.7, sigma: 0.1 } }] }, alice);
    expect(r.errors).toBeUndefined();
    expect(r.data!.predict.predictions[0].warnings).toEqual(["eta = 0.7 is outside the training range 0–0.5"]);
    byHand(0.7, 0.1).forEach((v, j) => expect(r.data!.predict.predictions[0].curve!.intensity[j]).toBeCloseTo(v, 6));
  });

  test.each([
    [{ parameters: { eta: 0.3 } }, "inputs[0].parameters.sigma", /missing; this model takes eta, sigma/],
    [{ parameters: { eta: 0.3, sigma: 0.1, radius: 5 } }, "inputs[0].parameters.radius", /unknown parameter/],
    [{ parameters: { eta: null, sigma: 0.1 } }, "inputs[0].parameters.eta", /NaN/],
    [{ parameters: { eta: "0.3", sigma: 0.1 } }, "inputs[0].parameters.eta", /must be numbers/],
    [{ q: GRID, intensity: GRID.map(() => 1) }, "inputs[0].parameters", /generator: give parameters \(eta, sigma\), not a curve/],
    [{ q: GRID, intensity: GRID.map(() => 1), parameters: { eta: 0.3, sigma: 0.1 } }, "inputs[0]", /either a curve .* or parameters/],
    [{}, "inputs[0].q", /missing/],
  ])("bad input to a generator is BAD_USER_INPUT naming the field (%#)", async (input, field, message) => {
    const r = await t.gql(PREDICT, { m: "hs-gen", i: [input] }, alice);
    expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(r.errors?.[0].message).toMatch(message);
  });

  test("parameters to a curve model are BAD_USER_INPUT; curves still work there", async () => {
    const bad = await t.gql(PREDICT, { m: "radius-net", i: [{ parameters: { radius: 50 } }] }, alice);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "inputs[0].q" });
    expect(bad.errors?.[0].message).toMatch(/takes a curve/);
    const ok = await t.gql<{ predict: { predictions: { parameters: { name: string }[] }[] } }>(
      PREDICT,
      { m: "radius-net", i: [{ q: GRID, intensity: GRID.map((q) => 50 / (1 + (q * 30) ** 4) + 0.01) }] },
      alice,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.predict.predictions[0].parameters.map((p) => p.name)).toEqual(["radius", "radius_pd"]);
  });

  test("another user's private generator does not exist for them", async () => {
    const r = await t.gql(PREDICT, { m: "hs-gen", i: [{ parameters: { eta: 0.3, sigma: 0.1 } }] }, bob);
    expect(r.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });
});
