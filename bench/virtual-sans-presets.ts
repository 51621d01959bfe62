/**
 * The slow half of issue 18 (a), run once and reported in bench/RESULTS.md (not a suite, not a test):
 * for each of paper 004's 36 KWS-1 presets (or those whose name contains argv[2]), a virtual
 * experiment on dilute spheres with argv[3] neutrons (default the paper's 1e7), reduced to I(Q) in
 * 60 log bins, against the model smeared with the reduction's own dQ (src/compute/sas/resolution.ts)
 * and unsmeared: reduced chi-squared over the bins expecting >= 20 counts.
 *   npx ts-node -P tsconfig.json --transpile-only bench/virtual-sans-presets.ts [filter] [neutrons]
 */
import { performance } from "node:perf_hooks";
import { traceVirtualExperiment } from "../src/compute/instrument/beamline";
import { experimentFromPreset, presetNames } from "../src/compute/instrument/presets";
import { reduceImage, type ReducedCurve } from "../src/compute/instrument/reduction";
import { evaluate } from "../src/compute/sas/evaluate";
import { pinholeResolution } from "../src/compute/sas/resolution";

const SPHERES = { model: "sphere", parameters: { radius: 50, sld: 1, sld_solvent: 6.4, scale: 0.01, background: 0 } };

function chi2(curve: ReducedCurve, theory: Float64Array): { points: number; reduced: number } {
  let sum = 0;
  let points = 0;
  for (let i = 0; i < curve.q.length; i++) {
    const expected = theory[i] * curve.exposure[i];
    if (!(expected >= 20)) continue;
    sum += (curve.intensity[i] - theory[i]) ** 2 / (expected / curve.exposure[i] ** 2);
    points++;
  }
  return { points, reduced: sum / points };
}

const filter = process.argv[2] ?? "";
const neutrons = Number(process.argv[3] ?? 1e7);
console.log("| preset | s per image | q range (1/Å) | bins | χ²/n smeared | χ²/n unsmeared | envelope exceeded |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const name of presetNames().filter((n) => n.includes(filter))) {
  const exp = experimentFromPreset(name, { sample: SPHERES, neutrons, seed: 3 });
  const t0 = performance.now();
  const trace = traceVirtualExperiment(exp);
  const seconds = (performance.now() - t0) / 1000;
  const curve = reduceImage(trace.image, exp.instrument, { thickness: exp.sample.thickness, bins: 60 });
  const res = pinholeResolution(curve.q, curve.dQ);
  const smeared = chi2(curve, res.apply(evaluate(SPHERES.model, SPHERES.parameters, res.qCalc).I));
  const raw = chi2(curve, evaluate(SPHERES.model, SPHERES.parameters, curve.q).I);
  const range = `${curve.q[0].toFixed(4)}–${curve.q[curve.q.length - 1].toFixed(3)}`;
  console.log(
    `| ${name} | ${seconds.toFixed(1)} | ${range} | ${smeared.points} | ${smeared.reduced.toFixed(2)} | ${raw.reduced.toFixed(2)} | ${trace.envelopeExceeded} |`,
  );
}
