import {
  featureCount,
  InferenceInputError,
  interpolateOnto,
  parseModelCard,
  prepareInput,
  prepareInto,
  standardiseFeatures,
  transformIntensity,
} from "../../src/serving";
import { geometricGrid, regressionCardJson } from "./fixtures";

const f64 = (a: number[]) => Float64Array.from(a);

function expectNear(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i])));
}

describe("interpolation", () => {
  const xs = f64([1, 2, 4, 8]);
  const ys = f64([10, 20, 10, 50]);

  test("linear in q between neighbours, end values held outside", () => {
    const got = interpolateOnto(xs, ys, f64([0.5, 1.5, 3, 6, 8, 9]), false, false);
    expectNear(got, [10, 15, 15, 30, 50, 50], 1e-12);
  });

  test("linear in ln q weights by log distance", () => {
    const got = interpolateOnto(xs, ys, f64([Math.SQRT2, 2 * Math.SQRT2]), true, false);
    expectNear(got, [15, 15], 1e-12); // midpoints in ln q
  });

  test("log-log interpolation reproduces a power law exactly", () => {
    const q = f64(geometricGrid(13, 0.005, 0.5));
    const i = q.map((v) => 3e-4 * v ** -3.7);
    const targets = f64([0.0071, 0.013, 0.1, 0.44]);
    expectNear(
      interpolateOnto(q, i, targets, true, true),
      Array.from(targets, (t) => 3e-4 * t ** -3.7),
      1e-12,
    );
  });
});

describe("transforms", () => {
  const intensity = f64([100, 40, 25, 30, 8]);

  test("log quotient of I²: 2 ln(I[n+1]/I[n]), one value fewer", () => {
    const got = transformIntensity(intensity, { kind: "quotient", variant: "log_quotient", squareIntensity: true });
    expectNear(got, [2 * Math.log(0.4), 2 * Math.log(25 / 40), 2 * Math.log(30 / 25), 2 * Math.log(8 / 30)], 1e-12);
  });

  test("scalar neutralisation: ln of the cumulative product of quotients = ln(I[n+1]/I[0])", () => {
    const got = transformIntensity(intensity, { kind: "quotient", variant: "scalar_neutralisation", squareIntensity: false });
    const expected: number[] = [];
    let product = 1;
    for (let n = 0; n + 1 < intensity.length; n++) {
      product *= intensity[n + 1] / intensity[n];
      expected.push(Math.log(product));
    }
    expectNear(got, expected, 1e-12);
  });

  test("both quotient variants cancel a scale factor; log10 does not", () => {
    const scaled = intensity.map((v) => v * 1234.5);
    for (const variant of ["log_quotient", "scalar_neutralisation"] as const) {
      const t = { kind: "quotient" as const, variant, squareIntensity: true };
      expectNear(transformIntensity(scaled, t), transformIntensity(intensity, t), 1e-12);
    }
    expect(transformIntensity(scaled, { kind: "log10" })[0]).toBeCloseTo(2 + Math.log10(1234.5), 12);
  });
});

describe("prepareInput", () => {
  const card = parseModelCard(regressionCardJson());
  const power = (q: number) => 2e-3 * q ** -2.5;
  const fineQ = f64(geometricGrid(40, 0.008, 0.4));
  const curve = { q: fineQ, intensity: fineQ.map(power) };

  test("log-log interpolation, log10 and standardisation give the hand-computed features", () => {
    const { features, warnings } = prepareInput(card, curve, 0);
    const mean = [1, 0.8, 0.5, 0.2, 0, -0.5];
    const std = [2, 2, 1.5, 1.5, 1, 1];
    const expected = Array.from(card.qGrid, (q, i) => (Math.log10(power(q)) - mean[i]) / std[i]);
    expectNear(features, expected, 1e-6);
    expect(warnings).toEqual([]);
  });

  test("q given in 1/nm is converted to the card's 1/Å", () => {
    const inNm = { q: fineQ.map((v) => v * 10), intensity: curve.intensity, qUnit: "INV_NM" as const };
    expectNear(prepareInput(card, inNm, 0).features, prepareInput(card, curve, 0).features, 1e-6);
  });

  test("descending q is sorted, non-positive points dropped, partial coverage warned", () => {
    const q = f64(geometricGrid(20, 0.02, 0.2)).reverse();
    const intensity = q.map(power);
    intensity[5] = -1;
    const { warnings } = prepareInput(card, { q, intensity, sigma: intensity.map((v) => Math.abs(v) * 2) }, 3);
    expect(warnings).toEqual([
      "q was not in ascending order; points were sorted",
      "1 point(s) with non-positive q or intensity were left out",
      "input covers q 0.02–0.2 1/A, the model was trained on 0.01–0.3 1/A",
      "3 of 6 grid points lie outside the input's q range; the end values were held there",
      "19 point(s) have an uncertainty larger than their intensity",
    ]);
  });

  test.each([
    ["NaN intensity", { q: f64([0.01, 0.02, 0.03]), intensity: f64([1, NaN, 3]) }, "input 2: intensity: point 1 is NaN"],
    ["length mismatch", { q: f64([0.01, 0.02]), intensity: f64([1, 2, 3]) }, "input 2: intensity: has 3 points but q has 2"],
    ["no overlap", { q: f64([1, 2, 3]), intensity: f64([1, 2, 3]) }, "input 2: q: range 1–3 1/A does not overlap the model's grid 0.01–0.3 1/A"],
    ["repeated q", { q: f64([0.02, 0.01, 0.02]), intensity: f64([1, 2, 3]) }, "input 2: q: points 0 and 2 have the same q"],
    ["negative sigma", { q: f64([0.01, 0.02]), intensity: f64([1, 2]), sigma: f64([0.1, -1]) }, "input 2: sigma: point 1 is -1"],
  ])("%s is an InferenceInputError naming input and field", (_what, input, message) => {
    expect(() => prepareInput(card, input, 2)).toThrow(InferenceInputError);
    expect(() => prepareInput(card, input, 2)).toThrow(message);
  });

  test("without interpolation the curve must sit on the grid; with extrapolation 'error' it must cover it", () => {
    const json = regressionCardJson();
    (json.preprocessing as { interpolation: unknown }).interpolation = { method: "none", extrapolation: "clamp" };
    const strict = parseModelCard(json);
    const onGrid = { q: Float64Array.from(strict.qGrid), intensity: strict.qGrid.map(power) };
    expectNear(prepareInput(strict, onGrid, 0).features, prepareInput(card, curve, 0).features, 1e-6);
    expect(() => prepareInput(strict, curve, 1)).toThrow("input 1: q: has 40 points; this model takes exactly its 6-point grid");

    (json.preprocessing as { interpolation: unknown }).interpolation = { method: "log_log", extrapolation: "error" };
    const covering = parseModelCard(json);
    const narrow = { q: f64(geometricGrid(10, 0.02, 0.2)), intensity: f64(geometricGrid(10, 0.02, 0.2).map(power)) };
    expect(() => prepareInput(covering, narrow, 0)).toThrow("input 0: q: 3 of the model's 6 grid points lie outside");
  });
});

describe("prepareInto (fused pass into a batch buffer)", () => {
  const reference = (card: ReturnType<typeof parseModelCard>, q: Float64Array, intensity: Float64Array, onGrid = false) => {
    const m = card.preprocessing.interpolation.method;
    const values = onGrid ? intensity : interpolateOnto(q, intensity, card.qGrid, m !== "linear", m === "log_log");
    return Float32Array.from(standardiseFeatures(transformIntensity(values, card.preprocessing.transform), card.preprocessing.standardise));
  };
  const cards = [
    regressionCardJson(),
    {
      ...regressionCardJson(),
      preprocessing: {
        interpolation: { method: "log_q", extrapolation: "clamp" },
        transform: { kind: "quotient", variant: "log_quotient", squareIntensity: true },
      },
    },
    {
      ...regressionCardJson(),
      preprocessing: {
        interpolation: { method: "linear", extrapolation: "clamp" },
        transform: { kind: "quotient", variant: "scalar_neutralisation", squareIntensity: false },
      },
    },
    { ...regressionCardJson(), preprocessing: { interpolation: { method: "linear", extrapolation: "clamp" }, transform: { kind: "none" } } },
  ].map(parseModelCard);

  test.each(cards.map((c, i) => [i, c] as const))("card %i: bit-identical to the reference steps, curves on a shared q or their own", (_i, card) => {
    const width = featureCount(card);
    const shared = f64(geometricGrid(37, 0.007, 0.5));
    const curves = Array.from({ length: 12 }, (_, k) => {
      const q = k % 3 === 2 ? f64(geometricGrid(20 + k, 0.005 + k * 1e-3, 0.35)) : shared;
      return { q, intensity: q.map((v) => ((1 + k) * 0.1) / (1 + (v * (20 + k)) ** 4) + 1e-4) };
    });
    const out = new Float32Array(curves.length * width);
    curves.forEach((c, k) => prepareInto(card, c, k, out, k * width));
    curves.forEach((c, k) => expect(Array.from(out.subarray(k * width, (k + 1) * width))).toEqual(Array.from(reference(card, c.q, c.intensity))));
  });

  test("a curve on exactly the card's grid is not interpolated: the transform of its own values", () => {
    const card = cards[0];
    const q = Float64Array.from(card.qGrid);
    const intensity = q.map((v) => 2e-3 * v ** -2.5);
    const { features, warnings } = prepareInput(card, { q, intensity }, 0);
    expect(Array.from(features)).toEqual(Array.from(reference(card, q, intensity, true)));
    expect(warnings).toEqual([]);
    // Interpolating at the nodes reproduces the values only up to roundoff (here within float32).
    expectNear(features, reference(card, q, intensity), 1e-6);
    // A grid written by other code, one ulp off, counts as the card's grid.
    const nudged = Float64Array.from(q, (v, i) => (i === 3 ? v * (1 + Number.EPSILON) : v));
    expect(Array.from(prepareInput(card, { q: nudged, intensity }, 0).features)).toEqual(Array.from(features));
  });
});
