/**
 * `npm run bench training`: training speed of the hard-sphere VAE (paper 000's network,
 * src/training/architectures/hard-sphere-vae.ts) on 4000 curves of 100 points:
 * - seconds per VAE-stage epoch (encoder + decoder, batch 32, Adam) of the platform's trainer
 *   (hand-written passes, src/training/hard-sphere-vae-native.ts) against the same network,
 *   schedule and data trained with tfjs autodiff (bench/hard-sphere-vae-tfjs-trainer.ts, the
 *   trainer before) on the tfjs wasm backend and on the plain tfjs `cpu` backend: interleaved
 *   repetitions on TRAINING_BENCH_SLICE curves (the cpu backend on the first
 *   TRAINING_BENCH_CPU_SLICE of them: it needs ~15 min for a 4000-curve epoch), each scaled to
 *   the full set by its row count (an epoch's work is linear in it);
 *   wall and CPU seconds (process.cpuUsage: less sensitive to a shared machine's load);
 * - wall time for the platform's trainer to bring the VAE's validation MSE of log10 I below
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
import { trainHardSphereVaeTfjs } from "./hard-sphere-vae-tfjs-trainer";
import { selectTrainingBackend, type TrainingBackend } from "../src/training/tfjs-backend";
import { columnStats, standardiseRows } from "../src/training/column-stats";
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

type Trainer = "native" | "tfjs-wasm" | "tfjs-cpu";
const TRAINERS: readonly Trainer[] = ["native", "tfjs-wasm", "tfjs-cpu"];

/** Wall and CPU seconds for one VAE epoch on `data`. */
async function epochSeconds(data: VaeData, trainer: Trainer): Promise<{ wall: number; cpu: number }> {
  // The native trainer only uses tfjs to hand over the weights; give it the backend the platform selects.
  const backend: TrainingBackend = trainer === "tfjs-cpu" ? "cpu" : "wasm";
  const got = await selectTrainingBackend(backend);
  if (got !== backend) throw new Error(`backend ${backend} did not initialise`);
  const train = trainer === "native" ? trainHardSphereVae : trainHardSphereVaeTfjs;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const trained = await train(data, { ...VAE_ONLY, vaeEpochs: 1 }, { seed: 1 });
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  tf.dispose(variablesOf(trained.vars));
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

function stats(values: number[]): { min: number; median: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}

export async function run(): Promise<void> {
  const total = envNumber("TRAINING_BENCH_CURVES", 4000);
  const slice = envNumber("TRAINING_BENCH_SLICE", 640);
  // The cpu backend takes seconds per batch: it gets the first cpuSlice curves of the same slice.
  const cpuSlice = Math.min(slice, envNumber("TRAINING_BENCH_CPU_SLICE", 32));
  const reps = envNumber("TRAINING_BENCH_REPS", 3);
  const target = envNumber("TRAINING_BENCH_TARGET", 3e-4);
  const maxEpochs = envNumber("TRAINING_BENCH_MAX_EPOCHS", 20);
  const { x, y, source } = loadCurves(total);
  console.log(
    `curves: ${source}; ${total} curves x ${L} points; throughput on ${slice}-curve slices (cpu backend: its first ${cpuSlice}), ${reps} interleaved repetitions`,
  );

  // Throughput: the three trainers in turn (same load for all), each figure per curve.
  const sliceData = vaeData(x, y, slice, Math.max(1, Math.floor(slice / 10)));
  const cpuData = vaeData(x, y, cpuSlice, Math.max(1, Math.floor(cpuSlice / 10)));
  const dataOf = (t: Trainer) => (t === "tfjs-cpu" ? cpuData : sliceData);
  const rowsOf = (t: Trainer) => (t === "tfjs-cpu" ? cpuSlice : slice);
  const times = Object.fromEntries(TRAINERS.map((t) => [t, { wall: [] as number[], cpu: [] as number[] }])) as Record<
    Trainer,
    { wall: number[]; cpu: number[] }
  >;
  for (const t of TRAINERS) await epochSeconds(dataOf(t), t); // warm-up (wasm compile, JIT)
  for (let r = 0; r < reps; r++)
    for (const t of TRAINERS) {
      const s = await epochSeconds(dataOf(t), t);
      times[t].wall.push(s.wall);
      times[t].cpu.push(s.cpu);
    }
  const scale = (t: Trainer) => total / rowsOf(t);
  const fmt = (v: number[]) => {
    const s = stats(v);
    return `${s.min.toFixed(3)} / ${s.median.toFixed(3)} / ${s.max.toFixed(3)}`;
  };
  const rows = TRAINERS.map((t) => ({
    trainer: t,
    curves: rowsOf(t),
    "wall s per epoch (min / median / max)": fmt(times[t].wall),
    "CPU s per epoch (min / median / max)": fmt(times[t].cpu),
    [`epochs/s on ${total} curves (wall, median)`]: 1 / (stats(times[t].wall).median * scale(t)),
    "1000 VAE epochs (h, wall median)": (1000 * stats(times[t].wall).median * scale(t)) / 3600,
  }));
  printTable(
    `hard-sphere VAE stage, batch 32: platform trainer vs tfjs autodiff on wasm and cpu (interleaved; per-curve figures scaled to ${total} curves)`,
    rows,
  );
  const perCurve = (t: Trainer, k: "wall" | "cpu") => stats(times[t][k]).median / rowsOf(t);
  for (const peer of ["tfjs-wasm", "tfjs-cpu"] as const)
    console.log(
      `native speed-up over ${peer} (median per curve): wall ${(perCurve(peer, "wall") / perCurve("native", "wall")).toFixed(1)}x, ` +
        `CPU ${(perCurve(peer, "cpu") / perCurve("native", "cpu")).toFixed(1)}x`,
    );

  // Time to target on the full set (90 % train / 10 % validation), the platform's trainer.
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
  printTable(
    `platform trainer: VAE stage to validation MSE(log10 I) < ${target} on ${total - validationRows} training curves (cosine schedule over ${maxEpochs} epochs)`,
    [
      done === undefined
        ? { reached: "no", epochs: last.epoch, "wall s": (performance.now() - t0) / 1000, "last validation MSE": last.loss }
        : { reached: "yes", epochs: done.epoch, "wall s": done.seconds, "validation MSE": done.loss },
    ],
  );
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
