/**
 * A sweep across model classes: each curve is exactly its model at its parameters (a second path:
 * evaluate directly), curves are interleaved so any prefix is balanced and equals that prefix of the
 * whole sweep, and a class's curves do not depend on the other classes.
 */
import { evaluate } from "../../src/compute/sas";
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
