/**
 * Hand evaluation (not a test): I(Q) of a LAMMPS run's dumps (input from bench/lammps-input.ts), computed
 * with our kernel exactly as for our own configurations (the paper's estimator, 50 x 100 directions,
 * 100 Q in [3, 13]), and its apparent eta / eta on the PY + beta ruler of hardspheres-vs-md.ts. This
 * lets the authors' MD protocol be run here and read on the same ruler as their curves and ours.
 *
 *   node dist/bench/lammps-dump-iq.js DUMP_DIR ETA [DISTRIBUTION SIGMA]
 *
 * Dumps are `id type x y z` with the diameter of each type in DUMP_DIR/diameters.json (both written by
 * bench/lammps-input.ts); without that file every sphere has diameter 1. The first dump (the start of
 * production) is skipped. With HARDSPHERES_MD_DIR set, the result is also scored against the authors'
 * MD curve nearest to (ETA, SIGMA), over Q >= 3.1 + 5 eta, with PY + beta beside it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ScatteringWorkerPool, uniformQGrid, type Configuration, type DiameterDistribution } from "../src/compute/particles/hardspheres";
import { reducedIntensityPYBeta } from "../src/compute/sas";
import { apparentEtaRatio, readMd, splineLimit } from "./hardspheres-vs-md";

/** One `dump custom ... id [type] x y z` frame as a configuration in [0, box)^3. */
export function readDump(text: string, typeDiameters: number[] | null): Configuration {
  const lines = text.split("\n");
  const count = Number(lines[3]);
  const [lo, hi] = lines[5].trim().split(/\s+/).map(Number);
  const box = hi - lo;
  const columns = lines[8].trim().split(/\s+/).slice(2);
  const [ix, iy, iz, itype] = ["x", "y", "z", "type"].map((name) => columns.indexOf(name));
  const positions = new Float64Array(3 * count);
  const diameters = new Float64Array(count).fill(1);
  for (let i = 0; i < count; i++) {
    const fields = lines[9 + i].trim().split(/\s+/).map(Number);
    [ix, iy, iz].forEach((column, c) => {
      const x = fields[column] - lo;
      positions[3 * i + c] = x - box * Math.floor(x / box);
    });
    if (typeDiameters !== null && itype >= 0) diameters[i] = typeDiameters[fields[itype] - 1];
  }
  return { box, positions, diameters };
}

export async function main(argv: string[]): Promise<void> {
  const [dir, etaText, distributionText = "uniform", sigmaText = "0"] = argv;
  if (!dir || !etaText) throw new Error("usage: lammps-dump-iq DUMP_DIR ETA [DISTRIBUTION SIGMA]");
  const eta = Number(etaText);
  const distribution = distributionText as DiameterDistribution;
  const sigma = Number(sigmaText);
  const diametersFile = path.join(dir, "diameters.json");
  const typeDiameters = fs.existsSync(diametersFile) ? (JSON.parse(fs.readFileSync(diametersFile, "utf8")) as number[]) : null;
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^dump\.\d+\.txt$/.test(f))
    .sort()
    .slice(1);
  if (files.length === 0) throw new Error(`no dump.*.txt after the first in ${dir}`);
  const q = uniformQGrid();
  const sum = new Float64Array(q.length);
  const pool = new ScatteringWorkerPool();
  try {
    for (const file of files) {
      const intensity = await pool.intensity(readDump(fs.readFileSync(path.join(dir, file), "utf8"), typeDiameters), q);
      for (let k = 0; k < q.length; k++) sum[k] += intensity[k];
    }
  } finally {
    await pool.close();
  }
  const log10I = Array.from(sum, (s) => Math.log10(s / files.length));
  const qFrom = splineLimit(eta);
  const report: Record<string, unknown> = {
    dir,
    configurations: files.length,
    eta,
    sigma,
    "apparent η / η": apparentEtaRatio(q, log10I, eta, distribution, sigma, qFrom),
  };
  const mdDir = process.env.HARDSPHERES_MD_DIR;
  if (mdDir) {
    const md = readMd(mdDir, distribution);
    let best = 0;
    for (let i = 0; i < md.eta.length; i++) {
      if (Math.abs(md.eta[i] - eta) + Math.abs(md.sigma[i] - sigma) < Math.abs(md.eta[best] - eta) + Math.abs(md.sigma[best] - sigma)) best = i;
    }
    const py = reducedIntensityPYBeta(q, md.eta[best], distribution, md.sigma[best]);
    const mse = (model: (k: number) => number) => {
      let sum = 0,
        count = 0;
      for (let k = 0; k < q.length; k++)
        if (q[k] >= qFrom) {
          sum += (md.log10_I[best][k] - model(k)) ** 2;
          count++;
        }
      return sum / count;
    };
    Object.assign(report, {
      "MD curve": { eta: md.eta[best], sigma: md.sigma[best] },
      "MSE vs MD, Q≥3.1+5η": mse((k) => log10I[k]),
      "MSE PY+β vs MD": mse((k) => Math.log10(py[k])),
      "apparent η / η, MD": apparentEtaRatio(q, md.log10_I[best], md.eta[best], distribution, md.sigma[best], qFrom),
    });
  }
  console.log(JSON.stringify(report));
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
