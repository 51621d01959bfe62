import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { AnalysisInputError, curveSvd } from "../../../src/compute/analysis";
import { Random } from "../../../src/compute/random";

function randomCurves(rows: number, cols: number, seed: number): Float64Array[] {
  const random = new Random(seed);
  return Array.from({ length: rows }, () => Float64Array.from({ length: cols }, () => random.normal()));
}

describe("curveSvd", () => {
  it("reconstructs a rank-2 data set exactly from two components", () => {
    const random = new Random(3);
    const cols = 40;
    const shapeA = Float64Array.from({ length: cols }, (_, c) => Math.exp(-c / 10));
    const shapeB = Float64Array.from({ length: cols }, (_, c) => Math.sin(c / 5));
    const curves = Array.from({ length: 30 }, () => {
      const a = random.normal();
      const b = random.normal();
      return shapeA.map((v, c) => a * v + b * shapeB[c]);
    });
    const svd = curveSvd(curves, { components: 2 });
    curves.forEach((curve, r) => {
      curve.forEach((value, c) => {
        const rebuilt = svd.scores[r][0] * svd.components[0][c] + svd.scores[r][1] * svd.components[1][c];
        expect(Math.abs(rebuilt - value)).toBeLessThan(1e-12);
      });
    });
    expect(svd.singularValues[2] / svd.singularValues[0]).toBeLessThan(1e-13);
    expect(svd.explainedVariance[0] + svd.explainedVariance[1]).toBeCloseTo(1, 12);
  });

  it("singular values equal the square roots of the Gram matrix eigenvalues (second method)", () => {
    const curves = randomCurves(25, 12, 7);
    const svd = curveSvd(curves, { components: 3 });
    const x = new Matrix(curves.map((c) => Array.from(c)));
    const eigen = new EigenvalueDecomposition(x.transpose().mmul(x), { assumeSymmetric: true });
    const fromGram = eigen.realEigenvalues.map((v) => Math.sqrt(Math.max(v, 0))).sort((a, b) => b - a);
    expect(svd.singularValues.length).toBe(12);
    svd.singularValues.forEach((s, i) => expect(s).toBeCloseTo(fromGram[i], 10));
    // Components are orthonormal and ||X v_k|| = sigma_k.
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        const dot = svd.components[a].reduce((s, v, c) => s + v * svd.components[b][c], 0);
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 12);
      }
      const norm = Math.sqrt(svd.scores.reduce((s, score) => s + score[a] ** 2, 0));
      expect(norm).toBeCloseTo(svd.singularValues[a], 10);
    }
  });

  it("handles more points than curves (wide matrices, as g(theta) data sets of few curves)", () => {
    const curves = randomCurves(5, 101, 11);
    const svd = curveSvd(curves, { components: 5 });
    expect(svd.singularValues.length).toBe(5);
    curves.forEach((curve, r) =>
      curve.forEach((value, c) => {
        const rebuilt = svd.components.reduce((s, v, k) => s + svd.scores[r][k] * v[c], 0);
        expect(rebuilt).toBeCloseTo(value, 11);
      }),
    );
  });

  it("fixes the sign: largest-magnitude entry of each component positive, so X and -X give the same components", () => {
    const curves = randomCurves(20, 10, 13);
    const plus = curveSvd(curves, { components: 3 });
    const minus = curveSvd(
      curves.map((c) => c.map((v) => -v)),
      { components: 3 },
    );
    for (let k = 0; k < 3; k++) {
      const v = plus.components[k];
      const largest = v.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
      expect(largest).toBeGreaterThan(0);
      v.forEach((x, c) => expect(minus.components[k][c]).toBeCloseTo(x, 12));
      plus.scores.forEach((s, r) => expect(minus.scores[r][k]).toBeCloseTo(-s[k], 11));
    }
  });

  it("centres columns and takes log10 when asked (dense input form)", () => {
    const rows = 6;
    const cols = 4;
    const data = Float64Array.from({ length: rows * cols }, (_, p) => 10 ** (1 + (p % 5) * 0.3 + Math.floor(p / cols) * 0.1));
    const svd = curveSvd({ rows, cols, data }, { components: 2, center: true, log10: true });
    for (let c = 0; c < cols; c++) {
      let mean = 0;
      for (let r = 0; r < rows; r++) mean += Math.log10(data[r * cols + c]);
      expect(svd.columnMean![c]).toBeCloseTo(mean / rows, 12);
    }
    for (let k = 0; k < 2; k++) expect(svd.scores.reduce((s, score) => s + score[k], 0)).toBeCloseTo(0, 10);
  });

  it.each([
    ["curves[1][2]", () => curveSvd([Float64Array.from([1, 2, 3]), Float64Array.from([1, 2, Number.NaN])], { components: 1 })],
    ["curves[0][0]", () => curveSvd([Float64Array.from([Number.POSITIVE_INFINITY, 1])], { components: 1 })],
    ["curves[1]", () => curveSvd([Float64Array.from([1, 2]), Float64Array.from([1])], { components: 1 })],
    ["curves[0][1]", () => curveSvd([Float64Array.from([1, 0])], { components: 1, log10: true })],
    ["components", () => curveSvd([Float64Array.from([1, 2])], { components: 2 })],
    ["data", () => curveSvd({ rows: 2, cols: 2, data: new Float64Array(3) }, { components: 1 })],
    ["curves", () => curveSvd([], { components: 1 })],
  ])("rejects bad input with AnalysisInputError on %s", (field, call) => {
    let caught: unknown;
    try {
      call();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AnalysisInputError);
    expect((caught as AnalysisInputError).field).toBe(field);
  });
});
