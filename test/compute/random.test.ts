import { Random } from "../../src/compute/random";

describe("Random (xoshiro128** seeded by splitmix32)", () => {
  it("is reproducible per seed and differs between neighbouring seeds", () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it("gives uniform [0,1) with the right mean and variance, and standard normals", () => {
    const r = new Random(7);
    const n = 200000;
    let sum = 0;
    let sum2 = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      sum += x;
      sum2 += x * x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sum2 / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 3);
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      m1 += z;
      m2 += z * z;
      m4 += z ** 4;
    }
    expect(m1 / n).toBeCloseTo(0, 2);
    expect(m2 / n).toBeCloseTo(1, 1);
    expect(m4 / n).toBeGreaterThan(2.85); // normal kurtosis 3
    expect(m4 / n).toBeLessThan(3.15);
  });
});
