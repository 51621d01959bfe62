/**
 * Virtual SANS (issue 18): the KWS-1 Monte Carlo, importance sampling against plain (analog)
 * sampling of the same instrument and sample, in the same run.
 *   (a) speed: neutrons per second on one core, interleaved repetitions of both modes (min /
 *       median / max), and paper-size images (1e7 neutrons, 144 x 256) per minute.
 *   (b) variance: the variance of each mode's estimate of the expected image, reduced to I(Q)
 *       (importance: its expectation μ̂ before the Poisson draw; analog: its counts), over
 *       independent seeds at the same number of neutrons; the variance ratio and the efficiency
 *       1 / (variance x time). Also the Poisson-drawn importance image against the analog one
 *       (both should be counting noise: ratio ≈ 1).
 * Threads: one (the Monte Carlo is one synchronous loop), and one image split over 2 worker threads
 * (half the neutrons each, own seeds, summed by combineImages) when the bench runs compiled
 * (`npm run bench`: the workers load dist/src/compute/instrument/beamline.js).
 * VSANS_BENCH_NEUTRONS (default 1e6) sets the neutrons of the timed and variance runs,
 * VSANS_BENCH_REPLICAS (default 8) the seeds per mode; VSANS_BENCH_PAPER=0 skips the 1e7 images.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { printTable, timeInterleaved, type Row } from "./harness";
import { traceVirtualExperiment } from "../src/compute/instrument/beamline";
import { experimentFromPreset } from "../src/compute/instrument/presets";
import { combineImages } from "../src/compute/instrument/combine-images";
import { reduceImage } from "../src/compute/instrument/reduction";
import { pixelGeometry } from "../src/compute/instrument/pixel-geometry";
import type { DetectorImageData, SamplingMode, VirtualExperiment } from "../src/compute/instrument/types";

const PRESET = "kws1-6A-8m8m-slit1x1-cell2-d1mm";
const SPHERES = { model: "sphere", parameters: { radius: 50, sld: 1, sld_solvent: 6.4, scale: 0.01, background: 0 } };
const NEUTRONS = Number(process.env.VSANS_BENCH_NEUTRONS ?? 1e6);
const REPLICAS = Number(process.env.VSANS_BENCH_REPLICAS ?? 8);

function experiment(sampling: SamplingMode, neutrons: number, seed: number): VirtualExperiment {
  return experimentFromPreset(PRESET, { sample: SPHERES, neutrons, seed, sampling });
}

function stats(ms: number[]): { min: number; median: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { traceVirtualExperiment } = require(workerData.module);
parentPort.on("message", (exp) => parentPort.postMessage(traceVirtualExperiment(exp).image));
`;

/** Two workers that each simulate half of an image. */
class TwoWorkers {
  private readonly workers: Worker[];
  constructor(module: string) {
    this.workers = [0, 1].map(() => new Worker(WORKER_SOURCE, { eval: true, workerData: { module } }));
  }
  async image(exp: VirtualExperiment): Promise<DetectorImageData> {
    const half = Math.floor(exp.neutrons / 2);
    const parts = await Promise.all(
      this.workers.map(
        (w, k) =>
          new Promise<DetectorImageData>((resolve, reject) => {
            const fail = (err: Error): void => reject(err);
            w.once("error", fail);
            w.once("message", (image: DetectorImageData) => {
              w.off("error", fail);
              resolve(image);
            });
            w.postMessage({ ...exp, neutrons: k === 0 ? half : exp.neutrons - half, seed: exp.seed * 2 + k });
          }),
      ),
    );
    return combineImages(parts);
  }
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export async function run(): Promise<void> {
  // (a) interleaved timing: 1 thread, and 2 workers when compiled
  let seed = 100;
  const compiled = path.join(__dirname, "../src/compute/instrument/beamline.js");
  const pool = existsSync(compiled) ? new TwoWorkers(compiled) : null;
  const variants: { mode: SamplingMode; threads: number }[] = [
    { mode: "importance", threads: 1 },
    { mode: "analog", threads: 1 },
  ];
  if (pool) variants.push({ mode: "importance", threads: 2 }, { mode: "analog", threads: 2 });
  const ops = variants.map((v) => async () => {
    const exp = experiment(v.mode, NEUTRONS, seed++);
    if (v.threads === 1) traceVirtualExperiment(exp);
    else await pool?.image(exp);
  });
  const timings = await timeInterleaved(ops, { minOps: 5, warmup: 1, minTimeMs: 0 });
  await pool?.close();
  const rows: Row[] = [];
  const medians: number[] = [];
  variants.forEach(({ mode, threads }, k) => {
    const s = stats(timings[k].samplesMs);
    medians.push(s.median);
    rows.push({
      sampling: mode,
      threads: String(threads),
      neutrons: NEUTRONS,
      "ms per image (min / median / max)": `${s.min.toFixed(0)} / ${s.median.toFixed(0)} / ${s.max.toFixed(0)}`,
      "neutrons/s (median)": (NEUTRONS / s.median) * 1000,
      "neutrons/s per thread (median)": (NEUTRONS / s.median / threads) * 1000,
    });
  });
  printTable(`virtual-sans: ${PRESET}, dilute spheres, ${NEUTRONS} neutrons per image, interleaved (${timings[0].samplesMs.length} reps each)`, rows);
  if (!pool) console.log("(2-worker rows left out: run compiled, `npm run bench virtual-sans`)");

  // Paper-size images (1e7 neutrons), one each, for images per minute.
  const paper: Row[] = [];
  for (const mode of process.env.VSANS_BENCH_PAPER === "0" ? [] : (["importance", "analog"] as const)) {
    const t0 = performance.now();
    traceVirtualExperiment(experiment(mode, 1e7, 7));
    const seconds = (performance.now() - t0) / 1000;
    paper.push({ sampling: mode, "s per 1e7-neutron image": seconds, "images/min per core": 60 / seconds });
  }
  printTable("virtual-sans: paper-size images (144 x 256, 1e7 neutrons), one each", paper);

  // (b) variance of the estimate of the expected I(Q), over seeds
  const inst = experiment("importance", NEUTRONS, 0).instrument;
  const geometry = pixelGeometry(inst);
  const options = { thickness: 0.1, bins: 40, geometry };
  const estimates: Record<"importance" | "analog" | "poisson", Float64Array[]> = { importance: [], analog: [], poisson: [] };
  let exposure: Float64Array | null = null;
  let analogCounts: Float64Array | null = null;
  for (let r = 0; r < REPLICAS; r++) {
    const imp = traceVirtualExperiment(experiment("importance", NEUTRONS, 1000 + r)).image;
    const ana = traceVirtualExperiment(experiment("analog", NEUTRONS, 2000 + r)).image;
    const expected = imp.expected as Float64Array;
    estimates.importance.push(reduceImage({ ...imp, counts: expected }, inst, options).intensity);
    estimates.poisson.push(reduceImage(imp, inst, options).intensity);
    const a = reduceImage(ana, inst, options);
    estimates.analog.push(a.intensity);
    exposure = a.exposure;
    analogCounts = a.counts;
  }
  const variance = (list: Float64Array[], i: number): number => {
    const m = list.reduce((s, v) => s + v[i], 0) / list.length;
    return list.reduce((s, v) => s + (v[i] - m) ** 2, 0) / (list.length - 1);
  };
  const bins = estimates.analog[0].length;
  const ratios: number[] = [];
  const poissonRatios: number[] = [];
  let sumA = 0;
  let sumI = 0;
  for (let i = 0; i < bins; i++) {
    if (!analogCounts || !exposure || analogCounts[i] < 20) continue;
    const va = variance(estimates.analog, i);
    const vi = variance(estimates.importance, i);
    const vp = variance(estimates.poisson, i);
    const mean = estimates.analog.reduce((s, v) => s + v[i], 0) / REPLICAS;
    sumA += va / (mean * mean);
    sumI += vi / (mean * mean);
    if (vi > 0) ratios.push(va / vi);
    if (va > 0) poissonRatios.push(vp / va);
  }
  ratios.sort((a, b) => a - b);
  poissonRatios.sort((a, b) => a - b);
  const [tImportance, tAnalog] = medians;
  const efficiency = (sumA * tAnalog) / (sumI * tImportance);
  printTable(
    `virtual-sans: variance of the expected-I(Q) estimate, ${REPLICAS} seeds x ${NEUTRONS} neutrons per mode, ${ratios.length} bins with >= 20 analog counts`,
    [
      {
        "Σ relative variance, analog": sumA,
        "Σ relative variance, importance (μ̂)": sumI,
        "variance ratio analog / importance (Σ)": sumA / sumI,
        "per-bin ratio (min / median / max)": `${ratios[0].toPrecision(3)} / ${ratios[Math.floor(ratios.length / 2)].toPrecision(3)} / ${ratios[ratios.length - 1].toPrecision(3)}`,
        "efficiency ratio 1/(var x time)": efficiency,
        "Poisson-drawn importance / analog variance (median bin)": poissonRatios[Math.floor(poissonRatios.length / 2)],
      },
    ],
  );
}
