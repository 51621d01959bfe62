/**
 * The peer of PAPER_MD on the authors' protocol, run in the bench's own process: Debian's `lmp`, one
 * process, one thread, started from the very configuration and velocities our run starts from (a
 * LAMMPS data file written here), so both integrate the same system over the same steps.
 *
 * The protocol, from the authors' public input: `units lj`, LJ with epsilon = 100 cut at the contact
 * distance sigma_ij = (D_i + D_j) / 2 and shifted (their `lj/cut/sphere 1.0` with arithmetic mixing),
 * masses pi D^3 / 6 (their `density 1.0`), time step 0.001, `fix nvt temp 1 1 (100 dt)` (chain of 3),
 * and LAMMPS's default neighbour settings (`neighbor 0.3 bin`, rebuild when an atom has moved half the
 * skin). Debian's lmp lacks `lj/cut/sphere`, so the diameters are binned into atom types, each type
 * getting the mean diameter of its bin and each pair of types an `lj/cut` coefficient cut at its
 * contact; our run is given the same binned diameters, so both integrate one and the same potential.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Configuration } from "../src/compute/particles/hardspheres";
import { wrapIntoBox } from "../src/compute/particles/hardspheres/configuration";

/** Diameters binned into `types` equal-width bins, each replaced by the mean of its bin. */
export function binDiameters(diameters: Float64Array, types: number): { diameters: Float64Array; type: Int32Array; typeDiameters: number[] } {
  let lo = Infinity,
    hi = -Infinity;
  for (const d of diameters) {
    lo = Math.min(lo, d);
    hi = Math.max(hi, d);
  }
  const width = (hi - lo) / types;
  const type = new Int32Array(diameters.length);
  const sums = new Float64Array(types);
  const counts = new Float64Array(types);
  diameters.forEach((d, i) => {
    const t = width > 0 ? Math.min(types - 1, Math.floor((d - lo) / width)) : 0;
    type[i] = t;
    sums[t] += d;
    counts[t]++;
  });
  // Empty bins keep their centre; they are never used.
  const typeDiameters = Array.from(sums, (s, t) => (counts[t] > 0 ? s / counts[t] : lo + (t + 0.5) * width));
  return { diameters: diameters.map((_, i) => typeDiameters[type[i]]), type, typeDiameters };
}

export interface LammpsPaperMdSetup {
  config: Configuration;
  velocities: Float64Array;
  /** Atom type (0-based) of each sphere and the diameter of each type. */
  type: Int32Array;
  typeDiameters: number[];
  timeStep: number;
  skin: number;
  /** Steps between the samples of the averages (the timed run's only extra work). */
  sampleEvery: number;
}

export interface LammpsPaperMdRun {
  /** Particle-steps per second from LAMMPS's own "Loop time". */
  rate: number;
  /** The same per second of CPU time: LAMMPS's "% CPU use" of that loop time (on a shared machine, time slices lost to others drop out). */
  cpuRate: number;
  seconds: number;
  neighbourBuilds: number;
  /** Means over every sampleEvery-th step: kinetic T, pressure, potential energy per atom. */
  temperature: number;
  pressure: number;
  potentialPerAtom: number;
}

/** The LAMMPS data file of the start: atoms in our order (id = index + 1), wrapped into [0, box). */
export function dataFile(setup: LammpsPaperMdSetup): string {
  const { config, velocities, type, typeDiameters } = setup;
  const n = config.diameters.length;
  const x = wrapIntoBox(config.positions.slice(), config.box);
  const p = (v: number): string => v.toPrecision(17);
  const lines = ["sasgraph PAPER_MD start", "", `${n} atoms`, `${typeDiameters.length} atom types`, ""];
  for (const axis of ["x", "y", "z"]) lines.push(`0 ${p(config.box)} ${axis}lo ${axis}hi`);
  lines.push("", "Masses", "");
  typeDiameters.forEach((d, t) => lines.push(`${t + 1} ${p((Math.PI / 6) * d ** 3)}`));
  lines.push("", "Atoms # atomic", "");
  for (let i = 0; i < n; i++) lines.push(`${i + 1} ${type[i] + 1} ${p(x[3 * i])} ${p(x[3 * i + 1])} ${p(x[3 * i + 2])}`);
  lines.push("", "Velocities", "");
  for (let i = 0; i < n; i++) lines.push(`${i + 1} ${p(velocities[3 * i])} ${p(velocities[3 * i + 1])} ${p(velocities[3 * i + 2])}`);
  return lines.join("\n") + "\n";
}

/** The input: the authors' pair, thermostat and neighbour settings, one timed run of `steps`. */
export function inputScript(setup: LammpsPaperMdSetup, steps: number, pairStyle: "lj/cut" | "lj/cut/opt"): string {
  const { typeDiameters, timeStep, skin, sampleEvery } = setup;
  const k = typeDiameters.length;
  const lines = [
    "units lj",
    "atom_style atomic",
    "boundary p p p",
    "read_data start.data",
    `pair_style ${pairStyle} ${Math.max(...typeDiameters)}`,
    "pair_modify shift yes",
  ];
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const contact = 0.5 * (typeDiameters[i] + typeDiameters[j]);
      lines.push(`pair_coeff ${i + 1} ${j + 1} 100.0 ${contact.toPrecision(17)} ${contact.toPrecision(17)}`);
    }
  }
  lines.push(
    `neighbor ${skin} bin`,
    "neigh_modify every 1 delay 0 check yes",
    `timestep ${timeStep}`,
    `fix 1 all nvt temp 1.0 1.0 ${100 * timeStep}`,
    `fix 2 all ave/time ${sampleEvery} ${steps / sampleEvery} ${steps} c_thermo_temp c_thermo_press c_thermo_pe`,
    "thermo_style custom step f_2[1] f_2[2] f_2[3]",
    "thermo_modify norm no", // after thermo_style, which resets it
    `thermo ${steps}`,
    `run ${steps}`,
  );
  return lines.join("\n") + "\n";
}

/** Debian's lmp version string, or null when it is not installed. */
export function lammpsVersion(): string | null {
  try {
    const out = execFileSync("lmp", ["-h"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return /Simulator - ([^\n]+)/.exec(out)?.[1]?.trim() ?? "unknown version";
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** Run `steps` steps of the setup in lmp (one process, OMP_NUM_THREADS=1); throws if lmp fails. */
export function runLammpsPaperMd(setup: LammpsPaperMdSetup, steps: number, pairStyle: "lj/cut" | "lj/cut/opt" = "lj/cut"): LammpsPaperMdRun {
  if (steps % setup.sampleEvery !== 0) throw new RangeError(`steps ${steps} must be a multiple of sampleEvery ${setup.sampleEvery}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-lammps-md-"));
  try {
    fs.writeFileSync(path.join(dir, "start.data"), dataFile(setup));
    fs.writeFileSync(path.join(dir, "in.md"), inputScript(setup, steps, pairStyle));
    const out = execFileSync("lmp", ["-in", "in.md", "-log", "none", "-nocite"], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, OMP_NUM_THREADS: "1" },
    });
    const loop = /Loop time of ([\d.eE+-]+) on (\d+) procs for (\d+) steps with (\d+) atoms/.exec(out);
    if (!loop) throw new Error(`lmp printed no loop time:\n${out.slice(-2000)}`);
    const [, seconds, procs, ranSteps, atoms] = loop;
    if (Number(procs) !== 1) throw new Error(`lmp ran on ${procs} processes; the peer is one core`);
    const builds = /Total # of neighbors.*\n[\s\S]*?Neighbor list builds = (\d+)/.exec(out);
    // The thermo line of the last step: step, then the three averages.
    const thermo = new RegExp(`^\\s*${steps}\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s*$`, "m").exec(out);
    if (!thermo) throw new Error(`lmp printed no final thermo line:\n${out.slice(-2000)}`);
    const n = Number(atoms);
    const cpu = /([\d.]+)% CPU use/.exec(out);
    const rate = (n * Number(ranSteps)) / Number(seconds);
    return {
      rate,
      cpuRate: cpu ? rate / (Number(cpu[1]) / 100) : NaN,
      seconds: Number(seconds),
      neighbourBuilds: builds ? Number(builds[1]) : NaN,
      temperature: Number(thermo[1]),
      pressure: Number(thermo[2]),
      potentialPerAtom: Number(thermo[3]) / n,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
