/**
 * Hand evaluation (not a test): our event-chain + I(Q) pipeline against the authors' MD curves
 * (paper 000), and Percus–Yevick + beta correction against the same curves.
 *
 *   node dist/bench/hardspheres-vs-md.js /path/to/polydisperse-md [N] [configurations] [paper|DIRECTIONS] [eta,...]
 *   (or HARDSPHERES_MD_DIR=...; default N = 23 328 and the authors' 50 x 100 direction grid, so that
 *   eq. 2 is evaluated exactly as the MD curves were; 3 configurations; targets eta = 0.1, 0.3, 0.45).
 *
 * For each distribution and target it picks the nearest MD curve, simulates at exactly that curve's
 * eta and sigma, and prints the paper's error measure MSE = < (log10 I_MD - log10 I)^2 >_Q over all
 * 100 Q and over Q >= 3.1 + 5 eta (below that the authors replaced the MD by a spline).
 *
 * It also prints the "apparent eta" of each curve: the volume fraction at which PY + beta (free overall
 * scale) fits it best over Q >= 3.1 + 5 eta, divided by the curve's nominal eta. PY + beta is used
 * only as a common yardstick: where it is nearly exact (eta <= 0.15) an equilibrium hard-sphere curve
 * must come out at 1; a curve that does not was not made at its nominal eta (or not of hard spheres).
 * The data are read at run time and never copied into the repository.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { printTable, Row } from "./harness";
import {
  DiameterDistribution,
  fibonacciDirections,
  paperDirections,
  simulateStatePoint,
} from "../src/compute/particles/hardspheres";
import { reducedIntensityPYBeta } from "../src/compute/sas";

interface MdFile {
  q: number[];
  eta: number[];
  sigma: number[];
  log10_I: number[][];
}

/** Below this Q the authors replaced the MD curve by a smoothing spline (data README). */
function splineLimit(eta: number): number {
  return 3.1 + 5 * eta;
}

function errors(q: Float64Array, reference: number[], model: ArrayLike<number>, qFrom: number): { mse: number; mseMd: number; maxRel: number } {
  let mse = 0, mseMd = 0, countMd = 0, maxRel = 0;
  for (let k = 0; k < reference.length; k++) {
    const diff = reference[k] - Math.log10(model[k]);
    mse += diff * diff / reference.length;
    if (q[k] >= qFrom) { mseMd += diff * diff; countMd++; }
    maxRel = Math.max(maxRel, Math.abs(10 ** -diff - 1));
  }
  return { mse, mseMd: mseMd / countMd, maxRel };
}

/** eta / nominal at which PY + beta (times a free constant) fits log10 I best over q >= qFrom. */
export function apparentEtaRatio(
  q: Float64Array,
  log10I: ArrayLike<number>,
  eta: number,
  distribution: DiameterDistribution,
  sigma: number,
  qFrom: number,
): number {
  let best = NaN, bestMse = Infinity;
  for (let ratio = 0.7; ratio <= 1.3001; ratio += 0.005) {
    const py = reducedIntensityPYBeta(q, Math.min(eta * ratio, 0.6), distribution, sigma);
    let mean = 0, count = 0;
    for (let k = 0; k < q.length; k++) if (q[k] >= qFrom) { mean += log10I[k] - Math.log10(py[k]); count++; }
    mean /= count;
    let mse = 0;
    for (let k = 0; k < q.length; k++) if (q[k] >= qFrom) mse += (log10I[k] - Math.log10(py[k]) - mean) ** 2;
    if (mse < bestMse) { bestMse = mse; best = ratio; }
  }
  return best;
}

export async function main(argv: string[]): Promise<void> {
  const dir = argv[0] ?? process.env.HARDSPHERES_MD_DIR;
  if (!dir) throw new Error("usage: hardspheres-vs-md <polydisperse-md dir> [N] [configurations] [paper|DIRECTIONS] [eta,...]");
  const n = Number(argv[1] ?? 23328);
  const configurations = Number(argv[2] ?? 3);
  const directionSet = argv[3] ?? "paper";
  const etaTargets = (argv[4] ?? "0.1,0.3,0.45").split(",").map(Number);
  const directions = directionSet === "paper" ? paperDirections() : fibonacciDirections(Number(directionSet));
  const directionLabel = directionSet === "paper" ? "the paper's 50 x 100 directions" : `${directionSet} Fibonacci directions`;
  const targets: Record<DiameterDistribution, number> = { uniform: 0.15, normal: 0.06, lognormal: 0.06 };
  const rows: Row[] = [];
  for (const distribution of Object.keys(targets) as DiameterDistribution[]) {
    const data = JSON.parse(fs.readFileSync(path.join(dir, `${distribution}.json`), "utf8")) as MdFile;
    const q = Float64Array.from(data.q);
    for (const etaTarget of etaTargets) {
      let best = 0;
      let bestDistance = Infinity;
      for (let i = 0; i < data.eta.length; i++) {
        const distance = Math.hypot((data.eta[i] - etaTarget) / 0.5, (data.sigma[i] - targets[distribution]) / (2 * targets[distribution]));
        if (distance < bestDistance) { bestDistance = distance; best = i; }
      }
      const eta = data.eta[best];
      const sigma = data.sigma[best];
      const qFrom = splineLimit(eta);
      const t = performance.now();
      const result = await simulateStatePoint({ distribution, sigma, eta, n, seed: 1000 + best }, { configurations, q, directions });
      const md = data.log10_I[best];
      const ours = errors(q, md, result.intensity, qFrom);
      const py = errors(q, md, reducedIntensityPYBeta(q, eta, distribution, sigma), qFrom);
      rows.push({
        distribution, eta, sigma,
        "MSE ours": ours.mse, "MSE PY+β": py.mse,
        "MSE ours, Q≥3.1+5η": ours.mseMd, "MSE PY+β, Q≥3.1+5η": py.mseMd,
        "max rel ours": ours.maxRel, "max rel PY+β": py.maxRel,
        "apparent η / η, MD": apparentEtaRatio(q, md, eta, distribution, sigma, qFrom),
        "apparent η / η, ours": apparentEtaRatio(q, Array.from(result.intensity, Math.log10), eta, distribution, sigma, qFrom),
        seconds: (performance.now() - t) / 1000,
      });
      console.error(JSON.stringify(rows[rows.length - 1]));
    }
  }
  printTable(`Hard spheres vs the authors' MD (N = ${n}, ${configurations} configurations, ${directionLabel})`, rows);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
}
