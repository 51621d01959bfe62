/**
 * Sheared-colloid correlation (paper 003): one state point on the paper's grid (100 log-spaced q x
 * 101 theta, n L^2 = 150, L = 800 R_0), fast simulation vs a straightforward reference (Math.sin and
 * Math.cos plus the form factor for every particle and every (q, theta)), same process, same seeds.
 * A few realisations are timed and the paper's 10^4 are extrapolated (realisations are independent
 * and cost the same). Then the fast simulation on all cores (worker threads, whole jackknife batches)
 * against itself on one thread, interleaved so both see the same load; the results must be identical.
 * Also the SVD of a paper-sized 6000 x 101 data set.
 */
import { availableParallelism } from "node:os";
import { curveSvd } from "../src/compute/analysis";
import {
  directPolarIntensity,
  particlesInBeam,
  polarGrid,
  realisationRandom,
  rearrange,
  sampleConfiguration,
  simulateShearedColloids,
  simulateShearedColloidsParallel,
  type ShearedColloidResult,
  type ShearedColloidSpec,
} from "../src/compute/particles/colloids";
import { Random } from "../src/compute/random";
import { printTable, timeInterleaved, timeSync } from "./harness";

const PAPER_REALISATIONS = 10_000;
const STATE_POINT: ShearedColloidSpec = { nL2: 150, radiusSpread: 0, d2: 1, gammaL: 10, realisations: 4, seed: 2024 };
/**
 * Five realisations per jackknife batch. Each run starts fresh workers, whose start-up and JIT warm-up
 * (~0.2 s, the first realisations run ~3x slower) are included; a paper-size run amortises them.
 */
const PARALLEL_STATE_POINT: ShearedColloidSpec = { ...STATE_POINT, realisations: 100 };

function sameBits(a: ShearedColloidResult, b: ShearedColloidResult): boolean {
  const keys = ["gQTheta", "gq", "gTheta", "gQThetaStdErr", "gqStdErr", "gThetaStdErr", "meanIntensity"] as const;
  return keys.every((k) => Buffer.from(a[k].buffer).equals(Buffer.from(b[k].buffer))) && a.meanParticlesInBeam === b.meanParticlesInBeam;
}

/** The reference: eq. 1 summed naively for S and Gamma S, eq. 4 from plain sums. */
function referenceCorrelation(spec: ShearedColloidSpec): Float64Array {
  const beamSide = 800;
  const grid = polarGrid(0.5, 5, 100, 101);
  const size = grid.q.length * grid.theta.length;
  const sumIntensity = new Float64Array(size);
  const sumProduct = new Float64Array(size);
  for (let r = 0; r < spec.realisations; r++) {
    const random = realisationRandom(spec.seed, r);
    const configuration = sampleConfiguration(random, Math.round(4 * spec.nL2), beamSide, spec.radiusSpread);
    const rearranged = rearrange(configuration, spec.gammaL / beamSide, spec.d2, random);
    const before = directPolarIntensity(particlesInBeam(configuration, beamSide), grid);
    const after = directPolarIntensity(particlesInBeam(rearranged, beamSide), grid);
    for (let p = 0; p < size; p++) {
      sumIntensity[p] += before[p];
      sumProduct[p] += before[p] * after[p];
    }
  }
  return sumProduct.map((s, p) => s / spec.realisations / (sumIntensity[p] / spec.realisations) ** 2);
}

export async function run(): Promise<void> {
  const options = { minTimeMs: 2000, minOps: 3, warmup: 1 };
  const fast = timeSync(() => simulateShearedColloids(STATE_POINT), options);
  const reference = timeSync(() => referenceCorrelation(STATE_POINT), options);

  const fastG = simulateShearedColloids(STATE_POINT).gQTheta;
  const referenceG = referenceCorrelation(STATE_POINT);
  let maxDifference = 0;
  for (let p = 0; p < fastG.length; p++) maxDifference = Math.max(maxDifference, Math.abs(fastG[p] - referenceG[p]) / referenceG[p]);

  const perRealisation = (ms: number) => ms / STATE_POINT.realisations;
  printTable("Sheared colloids: one state point (nL^2 = 150, 100 q x 101 theta), single thread", [
    {
      implementation: "reference (Math.sin/cos, form factor per term)",
      "ms / realisation": perRealisation(reference.p50Ms),
      "s / state point (10^4 realisations)": (perRealisation(reference.p50Ms) * PAPER_REALISATIONS) / 1000,
      speedup: 1,
    },
    {
      implementation: "fast (per-angle projection, inline sincos, amplitudes per q shared by all angles, theta = pi copied)",
      "ms / realisation": perRealisation(fast.p50Ms),
      "s / state point (10^4 realisations)": (perRealisation(fast.p50Ms) * PAPER_REALISATIONS) / 1000,
      speedup: reference.p50Ms / fast.p50Ms,
    },
  ]);
  console.log(`\nmax relative difference of g(q, theta), fast vs reference, same seeds: ${maxDifference.toExponential(2)}`);

  const threads = availableParallelism();
  const [single, parallel] = await timeInterleaved(
    [async () => simulateShearedColloids(PARALLEL_STATE_POINT), () => simulateShearedColloidsParallel(PARALLEL_STATE_POINT, { threads })],
    { minTimeMs: 4000, minOps: 3, warmup: 1 },
  );
  const identical = sameBits(simulateShearedColloids(PARALLEL_STATE_POINT), await simulateShearedColloidsParallel(PARALLEL_STATE_POINT, { threads }));
  const perParallelRealisation = (ms: number) => ms / PARALLEL_STATE_POINT.realisations;
  printTable(`Sheared colloids: fast, ${PARALLEL_STATE_POINT.realisations} realisations per run, 1 thread vs ${threads} worker threads (start-up included)`, [
    {
      implementation: "fast, 1 thread",
      "ms / realisation": perParallelRealisation(single.p50Ms),
      "s / state point (10^4 realisations)": (perParallelRealisation(single.p50Ms) * PAPER_REALISATIONS) / 1000,
      speedup: 1,
    },
    {
      implementation: `fast, ${threads} worker threads (whole jackknife batches per worker)`,
      "ms / realisation": perParallelRealisation(parallel.p50Ms),
      "s / state point (10^4 realisations)": (perParallelRealisation(parallel.p50Ms) * PAPER_REALISATIONS) / 1000,
      speedup: single.p50Ms / parallel.p50Ms,
    },
  ]);
  console.log(`\nparallel result bit-identical to the single-threaded one: ${identical ? "yes" : "NO"}`);

  const random = new Random(1);
  const curves = Array.from({ length: 6000 }, () => Float64Array.from({ length: 101 }, () => 1 + random.next()));
  const svd = timeSync(() => curveSvd(curves, { components: 3 }), { minTimeMs: 1000, minOps: 2, warmup: 1 });
  printTable("SVD of a 6000 x 101 g(theta) data set (ml-matrix, 3 components)", [{ "ms / decomposition": svd.p50Ms }]);
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
