/**
 * Our models at parameter sets drawn by their own samplers agree with sasmodels 1.0.6 (compiled, double
 * precision) to 1e-6: the fixture holds sasmodels' I(q) at the draws of test/support/sampler-draws.ts
 * (regenerate both as its header says). Left out, with the reason in the fixture: stacked_disks and
 * pearl_necklace (sasmodels' own numbers are not converged there), and the q where sasmodels' fixed
 * 76-point orientation rule is not (the generator keeps q where our adaptive rule needs ≤ 38 nodes).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate } from "../../../src/compute/sas";
import { MODEL_DEFINITIONS } from "../../../src/compute/sas/models";
import { DRAWS, NOT_COMPARED, SEED, samplerCases } from "../../support/sampler-draws";

interface Fixture {
  seed: number;
  draws: number;
  notCompared: Record<string, string>;
  skipped: { model: string; index: number; reason: string }[];
  cases: { model: string; index: number; parameters: Record<string, number>; q: number[]; I: number[] }[];
}
const fixture = JSON.parse(readFileSync(join(__dirname, "../../fixtures/sas-samplers/sasmodels-draws.json"), "utf8")) as Fixture;
const RTOL = 1e-6;
const ours = samplerCases();

test("the fixture is of the samplers' current draws, for every model but the documented ones", () => {
  expect([fixture.seed, fixture.draws]).toEqual([SEED, DRAWS]);
  expect(fixture.notCompared).toEqual(NOT_COMPARED);
  expect(fixture.skipped).toEqual([]);
  // a changed sampler draws other parameters: regenerate the fixture (test/support/sampler-draws.ts)
  expect(fixture.cases.map((c) => [c.model, c.index, c.parameters, c.q])).toEqual(ours.map((c) => [c.model, c.index, c.parameters, c.q]));
  const compared = new Set(fixture.cases.map((c) => c.model));
  expect(MODEL_DEFINITIONS.map((d) => d.name).filter((n) => !compared.has(n) && !NOT_COMPARED[n])).toEqual([]);
});

test.each(fixture.cases.map((c) => [c.model, c.index, c] as const))("%s draw %i equals sasmodels to 1e-6", (model, _index, c) => {
  const { I } = evaluate(model, c.parameters, Float64Array.from(c.q));
  const off = c.I.map((v, i) => ({ q: c.q[i], sasmodels: v, ours: I[i] })).filter((r) => !(Math.abs(r.ours - r.sasmodels) <= RTOL * Math.abs(r.sasmodels)));
  expect(off).toEqual([]);
});
