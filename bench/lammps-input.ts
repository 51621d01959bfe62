/**
 * Hand evaluation (not a test): writes a LAMMPS input that runs the MD protocol of paper 000 (the
 * stages of the authors' public input) with Debian's `lmp`: FCC lattice at 1/8 of the target density,
 * 10 000 steps of nve/limit, compression by 1/2 per side over 10 000 steps, 10 000 more of nve/limit,
 * 10 000 of Nose-Hoover NVT at T = 1 (damping 100 steps), then production with a dump every 2000 steps.
 * Debian's lmp lacks the authors' per-atom-diameter pair style, so uniform diameters are binned into
 * atom types (bin centres; one type when sigma = 0), and each pair of types gets LJ with epsilon = 100,
 * sigma = the mean of the two diameters, cut at sigma and shifted. Its neighbour lists are rebuilt
 * whenever an atom has moved half the skin (with its defaults it lost atoms); that changes no physics.
 * The time step is a parameter: the authors' is 0.001.
 *
 *   node dist/bench/lammps-input.js OUT_DIR SIGMA ETA [dt=0.001] [cells=18] [types=20] [productionSteps=50000]
 *   cd OUT_DIR && lmp -in run.in && node dist/bench/lammps-dump-iq.js OUT_DIR ETA uniform SIGMA
 *
 * OUT_DIR receives run.in and diameters.json (the diameter of each type, read by lammps-dump-iq).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export function protocolInput(
  sigma: number,
  eta: number,
  dt: number,
  cells: number,
  typeCount: number,
  productionSteps: number,
): { input: string; diameters: number[] } {
  const types = sigma === 0 ? 1 : typeCount;
  const diameters = Array.from({ length: types }, (_, k) => 1 - sigma + (2 * sigma * (k + 0.5)) / types);
  const meanCube = diameters.reduce((a, d) => a + d ** 3, 0) / types;
  const density = eta / ((Math.PI / 6) * meanCube);
  const lines = [
    `# Uniform sigma = ${sigma}, eta = ${eta}, time step ${dt}: ${types} diameter bins as atom types, ${4 * cells ** 3} spheres.`,
    `variable n equal ${density}/8`,
    "units lj",
    "atom_style atomic",
    "boundary p p p",
    "lattice fcc $n",
    `region box block 0 ${cells} 0 ${cells} 0 ${cells}`,
    `create_box ${types} box`,
    "create_atoms 1 box",
  ];
  // Each type takes an equal share: type t gets 1/(types - t + 2) of the spheres still of type 1.
  for (let t = 2; t <= types; t++) lines.push(`set type 1 type/fraction ${t} ${1 / (types - t + 2)} ${1000 + t}`);
  diameters.forEach((d, k) => lines.push(`mass ${k + 1} ${(Math.PI / 6) * d ** 3}`));
  lines.push(`pair_style lj/cut ${1 + sigma}`);
  for (let i = 0; i < types; i++) {
    for (let j = i; j < types; j++) {
      const contact = (diameters[i] + diameters[j]) / 2;
      lines.push(`pair_coeff ${i + 1} ${j + 1} 100.0 ${contact} ${contact}`);
    }
  }
  lines.push(
    "pair_modify shift yes",
    "neighbor 0.3 bin",
    "neigh_modify every 1 delay 0 check yes",
    "velocity all create 1.0 67890 dist gaussian mom yes rot no",
    `timestep ${dt}`,
    "thermo 5000",
    "thermo_style custom step temp epair press vol",
    "fix 1 all nve/limit 0.01",
    "run 10000",
    "unfix 1",
    "fix 2 all deform 1 x scale 0.5 y scale 0.5 z scale 0.5 remap x",
    "fix 3 all nve/limit 0.01",
    "run 10000",
    "unfix 2",
    "unfix 3",
    "fix 4 all nve/limit 0.1",
    "run 10000",
    "unfix 4",
    "velocity all create 1.0 67890 dist gaussian mom yes rot no",
    `fix 5 all nvt temp 1 1 ${100 * dt}`,
    "run 10000",
    "reset_timestep 0",
    "dump 2 all custom 2000 dump.*.txt id type x y z",
    "dump_modify 2 pad 9",
    `run ${productionSteps}`,
  );
  return { input: lines.join("\n") + "\n", diameters };
}

export function main(argv: string[]): void {
  const [outDir, sigmaText, etaText, dt = "0.001", cells = "18", types = "20", steps = "50000"] = argv;
  if (!outDir || !sigmaText || !etaText) throw new Error("usage: lammps-input OUT_DIR SIGMA ETA [dt] [cells] [types] [productionSteps]");
  const { input, diameters } = protocolInput(Number(sigmaText), Number(etaText), Number(dt), Number(cells), Number(types), Number(steps));
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "run.in"), input);
  fs.writeFileSync(path.join(outDir, "diameters.json"), JSON.stringify(diameters));
}

if (require.main === module) main(process.argv.slice(2));
