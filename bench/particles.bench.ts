/**
 * Particle simulations (paper 000, Ding et al. 2025: polydisperse hard spheres, N = 23 328).
 *   (a) I(Q) of one N = 23 328 configuration on the paper's grid (100 Q in [3, 13], 50 x 100
 *       directions): fast kernel (single thread and worker pool) vs the authors' direct sin/cos sum,
 *       both in this run; the direct sum is timed on a subset of directions and scaled linearly
 *       (its cost is exactly proportional to the number of directions).
 *   (b) event-chain Monte Carlo: time to an equilibrated configuration and to 100 decorrelated ones,
 *       vs the paper's 240 000 LAMMPS steps; decorrelation measured with F_s(2 pi) and the MSD.
 *   (b3) the authors' MD protocol, ours (PAPER_MD) against LAMMPS on that very protocol, interleaved in
 *       this run from one shared start (bench/paper-md-vs-lammps.ts); then its 240 000 steps against
 *       event chains' 100 configurations.
 *   (c) a whole state point end to end (simulateStatePoint).
 * Default sizes finish in a few minutes on 2 cores; PARTICLES_BENCH_FULL=1 runs (b) and (c) at the
 * paper's size (N = 23 328, 100 configurations; tens of minutes). The LAMMPS baseline of (b2) is the
 * rate (b3) measured in this run on the authors' protocol at eta = 0.45 (Debian's `lmp`, one process);
 * without `lmp` the row and its ratio are left out, never filled from a quoted figure.
 */
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { printTable, Row } from "./harness";
import {
  carnahanStarlingCompressibility,
  compressibilityFactor,
  ContactDynamics,
  PAPER_MD_DEFAULTS,
  DEFAULT_DECORRELATION_DISPLACEMENT,
  DEFAULT_EQUILIBRATION_DISPLACEMENT,
  EventChainSampler,
  initialConfiguration,
  paperDirections,
  ScatteringWorkerPool,
  scatteringIntensity,
  scatteringIntensityDirect,
  squaredAmplitudeSums,
  foldAntipodes,
  simulateStatePoint,
  uniformQGrid,
} from "../src/compute/particles/hardspheres";
import { intensityTfjs, tfjsBackend } from "./iq-tfjs";
import { benchPaperMdVsLammps } from "./paper-md-vs-lammps";

const PAPER_N = 23328;
const PAPER_MD_STEPS = 240000;
const FULL = process.env.PARTICLES_BENCH_FULL === "1";

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/** (a) I(Q) of one paper-size configuration: fast vs direct, same run. */
export async function benchScattering(): Promise<void> {
  const threads = availableParallelism();
  const config = initialConfiguration({ distribution: "uniform", sigma: 0.1, eta: 0.45, n: PAPER_N, seed: 1 });
  const q = uniformQGrid(3, 13, 100);
  const all = paperDirections(50, 100);
  // The direct sum on 10 directions (the first 10 of the paper grid), scaled x500.
  const subset = all.slice(0, 30);
  let t = performance.now();
  const directSubset = scatteringIntensityDirect(config, q, { directions: subset });
  const directSubsetSeconds = seconds(t);
  const directFullEstimate = directSubsetSeconds * (all.length / subset.length);
  t = performance.now();
  const fastSubset = scatteringIntensity(config, q, { directions: subset });
  seconds(t);
  let maxRel = 0;
  for (let k = 0; k < q.length; k++) maxRel = Math.max(maxRel, Math.abs(fastSubset[k] / directSubset[k] - 1));
  // Single-threaded fast kernel on the full grid, timed on a quarter of its antipode-folded directions
  // (a 50 x 25 grid would not fold: its azimuths have no antipodes).
  const folded = foldAntipodes(all);
  const quarterCount = Math.floor(folded.weights.length / 4);
  t = performance.now();
  squaredAmplitudeSums(config.positions, config.diameters, q, folded.directions.slice(0, 3 * quarterCount), folded.weights.slice(0, quarterCount));
  const fastSingleFull = seconds(t) * (folded.weights.length / quarterCount);
  // TensorFlow.js (wasm backend, float32) on the same subset as the direct sum.
  const backend = await tfjsBackend();
  intensityTfjs(config, q, subset.slice(0, 3)); // warm-up
  t = performance.now();
  const tfjsSubset = intensityTfjs(config, q, subset);
  const tfjsFullEstimate = seconds(t) * (all.length / subset.length);
  let tfjsMaxRel = 0;
  for (let k = 0; k < q.length; k++) tfjsMaxRel = Math.max(tfjsMaxRel, Math.abs(tfjsSubset[k] / directSubset[k] - 1));
  const pool = new ScatteringWorkerPool(threads);
  await pool.intensity(config, q, { directions: paperDirections(2, 2) }); // start-up and JIT warm-up
  t = performance.now();
  await pool.intensity(config, q, { directions: all });
  const fastPoolFull = seconds(t);
  await pool.close();
  const rows: Row[] = [
    {
      method: "direct sum, sin+cos per particle·Q·direction (authors' method), 1 thread",
      "seconds (5000 directions)": directFullEstimate,
      note: `timed on 10 directions (${directSubsetSeconds.toFixed(2)} s) x500`,
      speedup: 1,
    },
    {
      method: "phase recurrence + antipodal folding, 1 thread",
      "seconds (5000 directions)": fastSingleFull,
      note: "timed on a quarter of the folded grid x4",
      speedup: directFullEstimate / fastSingleFull,
    },
    {
      method: `phase recurrence + folding, worker pool (${threads} threads)`,
      "seconds (5000 directions)": fastPoolFull,
      note: "full grid",
      speedup: directFullEstimate / fastPoolFull,
    },
    {
      method: `TensorFlow.js (${backend} backend, float32): matMul phases, cos/sin, sum`,
      "seconds (5000 directions)": tfjsFullEstimate,
      note: `timed on 10 directions x500; max rel. difference to direct ${tfjsMaxRel.toExponential(1)}`,
      speedup: directFullEstimate / tfjsFullEstimate,
    },
  ];
  printTable(
    `(a) I(Q) of one configuration, N = ${PAPER_N}, 100 Q in [3, 13], 50 x 100 directions (max rel. difference fast vs direct on the subset: ${maxRel.toExponential(1)})`,
    rows,
  );
}

/** (b) event chains: equilibration and decorrelated configurations vs LAMMPS. */
export function benchSampling(lammps: { rate: number; version: string; atoms: number } | undefined): number {
  const n = FULL ? PAPER_N : 8000;
  const eta = 0.45;
  let t = performance.now();
  const initial = initialConfiguration({ distribution: "uniform", sigma: 0.1, eta, n, seed: 2 });
  const growthSeconds = seconds(t);
  const sampler = new EventChainSampler(initial, 3, { trackDisplacements: true });
  t = performance.now();
  sampler.runDisplacement(DEFAULT_EQUILIBRATION_DISPLACEMENT);
  const equilibrationSeconds = seconds(t);
  // Equilibration check: pressure in successive windows should not drift.
  const windows: number[] = [];
  for (let w = 0; w < 3; w++) {
    Object.assign(sampler.statistics, { chains: 0, events: 0, totalDisplacement: 0, liftingSeparationSum: 0 });
    sampler.runDisplacement(DEFAULT_DECORRELATION_DISPLACEMENT);
    windows.push(compressibilityFactor(sampler.statistics));
  }
  // Decorrelation: self-intermediate scattering function at k = 2 pi and MSD (drift removed; ECMC moves only +x,+y,+z).
  const d = sampler.displacements as Float64Array;
  d.fill(0);
  const decay: Row[] = [];
  let elapsed = 0;
  let total = 0;
  for (const step of [1, 1, 2, 2, 4, 10]) {
    t = performance.now();
    sampler.runDisplacement(step);
    elapsed += seconds(t);
    total += step;
    const mean = [0, 0, 0];
    for (let i = 0; i < d.length; i++) mean[i % 3] += d[i] / n;
    let fs = 0;
    let msd = 0;
    for (let i = 0; i < d.length; i++) {
      const x = d[i] - mean[i % 3];
      fs += Math.cos(2 * Math.PI * x);
      msd += x * x;
    }
    decay.push({ "displacement per particle": total, "F_s(k = 2pi)": fs / d.length, "MSD / D0^2": msd / n });
  }
  const secondsPerUnit = elapsed / total;
  const scale = PAPER_N / n; // event-chain cost is linear in N at fixed displacement per particle
  const equilibratedPaper = (growthSeconds + equilibrationSeconds) * scale;
  const hundredPaper = equilibratedPaper + 100 * DEFAULT_DECORRELATION_DISPLACEMENT * secondsPerUnit * scale;
  const lammpsSeconds = lammps ? (PAPER_N * PAPER_MD_STEPS) / lammps.rate : null;
  printTable(
    `(b1) decorrelation, N = ${n}, eta = ${eta}, uniform sigma 0.1 (window pressures beta P/rho: ${windows.map((z) => z.toFixed(3)).join(", ")}; CS monodisperse ${carnahanStarlingCompressibility(eta).toFixed(3)})`,
    decay,
  );
  printTable(`(b2) event chains vs MD, one core, ${FULL ? "measured at" : `measured at N = ${n}, scaled linearly to`} N = ${PAPER_N}`, [
    { task: "growth to eta (overlap-free)", seconds: growthSeconds * scale, events: "" },
    { task: `equilibrated configuration (growth + ${DEFAULT_EQUILIBRATION_DISPLACEMENT} D0/particle)`, seconds: equilibratedPaper, events: "" },
    { task: `equilibrated + 100 configurations (${DEFAULT_DECORRELATION_DISPLACEMENT} D0/particle apart)`, seconds: hundredPaper, events: "" },
    ...(lammps && lammpsSeconds !== null
      ? [
          {
            task: `LAMMPS ${lammps.version}, 240 000 steps at ${(lammps.rate / 1e6).toFixed(1)}e6 particle-steps/s (measured now in (b3), the authors' protocol, ${lammps.atoms} atoms)`,
            seconds: lammpsSeconds,
            events: "",
          },
          { task: "speedup (100 configurations)", seconds: lammpsSeconds / hundredPaper, events: "" },
        ]
      : [{ task: "LAMMPS: lmp not installed (apt install lammps), no baseline", seconds: "", events: "" }]),
    { task: "event rate (events/s)", seconds: "", events: sampler.statistics.events / elapsed },
  ]);
  return hundredPaper;
}

/** (b3, last row) the authors' 240 000 steps at our measured rate against event chains' 100 configurations. */
export function benchPaperMdSteps(eventChainsHundredSeconds: number): void {
  const n = FULL ? PAPER_N : 8000;
  const initial = initialConfiguration({ distribution: "uniform", sigma: 0.1, eta: 0.45, n, seed: 2 });
  const md = new ContactDynamics(initial, { timeStep: PAPER_MD_DEFAULTS.timeStep, epsilon: PAPER_MD_DEFAULTS.epsilon, temperature: 1, seed: 3 });
  md.run(2000); // past the start-up, when the temperature settles
  const steps = FULL ? 10000 : 4000;
  const t = performance.now();
  md.run(steps);
  const rate = (n * steps) / seconds(t);
  const paperSeconds = (PAPER_N * PAPER_MD_STEPS) / rate;
  printTable(`(b3) PAPER_MD, the authors' 240 000 steps, one core (rate measured at N = ${n}, eta = 0.45, uniform sigma 0.1, after 2000 steps)`, [
    { task: "particle-steps per second", value: rate },
    { task: `240 000 steps at N = ${PAPER_N} (seconds, scaled linearly)`, value: paperSeconds },
    { task: "event chains' 100 configurations are faster by", value: paperSeconds / eventChainsHundredSeconds },
  ]);
}

/** (c) a whole state point end to end. */
export async function benchStatePoint(): Promise<void> {
  const n = FULL ? PAPER_N : 4000;
  const configurations = FULL ? 100 : 10;
  const t = performance.now();
  const result = await simulateStatePoint(
    { distribution: "lognormal", sigma: 0.1, eta: 0.4, n, seed: 5 },
    { configurations, q: uniformQGrid(3, 13, 100), directions: paperDirections(50, 100) },
  );
  const total = seconds(t);
  printTable(`(c) state point end to end (lognormal sigma 0.1, eta 0.4, paper Q grid and directions, ${availableParallelism()} threads)`, [
    { N: n, configurations, seconds: total, "beta P / rho": result.compressibilityFactor, "I(Q=3)": result.intensity[0], "I(Q=13)": result.intensity[99] },
  ]);
}

export async function run(): Promise<void> {
  await benchScattering();
  const lammps = benchPaperMdVsLammps(FULL);
  benchPaperMdSteps(benchSampling(lammps.get(0.45)));
  await benchStatePoint();
}
