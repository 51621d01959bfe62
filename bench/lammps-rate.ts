/**
 * The peer for the MD baseline, measured in the bench's own run: Debian's `lmp` running a WCA NVT
 * system of `n` atoms (LJ with epsilon = 100 cut at contact and shifted, as the authors' input; FCC at
 * the given packing fraction, monodisperse, Nose-Hoover at T = 1) for `steps` steps. Returns its
 * particle-steps per second from LAMMPS's own "Loop time" line, or null when `lmp` is not installed.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export function lammpsRate(n: number, eta: number, steps: number): { rate: number; atoms: number; version: string } | null {
  const cells = Math.max(2, Math.round(Math.cbrt(n / 4)));
  // FCC of unit-diameter spheres: 4 per cell of side a, eta = 4 (pi/6) / a^3.
  const a = Math.cbrt((4 * Math.PI) / 6 / eta);
  const cut = Math.pow(2, 1 / 6);
  const input = [
    "units lj",
    "atom_style atomic",
    `lattice fcc ${4 / a ** 3}`,
    `region box block 0 ${cells} 0 ${cells} 0 ${cells}`,
    "create_box 1 box",
    "create_atoms 1 box",
    "mass 1 0.5235987756",
    `pair_style lj/cut ${cut}`,
    `pair_coeff 1 1 100.0 1.0 ${cut}`,
    "pair_modify shift yes",
    "velocity all create 1.0 4928459",
    "neighbor 0.3 bin",
    "neigh_modify every 1 delay 0 check yes",
    "fix 1 all nvt temp 1.0 1.0 0.1",
    "timestep 0.001",
    "thermo 1000",
    "run 200",
    `run ${steps}`,
  ].join("\n");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-lammps-"));
  try {
    fs.writeFileSync(path.join(dir, "in.wca"), input);
    let out: string;
    try {
      out = execFileSync("lmp", ["-in", "in.wca", "-log", "none"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
    // The last "Loop time of T on P procs for S steps with N atoms" is the timed run.
    const loops = [...out.matchAll(/Loop time of ([\d.eE+-]+) on (\d+) procs for (\d+) steps with (\d+) atoms/g)];
    const last = loops.at(-1);
    if (!last) throw new Error(`lmp printed no loop time:\n${out.slice(-2000)}`);
    const [, seconds, procs, ranSteps, ranAtoms] = last;
    if (Number(procs) !== 1) throw new Error(`lmp ran on ${procs} processes; the baseline is per core`);
    const version = /LAMMPS \(([^)]+)\)/.exec(out)?.[1] ?? "unknown version";
    return { rate: (Number(ranAtoms) * Number(ranSteps)) / Number(seconds), atoms: Number(ranAtoms), version };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
