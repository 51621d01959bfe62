/**
 * (b3) PAPER_MD against LAMMPS on the authors' protocol, one core each, interleaved in this run.
 * Both start from one configuration: an equilibrated hard-sphere configuration (uniform sigma 0.1)
 * with its diameters binned into 20 types as the LAMMPS peer needs (bench/lammps-paper-md.ts), and
 * one set of Maxwell velocities at T = 1; both then run the protocol's NVT for the same steps (time
 * step 0.001, Nose-Hoover chain tau = 100 steps, skin 0.3, a rebuild when an atom has moved half of
 * it). Ours is timed around its steps only; LAMMPS's rate is from its own "Loop time". Every 10th
 * step both sample T, pressure and potential energy, printed beside the ratio as the check that they
 * did the same physics. Rates per CPU second too (ours from process.cpuUsage, LAMMPS's from its
 * "% CPU use"): on a shared machine the time slices lost to others drop out of those. Knobs: PARTICLES_MD_N (default 8000, 23 328 with PARTICLES_BENCH_FULL=1),
 * PARTICLES_MD_STEPS (2000), PARTICLES_MD_REPS (3), PARTICLES_MD_ETAS ("0.3,0.45").
 */
import { performance } from "node:perf_hooks";
import { printTable, Row } from "./harness";
import { ContactDynamics, initialConfiguration, PAPER_MD_DEFAULTS } from "../src/compute/particles/hardspheres";
import { binDiameters, lammpsVersion, LammpsPaperMdSetup, runLammpsPaperMd } from "./lammps-paper-md";

const SAMPLE_EVERY = 10;

interface OurRun {
  rate: number;
  cpuRate: number;
  temperature: number;
  pressure: number;
  potentialPerAtom: number;
  neighbourBuilds: number;
}

/** The start both programs share. */
export function sharedStart(n: number, eta: number): LammpsPaperMdSetup {
  const raw = initialConfiguration({ distribution: "uniform", sigma: 0.1, eta, n, seed: 2 });
  const binned = binDiameters(raw.diameters, 20);
  const config = { box: raw.box, positions: raw.positions, diameters: binned.diameters };
  // Maxwell velocities at T = 1, total momentum zero, as PaperMdSampler starts.
  const velocities = new ContactDynamics(config, {
    timeStep: PAPER_MD_DEFAULTS.timeStep,
    epsilon: PAPER_MD_DEFAULTS.epsilon,
    temperature: 1,
    seed: 3,
  }).velocitiesInOriginalOrder();
  return {
    config,
    velocities,
    type: binned.type,
    typeDiameters: binned.typeDiameters,
    timeStep: PAPER_MD_DEFAULTS.timeStep,
    skin: 0.3,
    sampleEvery: SAMPLE_EVERY,
  };
}

function ours(setup: LammpsPaperMdSetup, steps: number): OurRun {
  const md = new ContactDynamics(setup.config, {
    timeStep: setup.timeStep,
    epsilon: PAPER_MD_DEFAULTS.epsilon,
    temperature: 1,
    skin: setup.skin,
    seed: 0,
    initialVelocities: setup.velocities,
  });
  const builds = md.neighbours.builds;
  let seconds = 0;
  let cpuSeconds = 0;
  let temperature = 0;
  let pressure = 0;
  let potential = 0;
  for (let s = 0; s < steps; s += SAMPLE_EVERY) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    md.run(SAMPLE_EVERY);
    seconds += (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    cpuSeconds += (used.user + used.system) / 1e6;
    // The samples LAMMPS takes: the state at every 10th step.
    temperature += md.temperature();
    pressure += md.pressure();
    potential += md.potentialEnergy();
  }
  const samples = steps / SAMPLE_EVERY;
  return {
    rate: (md.n * steps) / seconds,
    cpuRate: (md.n * steps) / cpuSeconds,
    temperature: temperature / samples,
    pressure: pressure / samples,
    potentialPerAtom: potential / samples / md.n,
    neighbourBuilds: md.neighbours.builds - builds,
  };
}

function spread(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  return `${(s[0] / 1e6).toFixed(2)} / ${(s[Math.floor(s.length / 2)] / 1e6).toFixed(2)} / ${(s[s.length - 1] / 1e6).toFixed(2)}`;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs the comparison; returns LAMMPS's median rate (and its version) at each eta, empty without lmp. */
export function benchPaperMdVsLammps(full: boolean): Map<number, { rate: number; version: string; atoms: number }> {
  const n = Number(process.env.PARTICLES_MD_N ?? (full ? 23328 : 8000));
  const steps = Number(process.env.PARTICLES_MD_STEPS ?? 2000);
  const reps = Number(process.env.PARTICLES_MD_REPS ?? 3);
  const etas = (process.env.PARTICLES_MD_ETAS ?? "0.3,0.45").split(",").map(Number);
  const version = lammpsVersion();
  if (version === null) console.log("\n(b3) LAMMPS peer skipped: `lmp` is not installed (apt install lammps); PAPER_MD's own rate only.");
  const lammpsRates = new Map<number, { rate: number; version: string; atoms: number }>();
  for (const eta of etas) {
    const setup = sharedStart(n, eta);
    ours(setup, 200); // JIT warm-up
    const our: OurRun[] = [];
    const peer: ReturnType<typeof runLammpsPaperMd>[] = [];
    for (let r = 0; r < reps; r++) {
      our.push(ours(setup, steps));
      if (version !== null) peer.push(runLammpsPaperMd(setup, steps));
    }
    const ratios = peer.map((p, r) => our[r].rate / p.rate);
    const cpuRatios = peer.map((p, r) => our[r].cpuRate / p.cpuRate);
    const row = (
      who: string,
      runs: { rate: number; cpuRate: number; temperature: number; pressure: number; potentialPerAtom: number; neighbourBuilds: number }[],
    ): Row => ({
      program: who,
      "M particle-steps/s (min / median / max)": spread(runs.map((x) => x.rate)),
      "per CPU second": spread(runs.map((x) => x.cpuRate)),
      "mean kinetic T": runs[0].temperature.toFixed(4),
      "mean pressure": runs[0].pressure.toFixed(3),
      "potential energy / atom": runs[0].potentialPerAtom.toFixed(4),
      "list builds": String(runs[0].neighbourBuilds),
    });
    const rows: Row[] = [row("PAPER_MD (ours, 1 thread)", our)];
    if (version !== null) {
      rows.push(row(`LAMMPS ${version}, lj/cut, 1 process, OMP_NUM_THREADS=1`, peer));
      rows.push({
        program: "ratio ours / LAMMPS, interleaved pairs (min / median / max)",
        "M particle-steps/s (min / median / max)": `${Math.min(...ratios).toFixed(3)} / ${median(ratios).toFixed(3)} / ${Math.max(...ratios).toFixed(3)}`,
        "per CPU second": `${Math.min(...cpuRatios).toFixed(3)} / ${median(cpuRatios).toFixed(3)} / ${Math.max(...cpuRatios).toFixed(3)}`,
        "mean kinetic T": "",
        "mean pressure": "",
        "potential energy / atom": "",
        "list builds": "",
      });
      lammpsRates.set(eta, { rate: median(peer.map((p) => p.rate)), version, atoms: n });
    }
    printTable(
      `(b3) the authors' MD protocol, N = ${n}, eta = ${eta} (20 diameter types), ${steps} NVT steps from one shared start, ${reps} interleaved repetitions; T, P and U/N averaged over every ${SAMPLE_EVERY}th step of the first repetition`,
      rows,
    );
  }
  return lammpsRates;
}

/** `npm run bench paper-md`: this comparison alone. */
export async function run(): Promise<void> {
  benchPaperMdVsLammps(process.env.PARTICLES_BENCH_FULL === "1");
  return Promise.resolve();
}
