/**
 * A sweep across model classes: each curve is exactly its model at its parameters (a second path:
 * evaluate directly), curves are interleaved so any prefix is balanced and equals that prefix of the
 * whole sweep, and a class's curves do not depend on the other classes. A class without ranges draws
 * its parameter sets from its model's own sampler.
 */
import { evaluate, randomParameters } from "../../src/compute/sas";
import { Random } from "../../src/compute/random";
import { runClassSweep, type ClassSweepSpec } from "../../src/compute/sas/class-sweep";
import { qGrid } from "../../src/compute/sampling";

const q = qGrid(0.005, 0.4, 40, "LOG");
const sphere = { model: "sphere", parameters: { sld: 3, sld_solvent: 6 }, ranges: [{ name: "radius", min: 10, max: 80 }] };
const cylinder = { model: "cylinder", parameters: {}, ranges: [{ name: "length", min: 50, max: 400, log: true }] };
const spec = (extra: Partial<ClassSweepSpec> = {}): ClassSweepSpec => ({
  classes: [sphere, cylinder],
  perClass: 4,
  sampling: "LATIN_HYPERCUBE",
  seed: 5,
  q,
  ...extra,
});

test("each curve is its model evaluated at its parameters, labelled by class, interleaved", () => {
  const curves = [...runClassSweep(spec())];
  expect(curves.map((c) => c.model)).toEqual(["sphere", "cylinder", "sphere", "cylinder", "sphere", "cylinder", "sphere", "cylinder"]);
  expect(curves.map((c) => c.label)).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
  for (const c of curves) {
    expect(Array.from(c.I)).toEqual(Array.from(evaluate(c.model, c.parameters, q).I));
    expect(c.dI).toBeNull();
  }
  // Latin hypercube within each class: one sample in each quarter of the range.
  const quarters = curves.filter((c) => c.label === 0).map((c) => Math.floor(((c.parameters.radius as number) - 10) / 17.5));
  expect(quarters.sort()).toEqual([0, 1, 2, 3]);
});

test("the first n curves are the whole sweep's first n; a class's curves ignore the other classes", () => {
  const all = [...runClassSweep(spec({ countsPerUnit: 1e4 }))];
  const first = [...runClassSweep(spec({ countsPerUnit: 1e4, first: 3 }))];
  expect(first.map((c) => Array.from(c.I))).toEqual(all.slice(0, 3).map((c) => Array.from(c.I)));
  const withThird = [
    ...runClassSweep(
      spec({ countsPerUnit: 1e4, classes: [sphere, cylinder, { model: "guinier", parameters: {}, ranges: [{ name: "rg", min: 10, max: 100 }] }] }),
    ),
  ];
  const spheres = (cs: typeof all) => cs.filter((c) => c.model === "sphere").map((c) => Array.from(c.I));
  expect(spheres(withThird)).toEqual(spheres(all));
  // Noise is applied and stays reproducible: the same seed gives the same bits.
  expect(all[0].dI).not.toBeNull();
  expect([...runClassSweep(spec({ countsPerUnit: 1e4 }))].map((c) => Array.from(c.I))).toEqual(all.map((c) => Array.from(c.I)));
});

describe("a class without ranges draws from its model's sampler", () => {
  const drawn = { model: "core_shell_sphere", parameters: { sld_shell: 5 } };
  const product = { model: "sphere@hardsphere", parameters: {} };
  const sweep = (sampling: ClassSweepSpec["sampling"] = "RANDOM") => [...runClassSweep(spec({ classes: [sphere, drawn, product], sampling }))];

  test("its parameter sets are the sampler's draws from the class's stream, fixed parameters on top", () => {
    const curves = sweep();
    // the class's stream: the same seeding the sweep uses for a class's design (seed 5, label 1 and 2)
    const classSeed = (label: number) => (Math.imul(5, 0x2545f491) ^ Math.imul(label + 1, 0x9e3779b9)) >>> 0;
    for (const [label, model] of [
      [1, "core_shell_sphere"],
      [2, "sphere@hardsphere"],
    ] as const) {
      const rng = new Random(classSeed(label));
      const expected = Array.from({ length: 4 }, () => ({ ...randomParameters(model, rng), ...(label === 1 ? { sld_shell: 5 } : {}) }));
      const got = curves.filter((c) => c.label === label);
      expect(got.map((c) => c.parameters)).toEqual(expected);
      for (const c of got) expect(Array.from(c.I)).toEqual(Array.from(evaluate(model, c.parameters, q).I));
    }
    // the drawn class really varies what its sampler draws (sizes), within its law's range
    const outer = curves.filter((c) => c.label === 1).map((c) => (c.parameters.radius as number) + (c.parameters.thickness as number));
    expect(new Set(outer).size).toBe(4);
    for (const r of outer) expect(r >= 10 ** 1.3 && r <= 10 ** 4.3).toBe(true);
    // the product's S radius stays coupled to the particle (not drawn)
    for (const c of curves.filter((x) => x.label === 2)) expect(c.parameters.radius_effective).toBeUndefined();
  });

  test("LATIN_HYPERCUBE draws the same independent sets; GRID is refused, naming the class", () => {
    expect(
      sweep("LATIN_HYPERCUBE")
        .filter((c) => c.label === 1)
        .map((c) => c.parameters),
    ).toEqual(
      sweep("RANDOM")
        .filter((c) => c.label === 1)
        .map((c) => c.parameters),
    );
    expect(() => sweep("GRID")).toThrow(/classes\[1\] \(core_shell_sphere\) has no ranges: a GRID needs ranges/);
  });
});
