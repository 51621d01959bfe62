/**
 * The evaluation metrics on hand-made cases (percentiles as numpy computes them), and the rule that
 * decides which curves are hard spheres for the PY comparison.
 */
import { classMetrics, parameterMetrics, quantile, summarise } from "../../../src/compute/analysis/model-metrics";
import { hardSpherePointOf } from "../../../src/services/evaluation/hard-sphere-rule";

test("summaries follow numpy: mean, median, linear 90th percentile", () => {
  // numpy 1.x: np.percentile([1, 2, 3, 4, 10], 90) = 7.6, np.percentile([3, 1, 2, 5], 90) = 4.4.
  expect(summarise([10, 1, 3, 2, 4])).toEqual({ count: 5, mean: 4, median: 3, p90: expect.closeTo(7.6, 12) });
  expect(quantile(Float64Array.from([1, 2, 3, 5]), 0.9)).toBeCloseTo(4.4, 12);
  expect(summarise([0.5])).toEqual({ count: 1, mean: 0.5, median: 0.5, p90: 0.5 });
  expect(summarise([]).count).toBe(0);
  expect(summarise([]).mean).toBeNaN();
});

test("parameter metrics leave out rows without a truth; no calibration without uncertainties", () => {
  const m = parameterMetrics([1, 2, 5, 9], [1, 4, NaN, 0]);
  // rows 0, 1, 3: errors 0, -2, 9; relative error over truths != 0: (0 + 2/4) / 2.
  expect(m).toEqual({ count: 3, mae: 11 / 3, rmse: Math.sqrt(85 / 3), relativeError: 0.25 });
  const c = parameterMetrics([0, 0, 0], [1, 2, 3], [1, NaN, 0]);
  expect(c.calibration).toEqual({ count: 1, within1Sigma: 1, within2Sigma: 1, meanZ2: 1 }); // only row 0 states a usable sigma
});

test("top-3 and top-5 are null for models with fewer classes", () => {
  const m = classMetrics(
    [0, 1, 1],
    [
      [0, 1],
      [0, 1],
      [1, 0],
    ],
    2,
  );
  expect(m).toEqual({
    count: 3,
    top1: 2 / 3,
    top3: null,
    top5: null,
    confusion: [
      [1, 0],
      [1, 1],
    ],
  });
});

test.each([
  [
    { qUnit: "REDUCED", parameters: { distribution: "Uniform", eta: 0.3, sigma: 0.1 } },
    { distribution: "uniform", eta: 0.3, sigma: 0.1 },
  ],
  [{ qUnit: "INV_ANGSTROM", parameters: { distribution: "uniform", eta: 0.3, sigma: 0.1 } }, null],
  [{ qUnit: "REDUCED", parameters: { eta: 0.3, sigma: 0.1 } }, null],
  [{ qUnit: "REDUCED", parameters: { distribution: "schulz", eta: 0.3, sigma: 0.1 } }, null],
  [{ qUnit: "REDUCED", parameters: { distribution: "normal", eta: 0.6, sigma: 0.1 } }, null],
  [{ qUnit: "REDUCED", parameters: { distribution: "normal", eta: "0.3", sigma: 0.1 } }, null],
  [{ qUnit: "REDUCED", parameters: { distribution: "uniform", eta: 0.3, sigma: 1 } }, null],
  [
    { qUnit: "REDUCED", parameters: { distribution: "lognormal", eta: 0, sigma: 1.5 } },
    { distribution: "lognormal", eta: 0, sigma: 1.5 },
  ],
] as const)("hard-sphere rule (%#)", (curve, expected) => {
  expect(hardSpherePointOf(curve as never)).toEqual(expected);
});
