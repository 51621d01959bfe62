/**
 * Hand evaluation (not a test): our event-chain + I(Q) pipeline against the authors' MD curves
 * (paper 000), and Percus–Yevick + beta correction against the same curves. The data are read at run
 * time and never copied into the repository.
 *
 *   node dist/bench/hardspheres-vs-md.js DIR [N] [configurations] [paper|DIRECTIONS] [eta,...] [sigma/max,...]
 *   node dist/bench/hardspheres-vs-md.js DIR trend [sigmaMax]
 *   node dist/bench/hardspheres-vs-md.js DIR ruler [N] [configurations] [eta,...]
 *   node dist/bench/hardspheres-vs-md.js DIR noise [eta,...] [sigma/max,...]
 *   (DIR may also come from HARDSPHERES_MD_DIR.)
 *   Options anywhere: --method paper-md [--dt 0.001] [--equilibration 10000] [--stride 2000] simulates
 *   with the authors' MD protocol instead of event chains (default --method event-chain);
 *   --distributions uniform,normal limits the compare mode to those distributions.
 *
 * Default mode: for each distribution, target eta (default 0.1, 0.3, 0.45) and target sigma, given as
 * fractions of the largest sigma in the data (0.3 uniform, 0.12 normal and lognormal; default 0.5),
 * pick the nearest MD curve, simulate at exactly that curve's eta and sigma (default N = 23 328 and the authors' 50 x 100
 * direction grid, so that eq. 2 is evaluated exactly as the MD curves were; 3 configurations), and
 * print the paper's error measure MSE = < (log10 I_MD - log10 I)^2 >_Q over all 100 Q and over
 * Q >= 3.1 + 5 eta (below that the authors replaced the MD by a spline).
 *
 * The "apparent eta" of a curve is the volume fraction at which PY + beta (free overall scale) fits it
 * best over Q >= 3.1 + 5 eta, divided by the curve's nominal eta. PY + beta serves only as a common
 * ruler: where it is nearly exact (eta <= 0.15) an equilibrium hard-sphere curve must read close to 1.
 * "trend" reads every MD curve with sigma <= sigmaMax (default 0.03) and prints the mean reading per
 * eta bin; "ruler" reads our own simulated curves (uniform, sigma 0.01) at the given eta, so the two
 * tables show how exact hard spheres and the MD each read on the same ruler.
 *
 * "noise" estimates the MD curves' own noise from the data alone: a curve minus a quadratic in
 * (eta, sigma) fitted, Q by Q, to its nearest neighbours in the data set. The fit is smooth, so what is
 * left is the curve's noise (plus the fit's own, about 6/K of it, and curvature beyond quadratic).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { printTable, Row } from "./harness";
import {
  DiameterDistribution,
  HARD_SPHERE_METHODS,
  HardSphereMethod,
  StatePointOptions,
  fibonacciDirections,
  paperDirections,
  simulateStatePoint,
  uniformQGrid,
} from "../src/compute/particles/hardspheres";
import { reducedIntensityPYBeta } from "../src/compute/sas";
import { Matrix, solve } from "ml-matrix";

export interface MdFile {
  q: number[];
  eta: number[];
  sigma: number[];
  log10_I: number[][];
}

/**
 * The authors' Q grid is exactly 100 points uniform in [3, 13]; the published files round it to 5
 * decimals. Evaluate on the exact grid (which also keeps our phase recurrence, which needs uniform
 * steps, instead of falling back to the direct sum), after checking the file's grid is that one.
 */
function exactGrid(published: number[]): Float64Array {
  const grid = uniformQGrid(3, 13, published.length);
  const worst = published.reduce((m, v, k) => Math.max(m, Math.abs(v - grid[k])), 0);
  return worst < 1e-4 ? grid : Float64Array.from(published);
}

/** Below this Q the authors replaced the MD curve by a smoothing spline (data README). */
export function splineLimit(eta: number): number {
  return 3.1 + 5 * eta;
}

function errors(q: Float64Array, reference: number[], model: ArrayLike<number>, qFrom: number): { mse: number; mseMd: number; maxRel: number } {
  let mse = 0,
    mseMd = 0,
    countMd = 0,
    maxRel = 0;
  for (let k = 0; k < reference.length; k++) {
    const diff = reference[k] - Math.log10(model[k]);
    mse += (diff * diff) / reference.length;
    if (q[k] >= qFrom) {
      mseMd += diff * diff;
      countMd++;
    }
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
  let best = NaN,
    bestMse = Infinity;
  for (let ratio = 0.6; ratio <= 1.4001; ratio += 0.005) {
    const py = reducedIntensityPYBeta(q, Math.min(eta * ratio, 0.6), distribution, sigma);
    let mean = 0,
      count = 0;
    for (let k = 0; k < q.length; k++)
      if (q[k] >= qFrom) {
        mean += log10I[k] - Math.log10(py[k]);
        count++;
      }
    mean /= count;
    let mse = 0;
    for (let k = 0; k < q.length; k++) if (q[k] >= qFrom) mse += (log10I[k] - Math.log10(py[k]) - mean) ** 2;
    if (mse < bestMse) {
      bestMse = mse;
      best = ratio;
    }
  }
  return best;
}

export function readMd(dir: string, distribution: DiameterDistribution): MdFile {
  return JSON.parse(fs.readFileSync(path.join(dir, `${distribution}.json`), "utf8")) as MdFile;
}

const DISTRIBUTIONS: DiameterDistribution[] = ["uniform", "normal", "lognormal"];
const ETA_BINS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5];

/** Mean and spread of the MD's apparent eta / eta per eta bin, over its near-monodisperse curves. */
function trend(dir: string, sigmaMax: number): void {
  const rows: Row[] = [];
  for (const distribution of DISTRIBUTIONS) {
    const data = readMd(dir, distribution);
    const q = exactGrid(data.q);
    const readings: number[][] = ETA_BINS.slice(1).map(() => []);
    for (let i = 0; i < data.eta.length; i++) {
      const bin = ETA_BINS.findIndex((lower, b) => b + 1 < ETA_BINS.length && data.eta[i] >= lower && data.eta[i] < ETA_BINS[b + 1]);
      if (bin < 0 || data.sigma[i] > sigmaMax) continue;
      readings[bin].push(apparentEtaRatio(q, data.log10_I[i], data.eta[i], distribution, data.sigma[i], splineLimit(data.eta[i])));
    }
    readings.forEach((values, b) => {
      if (values.length === 0) return;
      const mean = values.reduce((a, v) => a + v, 0) / values.length;
      const spread = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
      rows.push({ distribution, "η from": ETA_BINS[b], "η to": ETA_BINS[b + 1], curves: values.length, "apparent η / η, mean": mean, std: spread });
    });
  }
  printTable(`The MD's apparent η / η (σ ≤ ${sigmaMax}; PY + β ruler over Q ≥ 3.1 + 5η)`, rows);
}

/** Our own curves (uniform, sigma 0.01, the paper's estimator and grid) read on the same ruler. */
async function ruler(n: number, configurations: number, etas: number[], sampling: SamplingOptions): Promise<void> {
  const q = uniformQGrid();
  const rows: Row[] = [];
  for (const eta of etas) {
    const t = performance.now();
    const result = await simulateStatePoint({ distribution: "uniform", sigma: 0.01, eta, n, seed: 4242 }, { configurations, q, ...sampling });
    const log10I = Array.from(result.intensity, Math.log10);
    rows.push({
      eta,
      configurations,
      "apparent η / η, ours": apparentEtaRatio(q, log10I, eta, "uniform", 0.01, splineLimit(eta)),
      "βP/ρ": result.compressibilityFactor,
      "T kinetic": result.meanTemperature ?? "—",
      seconds: (performance.now() - t) / 1000,
    });
    console.error(JSON.stringify(rows[rows.length - 1]));
  }
  printTable(`${methodLabel(sampling)} on the PY + β ruler (N = ${n}, ${configurations} configurations, uniform σ = 0.01)`, rows);
}

/**
 * The MD's own noise at curve `index`, as MSE over Q >= qFrom: the curve minus a quadratic in
 * (eta, sigma) fitted Q by Q (least squares) to its `neighbours` nearest curves, the curve excluded.
 */
export function mdNoiseMse(data: MdFile, index: number, sigmaMax: number, qFrom: number, neighbours = 40): number {
  const distance = (i: number) => Math.hypot((data.eta[i] - data.eta[index]) / 0.5, (data.sigma[i] - data.sigma[index]) / sigmaMax);
  const nearest = data.eta
    .map((_, i) => i)
    .filter((i) => i !== index)
    .sort((a, b) => distance(a) - distance(b))
    .slice(0, neighbours);
  const basis = (i: number): number[] => {
    const x = (data.eta[i] - data.eta[index]) / 0.5,
      y = (data.sigma[i] - data.sigma[index]) / sigmaMax;
    return [1, x, y, x * x, x * y, y * y];
  };
  const design = new Matrix(nearest.map(basis));
  const q = exactGrid(data.q);
  let sum = 0,
    count = 0;
  for (let k = 0; k < q.length; k++) {
    if (q[k] < qFrom) continue;
    const values = Matrix.columnVector(nearest.map((i) => data.log10_I[i][k]));
    const coefficients = solve(design, values); // least squares (QR) for a tall design
    const residual = data.log10_I[index][k] - coefficients.get(0, 0); // the fit at the curve itself is its constant term
    sum += residual * residual;
    count++;
  }
  return sum / count;
}

/** The MD's noise (mdNoiseMse) at the curves nearest the compare mode's targets. */
function noise(dir: string, etaTargets: number[], sigmaFractions: number[]): void {
  const rows: Row[] = [];
  for (const distribution of DISTRIBUTIONS) {
    const data = readMd(dir, distribution);
    for (const fraction of sigmaFractions) {
      for (const etaTarget of etaTargets) {
        const best = nearestCurve(data, distribution, etaTarget, fraction * SIGMA_MAX[distribution]);
        const qFrom = splineLimit(data.eta[best]);
        rows.push({
          distribution,
          eta: data.eta[best],
          sigma: data.sigma[best],
          "MD noise, K = 20": mdNoiseMse(data, best, SIGMA_MAX[distribution], qFrom, 20),
          "MD noise, K = 40": mdNoiseMse(data, best, SIGMA_MAX[distribution], qFrom, 40),
          "MD noise, K = 80": mdNoiseMse(data, best, SIGMA_MAX[distribution], qFrom, 80),
        });
      }
    }
  }
  printTable("The MD curves' own noise (MSE of log10 I over Q ≥ 3.1 + 5η; curve minus a local quadratic fit to its K nearest curves)", rows);
}

function nearestCurve(data: MdFile, distribution: DiameterDistribution, etaTarget: number, sigmaTarget: number): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let i = 0; i < data.eta.length; i++) {
    const distance = Math.hypot((data.eta[i] - etaTarget) / 0.5, (data.sigma[i] - sigmaTarget) / SIGMA_MAX[distribution]);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  }
  return best;
}

/** Largest sigma in the MD data per distribution (data README). */
const SIGMA_MAX: Record<DiameterDistribution, number> = { uniform: 0.3, normal: 0.12, lognormal: 0.12 };

/**
 * For each distribution, each sigma (as a fraction of that distribution's largest) and each target eta:
 * the nearest MD curve, our simulation at exactly its eta and sigma, and the errors of both.
 */
async function compare(
  dir: string,
  n: number,
  configurations: number,
  directionSet: string,
  etaTargets: number[],
  sigmaFractions: number[],
  sampling: SamplingOptions,
  distributions: DiameterDistribution[] = DISTRIBUTIONS,
): Promise<void> {
  const directions = directionSet === "paper" ? paperDirections() : fibonacciDirections(Number(directionSet));
  const directionLabel = directionSet === "paper" ? "the paper's 50 x 100 directions" : `${directionSet} Fibonacci directions`;
  const rows: Row[] = [];
  let wins = 0;
  for (const distribution of distributions) {
    const data = readMd(dir, distribution);
    const q = exactGrid(data.q);
    for (const fraction of sigmaFractions) {
      const sigmaTarget = fraction * SIGMA_MAX[distribution];
      for (const etaTarget of etaTargets) {
        const best = nearestCurve(data, distribution, etaTarget, sigmaTarget);
        const eta = data.eta[best];
        const sigma = data.sigma[best];
        const qFrom = splineLimit(eta);
        const t = performance.now();
        const result = await simulateStatePoint({ distribution, sigma, eta, n, seed: 1000 + best }, { configurations, q, directions, ...sampling });
        const md = data.log10_I[best];
        const mdNoise = mdNoiseMse(data, best, SIGMA_MAX[distribution], qFrom);
        const ours = errors(q, md, result.intensity, qFrom);
        const py = errors(q, md, reducedIntensityPYBeta(q, eta, distribution, sigma), qFrom);
        if (ours.mse < py.mse) wins++;
        rows.push({
          distribution,
          eta,
          sigma,
          "MSE ours": ours.mse,
          "MSE PY+β": py.mse,
          "PY+β / ours": py.mse / ours.mse,
          "MSE ours, Q≥3.1+5η": ours.mseMd,
          "MSE PY+β, Q≥3.1+5η": py.mseMd,
          "our noise": noiseMse(result.intensity, result.intensityError),
          "MD noise, Q≥3.1+5η": mdNoise,
          "MSE / (our + MD noise), Q≥3.1+5η": ours.mseMd / (noiseMse(result.intensity, result.intensityError, qFrom, q) + mdNoise),
          "apparent η / η, MD": apparentEtaRatio(q, md, eta, distribution, sigma, qFrom),
          "apparent η / η, ours": apparentEtaRatio(q, Array.from(result.intensity, Math.log10), eta, distribution, sigma, qFrom),
          "T kinetic": result.meanTemperature ?? "—",
          seconds: (performance.now() - t) / 1000,
        });
        console.error(JSON.stringify(rows[rows.length - 1]));
      }
    }
  }
  printTable(
    `${methodLabel(sampling)} vs the authors' MD (N = ${n}, ${configurations} configurations, ${directionLabel}); ours closer in ${wins} of ${rows.length}`,
    rows,
  );
}

/** The MSE our own statistical error alone would give: < (dI / (I ln 10))^2 >_Q, over Q >= qFrom. */
function noiseMse(intensity: Float64Array, error: Float64Array, qFrom = 0, q: Float64Array = uniformQGrid()): number {
  let sum = 0,
    count = 0;
  for (let k = 0; k < intensity.length; k++) {
    if (q[k] < qFrom) continue;
    sum += (error[k] / (intensity[k] * Math.LN10)) ** 2;
    count++;
  }
  return sum / count;
}

type SamplingOptions = Pick<StatePointOptions, "method" | "md">;

function methodLabel(sampling: SamplingOptions): string {
  if (sampling.method !== "paper-md") return "Exact hard spheres (event chains)";
  return `The authors' MD protocol (time step ${sampling.md?.timeStep ?? 0.001})`;
}

/** Take --method, --dt, --equilibration, --stride and --distributions out of argv. */
function commandFlags(argv: string[]): { rest: string[]; sampling: SamplingOptions; distributions: DiameterDistribution[] } {
  const rest: string[] = [];
  const flags = new Map<string, string>();
  for (let k = 0; k < argv.length; k++) {
    if (argv[k].startsWith("--")) flags.set(argv[k].slice(2), argv[++k]);
    else rest.push(argv[k]);
  }
  const method = (flags.get("method") ?? "event-chain") as HardSphereMethod;
  if (!HARD_SPHERE_METHODS.includes(method)) throw new Error(`--method must be one of ${HARD_SPHERE_METHODS.join(", ")}`);
  const number = (name: string): number | undefined => (flags.has(name) ? Number(flags.get(name)) : undefined);
  const distributions = (flags.get("distributions") ?? DISTRIBUTIONS.join(",")).split(",") as DiameterDistribution[];
  if (!distributions.every((d) => DISTRIBUTIONS.includes(d))) throw new Error(`--distributions takes ${DISTRIBUTIONS.join(", ")}`);
  return {
    rest,
    distributions,
    sampling: { method, md: { timeStep: number("dt"), equilibrationSteps: number("equilibration"), stepsBetweenConfigurations: number("stride") } },
  };
}

export async function main(commandLine: string[]): Promise<void> {
  const { rest: argv, sampling, distributions } = commandFlags(commandLine);
  const usage =
    "usage: hardspheres-vs-md DIR [N] [configurations] [paper|DIRECTIONS] [eta,...] [sigma/max,...] | DIR trend [sigmaMax] | DIR noise [eta,...] [sigma/max,...] | ruler [N] [configurations] [eta,...]";
  const etaList = (text: string | undefined, fallback: string): number[] => (text ?? fallback).split(",").map(Number);
  if (argv[0] === "ruler" || argv[1] === "ruler") {
    const args = argv[0] === "ruler" ? argv.slice(1) : argv.slice(2);
    return ruler(Number(args[0] ?? 23328), Number(args[1] ?? 6), etaList(args[2], "0.05,0.1,0.2,0.3,0.4,0.45"), sampling);
  }
  const dir = argv[0] ?? process.env.HARDSPHERES_MD_DIR;
  if (!dir) throw new Error(usage);
  if (argv[1] === "trend") return trend(dir, Number(argv[2] ?? 0.03));
  if (argv[1] === "noise") return noise(dir, etaList(argv[2], "0.1,0.3,0.45"), etaList(argv[3], "0.5"));
  return compare(
    dir,
    Number(argv[1] ?? 23328),
    Number(argv[2] ?? 3),
    argv[3] ?? "paper",
    etaList(argv[4], "0.1,0.3,0.45"),
    etaList(argv[5], "0.5"),
    sampling,
    distributions,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
