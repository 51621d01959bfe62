/**
 * Hand evaluation (not a test): I(Q) of a LAMMPS run's dumps (bench/lammps/hard-spheres.in), computed
 * with our kernel exactly as for our own configurations (the paper's estimator, 50 x 100 directions,
 * 100 Q in [3, 13]), and its apparent eta / eta on the PY + beta ruler of hardspheres-vs-md.ts. This
 * lets the authors' MD protocol be run here and read on the same ruler as their curves and ours.
 *
 *   node dist/bench/lammps-dump-iq.js DUMP_DIR ETA
 *
 * Monodisperse spheres of diameter 1; the first dump (the start of production) is skipped.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ScatteringWorkerPool, uniformQGrid, type Configuration } from "../src/compute/particles/hardspheres";
import { apparentEtaRatio } from "./hardspheres-vs-md";

/** One `dump custom ... id x y z` frame as a configuration in [0, box)^3. */
export function readDump(text: string): Configuration {
  const lines = text.split("\n");
  const count = Number(lines[3]);
  const [lo, hi] = lines[5].trim().split(/\s+/).map(Number);
  const box = hi - lo;
  const positions = new Float64Array(3 * count);
  for (let i = 0; i < count; i++) {
    const fields = lines[9 + i].trim().split(/\s+/).map(Number);
    for (let c = 0; c < 3; c++) {
      const x = fields[1 + c] - lo;
      positions[3 * i + c] = x - box * Math.floor(x / box);
    }
  }
  return { box, positions, diameters: new Float64Array(count).fill(1) };
}

export async function main(argv: string[]): Promise<void> {
  const [dir, etaText] = argv;
  if (!dir || !etaText) throw new Error("usage: lammps-dump-iq DUMP_DIR ETA");
  const eta = Number(etaText);
  const files = fs.readdirSync(dir).filter((f) => /^dump\.\d+\.txt$/.test(f)).sort().slice(1);
  if (files.length === 0) throw new Error(`no dump.*.txt after the first in ${dir}`);
  const q = uniformQGrid();
  const sum = new Float64Array(q.length);
  const pool = new ScatteringWorkerPool();
  try {
    for (const file of files) {
      const intensity = await pool.intensity(readDump(fs.readFileSync(path.join(dir, file), "utf8")), q);
      for (let k = 0; k < q.length; k++) sum[k] += intensity[k];
    }
  } finally {
    await pool.close();
  }
  const log10I = Array.from(sum, (s) => Math.log10(s / files.length));
  const apparent = apparentEtaRatio(q, log10I, eta, "uniform", 0, 3.1 + 5 * eta);
  console.log(JSON.stringify({ dir, configurations: files.length, eta, "apparent η / η": apparent }));
}

if (require.main === module) {
  main(process.argv.slice(2)).then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
}
