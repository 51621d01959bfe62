/**
 * Hand evaluation (not a test): our event-chain + I(Q) pipeline against the authors' MD curves
 * (paper 000), and Percus–Yevick + beta correction against the same curves.
 *
 *   node dist/bench/hardspheres-vs-md.js /path/to/polydisperse-md [N] [configurations] [paper|DIRECTIONS]
 *   (or HARDSPHERES_MD_DIR=...; default N = 4000, 10 configurations, 1000 Fibonacci directions;
 *   "paper" uses the authors' 50 x 100 grid). PY + beta comes from src/compute/sas.
 *
 * For each distribution it picks the MD curves nearest to (eta, sigma) = (0.3, mid) and (0.45, mid),
 * simulates at exactly that curve's eta and sigma, and prints the paper's error measure
 * MSE = < (log10 I_MD - log10 I)^2 >_Q and the largest relative error. The data are read at run time
 * and never copied into the repository.
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

function errors(reference: number[], model: ArrayLike<number>): { mse: number; maxRel: number } {
  let mse = 0, maxRel = 0;
  for (let k = 0; k < reference.length; k++) {
    const diff = reference[k] - Math.log10(model[k]);
    mse += diff * diff / reference.length;
    maxRel = Math.max(maxRel, Math.abs(10 ** -diff - 1));
  }
  return { mse, maxRel };
}

export async function main(argv: string[]): Promise<void> {
  const dir = argv[0] ?? process.env.HARDSPHERES_MD_DIR;
  if (!dir) throw new Error("usage: hardspheres-vs-md <polydisperse-md dir> [N] [configurations] [paper|DIRECTIONS]");
  const n = Number(argv[1] ?? 4000);
  const configurations = Number(argv[2] ?? 10);
  // "paper": the authors' 50 x 100 theta/phi grid, whose box-edge scattering matches theirs at the same N.
  const directionSet = argv[3] ?? "1000";
  const directions = directionSet === "paper" ? paperDirections() : fibonacciDirections(Number(directionSet));
  const directionLabel = directionSet === "paper" ? "the paper's 50 x 100 directions" : `${directionSet} Fibonacci directions`;
  const targets: Record<DiameterDistribution, number> = { uniform: 0.15, normal: 0.06, lognormal: 0.06 };
  const rows: Row[] = [];
  for (const distribution of Object.keys(targets) as DiameterDistribution[]) {
    const data = JSON.parse(fs.readFileSync(path.join(dir, `${distribution}.json`), "utf8")) as MdFile;
    const q = Float64Array.from(data.q);
    for (const etaTarget of [0.3, 0.45]) {
      let best = 0;
      let bestDistance = Infinity;
      for (let i = 0; i < data.eta.length; i++) {
        const distance = Math.hypot((data.eta[i] - etaTarget) / 0.5, (data.sigma[i] - targets[distribution]) / (2 * targets[distribution]));
        if (distance < bestDistance) { bestDistance = distance; best = i; }
      }
      const eta = data.eta[best];
      const sigma = data.sigma[best];
      const t = performance.now();
      const result = await simulateStatePoint({ distribution, sigma, eta, n, seed: 1000 + best }, { configurations, q, directions });
      const ours = errors(data.log10_I[best], result.intensity);
      const py = errors(data.log10_I[best], reducedIntensityPYBeta(q, eta, distribution, sigma));
      rows.push({
        distribution, eta, sigma, "MSE ours": ours.mse, "max rel ours": ours.maxRel, "MSE PY+beta": py.mse, "max rel PY+beta": py.maxRel,
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
