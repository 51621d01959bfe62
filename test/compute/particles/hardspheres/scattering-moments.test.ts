import {
  amplitudeTable,
  foldAntipodes,
  initialConfiguration,
  paperDirections,
  fibonacciDirections,
  scatteringIntensity,
  scatteringIntensityDirect,
  uniformQGrid,
} from "../../../../src/compute/particles/hardspheres";
import { accumulateDirect } from "../../../../src/compute/particles/hardspheres/scattering-kernel";
import { accumulateMoments, FAST_ORDER, momentErrorBound, momentGrid } from "../../../../src/compute/particles/hardspheres/scattering-moments";
import { FftPlan } from "../../../../src/compute/sas/numerics/fft";

function maxRelativeDifference(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let k = 0; k < a.length; k++) max = Math.max(max, Math.abs(a[k] - b[k]) / Math.abs(b[k]));
  return max;
}

/** Direct weighted sums sum_d w_d |A_d|^2 (the reference the moment kernel must reproduce). */
function directSums(config: { positions: Float64Array; diameters: Float64Array }, q: Float64Array, directions: Float64Array, weights: Float64Array) {
  const sums = new Float64Array(q.length);
  accumulateDirect(config.positions, amplitudeTable(config.diameters, q), q, directions, weights, sums);
  return sums;
}

describe("FFT (radix 2, X_k = sum_m x_m e^{+2 pi i k m / M})", () => {
  it.each([1, 2, 4, 8, 32, 256])("equals the naive DFT for M = %i", (size) => {
    const re = Float64Array.from({ length: size }, (_, m) => Math.sin(1.3 * m + 0.2));
    const im = Float64Array.from({ length: size }, (_, m) => Math.cos(0.7 * m * m));
    const outRe = re.slice();
    const outIm = im.slice();
    new FftPlan(size).transform(outRe, outIm);
    for (let k = 0; k < size; k++) {
      let sr = 0;
      let si = 0;
      for (let m = 0; m < size; m++) {
        const a = (2 * Math.PI * ((k * m) % size)) / size;
        sr += re[m] * Math.cos(a) - im[m] * Math.sin(a);
        si += re[m] * Math.sin(a) + im[m] * Math.cos(a);
      }
      expect(Math.hypot(sr - outRe[k], si - outIm[k])).toBeLessThan(1e-12 * size);
    }
  });

  it("rejects sizes that are not powers of two", () => {
    expect(() => new FftPlan(12)).toThrow(RangeError);
  });
});

describe("cell-moment I(Q) kernel against the direct sum", () => {
  const q = uniformQGrid(3, 13, 100);
  const cases = [
    { name: "polydisperse uniform sigma 0.25, eta 0.45", distribution: "uniform" as const, sigma: 0.25, eta: 0.45 },
    { name: "lognormal sigma 0.12, eta 0.3", distribution: "lognormal" as const, sigma: 0.12, eta: 0.3 },
    { name: "monodisperse, eta 0.45 (I small near Q = 3 and at the form-factor zero)", distribution: "uniform" as const, sigma: 0, eta: 0.45 },
  ];

  it.each(cases)("scatteringIntensity equals the direct sum to 1e-6: $name", ({ distribution, sigma, eta }) => {
    const config = initialConfiguration({ distribution, sigma, eta, n: 250, seed: 5 });
    const directions = paperDirections(6, 10);
    expect(
      maxRelativeDifference(scatteringIntensity(config, q, { directions, kernel: "moments" }), scatteringIntensityDirect(config, q, { directions })),
    ).toBeLessThan(1e-6);
  });

  it.each([FAST_ORDER, FAST_ORDER + 8])("order %i (unrolled and generic moment loops) reproduces the direct sums to 1e-9", (order) => {
    const config = initialConfiguration({ distribution: "uniform", sigma: 0.2, eta: 0.4, n: 200, seed: 8 });
    const folded = foldAntipodes(paperDirections(4, 8));
    const grid = { ...momentGrid(q[0], q[1] - q[0], q.length), order };
    const sums = new Float64Array(q.length);
    accumulateMoments(config.positions, config.diameters, folded.directions, folded.weights, grid, sums);
    expect(maxRelativeDifference(sums, directSums(config, q, folded.directions, folded.weights))).toBeLessThan(1e-9);
  });

  it("the truncation bound holds direction by direction on a deliberately coarse grid, and is not vacuous", () => {
    const config = initialConfiguration({ distribution: "uniform", sigma: 0.2, eta: 0.4, n: 200, seed: 9 });
    // A tail of 1e-3 per point: wide cells, large truncation errors.
    const grid = momentGrid(q[0], q[1] - q[0], q.length, 1e-3);
    const bound = momentErrorBound(grid, config.diameters);
    const directions = fibonacciDirections(6);
    let worstRatio = 0;
    for (let d = 0; d < 6; d++) {
      const one = directions.slice(3 * d, 3 * d + 3);
      const w = Float64Array.of(1);
      const moments = new Float64Array(q.length);
      accumulateMoments(config.positions, config.diameters, one, w, grid, moments);
      const direct = directSums(config, q, one, w);
      for (let k = 0; k < q.length; k++) {
        // | |A_moments| - |A_direct| | <= |A_moments - A_direct| <= eps.
        const error = Math.abs(Math.sqrt(moments[k]) - Math.sqrt(direct[k]));
        expect(error).toBeLessThanOrEqual(bound[k]);
        worstRatio = Math.max(worstRatio, error / bound[k]);
      }
    }
    // The coarse grid does make errors, within a few decades of the bound.
    expect(worstRatio).toBeGreaterThan(1e-4);
  });

  it("a tight tolerance falls back to the older kernels with the same result; low Q and a form-factor zero stay at 1e-6", () => {
    const config = initialConfiguration({ distribution: "uniform", sigma: 0, eta: 0.4, n: 200, seed: 10 });
    const directions = paperDirections(4, 8);
    const direct = scatteringIntensityDirect(config, q, { directions });
    expect(maxRelativeDifference(scatteringIntensity(config, q, { directions, kernel: "moments", tolerance: 1e-300 }), direct)).toBeLessThan(1e-6);
    for (const grid of [uniformQGrid(0.05, 1, 20), uniformQGrid(8.9, 9.1, 41)]) {
      expect(
        maxRelativeDifference(scatteringIntensity(config, grid, { directions, kernel: "moments" }), scatteringIntensityDirect(config, grid, { directions })),
      ).toBeLessThan(1e-6);
    }
  });
});
