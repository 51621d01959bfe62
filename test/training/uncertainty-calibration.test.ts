import { Random } from "../../src/compute/random";
import { calibrated, fitCalibration } from "../../src/training/uncertainty-calibration";

/** Spreads over three decades, as the VAE's latent spread varies. */
function spreads(n: number, random: Random): Float64Array {
  return Float64Array.from({ length: n }, () => 10 ** random.uniform(-3, 0));
}

describe("uncertainty calibration (floor and scale of a network's spread)", () => {
  test("errors proportional to the spread: recovers the factor, no floor", () => {
    const random = new Random(1);
    const s = spreads(4000, random);
    const r = s.map((v) => 7 * v * random.normal());
    const c = fitCalibration(r, s);
    expect(c.scale).toBeGreaterThan(7 * 0.95);
    expect(c.scale).toBeLessThan(7 * 1.05);
    // The calibrated uncertainty follows the true one (7·spread) over all three decades.
    const ratios = Array.from(s, (v) => calibrated(v, c) / (7 * v));
    expect(Math.min(...ratios)).toBeGreaterThan(0.95);
    expect(Math.max(...ratios)).toBeLessThan(1.25);
  });

  test("errors unrelated to the spread: a constant uncertainty, the residuals' RMS", () => {
    const random = new Random(2);
    const s = spreads(4000, random);
    const r = s.map(() => 0.03 * random.normal());
    const c = fitCalibration(r, s);
    // Even at the largest spread (1) the spread adds little to the floor.
    expect(calibrated(1, c)).toBeLessThan(1.1 * c.floor);
    expect(c.floor).toBeGreaterThan(0.03 * 0.95);
    expect(c.floor).toBeLessThan(0.03 * 1.05);
  });

  test("on the fitted rows mean z² is 1, and a Gaussian error is covered 68 % of the time", () => {
    const random = new Random(3);
    const s = spreads(5000, random);
    const r = s.map((v) => Math.hypot(0.01, 2 * v) * random.normal());
    const c = fitCalibration(r, s);
    let z2 = 0;
    let within = 0;
    r.forEach((v, i) => {
      const z = v / calibrated(s[i], c);
      z2 += (z * z) / r.length;
      if (Math.abs(z) <= 1) within += 1 / r.length;
    });
    expect(z2).toBeCloseTo(1, 9);
    expect(within).toBeGreaterThan(0.66);
    expect(within).toBeLessThan(0.71);
  });

  test("no finite residual is an error", () => {
    expect(() => fitCalibration([NaN], [1])).toThrow(/no finite residuals/);
  });
});
