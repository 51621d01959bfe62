import { Random } from "../../../../src/compute/random";
import {
  Configuration,
  foldAntipodes,
  initialConfiguration,
  normalisedSphereAmplitude,
  paperDirections,
  fibonacciDirections,
  sampleDiameters,
  scatteringIntensity,
  scatteringIntensityDirect,
  scatteringIntensityParallel,
  sphereVolume,
  uniformQGrid,
} from "../../../../src/compute/particles/hardspheres";

function maxRelativeDifference(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let k = 0; k < a.length; k++) max = Math.max(max, Math.abs(a[k] - b[k]) / Math.abs(b[k]));
  return max;
}

describe("I(Q) (paper 000, eq. 2)", () => {
  const config = initialConfiguration({ distribution: "uniform", sigma: 0.25, eta: 0.4, n: 200, seed: 21 });
  const q = uniformQGrid(3, 13, 100);

  it.each(["recurrence", "moments"] as const)("the %s kernel equals the direct sin/cos sum to 1e-6 (paper grid of directions, folded)", (kernel) => {
    const directions = paperDirections(6, 12);
    const fast = scatteringIntensity(config, q, { directions, kernel });
    const direct = scatteringIntensityDirect(config, q, { directions });
    expect(maxRelativeDifference(fast, direct)).toBeLessThan(1e-6);
  });

  it("equals the direct sum on a Fibonacci set (no antipodes) and on a non-uniform grid", () => {
    const directions = fibonacciDirections(25);
    expect(maxRelativeDifference(scatteringIntensity(config, q, { directions }), scatteringIntensityDirect(config, q, { directions }))).toBeLessThan(1e-6);
    const logGrid = Float64Array.from({ length: 30 }, (_, k) => 0.5 * 1.1 ** k);
    expect(
      maxRelativeDifference(scatteringIntensity(config, logGrid, { directions }), scatteringIntensityDirect(config, logGrid, { directions })),
    ).toBeLessThan(1e-6);
  });

  it.each(["auto", "moments"] as const)("worker threads give the same numbers as the single-threaded kernel (%s)", async (kernel) => {
    const directions = paperDirections(4, 8);
    const parallel = await scatteringIntensityParallel(config, q, { directions, threads: 2, kernel });
    expect(maxRelativeDifference(parallel, scatteringIntensity(config, q, { directions, kernel }))).toBeLessThan(1e-12);
  });

  it("the paper's 50 x 100 grid is inversion-symmetric: folds to 2500 pairs", () => {
    const folded = foldAntipodes(paperDirections(50, 100));
    expect(folded.weights.length).toBe(2500);
    expect(folded.weights.every((w) => w === 2)).toBe(true);
  });

  it("a single sphere scatters its form factor: I(Q) = f(QD/2)^2 in every direction", () => {
    const single: Configuration = { box: 10, positions: Float64Array.from([1.3, 4.2, 7.7]), diameters: Float64Array.from([1.7]) };
    const intensity = scatteringIntensity(single, q, { directions: fibonacciDirections(7) });
    for (let k = 0; k < q.length; k++) {
      expect(intensity[k]).toBeCloseTo(normalisedSphereAmplitude(0.5 * q[k] * 1.7) ** 2, 12);
    }
  });

  it("an ideal gas of polydisperse spheres averages to the exact expectation (form factor + box term)", () => {
    const random = new Random(99);
    const n = 60;
    const box = 12;
    const directions = fibonacciDirections(64);
    const grid = uniformQGrid(3, 13, 11);
    const samples = 40;
    const mean = new Float64Array(grid.length);
    const expected = new Float64Array(grid.length);
    for (let s = 0; s < samples; s++) {
      const diameters = sampleDiameters("lognormal", 0.2, n, random);
      const positions = Float64Array.from({ length: 3 * n }, () => random.uniform(0, box));
      const intensity = scatteringIntensity({ box, positions, diameters }, grid, { directions });
      // E|sum F_i e^{iQr_i}|^2 = sum F_i^2 + (sum_i F_i)^2 - sum F_i^2) * prod_a sinc^2(Q_a box / 2), averaged over directions.
      let v2 = 0;
      for (const d of diameters) v2 += sphereVolume(d) ** 2;
      for (let k = 0; k < grid.length; k++) {
        let f1 = 0;
        let f2 = 0;
        for (const d of diameters) {
          const f = sphereVolume(d) * normalisedSphereAmplitude(0.5 * grid[k] * d);
          f1 += f;
          f2 += f * f;
        }
        let boxTerm = 0;
        for (let dir = 0; dir < directions.length / 3; dir++) {
          let product = 1;
          for (let a = 0; a < 3; a++) {
            const x = 0.5 * grid[k] * directions[3 * dir + a] * box;
            product *= Math.abs(x) < 1e-12 ? 1 : (Math.sin(x) / x) ** 2;
          }
          boxTerm += product / (directions.length / 3);
        }
        expected[k] += (f2 + (f1 * f1 - f2) * boxTerm) / v2 / samples;
        mean[k] += intensity[k] / samples;
      }
    }
    // 64 directions x 40 samples: |A|^2 is ~exponentially distributed, so ~3% statistical error.
    for (let k = 0; k < grid.length; k++) expect(Math.abs(mean[k] / expected[k] - 1)).toBeLessThan(0.12);
  });
});
