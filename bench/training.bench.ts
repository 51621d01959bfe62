/**
 * `npm run bench training`: training speed of the hard-sphere VAE (paper 000's network,
 * src/training/architectures/hard-sphere-vae.ts) on 4000 curves of 100 points:
 * - epochs per second of the VAE stage (encoder + decoder, batch 32, Adam) on the wasm backend
 *   against the same network on the plain tfjs `cpu` backend, interleaved repetitions on the same
 *   curve slice (the cpu backend is ~30x slower: a full 4000-curve epoch on it takes ~15 minutes, so
 *   both are timed on TRAINING_BENCH_SLICE curves and scaled to 4000 by the row count — an epoch's
 *   work is linear in it);
 * - wall time for the wasm backend to bring the VAE's validation MSE of log10 I below
 *   TRAINING_BENCH_TARGET on the full set (at most TRAINING_BENCH_MAX_EPOCHS epochs).
 * Curves: the authors' MD curves (uniform distribution) when ../shared/data/polydisperse-md is
 * there (POLYDISPERSE_MD_DIR), else Percus–Yevick + beta curves from the library with eta in
 * [0, 0.5], sigma in [0, 0.3] (uniform distribution), Q·D0 in [3, 13].
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as tf from "@tensorflow/tfjs";
import { Random } from "../src/compute/random";
import { reducedIntensityPYBeta } from "../src/compute/sas";
import { HARD_SPHERE_VAE_DEFAULTS } from "../src/training/architectures/hard-sphere-vae";
import { variablesOf } from "../src/training/hard-sphere-vae-model";
import { trainHardSphereVae, type VaeData } from "../src/training/hard-sphere-vae-trainer";
import { selectTrainingBackend, type TrainingBackend } from "../src/training/tfjs-backend";
import { columnStats, standardiseRows } from "../src/training/mlp-trainer";
import { printTable } from "./harness";

const L = 100;

function envNumber(name: string, fallback: number): number {
  const v = process.env[name];
  return v === undefined ? fallback : Number(v);
}

function loadCurves(rows: number): { x: Float32Array; y: Float32Array; source: string } {
  const dir = process.env.POLYDISPERSE_MD_DIR ?? path.resolve("../shared/data/polydisperse-md");
  const file = path.join(dir, "uniform.json");
  const x = new Float32Array(rows * L);
  const y = new Float32Array(rows * 2);
  if (fs.existsSync(file)) {
    const md = JSON.parse(fs.readFileSync(file, "utf8")) as { eta: number[]; sigma: number[]; log10_I: number[][] };
    const n = Math.min(rows, md.eta.length);
    for (let r = 0; r < rows; r++) {
      x.set(md.log10_I[r % n], r * L);
      y[2 * r] = md.eta[r % n];
      y[2 * r + 1] = md.sigma[r % n];
    }
    return { x, y, source: `authors' MD curves (uniform, ${n} curves${rows > n ? ", repeated" : ""})` };
  }
  const q = Float64Array.from({ length: L }, (_, i) => 3 + (10 * i) / (L - 1));
  const random = new Random(2025);
  for (let r = 0; r < rows; r++) {
    const eta = random.uniform(0, 0.5);
    const sigma = random.uniform(0, 0.3);
    const I = reducedIntensityPYBeta(q, eta, "uniform", sigma, 32);
    for (let j = 0; j < L; j++) x[r * L + j] = Math.log10(I[j]);
    y[2 * r] = eta;
    y[2 * r + 1] = sigma;
  }
  return { x, y, source: "library PY + beta curves (uniform; ../shared/data absent)" };
}

function vaeData(x: Float32Array, y: Float32Array, trainRows: number, validationRows: number): VaeData {
  const tx = x.subarray(0, trainRows * L);
  const ty = y.subarray(0, trainRows * 2);
  const cs = columnStats(tx, trainRows, L);
  const ps = columnStats(ty, trainRows, 2);
  const vx = x.subarray(trainRows * L, (trainRows + validationRows) * L);
  const vy = y.subarray(trainRows * 2, (trainRows + validationRows) * 2);
  return {
    trainX: standardiseRows(tx, L, cs),
    trainY: standardiseRows(ty, 2, ps),
    trainRows,
    validationX: standardiseRows(vx, L, cs),
    validationY: standardiseRows(vy, 2, ps),
    validationRows,
    length: L,
    parameters: 2,
    curveStd: Float32Array.from(cs.std),
  };
}

const VAE_ONLY = { ...HARD_SPHERE_VAE_DEFAULTS, converterEpochs: 0, fineTuneEpochs: 0 };

/** Seconds for one VAE epoch on `data` with `backend`. */
async function epochSeconds(data: VaeData, backend: TrainingBackend): Promise<number> {
  const got = await selectTrainingBackend(backend);
  if (got !== backend) throw new Error(`backend ${backend} did not initialise`);
  const t0 = performance.now();
  const trained = await trainHardSphereVae(data, { ...VAE_ONLY, vaeEpochs: 1 }, { seed: 1 });
  const dt = (performance.now() - t0) / 1000;
  tf.dispose(variablesOf(trained.vars));
  return dt;
}

function stats(values: number[]): { min: number; median: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}

export async function run(): Promise<void> {
  const total = envNumber("TRAINING_BENCH_CURVES", 4000);
  const slice = envNumber("TRAINING_BENCH_SLICE", 400);
  const reps = envNumber("TRAINING_BENCH_REPS", 3);
  const target = envNumber("TRAINING_BENCH_TARGET", 2e-3);
  const maxEpochs = envNumber("TRAINING_BENCH_MAX_EPOCHS", 5);
  const { x, y, source } = loadCurves(total);
  console.log(`curves: ${source}; ${total} curves x ${L} points; throughput on ${slice}-curve slices, ${reps} interleaved repetitions`);

  // Throughput: wasm and cpu in turn on the same slice (same load for both).
  const sliceData = vaeData(x, y, slice, Math.max(1, Math.floor(slice / 10)));
  const times: Record<"wasm" | "cpu", number[]> = { wasm: [], cpu: [] };
  await epochSeconds(sliceData, "wasm"); // warm-up (wasm compile)
  for (let r = 0; r < reps; r++) for (const b of ["wasm", "cpu"] as const) times[b].push(await epochSeconds(sliceData, b));
  const scale = total / slice;
  const rows = (["wasm", "cpu"] as const).map((b) => {
    const s = stats(times[b]);
    return {
      backend: b,
      [`s per ${slice}-curve epoch (min / median / max)`]: `${s.min.toFixed(2)} / ${s.median.toFixed(2)} / ${s.max.toFixed(2)}`,
      [`epochs/s on ${total} curves (median)`]: 1 / (s.median * scale),
      "paper schedule 1000 VAE epochs (h, median)": (1000 * s.median * scale) / 3600,
    };
  });
  printTable(`hard-sphere VAE stage, batch 32: wasm vs plain cpu backend (same slice, interleaved)`, rows);
  console.log(`\nwasm speed-up over cpu (median): ${(stats(times.cpu).median / stats(times.wasm).median).toFixed(1)}x`);

  // Time to target on the full set (90 % train / 10 % validation), wasm.
  await selectTrainingBackend("wasm");
  const validationRows = Math.floor(total / 10);
  const full = vaeData(x, y, total - validationRows, validationRows);
  const controller = new AbortController();
  const t0 = performance.now();
  const outcome: { reached?: { epoch: number; seconds: number; loss: number } } = {};
  let last = { epoch: 0, loss: NaN };
  try {
    await trainHardSphereVae(
      full,
      { ...VAE_ONLY, vaeEpochs: maxEpochs },
      {
        seed: 1,
        signal: controller.signal,
        report: (r) => {
          last = { epoch: r.epoch, loss: r.validationLoss };
          console.log(`  epoch ${r.epoch}: validation MSE log10 I ${r.validationLoss.toExponential(3)} at ${((performance.now() - t0) / 1000).toFixed(1)} s`);
          if (outcome.reached === undefined && r.validationLoss < target) {
            outcome.reached = { epoch: r.epoch, seconds: (performance.now() - t0) / 1000, loss: r.validationLoss };
            controller.abort(new Error("target reached"));
          }
        },
      },
    );
  } catch (err) {
    if (outcome.reached === undefined) throw err;
  }
  const done = outcome.reached;
  printTable(`wasm: VAE stage to validation MSE(log10 I) < ${target} on ${total - validationRows} training curves (cosine schedule over ${maxEpochs} epochs)`, [
    done === undefined
      ? { reached: "no", epochs: last.epoch, "wall s": (performance.now() - t0) / 1000, "last validation MSE": last.loss }
      : { reached: "yes", epochs: done.epoch, "wall s": done.seconds, "validation MSE": done.loss },
  ]);
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
