/**
 * Particle simulations (paper 000, Ding et al. 2025: polydisperse hard spheres, N = 23 328).
 *   (a) I(Q) of one N = 23 328 configuration on the paper's grid (100 Q in [3, 13], 50 x 100
 *       directions): our kernel (one thread and two worker threads) vs the authors' own compiled
 *       calc_Iq (C++, their flags; source from SASGRAPH_POLYDISPERSE_SPHERE_SRC, skipped with a notice
 *       without it), interleaved in this run; the peer is timed on a subset of directions and scaled
 *       linearly (its cost is exactly proportional to the number of directions).
 *       PARTICLES_IQ_ONLY=1 runs (a) alone.
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
import { availableParallelism, loadavg } from "node:os";
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
  foldAntipodes,
  amplitudeTable,
  simulateStatePoint,
  uniformQGrid,
} from "../src/compute/particles/hardspheres";
import { accumulateRecurrence } from "../src/compute/particles/hardspheres/scattering-kernel";
import { authorsIq, AUTHORS_SOURCE_VARIABLE } from "./authors-iq";
import { intensityTfjs, tfjsBackend } from "./iq-tfjs";
import { benchPaperMdVsLammps } from "./paper-md-vs-lammps";

const PAPER_N = 23328;
const PAPER_MD_STEPS = 240000;
const FULL = process.env.PARTICLES_BENCH_FULL === "1";

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/** min / median / max of a list of seconds. */
function spread(samples: number[]): { min: number; median: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted[sorted.length - 1] };
}

function maxRelativeDifference(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let k = 0; k < a.length; k++) max = Math.max(max, Math.abs(a[k] / b[k] - 1));
  return max;
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
}

/**
 * (a) I(Q) of one paper-size configuration. The peer is the authors' own C++ calc_Iq (bench/authors-iq.ts,
 * source from SASGRAPH_POLYDISPERSE_SPHERE_SRC), one thread, timed by its driver around calc_Iq on an
 * antipodally symmetric subset of their own theta/phi grid (default 10 x 20) and scaled to 50 x 100
 * (its cost is exactly proportional to the number of directions). Ours runs the full grid. Turns are
 * interleaved (peer, ours 1 thread, ours 2 threads, the older recurrence kernel), PARTICLES_IQ_REPS
 * times (default 3).
 */
export async function benchScattering(): Promise<void> {
  const config = initialConfiguration({ distribution: "uniform", sigma: 0.1, eta: 0.45, n: PAPER_N, seed: 1 });
  const q = uniformQGrid(3, 13, 100);
  const all = paperDirections(50, 100);
  const reps = Math.max(1, Number(process.env.PARTICLES_IQ_REPS ?? 3));
  const [peerTheta, peerPhi] = (process.env.PARTICLES_IQ_PEER_GRID ?? "10,20").split(",").map(Number);
  const peerScale = all.length / 3 / (peerTheta * peerPhi);
  const peer = authorsIq();
  const folded = foldAntipodes(all);
  const quarterCount = Math.floor(folded.weights.length / 4);
  const quarterDirections = folded.directions.slice(0, 3 * quarterCount);
  const quarterWeights = folded.weights.slice(0, quarterCount);
  const pool = new ScatteringWorkerPool(2);
  // JIT and worker start-up, untimed.
  scatteringIntensity(config, q, { directions: paperDirections(2, 4) });
  await pool.intensity(config, q, { directions: paperDirections(2, 4) });

  const times = { peer: [] as number[], ours: [] as number[], pool: [] as number[], recurrence: [] as number[] };
  let peerIntensity: Float64Array | null = null;
  let ours: Float64Array = new Float64Array(0);
  let pooled: Float64Array = new Float64Array(0);
  const loads: string[] = [loadAverage()];
  for (let rep = 0; rep < reps; rep++) {
    if (!("unavailable" in peer)) {
      const result = peer.run(config, q, peerTheta, peerPhi);
      times.peer.push(result.seconds * peerScale);
      peerIntensity = result.intensity;
    }
    let t = performance.now();
    ours = scatteringIntensity(config, q, { directions: all });
    times.ours.push(seconds(t));
    t = performance.now();
    pooled = await pool.intensity(config, q, { directions: all });
    times.pool.push(seconds(t));
    // The previous kernel (phase recurrence along Q), on a quarter of the folded grid x 4.
    t = performance.now();
    accumulateRecurrence(
      config.positions,
      amplitudeTable(config.diameters, q),
      q[0],
      q[1] - q[0],
      q.length,
      quarterDirections,
      quarterWeights,
      new Float64Array(q.length),
    );
    times.recurrence.push(seconds(t) * (folded.weights.length / quarterCount));
    loads.push(loadAverage());
  }
  await pool.close();

  // Agreement on the peer's subset: the same function of the same configuration.
  const peerGrid = paperDirections(peerTheta, peerPhi);
  const oursOnPeerGrid = scatteringIntensity(config, q, { directions: peerGrid });
  const directOnPeerGrid = scatteringIntensityDirect(config, q, { directions: peerGrid });
  const peerAgreement = peerIntensity === null ? null : maxRelativeDifference(oursOnPeerGrid, peerIntensity);
  const directAgreement = maxRelativeDifference(oursOnPeerGrid, directOnPeerGrid);
  // Our JS port of the authors' sum (the old baseline), 10 directions x 500.
  const subset = all.slice(0, 30);
  let t = performance.now();
  scatteringIntensityDirect(config, q, { directions: subset });
  const directFullEstimate = seconds(t) * (all.length / subset.length);
  // TensorFlow.js (wasm backend, float32) on the same 10 directions.
  const backend = await tfjsBackend();
  intensityTfjs(config, q, subset.slice(0, 3)); // warm-up
  t = performance.now();
  const tfjsSubset = intensityTfjs(config, q, subset);
  const tfjsFullEstimate = seconds(t) * (all.length / subset.length);
  const tfjsMaxRel = maxRelativeDifference(tfjsSubset, scatteringIntensity(config, q, { directions: subset }));

  const peerMedian = times.peer.length > 0 ? spread(times.peer).median : NaN;
  const row = (method: string, samples: number[], note: string): Row => {
    const s = spread(samples);
    return {
      method,
      "min s": s.min,
      "median s": s.median,
      "max s": s.max,
      "vs authors' C++ (median)": times.peer.length > 0 ? peerMedian / s.median : "no peer",
      note,
    };
  };
  const rows: Row[] = [];
  if ("unavailable" in peer) {
    console.log(`\n(a) NOTICE: the authors' calc_Iq peer is skipped: ${peer.unavailable}. Set ${AUTHORS_SOURCE_VARIABLE} to their source tree.`);
  } else {
    rows.push(
      row(
        "authors' calc_Iq (C++, their flags), 1 thread",
        times.peer,
        `${peer.compile}; calc_Iq(atoms, q, ${peerTheta}, ${peerPhi}) timed in the driver, x${peerScale}`,
      ),
    );
  }
  rows.push(
    row("cell moments + FFT + antipodal folding, 1 thread", times.ours, "full 50 x 100 grid"),
    row("same, worker pool, 2 threads", times.pool, "full grid"),
    row("previous kernel: phase recurrence along Q + folding, 1 thread", times.recurrence, "a quarter of the folded grid x4"),
  );
  printTable(
    `(a) I(Q) of one configuration, N = ${PAPER_N}, 100 Q in [3, 13], 50 x 100 directions, ${reps} interleaved turns (load before/after each turn: ${loads.join(" | ")})`,
    rows,
  );
  console.log(
    [
      "",
      `agreement on the ${peerTheta} x ${peerPhi} grid: max |I_ours / I_authors' C++ - 1| = ${peerAgreement === null ? "n/a" : peerAgreement.toExponential(2)}, ` +
        `max |I_ours / I_direct - 1| = ${directAgreement.toExponential(2)}; 2 threads vs 1: ${maxRelativeDifference(pooled, ours).toExponential(2)}`,
      `per-turn ratios, authors' C++ / ours (1 thread): ${times.peer.map((p, i) => (p / times.ours[i]).toFixed(0)).join(", ") || "n/a"}; ` +
        `2 threads: ${times.peer.map((p, i) => (p / times.pool[i]).toFixed(0)).join(", ") || "n/a"}`,
      `2-thread / 1-thread speed-up (median): ${(spread(times.ours).median / spread(times.pool).median).toFixed(2)}x (machine shared; see the load figures)`,
      `secondary: our JS port of the authors' direct sum, 10 directions x500: ${directFullEstimate.toFixed(1)} s; ` +
        `TensorFlow.js (${backend}, float32) 10 directions x500: ${tfjsFullEstimate.toFixed(1)} s, max rel. difference ${tfjsMaxRel.toExponential(1)}`,
    ].join("\n"),
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
  if (process.env.PARTICLES_IQ_ONLY === "1") return;
  const lammps = benchPaperMdVsLammps(FULL);
  benchPaperMdSteps(benchSampling(lammps.get(0.45)));
  await benchStatePoint();
}
