/**
 * Parallel paths on 2 threads against the same path on 1 thread (issue 16 item 5), interleaved so both
 * see the same load, with the machine's load average printed before and after: a ratio under 2 on a
 * busy machine says as much about the machine as about the code.
 *   (a) a sweep job's compute: the sas-model kind's slices on compute threads (runSimulationSteps, as a
 *       job runs them; thread start-up included);
 *   (b) sheared colloids, one state point (whole jackknife batches per worker);
 *   (c) a virtual experiment's images, one step of images per thread;
 *   (d) I(Q) of one paper-size hard-sphere configuration, warm worker pools of 1 and 2 threads.
 * Each case checks that the 2-thread answer is the 1-thread answer (bit for bit, or says how close).
 * Knobs: SCALING_BENCH_REPS (default 3), SCALING_BENCH_THREADS (default 2).
 */
import { loadavg, availableParallelism } from "node:os";
import { initialConfiguration, paperDirections, ScatteringWorkerPool, uniformQGrid } from "../src/compute/particles/hardspheres";
import { simulateShearedColloidsParallel, type ShearedColloidResult } from "../src/compute/particles/colloids";
import { sasModel, sasModelInput, type SweepCurveData } from "../src/simulations/kinds/sas-model";
import { DEFAULT_PRESET, virtualSans } from "../src/simulations/kinds/virtual-sans";
import type { SimulationInput } from "../src/simulations/simulation-kind";
import { runSimulationSteps } from "../src/workers/jobs/run-steps";
import { printTable, timeInterleaved, type Row, type Timing } from "./harness";

const REPS = Number(process.env.SCALING_BENCH_REPS ?? 3);
const THREADS = Number(process.env.SCALING_BENCH_THREADS ?? 2);

const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(" / ");

function row(name: string, [one, many]: Timing[], identical: boolean): Row {
  const s = (t: Timing) => t.samplesMs.map((ms) => ms / 1000);
  const fmt = (t: Timing) => `${Math.min(...s(t)).toFixed(2)} / ${(t.p50Ms / 1000).toFixed(2)} / ${Math.max(...s(t)).toFixed(2)}`;
  return {
    case: name,
    "1 thread, s (min / median / max)": fmt(one),
    [`${THREADS} threads, s`]: fmt(many),
    "speed-up (medians)": (one.p50Ms / many.p50Ms).toFixed(2),
    "same numbers": identical ? "bit for bit" : "NO",
  };
}

function sameCurves(a: SweepCurveData[][], b: SweepCurveData[][]): boolean {
  const x = a.flat();
  const y = b.flat();
  return x.length === y.length && x.every((c, k) => Buffer.from(c.I.buffer).equals(Buffer.from(y[k].I.buffer)));
}

function sameColloids(a: ShearedColloidResult, b: ShearedColloidResult): boolean {
  return Buffer.from(a.gQTheta.buffer).equals(Buffer.from(b.gQTheta.buffer)) && Buffer.from(a.gQThetaStdErr.buffer).equals(Buffer.from(b.gQThetaStdErr.buffer));
}

export async function run(): Promise<void> {
  console.log(`\nmachine: ${availableParallelism()} cores; load average (1 / 5 / 15 min) at start: ${load()}`);
  const rows: Row[] = [];
  const options = { minTimeMs: 0, minOps: REPS, warmup: 1 };

  // (a) 4000 cylinder curves with radius polydispersity, 200 q points: about 0.7 ms each.
  const sweep = sasModelInput({
    model: "cylinder",
    parameters: { sld: 4, sld_solvent: 1, radius_pd_type: "gaussian", radius_pd_n: 15 },
    ranges: [
      { name: "radius", min: 10, max: 40 },
      { name: "length", min: 50, max: 400 },
      { name: "radius_pd", min: 0.02, max: 0.2 },
    ],
    sampling: "LATIN_HYPERCUBE",
    count: 4000,
    seed: 7,
    q: Float64Array.from({ length: 200 }, (_, i) => 0.001 * Math.pow(500, i / 199)),
  });
  const sweepRun = (threads: number) => runSimulationSteps(sasModel, sasModel.steps(sweep, threads), threads);
  const sweepTimes = await timeInterleaved([() => sweepRun(1), () => sweepRun(THREADS)], options);
  rows.push(
    row(
      `sas-model sweep: 4000 cylinder curves, radius pd 15 points, 200 q (${sasModel.steps(sweep, THREADS).length} slices)`,
      sweepTimes,
      sameCurves(await sweepRun(1), await sweepRun(THREADS)),
    ),
  );

  // (b) a state point of 200 realisations (the paper's size is 10^4; start-up is amortised there).
  const colloids = { nL2: 150, radiusSpread: 0, d2: 1, gammaL: 10, realisations: 200, seed: 2024 };
  const colloidTimes = await timeInterleaved(
    [() => simulateShearedColloidsParallel(colloids, { threads: 1 }), () => simulateShearedColloidsParallel(colloids, { threads: THREADS })],
    options,
  );
  rows.push(
    row(
      "sheared colloids: nL^2 = 150, 200 realisations, 100 q x 101 theta",
      colloidTimes,
      sameColloids(await simulateShearedColloidsParallel(colloids, { threads: 1 }), await simulateShearedColloidsParallel(colloids, { threads: THREADS })),
    ),
  );

  // (c) eight images of 2e6 neutrons each.
  {
    const experiment = virtualExperimentInput();
    const imagesRun = (threads: number) => runSimulationSteps(virtualSans, virtualSans.steps(experiment, threads), threads);
    const imageTimes = await timeInterleaved([() => imagesRun(1), () => imagesRun(THREADS)], options);
    const [a, b] = [await imagesRun(1), await imagesRun(THREADS)];
    const same = a.flat().every((im, k) => Buffer.from(im.data.counts.buffer).equals(Buffer.from(b.flat()[k].data.counts.buffer)));
    rows.push(row(`virtual-sans: 8 images x 2e6 neutrons, dilute spheres, ${DEFAULT_PRESET}`, imageTimes, same));
  }

  // (d) I(Q) of one paper-size configuration (the cell-moment kernel), warm pools of 1 and of 2 workers.
  {
    const config = initialConfiguration({ distribution: "uniform", sigma: 0.1, eta: 0.45, n: 23_328, seed: 1 });
    const q = uniformQGrid(3, 13, 100);
    const directions = paperDirections(50, 100);
    const one = new ScatteringWorkerPool(1);
    const many = new ScatteringWorkerPool(THREADS);
    try {
      const iqTimes = await timeInterleaved([() => one.intensity(config, q, { directions }), () => many.intensity(config, q, { directions })], options);
      const [a, b] = [await one.intensity(config, q, { directions }), await many.intensity(config, q, { directions })];
      let worst = 0;
      for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(b[k] / a[k] - 1));
      const r = row("I(Q), paper eq. 2: N = 23 328, 100 Q, 50 x 100 directions (worker pools of 1 and of 2)", iqTimes, worst === 0);
      if (worst !== 0) r["same numbers"] = `to ${worst.toExponential(1)} (direction pairs summed per worker)`;
      rows.push(r);
    } finally {
      await Promise.all([one.close(), many.close()]);
    }
  }

  printTable(`Parallel paths: ${THREADS} threads vs 1, interleaved, ${REPS} repetitions`, rows);
  console.log(`\nload average (1 / 5 / 15 min) at end: ${load()}`);
}

/** A small virtual experiment: eight parameter sets of dilute spheres at the default preset. */
function virtualExperimentInput(): SimulationInput<typeof virtualSans> {
  return {
    samples: [{ model: "sphere", parameters: { sld: 1, sld_solvent: 6, scale: 0.01 }, ranges: [{ name: "radius", min: 30, max: 90 }] }],
    perSample: 8,
    sampling: "LATIN_HYPERCUBE",
    presets: [DEFAULT_PRESET],
    absorptions: [1],
    neutrons: 2_000_000,
    seed: 3,
    clean: false,
  };
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
