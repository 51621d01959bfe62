import { Random } from "../../src/compute/random";
import * as workerEntry from "../../src/compute/worker-entry";
import { HARD_SPHERE_VAE_DEFAULTS } from "../../src/training/architectures/hard-sphere-vae";
import { flatWeights, type NativeVae } from "../../src/training/hard-sphere-vae-native";
import { trainHardSphereVae, type StageName, type VaeData } from "../../src/training/hard-sphere-vae-trainer";
import { selectTrainingBackend } from "../../src/training/tfjs-backend";

// Data-parallel training: the second half of each batch on a worker thread must give the very
// weights of the one-thread run (each half's gradient in its own buffer, added in the same order).
// Every stage runs; 45 rows at batch 8 end in a batch of 5 (halves of 3 and 2); two latent samples.
const L = 40;

function data(): VaeData {
  const random = new Random(8);
  const rows = 45;
  const val = 9;
  // Smooth curves with noise, standardised-looking values: what matters is that training moves the weights.
  const curve = (n: number) => Float32Array.from({ length: n * L }, (_, i) => Math.sin(0.2 * (i % L) * (1 + Math.floor(i / L) / n)) + 0.1 * random.normal());
  const params = (n: number) => Float32Array.from({ length: n * 2 }, () => random.normal());
  return {
    trainX: curve(rows),
    trainY: params(rows),
    trainRows: rows,
    validationX: curve(val),
    validationY: params(val),
    validationRows: val,
    length: L,
    parameters: 2,
    curveStd: Float32Array.from({ length: L }, (_, j) => 0.05 + 0.002 * j),
  };
}

async function run(threads: number): Promise<{ stages: Map<StageName, Float64Array[]>; losses: number[] }> {
  const stages = new Map<StageName, Float64Array[]>();
  const trained = await trainHardSphereVae(
    data(),
    { ...HARD_SPHERE_VAE_DEFAULTS, vaeEpochs: 2, converterEpochs: 1, fineTuneEpochs: 1, batchSize: 8, latentSamples: 2 },
    {
      seed: 5,
      threads,
      afterStage: (stage, net: NativeVae) =>
        stages.set(
          stage,
          flatWeights(net).map((w) => Float64Array.from(w)),
        ),
    },
  );
  return { stages, losses: trained.history.flatMap((h) => [h.trainLoss, h.validationLoss]) };
}

describe("hard-sphere VAE on two threads", () => {
  beforeAll(async () => {
    await selectTrainingBackend();
  });

  test("1 and 2 threads give the same weights after every stage and the same losses, bit for bit", async () => {
    // The second half of each batch really goes to a shard worker with 2 threads, and only then.
    const starts = jest.spyOn(workerEntry, "startComputeWorker");
    const shardWorkers = () => starts.mock.calls.filter((call) => call[1] === "hard-sphere-vae-shard-worker").length;
    const one = await run(1);
    expect(shardWorkers()).toBe(0);
    const two = await run(2);
    expect(shardWorkers()).toBeGreaterThan(0);
    starts.mockRestore();
    expect(one.stages.size).toBe(5);
    expect(two.losses).toEqual(one.losses);
    for (const [stage, weights] of one.stages) {
      const other = two.stages.get(stage)!;
      weights.forEach((w, i) => expect(Buffer.from(other[i].buffer, other[i].byteOffset, other[i].byteLength).equals(Buffer.from(w.buffer))).toBe(true));
    }
    // Not vacuous: training moved the weights between the first stage and the last.
    const first = one.stages.get("vae")!;
    const last = one.stages.get("inferrer-fine-tune")!;
    expect(first.some((w, i) => w.some((v, k) => v !== last[i][k]))).toBe(true);
  }, 120_000);
});
