/**
 * `predict` of the shipped sphere inferrer (models/sphere-inferrer, MLP 64→128→64→2) end to end:
 * GraphQL over HTTP on a real platform (embedded PostgreSQL and object store) against a bare
 * onnxruntime session.run on the same model in the same process, at batch 1; and throughput with
 * 64 concurrent clients with and without dynamic batching (engine level, full card preprocessing),
 * plus 64 GraphQL clients with the platform's engine.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ort from "onnxruntime-node";
import { loadConfig } from "../src/server/config";
import { startPlatform } from "../src/server/platform";
import { listen } from "../src/server/app";
import { InferenceEngine, InMemoryEngineMetrics, parseModelCard, prepareInput, type CurveInput } from "../src/serving";
import { registerShippedModels, shippedModels } from "../src/services/registry/shipped-models";
import { runSasSweep } from "../src/compute/sas-sweep";
import { sphereSweep } from "../models/datasets";
import { printTable, summarise, timeAsync } from "./harness";

const QUERY = `mutation($i: [PredictInput!]!) { predict(model: "sphere-inferrer@production", inputs: $i) { predictions { parameters { name value } warnings } } }`;

function curves(n: number): CurveInput[] {
  return [...runSasSweep(sphereSweep(n, 424242))].map((c) => ({ q: sphereSweep(1, 1).q, intensity: c.I }));
}

async function concurrent(clients: number, durationMs: number, op: (client: number) => Promise<unknown>) {
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    while (performance.now() - start < durationMs) {
      const t0 = performance.now();
      await op(c);
      latencies.push(performance.now() - t0);
    }
  }));
  return summarise(latencies, performance.now() - start);
}

export async function run(): Promise<void> {
  const shipped = shippedModels().find((m) => m.name === "sphere-inferrer");
  if (!shipped) throw new Error("models/sphere-inferrer is missing: run models/train-sphere-inferrer.ts");
  const card = parseModelCard(shipped.card);
  const inputs = curves(64);
  const body = (i: number) => JSON.stringify({ query: QUERY, variables: { i: [{ q: Array.from(inputs[i].q), intensity: Array.from(inputs[i].intensity) }] } });

  const home = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-bench-predict-"));
  const platform = await startPlatform(loadConfig({ SASGRAPH_HOME: home, PORT: "0", SASGRAPH_SECRET: "bench", SASGRAPH_LOG_LEVEL: "warn" }), { jobs: false, log: () => undefined });
  try {
    const { services } = platform;
    const owner = await services.auth.ensureUser("bench");
    await registerShippedModels(services.models.registry, { userId: owner.id, userName: "bench", groupIds: [] });
    const server = await listen(services, 0, "127.0.0.1");
    const gql = async (i: number) => {
      const res = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: body(i) });
      const json = (await res.json()) as { errors?: unknown };
      if (json.errors) throw new Error(JSON.stringify(json.errors));
    };

    // Batch 1: bare session.run on precomputed features, the engine, GraphQL.
    const session = await ort.InferenceSession.create(shipped.bytes, { executionProviders: ["cpu"] });
    const features = new ort.Tensor("float32", prepareInput(card, inputs[0], 0).features, [1, card.qGrid.length]);
    const bare = await timeAsync(() => session.run({ curve: features }), { minTimeMs: 1500, warmup: 100 });
    const prep = await timeAsync(async () => prepareInput(card, inputs[0], 0), { minTimeMs: 500, warmup: 100 });
    const engine = new InferenceEngine({});
    const engineOne = await timeAsync(() => engine.predict("bench", async () => shipped.bytes, card, [inputs[0]]), { minTimeMs: 1500, warmup: 100 });
    const viewer = { userId: null, userName: null, groupIds: [] };
    const service = await timeAsync(() => services.models.inference.predict(viewer, "sphere-inferrer@production", [{ q: Array.from(inputs[0].q), intensity: Array.from(inputs[0].intensity) }]), { minTimeMs: 1500, warmup: 50 });
    const viaGql = await timeAsync(() => gql(0), { minTimeMs: 2000, warmup: 50 });
    const row = (p: string, t: { p50Ms: number; p99Ms: number; opsPerSecond: number }) => ({ path: p, "p50 ms": t.p50Ms, "p99 ms": t.p99Ms, "ops/s": t.opsPerSecond, "p50 / bare": t.p50Ms / bare.p50Ms });
    printTable(`predict at batch 1, sphere-inferrer (${(shipped.bytes.length / 1024).toFixed(0)} KiB), provider cpu`, [
      row("bare session.run (features precomputed)", bare),
      row("prepareInput alone (interp, log10, standardise)", prep),
      row("engine.predict (preprocess + batcher + run + postprocess)", engineOne),
      row("InferenceService.predict (+ model ref → version: 2 SQL queries)", service),
      row("GraphQL predict over HTTP (+ HTTP, JSON, parse/validate/cost, auth)", viaGql),
    ]);
    console.log(`\nGraphQL overhead over the bare run at p50: ${((viaGql.p50Ms / bare.p50Ms - 1) * 100).toFixed(0)} % ` +
      `(${(viaGql.p50Ms - bare.p50Ms).toFixed(3)} ms, of which registry lookup ${(service.p50Ms - engineOne.p50Ms).toFixed(3)} ms, engine ${(engineOne.p50Ms - bare.p50Ms).toFixed(3)} ms, HTTP+GraphQL ${(viaGql.p50Ms - service.p50Ms).toFixed(3)} ms)`);
    await session.release();
    await engine.close();

    // 64 concurrent clients.
    const rows = [];
    let unbatched = 0;
    for (const [label, maxBatch] of [["engine, no batching (maxBatch 1)", 1], ["engine, dynamic batching (maxBatch 64, 2 ms window)", 64]] as const) {
      const m = new InMemoryEngineMetrics();
      const e = new InferenceEngine({ maxBatch, batchWindowMs: 2, metrics: m });
      await e.load("bench", async () => shipped.bytes, card);
      await concurrent(64, 300, (c) => e.predict("bench", async () => shipped.bytes, card, [inputs[c]]));
      const t = await concurrent(64, 2000, (c) => e.predict("bench", async () => shipped.bytes, card, [inputs[c]]));
      if (maxBatch === 1) unbatched = t.opsPerSecond;
      rows.push({ mode: label, "predictions/s": t.opsPerSecond, "speed-up": t.opsPerSecond / unbatched, "mean batch": m.batchSize.sum / m.batchSize.count, "p50 ms": t.p50Ms, "p99 ms": t.p99Ms });
      await e.close();
    }
    await concurrent(64, 300, (c) => gql(c));
    const g = await concurrent(64, 3000, (c) => gql(c));
    rows.push({ mode: "GraphQL over HTTP, platform engine (batching on)", "predictions/s": g.opsPerSecond, "speed-up": g.opsPerSecond / unbatched, "mean batch": NaN, "p50 ms": g.p50Ms, "p99 ms": g.p99Ms });
    printTable("64 concurrent clients, one curve per request", rows);
    await server.close();
  } finally {
    await platform.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
