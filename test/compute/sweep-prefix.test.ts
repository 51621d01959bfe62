/**
 * `first` computes a prefix of a sweep, number for number: a dataset of the first curves of a large
 * training set holds the very curves the model learned from.
 */
import { runSasSweep, type SasSweepSpec } from "../../src/compute/sas/sweep";
import { runShapeMixture, SHAPES } from "../../src/compute/sas/shape-mixture";
import { qGrid } from "../../src/compute/sampling";

const q = qGrid(0.005, 0.5, 32, "LOG");

test("the first k curves of a sas sweep are those of the whole sweep", () => {
  const spec: SasSweepSpec = {
    model: "sphere",
    parameters: { radius_pd_type: "gaussian", radius_pd_n: 15 },
    ranges: [
      { name: "radius", min: 10, max: 100 },
      { name: "radius_pd", min: 0, max: 0.25 },
    ],
    sampling: "LATIN_HYPERCUBE",
    count: 50,
    seed: 7,
    q,
    resolution: 0.05,
    countsPerUnit: 1e5,
  };
  const all = [...runSasSweep(spec)];
  const first = [...runSasSweep({ ...spec, first: 4 })];
  expect(all).toHaveLength(50);
  expect(first).toHaveLength(4);
  first.forEach((c, i) => {
    expect(c.parameters).toEqual(all[i].parameters);
    expect(c.I).toEqual(all[i].I);
    expect(c.dI).toEqual(all[i].dI);
  });
  expect([...runSasSweep({ ...spec, first: 500 })]).toHaveLength(50);
});

test("a shape mixture is interleaved and its prefixes do not depend on its size", () => {
  const base = { seed: 3, q, resolution: 0.05, countsPerUnit: 1e5 };
  const big = [...runShapeMixture({ ...base, perClass: 20 })];
  const small = [...runShapeMixture({ ...base, perClass: 2 })];
  const first = [...runShapeMixture({ ...base, perClass: 20, first: 9 })];
  expect(big).toHaveLength(20 * SHAPES.length);
  expect(big.slice(0, SHAPES.length).map((c) => c.shape)).toEqual([...SHAPES]);
  expect(first).toHaveLength(9);
  for (const [prefix, n] of [
    [small, 2 * SHAPES.length],
    [first, 9],
  ] as const) {
    prefix.slice(0, n).forEach((c, i) => {
      expect(c.label).toBe(big[i].label);
      expect(c.parameters).toEqual(big[i].parameters);
      expect(c.I).toEqual(big[i].I);
    });
  }
});
