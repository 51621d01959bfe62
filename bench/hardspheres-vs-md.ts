/**
 * Hand evaluation (not a test): our event-chain + I(Q) pipeline against the authors' MD curves
 * (paper 000), and Percus–Yevick + beta correction against the same curves.
 *
 *   node dist/bench/hardspheres-vs-md.js /path/to/polydisperse-md [N] [configurations]
 *   (or HARDSPHERES_MD_DIR=...; default N = 4000, 10 configurations, 1000 Fibonacci directions)
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
  normalisedSphereAmplitude,
  simulateStatePoint,
  sphereVolume,
} from "../src/compute/particles/hardspheres";

interface MdFile {
  q: number[];
  eta: number[];
  sigma: number[];
  log10_I: number[][];
}

/** Percus–Yevick S(Q) of monodisperse hard spheres of diameter d (closed form, Wertheim/Thiele). */
export function percusYevickStructureFactor(q: number, d: number, eta: number): number {
  const alpha = (1 + 2 * eta) ** 2 / (1 - eta) ** 4;
  const beta = (-6 * eta * (1 + eta / 2) ** 2) / (1 - eta) ** 4;
  const gamma = (eta * alpha) / 2;
  const x = q * d;
  const s = Math.sin(x);
  const c = Math.cos(x);
  const g =
    (alpha * (s - x * c)) / x ** 2 +
    (beta * (2 * x * s + (2 - x * x) * c - 2)) / x ** 3 +
    (gamma * (-(x ** 4) * c + 4 * ((3 * x * x - 6) * c + (x ** 3 - 6 * x) * s + 6))) / x ** 5;
  return 1 / (1 + (24 * eta * g) / x);
}

/**
 * PY + beta correction (Kotlarchyk & Chen): I = P(Q) [1 + beta(Q) (S_PY(Q) - 1)], P = <F^2>/<V^2>,
 * beta = <F>^2/<F^2>, averaged over the size distribution by quadrature; S_PY at the mean diameter 1.
 */
export function percusYevickBeta(q: number, eta: number, distribution: DiameterDistribution, sigma: number): number {
  const nodes = 400;
  let w = 0, f1 = 0, f2 = 0, v2 = 0;
  for (let k = 0; k < nodes; k++) {
    const u = (k + 0.5) / nodes; // midpoint rule on a probability-integral transform
    const z = inverseNormal(u);
    const d = distribution === "uniform" ? 1 - sigma + 2 * sigma * u : distribution === "normal" ? 1 + sigma * z : Math.exp(sigma * z);
    if (d <= 0) continue;
    const f = sphereVolume(d) * normalisedSphereAmplitude(0.5 * q * d);
    w += 1; f1 += f; f2 += f * f; v2 += sphereVolume(d) ** 2;
  }
  const p = f2 / v2;
  const beta = (f1 / w) ** 2 / (f2 / w);
  return p * (1 + beta * (percusYevickStructureFactor(q, 1, eta) - 1));
}

/** Inverse standard normal CDF (Acklam's rational approximation, ~1e-9). */
function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
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
      const py = errors(data.log10_I[best], Array.from(q, (x) => percusYevickBeta(x, eta, distribution, sigma)));
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
