/** Size distributions and polydisperse averages against independent integrals. */
import { distributionWeights, evaluate } from "../../../src/compute/sas";
import { logspace, maxRelativeDifference, simpson, sphereAmp } from "./helpers";

describe("distribution weights (sasmodels conventions)", () => {
  it("gaussian: 35 points over ±3σ, σ = width·center, normalised", () => {
    const w = distributionWeights("gaussian", 100, 0.1, 35, 3, 0, Infinity);
    expect(w.values.length).toBe(35);
    expect(w.values[0]).toBeCloseTo(70, 12);
    expect(w.values[34]).toBeCloseTo(130, 12);
    expect(w.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(w.weights[0] / w.weights[17]).toBeCloseTo(Math.exp(-4.5), 12);
  });

  it("drops points below the lower limit instead of clipping them", () => {
    const w = distributionWeights("gaussian", 10, 0.5, 35, 3, 0, Infinity);
    expect(Math.min(...w.values)).toBeGreaterThanOrEqual(0);
    expect(w.values.length).toBeLessThan(35);
  });

  it("rectangle keeps |x - c| <= √3 σ with equal weights; uniform spans c ± σ", () => {
    const r = distributionWeights("rectangle", 100, 0.1, 35, 3, 0, Infinity);
    for (const x of r.values) expect(Math.abs(x - 100)).toBeLessThanOrEqual(10 * Math.sqrt(3) + 1e-9);
    expect(new Set(r.weights).size).toBe(1);
    const u = distributionWeights("uniform", 100, 0.1, 11, 3, 0, Infinity);
    expect(u.values[0]).toBeCloseTo(90, 12);
    expect(u.values[10]).toBeCloseTo(110, 12);
  });

  it("lognormal peaks at the median and schulz has relative width ~ width", () => {
    const ln = distributionWeights("lognormal", 50, 0.2, 201, 6, 0, Infinity);
    let m = 0;
    for (let i = 0; i < ln.values.length; i++) m += ln.weights[i] * Math.log(ln.values[i]);
    expect(m).toBeCloseTo(Math.log(50), 2);
    const sz = distributionWeights("schulz", 50, 0.1, 401, 8, 0, Infinity);
    let mean = 0;
    let sq = 0;
    for (let i = 0; i < sz.values.length; i++) {
      mean += sz.weights[i] * sz.values[i];
      sq += sz.weights[i] * sz.values[i] ** 2;
    }
    expect(Math.sqrt(sq - mean * mean) / mean).toBeCloseTo(0.1, 3);
  });
});

describe("polydisperse intensity", () => {
  const q = logspace(-3, -0.7, 40);

  it("zero width equals the monodisperse curve", () => {
    for (const [model, par] of [
      ["sphere", "radius"],
      ["cylinder", "length"],
      ["core_shell_sphere", "thickness"],
    ] as const) {
      const mono = evaluate(model, {}, q).I;
      const pd = evaluate(model, { [`${par}_pd`]: 0, [`${par}_pd_n`]: 35 }, q).I;
      expect(maxRelativeDifference(pd, mono)).toBe(0);
    }
  });

  it("sphere gaussian pd equals sum w F² / sum w V over the same points (independent sum)", () => {
    const R = 50,
      width = 0.15;
    const I = evaluate("sphere", { radius: R, radius_pd: width, background: 0 }, q).I;
    // rebuild sasmodels' recipe by hand: 35 points on ±3σ, gaussian weights, ratio of sums
    const sigma = width * R;
    let num: number[] = Array.from(q, () => 0);
    let den = 0;
    for (let k = 0; k < 35; k++) {
      const r = R - 3 * sigma + (6 * sigma * k) / 34;
      const w = Math.exp(-((r - R) ** 2) / (2 * sigma * sigma));
      const v = (4 / 3) * Math.PI * r ** 3;
      den += w * v;
      num = num.map((acc, i) => {
        const x = q[i] * r;
        const amp = x < 1e-3 ? 1 - (x * x) / 10 : sphereAmp(x);
        return acc + w * (25 * v * v * amp * amp);
      });
    }
    const ref = Float64Array.from(num, (n) => (1e-4 * n) / den);
    expect(maxRelativeDifference(I, ref)).toBeLessThan(1e-10);
  });

  it("sphere pd converges to the continuous Gaussian average as points and nsigma grow", () => {
    const R = 50,
      width = 0.1;
    const qq = Float64Array.of(0.02, 0.08);
    const fine = Float64Array.from(qq, (qi) => {
      const g = (r: number) => Math.exp(-((r - R) ** 2) / (2 * (width * R) ** 2));
      const num = simpson((r) => g(r) * ((4 / 3) * Math.PI * r ** 3) ** 2 * sphereAmp(qi * r) ** 2, R - 8 * width * R, R + 8 * width * R, 4000);
      const den = simpson((r) => g(r) * (4 / 3) * Math.PI * r ** 3, R - 8 * width * R, R + 8 * width * R, 4000);
      return (1e-4 * 25 * num) / den;
    });
    const coarse = evaluate("sphere", { radius: R, radius_pd: width, background: 0 }, qq).I;
    const dense = evaluate("sphere", { radius: R, radius_pd: width, radius_pd_n: 301, radius_pd_nsigma: 6, background: 0 }, qq).I;
    expect(maxRelativeDifference(dense, fine)).toBeLessThan(1e-6);
    expect(maxRelativeDifference(coarse, fine)).toBeLessThan(5e-2); // truncation at 3σ, as in sasmodels
  });

  it("cylinder radius × length pd (separable fast path) equals the generic point-by-point sum", () => {
    const params = { radius_pd: 0.1, length_pd: 0.1, radius_pd_n: 7, length_pd_n: 9, background: 0 };
    const fast = evaluate("cylinder", params, q).I;
    // same mesh through the generic path: each (R, L) pair evaluated monodisperse and summed by hand
    const rs = Array.from({ length: 7 }, (_, k) => 20 * (0.7 + (0.6 * k) / 6));
    const ls = Array.from({ length: 9 }, (_, k) => 400 * (0.7 + (0.6 * k) / 8));
    const g = (x: number, c: number, s: number) => Math.exp(-((x - c) ** 2) / (2 * s * s));
    const num = new Float64Array(q.length);
    let den = 0;
    let wsum = 0;
    for (const r of rs)
      for (const l of ls) {
        const w = g(r, 20, 2) * g(l, 400, 40);
        const v = Math.PI * r * r * l;
        const mono = evaluate("cylinder", { radius: r, length: l, background: 0 }, q).I; // = F²/V
        for (let i = 0; i < q.length; i++) num[i] += w * mono[i] * v;
        den += w * v;
        wsum += w;
      }
    expect(wsum).toBeGreaterThan(0);
    const ref = Float64Array.from(num, (n) => n / den);
    expect(maxRelativeDifference(fast, ref)).toBeLessThan(1e-9);
  });

  it("core_shell_sphere thickness pd (rotation fast path) equals the hand-built sum", () => {
    const a = evaluate("core_shell_sphere", { thickness_pd: 0.2, thickness_pd_n: 5, background: 0 }, q).I;
    const ts = Array.from({ length: 5 }, (_, k) => 10 * (0.4 + (1.2 * k) / 4));
    const num = new Float64Array(q.length);
    let den = 0;
    for (const t of ts) {
      const w = Math.exp(-((t - 10) ** 2) / 8);
      const v = (4 / 3) * Math.PI * (60 + t) ** 3;
      const mono = evaluate("core_shell_sphere", { thickness: t, background: 0 }, q).I;
      for (let i = 0; i < q.length; i++) num[i] += w * mono[i] * v;
      den += w * v;
    }
    expect(
      maxRelativeDifference(
        a,
        Float64Array.from(num, (n) => n / den),
      ),
    ).toBeLessThan(1e-10);
  });
});
