/**
 * 2D pinhole resolution against sasmodels' DirectModel with Pinhole2D (compiled kernels, double
 * precision; test/support/sasmodels-2d-resolution-reference.py), and against a second method: a
 * fine Cartesian quadrature of the 2D Gaussian.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { evaluate2D, evaluateAtPoints, evaluation2DWork } from "../../../src/compute/sas/evaluate-2d";
import { pinhole2D, resolutionPoints, type Resolution2DAccuracy } from "../../../src/compute/sas/resolution-2d";
import { SasInputError } from "../../../src/compute/sas/errors";

interface Fixture {
  qx: number[];
  qy: number[];
  widths: Record<string, { dqParallel: number[]; dqPerpendicular: number[] }>;
  cases: { model: string; parameters: Record<string, number>; widths: string; accuracy: Resolution2DAccuracy; I: number[] }[];
}
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "sas-2d", "sasmodels-2d-resolution.json"), "utf8")) as Fixture;

describe("2D pinhole resolution", () => {
  it.each(ref.cases.map((c) => [`${c.model} ${JSON.stringify(c.parameters)} ${c.widths} ${c.accuracy}`, c] as const))(
    "matches sasmodels' Pinhole2D: %s",
    (_, c) => {
      const w = ref.widths[c.widths];
      const out = evaluate2D(c.model, c.parameters, Float64Array.from(ref.qx), Float64Array.from(ref.qy), {
        resolution: { dqParallel: Float64Array.from(w.dqParallel), dqPerpendicular: Float64Array.from(w.dqPerpendicular), accuracy: c.accuracy },
      });
      const unsmeared = evaluate2D(c.model, c.parameters, Float64Array.from(ref.qx), Float64Array.from(ref.qy)).I;
      let changed = 0;
      c.I.forEach((expected, i) => {
        expect(Math.abs(out.I[i] - expected)).toBeLessThanOrEqual(1e-6 * Math.abs(expected) + 1e-12);
        changed = Math.max(changed, Math.abs(unsmeared[i] / expected - 1));
      });
      // The smearing matters at these widths (the comparison is not of two unsmeared patterns).
      expect(changed).toBeGreaterThan(1e-3);
    },
  );

  it("converges to the Gaussian convolution as the accuracy rises (a fine Cartesian quadrature as the second method)", () => {
    // A Guinier-like isotropic pattern has no zeros; the 2D Gaussian of widths (0.01, 0.02) at q = (0.05, 0.03).
    const model = "sphere";
    const params = { radius: 40, background: 0 };
    const x0 = 0.05;
    const y0 = 0.03;
    const q = Math.hypot(x0, y0);
    const [c, s] = [x0 / q, y0 / q];
    const [sa, sb] = [0.01, 0.02];
    // Cartesian midpoint rule over ±6 sigma in the pixel's frame, 241 x 241 points.
    const m = 241;
    const xs = new Float64Array(m * m);
    const ys = new Float64Array(m * m);
    const ws = new Float64Array(m * m);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        const u = -6 + (12 * (i + 0.5)) / m;
        const v = -6 + (12 * (j + 0.5)) / m;
        const a = q + u * sa;
        const b = v * sb;
        xs[i * m + j] = a * c - b * s;
        ys[i * m + j] = a * s + b * c;
        ws[i * m + j] = Math.exp(-0.5 * (u * u + v * v));
      }
    const values = evaluateAtPoints(model, params, xs, ys);
    let num = 0;
    let den = 0;
    values.forEach((v, k) => {
      num += ws[k] * v;
      den += ws[k];
    });
    const exact = num / den;
    const errors = (["low", "med", "xhigh"] as const).map((accuracy) => {
      const smeared = evaluate2D(model, params, Float64Array.of(x0), Float64Array.of(y0), {
        resolution: { dqParallel: Float64Array.of(sa), dqPerpendicular: Float64Array.of(sb), accuracy },
      }).I[0];
      return Math.abs(smeared / exact - 1);
    });
    // The polar grid stops at 3 sigma (1.1 % of a 2D Gaussian lies beyond): xhigh is within 2 %, and better than low.
    expect(errors[2]).toBeLessThan(0.02);
    expect(errors[2]).toBeLessThan(errors[0]);
  });

  it("prices the resolution's points and refuses widths that do not fit the pixels", () => {
    expect(resolutionPoints({ accuracy: "low" })).toBe(12);
    expect(resolutionPoints({ accuracy: "xhigh" })).toBe(200);
    expect(evaluation2DWork("sphere", {}, 10, { dqParallel: new Float64Array(10), dqPerpendicular: new Float64Array(10), accuracy: "med" })).toBe(300);
    const x = Float64Array.of(0.1, 0.2);
    expect(() => pinhole2D(x, x, { dqParallel: Float64Array.of(0.01), dqPerpendicular: Float64Array.of(0.01, 0.01) })).toThrow(SasInputError);
    expect(() => pinhole2D(x, x, { dqParallel: Float64Array.of(0.01, NaN), dqPerpendicular: Float64Array.of(0.01, 0.01) })).toThrow(/finite/);
    expect(() => pinhole2D(x, x, { dqParallel: Float64Array.of(0.01, -1), dqPerpendicular: Float64Array.of(0.01, 0.01) })).toThrow(/>= 0/);
  });

  it("zero widths leave the pattern as it is", () => {
    const qx = Float64Array.of(-0.1, 0.05, 0.2);
    const qy = Float64Array.of(0.03, 0.15);
    const p = { theta: 40, phi: 10 };
    const plain = evaluate2D("cylinder", p, qx, qy).I;
    const smeared = evaluate2D("cylinder", p, qx, qy, { resolution: { dqParallel: new Float64Array(6), dqPerpendicular: new Float64Array(6) } }).I;
    smeared.forEach((v, i) => expect(v).toBeCloseTo(plain[i], 6));
  });
});
