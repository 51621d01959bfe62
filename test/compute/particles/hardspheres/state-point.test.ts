import {
  carnahanStarlingCompressibility,
  fibonacciDirections,
  minimumContactRatio,
  simulateStatePoint,
  uniformQGrid,
} from "../../../../src/compute/particles/hardspheres";

describe("simulateStatePoint", () => {
  it("runs growth, equilibration, sampling and I(Q) with monotone progress", async () => {
    const fractions: number[] = [];
    const result = await simulateStatePoint(
      { distribution: "uniform", sigma: 0, eta: 0.35, n: 256, seed: 4 },
      {
        configurations: 4,
        q: uniformQGrid(3, 13, 20),
        directions: fibonacciDirections(30),
        threads: 1,
        decorrelationDisplacement: 20,
        onProgress: (fraction) => fractions.push(fraction),
      },
    );
    expect(result.eta).toBeCloseTo(0.35, 12);
    expect(result.intensity).toHaveLength(20);
    expect(result.intensity.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    expect(result.intensityError.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(minimumContactRatio(result.lastConfiguration)).toBeGreaterThanOrEqual(1 - 1e-12);
    // 80 displacements per particle of production at N = 256: a few per cent from CS.
    expect(Math.abs(result.compressibilityFactor / carnahanStarlingCompressibility(0.35) - 1)).toBeLessThan(0.05);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions[fractions.length - 1]).toBe(1);
  });
});
