import { normalCdf, normalDensity, normalQuantile, normalUpperTail } from "../../../src/compute/sas/numerics/normal";

const relative = (a: number, b: number) => Math.abs(a / b - 1);

describe("the standard normal distribution", () => {
  // Tabulated values (Abramowitz & Stegun table 26.1 and its extensions; 1 - Phi to 16 digits).
  it.each([
    [0, 0.5],
    [1, 0.15865525393145705],
    [1.959963984540054, 0.025],
    [3, 0.0013498980316300946],
    [5, 2.866515718791939e-7],
    [10, 7.619853024160527e-24],
  ])("upper tail at x = %p is %p to 1e-14 relative", (x, tail) => {
    expect(relative(normalUpperTail(x), tail)).toBeLessThan(1e-14);
    expect(relative(normalCdf(-x), tail)).toBeLessThan(1e-14);
  });

  it("is continuous where the tail switches from erf to the continued fraction (x = 3)", () => {
    const below = normalUpperTail(3 - 1e-9);
    const above = normalUpperTail(3 + 1e-9);
    // The two differ by the density times 2e-9, nothing more.
    expect(Math.abs(below - above - 2e-9 * normalDensity(3)) / above).toBeLessThan(1e-12);
  });

  it.each([
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.8413447460685429, 1],
    [1e-10, -6.361340902404056],
  ])("quantile of %p is %p", (p, x) => {
    expect(Math.abs(normalQuantile(p) - x)).toBeLessThan(1e-13 * Math.max(1, Math.abs(x)));
  });

  it("inverts the distribution to a few ulps of x from p = 1e-300 to 1 - 1e-16, symmetric about 1/2", () => {
    for (let e = -300; e <= -1; e += 1.7) {
      const p = 10 ** e;
      const x = normalQuantile(p);
      // One ulp of x moves Phi by |x| * ulp(x) / Phi ~ x^2 * 2.2e-16 relative in the tail.
      expect(relative(normalCdf(x), p)).toBeLessThan(1e-14 * Math.max(1, x * x));
    }
    for (let p = 0.01; p < 1; p += 0.0137) {
      expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(2e-16 * 8);
      // 1 - p is exact for p in [1/4, 1]; elsewhere it carries at most half an ulp of 1.
      expect(Math.abs(normalQuantile(1 - p) + normalQuantile(p))).toBeLessThan(1e-15 / normalDensity(normalQuantile(p)));
    }
  });

  it("has the limits at 0 and 1 and refuses p outside [0, 1]", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => normalQuantile(NaN)).toThrow(RangeError);
  });
});
