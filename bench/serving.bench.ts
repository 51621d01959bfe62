/**
 * Serving engine overhead and dynamic batching, on a realistic MLP (200 → 256 → 256 → 2) written
 * by our ONNX writer. Baseline: bare onnxruntime session.run on the same model in the same process.
 */
import * as ort from "onnxruntime-node";
import { buildMlpModel } from "../src/onnx";
import { InferenceEngine, InMemoryEngineMetrics, parseModelCard, type CurveInput } from "../src/serving";
import { benchCardJson, denseLayers, geometricGrid, seededUniform } from "./bench-models";
import { printTable, summarise, timeAsync } from "./harness";

const FEATURES = 200;
const SIZES = [FEATURES, 256, 256, 2];
const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1 };

function mlpBytes(): Uint8Array {
  return buildMlpModel({ inputName: "curve", outputName: "params", layers: denseLayers(SIZES, seededUniform(42)) });
}

const card = parseModelCard(benchCardJson("bench-mlp", "Bench-only MLP with random weights", FEATURES, "batch_features"));

/** The same model with a card whose input already sits on the grid: isolates the engine's own cost. */
const onGridCard = parseModelCard({
  ...JSON.parse(JSON.stringify({ ...card, qGrid: Array.from(card.qGrid) })),
  qUnit: "1/A",
  preprocessing: { interpolation: { method: "none" }, transform: { kind: "none" } },
});

function onGridCurve(i: number): CurveInput {
  const q = Float64Array.from(onGridCard.qGrid);
  return { q, intensity: q.map((v) => 0.1 + ((i * 7 + v * 1000) % 1)) };
}

/** A measured-like curve: 300 points on its own grid, sphere-ish decay with a scale factor. */
function measuredCurve(i: number): CurveInput {
  const q = Float64Array.from(geometricGrid(300, 0.004, 0.6));
  const r = 30 + (i % 17);
  return { q, intensity: q.map((v) => (1 + i / 50) * (1 / (1 + (v * r) ** 4)) + 1e-3) };
}

async function throughput(
  engine: InferenceEngine,
  callers: number,
  durationMs: number,
  onGrid: boolean,
): Promise<{ perSecond: number; p50: number; p99: number }> {
  const curves = Array.from({ length: callers }, (_, i) => (onGrid ? onGridCurve(i) : measuredCurve(i)));
  const which = onGrid ? onGridCard : card;
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    curves.map(async (curve) => {
      while (performance.now() - start < durationMs) {
        const t0 = performance.now();
        await engine.predict("bench", async () => bytes, which, [curve]);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const t = summarise(latencies, performance.now() - start);
  return { perSecond: t.opsPerSecond, p50: t.p50Ms, p99: t.p99Ms };
}

const bytes = mlpBytes();

export async function run(): Promise<void> {
  const session = await ort.InferenceSession.create(bytes, { ...SESSION_OPTIONS, executionProviders: ["cpu"] });
  const x = new ort.Tensor("float32", new Float32Array(FEATURES).fill(0.1), [1, FEATURES]);
  const bare = await timeAsync(() => session.run({ curve: x }), { minTimeMs: 1500, warmup: 50 });

  const metrics = new InMemoryEngineMetrics();
  const engine = new InferenceEngine({ sessionOptions: SESSION_OPTIONS, metrics });
  const one = [measuredCurve(0)];
  const first = await engine.predict("bench", async () => bytes, card, one);
  const served = await timeAsync(() => engine.predict("bench", async () => bytes, card, one), { minTimeMs: 1500, warmup: 50 });
  const oneOnGrid = [onGridCurve(0)];
  const servedOnGrid = await timeAsync(() => engine.predict("bench", async () => bytes, onGridCard, oneOnGrid), { minTimeMs: 1500, warmup: 50 });

  printTable(`Batch 1 latency, MLP ${SIZES.join("→")} (${(bytes.length / 1024).toFixed(0)} KiB), provider ${first.provider}, intraOpNumThreads 1`, [
    { path: "bare session.run", "p50 ms": bare.p50Ms, "p99 ms": bare.p99Ms, "ops/s": bare.opsPerSecond },
    {
      path: "engine.predict (interp 300→200, log10, standardise, batcher, postprocess)",
      "p50 ms": served.p50Ms,
      "p99 ms": served.p99Ms,
      "ops/s": served.opsPerSecond,
    },
    { path: "overhead (ratio − 1)", "p50 ms": served.p50Ms / bare.p50Ms - 1, "p99 ms": served.p99Ms / bare.p99Ms - 1, "ops/s": "" },
    {
      path: "engine.predict, on-grid card (checks only, batcher, postprocess)",
      "p50 ms": servedOnGrid.p50Ms,
      "p99 ms": servedOnGrid.p99Ms,
      "ops/s": servedOnGrid.opsPerSecond,
    },
    { path: "overhead, on-grid (ratio − 1)", "p50 ms": servedOnGrid.p50Ms / bare.p50Ms - 1, "p99 ms": servedOnGrid.p99Ms / bare.p99Ms - 1, "ops/s": "" },
  ]);
  await engine.close();
  await session.release();

  const rows = [];
  let unbatched = 0;
  for (const [label, maxBatch, onGrid] of [
    ["full card, no batching (maxBatch 1)", 1, false],
    ["full card, dynamic batching (maxBatch 64, window 2 ms)", 64, false],
    ["on-grid card, no batching (maxBatch 1)", 1, true],
    ["on-grid card, dynamic batching (maxBatch 64, window 2 ms)", 64, true],
  ] as const) {
    const m = new InMemoryEngineMetrics();
    const e = new InferenceEngine({ sessionOptions: SESSION_OPTIONS, maxBatch, batchWindowMs: 2, metrics: m });
    await e.load("bench", async () => bytes);
    await throughput(e, 64, 300, onGrid); // warm-up
    const t = await throughput(e, 64, 1500, onGrid);
    if (maxBatch === 1) unbatched = t.perSecond;
    rows.push({
      mode: label,
      "predictions/s": t.perSecond,
      "speed-up": t.perSecond / unbatched,
      "mean batch": m.batchSize.sum / m.batchSize.count,
      "latency p50 ms": t.p50,
      "latency p99 ms": t.p99,
    });
    await e.close();
  }
  printTable("Throughput, 64 concurrent callers, batch 1 each", rows);
}
