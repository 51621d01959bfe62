import { qGrid, sampleParameters, SamplingError } from "../../src/compute/sampling";

const ranges = [
  { name: "radius", min: 10, max: 100 },
  { name: "radius_pd", min: 0.01, max: 0.3, log: true },
];

test("Latin hypercube puts exactly one sample in each stratum of every range", () => {
  const n = 50;
  const pts = sampleParameters(ranges, "LATIN_HYPERCUBE", n, 3);
  const linStrata = pts.map((p) => Math.floor(((p.radius - 10) / 90) * n)).sort((a, b) => a - b);
  const logStrata = pts.map((p) => Math.floor((Math.log(p.radius_pd / 0.01) / Math.log(30)) * n)).sort((a, b) => a - b);
  expect(linStrata).toEqual(Array.from({ length: n }, (_, i) => i));
  expect(logStrata).toEqual(Array.from({ length: n }, (_, i) => i));
});

test("random sampling is uniform: the mean of many samples approaches the middle of the range", () => {
  const pts = sampleParameters([{ name: "x", min: 0, max: 1 }], "RANDOM", 20000, 9);
  const mean = pts.reduce((s, p) => s + p.x, 0) / pts.length;
  // Standard error of the mean of U(0,1): sqrt(1/12/20000) ≈ 0.002.
  expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
});

test("grids include both ends and cover count^d points; seeds reproduce", () => {
  const grid = sampleParameters(ranges, "GRID", 3, 0);
  expect(grid).toHaveLength(9);
  expect(grid[0]).toEqual({ radius: 10, radius_pd: 0.01 });
  expect(grid[8].radius).toBe(100);
  expect(grid[8].radius_pd).toBe(0.3);
  expect(sampleParameters(ranges, "RANDOM", 5, 42)).toEqual(sampleParameters(ranges, "RANDOM", 5, 42));
  expect(sampleParameters(ranges, "RANDOM", 5, 42)).not.toEqual(sampleParameters(ranges, "RANDOM", 5, 43));
});

test("bad ranges name themselves", () => {
  expect(() => sampleParameters([{ name: "r", min: 5, max: 1 }], "RANDOM", 1, 0)).toThrow(SamplingError);
  expect(() => sampleParameters([{ name: "r", min: 0, max: 1, log: true }], "RANDOM", 1, 0)).toThrow(/log range/);
  expect(() => sampleParameters(ranges, "GRID", 2000, 0)).toThrow(/limit/);
});

test("q grids: exact ends, constant ratio (log) or step (linear)", () => {
  const q = qGrid(0.001, 0.5, 200);
  expect(q[0]).toBe(0.001);
  expect(q[199]).toBe(0.5);
  expect(q[101] / q[100]).toBeCloseTo(q[2] / q[1], 12);
  const lin = qGrid(1, 2, 11, "LINEAR");
  expect(lin[5]).toBeCloseTo(1.5, 14);
});
