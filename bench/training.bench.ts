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
 * - the paper's whole schedule (1000 + 2 x 300 + 2 x 200 epochs) projected from one epoch of each
 *   stage; the platform's trainer on 2 threads (TRAINING_BENCH_THREADS), on 1, and on 1 without
 *   the SIMD kernels (TRAINING_BENCH_TRAINERS picks a subset: native-2-threads,native,...);
 * - wall time for the platform's trainer to bring the VAE's validation MSE of log10 I below
 *   TRAINING_BENCH_TARGET on the full set (at most TRAINING_BENCH_MAX_EPOCHS epochs), and the
 *   tfjs cpu backend's projected time for as many epochs;
 * - with TRAINING_BENCH_FULL=1, the whole paper schedule on the full set, measured.
 * Curves: the authors' MD curves (uniform distribution) when ../shared/data/polydisperse-md is
 * there (POLYDISPERSE_MD_DIR), else Percus–Yevick + beta curves from the library with eta in
 * [0, 0.5], sigma in [0, 0.3] (uniform distribution), Q·D0 in [3, 13].
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as tf from "@tensorflow/tfjs";
import { Random } from "../src/compute/random";
import { reducedIntensityPYBeta } from "../src/compute/sas";
import { HARD_SPHERE_VAE_DEFAULTS } from "../src/training/architectures/hard-sphere-vae";
import { variablesOf } from "../src/training/hard-sphere-vae-model";
import type { EpochReport } from "../src/training/architecture";
import { useSimdKernels } from "../src/training/hard-sphere-vae-native";
import { trainHardSphereVae, type StageName, type VaeData } from "../src/training/hard-sphere-vae-trainer";
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
/** The paper's schedule (sec. II.3): 1000 VAE epochs, 300 per lone converter, 200 per fine-tune. */
const PAPER = { vae: 1000, converter: 300, fineTune: 200 };

type Trainer = "native-2-threads" | "native" | "native-scalar" | "tfjs-wasm" | "tfjs-cpu";
const TRAINERS: readonly Trainer[] = ["native-2-threads", "native", "native-scalar", "tfjs-wasm", "tfjs-cpu"];
const isNative = (t: Trainer) => t.startsWith("native");

interface EpochTimes {
  /** Wall and CPU seconds of one epoch per stage (the tfjs trainers: the VAE stage only). */
  wall: Partial<Record<StageName, number>>;
  cpu: Partial<Record<StageName, number>>;
  trainLoss: number;
}

/**
 * One epoch of each stage on `data`, timed from one epoch report to the next: the native trainers
 * run the whole schedule with 2 epochs per stage and the second is timed (the first also pays the
 * start-up, a worker thread's included, and the frozen encoder's one pass per stage); the tfjs
 * trainers one VAE epoch.
 */
async function epochSeconds(data: VaeData, trainer: Trainer): Promise<EpochTimes> {
  // The native trainer only uses tfjs to hand over the weights; give it the backend the platform selects.
  const backend: TrainingBackend = trainer === "tfjs-cpu" ? "cpu" : "wasm";
  const got = await selectTrainingBackend(backend);
  if (got !== backend) throw new Error(`backend ${backend} did not initialise`);
  useSimdKernels(trainer !== "native-scalar");
  const out: EpochTimes = { wall: {}, cpu: {}, trainLoss: NaN };
  let c0 = process.cpuUsage();
  let t0 = performance.now();
  const report = (r: EpochReport) => {
    const c = process.cpuUsage(c0);
    const stage = r.stage as StageName;
    out.wall[stage] = (performance.now() - t0) / 1000;
    out.cpu[stage] = (c.user + c.system) / 1e6;
    // The first VAE epoch runs at the full learning rate in every trainer's schedule: comparable.
    if (stage === "vae" && r.epoch === 1) out.trainLoss = r.trainLoss;
    c0 = process.cpuUsage();
    t0 = performance.now();
  };
  try {
    const trained = isNative(trainer)
      ? await trainHardSphereVae(
          data,
          { ...HARD_SPHERE_VAE_DEFAULTS, vaeEpochs: 2, converterEpochs: 2, fineTuneEpochs: 2 },
          { seed: 1, threads: trainer === "native-2-threads" ? 2 : 1, report },
        )
      : await trainHardSphereVaeTfjs(data, { ...VAE_ONLY, vaeEpochs: 1 }, { seed: 1, report });
    tf.dispose(variablesOf(trained.vars));
  } finally {
    useSimdKernels(true);
  }
  return out;
}

function stats(values: number[]): { min: number; median: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}

const STAGES: readonly StageName[] = ["vae", "generator", "generator-fine-tune", "inferrer", "inferrer-fine-tune"];
const paperEpochs = (stage: StageName) => (stage === "vae" ? PAPER.vae : stage === "generator" || stage === "inferrer" ? PAPER.converter : PAPER.fineTune);

export async function run(): Promise<void> {
  const total = envNumber("TRAINING_BENCH_CURVES", 4000);
  const slice = envNumber("TRAINING_BENCH_SLICE", 640);
  // The cpu backend takes seconds per batch: it gets the first cpuSlice curves of the same slice.
  const cpuSlice = Math.min(slice, envNumber("TRAINING_BENCH_CPU_SLICE", 32));
  const reps = envNumber("TRAINING_BENCH_REPS", 3);
  const target = envNumber("TRAINING_BENCH_TARGET", 3e-4);
  const maxEpochs = envNumber("TRAINING_BENCH_MAX_EPOCHS", 20);
  const trainers = (process.env.TRAINING_BENCH_TRAINERS?.split(",") as Trainer[] | undefined) ?? [...TRAINERS];
  const { x, y, source } = loadCurves(total);
  console.log(
    `curves: ${source}; ${total} curves x ${L} points; throughput on ${slice}-curve slices (cpu backend: its first ${cpuSlice}), ${reps} interleaved repetitions; uptime: ${os
      .loadavg()
      .map((v) => v.toFixed(1))
      .join(" ")}`,
  );

  // Throughput: the trainers in turn (same load for all), each figure per curve.
  const sliceData = vaeData(x, y, slice, Math.max(1, Math.floor(slice / 10)));
  const cpuData = vaeData(x, y, cpuSlice, Math.max(1, Math.floor(cpuSlice / 10)));
  const dataOf = (t: Trainer) => (t === "tfjs-cpu" ? cpuData : sliceData);
  const rowsOf = (t: Trainer) => (t === "tfjs-cpu" ? cpuSlice : slice);
  const runs = Object.fromEntries(trainers.map((t) => [t, [] as EpochTimes[]])) as Record<Trainer, EpochTimes[]>;
  for (const t of trainers) await epochSeconds(dataOf(t), t); // warm-up (wasm compile, JIT)
  for (let r = 0; r < reps; r++) for (const t of trainers) runs[t].push(await epochSeconds(dataOf(t), t));
  const scale = (t: Trainer) => total / rowsOf(t);
  /** Median seconds of one epoch of `stage` on `total` curves. */
  const median = (t: Trainer, stage: StageName, k: "wall" | "cpu") => stats(runs[t].map((e) => e[k][stage] ?? NaN)).median * scale(t);
  const fmt = (t: Trainer, k: "wall" | "cpu") => {
    const s = stats(runs[t].map((e) => e[k].vae ?? NaN));
    return `${s.min.toFixed(3)} / ${s.median.toFixed(3)} / ${s.max.toFixed(3)}`;
  };
  /** The paper's schedule on `total` curves from the per-stage medians (the tfjs trainers: its 1000 VAE epochs only). */
  const schedule = (t: Trainer, k: "wall" | "cpu") =>
    (isNative(t) ? STAGES : (["vae"] as const)).reduce((sum, stage) => sum + paperEpochs(stage) * median(t, stage, k), 0);
  printTable(
    `hard-sphere VAE, batch 32, VAE stage: platform trainer (2 threads, 1 thread, 1 thread without SIMD) vs tfjs autodiff on wasm and cpu (interleaved; per-curve figures scaled to ${total} curves)`,
    trainers.map((t) => ({
      trainer: t,
      curves: rowsOf(t),
      "wall s per epoch (min / median / max)": fmt(t, "wall"),
      "CPU s per epoch (min / median / max)": fmt(t, "cpu"),
      [`VAE epochs/s on ${total} curves (wall, median)`]: 1 / median(t, "vae", "wall"),
      "train MSE log10 I, 1st VAE epoch (median)": stats(runs[t].map((e) => e.trainLoss)).median,
    })),
  );
  printTable(
    `the paper's schedule (${PAPER.vae} VAE + ${PAPER.converter} per converter + ${PAPER.fineTune} per fine-tune epochs) projected from one epoch of each stage on ${total} curves (tfjs: the VAE stage alone)`,
    trainers.map((t) => ({
      trainer: t,
      ...Object.fromEntries(STAGES.map((stage) => [`${stage} wall s/epoch`, isNative(t) || stage === "vae" ? median(t, stage, "wall") : NaN])),
      "schedule wall min": schedule(t, "wall") / 60,
      "schedule CPU min": schedule(t, "cpu") / 60,
    })),
  );
  const perCurve = (t: Trainer, k: "wall" | "cpu") => median(t, "vae", k) / total;
  for (const fast of trainers.filter(isNative))
    for (const peer of trainers.filter((t) => t !== fast && !(t.startsWith("native") && fast === "native-scalar")))
      console.log(
        `${fast} over ${peer} (VAE stage, median per curve): wall ${(perCurve(peer, "wall") / perCurve(fast, "wall")).toFixed(2)}x, CPU ${(perCurve(peer, "cpu") / perCurve(fast, "cpu")).toFixed(2)}x`,
      );

  // Time to target on the full set (90 % train / 10 % validation), the platform's trainer.
  await selectTrainingBackend("wasm");
  const threads = envNumber("TRAINING_BENCH_THREADS", 2);
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
        threads,
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
  // The tfjs cpu backend is not run to the target (≈ 15 min per epoch): the same epochs at its measured rate.
  if (done !== undefined && runs["tfjs-cpu"]?.length)
    console.log(
      `  tfjs cpu, projected: ${done.epoch} VAE epochs x ${(median("tfjs-cpu", "vae", "wall") * ((total - validationRows) / total)).toFixed(0)} s (its median epoch on ${total - validationRows} curves) = ${((done.epoch * median("tfjs-cpu", "vae", "wall") * ((total - validationRows) / total)) / 60).toFixed(0)} min; the platform's ${threads}-thread trainer took ${done.seconds.toFixed(1)} s`,
    );

  // The whole paper schedule, measured (TRAINING_BENCH_FULL=1; tens of minutes at best).
  // Or the same stages with every epoch count times TRAINING_BENCH_FULL_FRACTION (a check of the projection).
  const fraction = envNumber("TRAINING_BENCH_FULL_FRACTION", 1);
  if (process.env.TRAINING_BENCH_FULL === "1") {
    const epochs = (n: number) => Math.max(1, Math.round(n * fraction));
    const c0 = process.cpuUsage();
    const t1 = performance.now();
    const perStage = new Map<string, { epochs: number; wall: number }>();
    let mark = performance.now();
    await trainHardSphereVae(
      full,
      { ...HARD_SPHERE_VAE_DEFAULTS, vaeEpochs: epochs(PAPER.vae), converterEpochs: epochs(PAPER.converter), fineTuneEpochs: epochs(PAPER.fineTune) },
      {
        seed: 1,
        threads,
        report: (r) => {
          const e = perStage.get(r.stage) ?? { epochs: 0, wall: 0 };
          e.epochs++;
          e.wall += (performance.now() - mark) / 1000;
          perStage.set(r.stage, e);
          mark = performance.now();
          if (r.epoch === r.epochs) console.log(`  ${r.stage}: ${r.epochs} epochs, validation ${r.validationLoss.toExponential(3)}, ${e.wall.toFixed(0)} s`);
        },
      },
    );
    const c = process.cpuUsage(c0);
    const wallMin = (performance.now() - t1) / 60000;
    const cpuMin = (c.user + c.system) / 6e7;
    console.log(
      `the paper's schedule x ${fraction} (${epochs(PAPER.vae)} + 2 x ${epochs(PAPER.converter)} + 2 x ${epochs(PAPER.fineTune)} epochs) on ${total - validationRows} training curves, ${threads} thread(s), measured: wall ${wallMin.toFixed(1)} min, CPU ${cpuMin.toFixed(1)} min` +
        (fraction === 1 ? "" : `; scaled to the whole schedule: wall ${(wallMin / fraction).toFixed(0)} min, CPU ${(cpuMin / fraction).toFixed(0)} min`) +
        `; uptime ${os
          .loadavg()
          .map((v) => v.toFixed(1))
          .join(" ")}`,
    );
  }
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
