import { diameterQuantile, sampleDiameters, sphereAmplitude, sphereVolume, type DiameterDistribution } from "../../../../src/compute/particles/hardspheres";
import { Random } from "../../../../src/compute/random";
import { normalCdf } from "../../../../src/compute/sas/numerics/normal";

/** Exact moments of each distribution (the normal one is not truncated at these sigma: 0.05 is 9.5 sigma away). */
const MEAN: Record<DiameterDistribution, (s: number) => number> = {
  uniform: () => 1,
  normal: () => 1,
  lognormal: (s) => Math.exp((s * s) / 2),
};
const VARIANCE: Record<DiameterDistribution, (s: number) => number> = {
  uniform: (s) => (s * s) / 3,
  normal: (s) => s * s,
  lognormal: (s) => (Math.exp(s * s) - 1) * Math.exp(s * s),
};
/** The cumulative distribution, to check that each slice holds exactly one diameter. */
const CDF: Record<DiameterDistribution, (s: number, d: number) => number> = {
  uniform: (s, d) => (d - (1 - s)) / (2 * s),
  normal: (s, d) => normalCdf((d - 1) / s),
  lognormal: (s, d) => normalCdf(Math.log(d) / s),
};

function moments(d: Float64Array): { mean: number; variance: number } {
  let mean = 0;
  for (const x of d) mean += x / d.length;
  let variance = 0;
  for (const x of d) variance += (x - mean) ** 2 / d.length;
  return { mean, variance };
}

describe.each([
  ["uniform", 0.15],
  ["normal", 0.1],
  ["lognormal", 0.1],
] as [DiameterDistribution, number][])("%s diameters, sigma %p", (distribution, sigma) => {
  const n = 20_000;

  it("stratified: exactly one diameter in each of the n equal-probability slices", () => {
    const sorted = sampleDiameters(distribution, sigma, n, new Random(3)).sort();
    for (let k = 0; k < n; k++) {
      const p = CDF[distribution](sigma, sorted[k]);
      expect(p).toBeGreaterThanOrEqual(k / n - 1e-12);
      expect(p).toBeLessThan((k + 1) / n + 1e-12);
    }
  });

  it("stratified: the set's mean is the distribution's to 1/100 and its variance to 1/10 of an independent draw's scatter", () => {
    const stratified = moments(sampleDiameters(distribution, sigma, n, new Random(4)));
    const sd = Math.sqrt(VARIANCE[distribution](sigma));
    // An independent draw's mean scatters by sd / sqrt(n) (0.1 % of sd here); stratified, far less.
    expect(Math.abs(stratified.mean - MEAN[distribution](sigma))).toBeLessThan((0.01 * sd) / Math.sqrt(n));
    expect(Math.abs(stratified.variance / VARIANCE[distribution](sigma) - 1)).toBeLessThan(0.01 * Math.sqrt(2 / n) * 10);
    const independent = moments(sampleDiameters(distribution, sigma, n, new Random(4), "independent"));
    expect(Math.abs(independent.mean - MEAN[distribution](sigma))).toBeLessThan((4.5 * sd) / Math.sqrt(n));
  });

  it("stratified: each particle's diameter has the target distribution and is not tied to its index", () => {
    // Particle 0 over many seeds: a plain sample of the distribution (mean within 4.5 standard errors).
    const seeds = 3000;
    let sum = 0;
    for (let s = 0; s < seeds; s++) sum += sampleDiameters(distribution, sigma, 50, new Random(100 + s))[0];
    const sd = Math.sqrt(VARIANCE[distribution](sigma));
    expect(Math.abs(sum / seeds - MEAN[distribution](sigma))).toBeLessThan((4.5 * sd) / Math.sqrt(seeds));
    // Within one system, diameter and index are uncorrelated (|r| within 4.5 / sqrt(n)).
    const d = sampleDiameters(distribution, sigma, n, new Random(6));
    const { mean, variance } = moments(d);
    let covariance = 0;
    for (let i = 0; i < n; i++) covariance += ((d[i] - mean) * (i - (n - 1) / 2)) / n;
    const r = covariance / Math.sqrt(variance * ((n * n - 1) / 12));
    expect(Math.abs(r)).toBeLessThan(4.5 / Math.sqrt(n));
  });
});

describe("the form factor's minimum, where I(Q) is set by the sizes alone", () => {
  /** <V^2 F^2> / <V^2> of a set of diameters at Q. */
  function formFactor(diameters: Float64Array, q: number): number {
    let top = 0;
    let bottom = 0;
    for (const d of diameters) {
      top += sphereAmplitude(q, d) ** 2;
      bottom += sphereVolume(d) ** 2;
    }
    return top / bottom;
  }
  /** The same for U(1 - s, 1 + s) by Simpson's rule on 4001 points (converged to 1e-12). */
  function uniformFormFactor(s: number, q: number): number {
    let top = 0;
    let bottom = 0;
    const m = 4000;
    for (let k = 0; k <= m; k++) {
      const d = 1 - s + (2 * s * k) / m;
      const w = k === 0 || k === m ? 1 : k % 2 === 1 ? 4 : 2;
      top += w * sphereAmplitude(q, d) ** 2;
      bottom += w * sphereVolume(d) ** 2;
    }
    return top / bottom;
  }

  it("a stratified set of 23 328 uniform diameters matches the distribution's P(Q) to 1e-5; independent draws miss by about 1 %", () => {
    const n = 23_328;
    const q = 8.5;
    const exact = uniformFormFactor(0.15, q);
    const independentErrors: number[] = [];
    for (let seed = 0; seed < 8; seed++) {
      expect(Math.abs(formFactor(sampleDiameters("uniform", 0.15, n, new Random(seed)), q) / exact - 1)).toBeLessThan(1e-5);
      independentErrors.push(formFactor(sampleDiameters("uniform", 0.15, n, new Random(seed), "independent"), q) / exact - 1);
    }
    const rms = Math.sqrt(independentErrors.reduce((a, e) => a + e * e, 0) / independentErrors.length);
    expect(rms).toBeGreaterThan(2e-3);
    expect(rms).toBeLessThan(3e-2);
  });
});

describe("diameterQuantile", () => {
  it("keeps every diameter finite and positive, also at p = 0 and 1 and for a wide normal (truncated at 0.05)", () => {
    for (const p of [0, 1e-300, 0.5, 1 - 1e-16, 1]) {
      for (const distribution of ["uniform", "normal", "lognormal"] as DiameterDistribution[]) {
        const d = diameterQuantile(distribution, 0.5, p);
        expect(Number.isFinite(d) && d > 0).toBe(true);
      }
    }
    expect(diameterQuantile("normal", 0.5, 0)).toBeGreaterThanOrEqual(0.05);
    // Truncated at 0.05: half of the kept mass lies below the median of the truncated distribution.
    const below = normalCdf((0.05 - 1) / 0.5);
    const median = diameterQuantile("normal", 0.5, 0.5);
    expect(normalCdf((median - 1) / 0.5)).toBeCloseTo(below + 0.5 * (1 - below), 14);
    expect(diameterQuantile("lognormal", 0, 0.3)).toBe(1);
  });

  it("refuses an unknown sampling or distribution", () => {
    expect(() => sampleDiameters("uniform", 0.1, 10, new Random(1), "sobol" as never)).toThrow(RangeError);
    expect(() => sampleDiameters("gamma" as never, 0.1, 10, new Random(1))).toThrow(RangeError);
  });
});
