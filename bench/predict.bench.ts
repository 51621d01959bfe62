/**
 * `predict` end to end for two models: the shipped sphere inferrer (models/sphere-inferrer, MLP
 * 64→128→64→2, runs in microseconds) and a bench-built 1D CNN (bench/cnn-model.ts) whose run time
 * is typical of published SAS networks. For each, at batch 1: bare onnxruntime session.run on the
 * same model in the same process (the baseline), preprocessing alone, the engine, the inference
 * service, and GraphQL over HTTP on a real platform (embedded PostgreSQL and object store), both
 * as the client sees it and as the server spends it. Then 64 concurrent clients with and without
 * dynamic batching (engine), and through GraphQL with the platform's engine (batching on).
 * The HTTP client runs in this process (node:http, keep-alive), on the same CPU as the server.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import * as ort from "onnxruntime-node";
import { loadConfig } from "../src/server/config";
import { startPlatform } from "../src/server/platform";
import { listen } from "../src/server/app";
import { featureCount, InferenceEngine, InMemoryEngineMetrics, parseModelCard, prepareInput, type CurveInput, type ModelCard } from "../src/serving";
import { registerShippedModels, shippedModels } from "../src/services/registry/shipped-models";
import { runSasSweep } from "../src/compute/sas-sweep";
import { sphereSweep } from "../models/datasets";
import { buildCnnModel, cnnCardJson, instrumentCurve } from "./cnn-model";
import { printTable, summarise, timeAsync, timeSync, type Timing } from "./harness";

interface BenchModel {
  name: string;
  /** What the batch-1 curves are, for the table titles. */
  curves: string;
  card: ModelCard;
  bytes: Uint8Array;
  inputs: CurveInput[];
}

const query = (model: string) => `mutation($i: [PredictInput!]!) { predict(model: "${model}@production", inputs: $i) { predictions { parameters { name value } warnings } } }`;

async function concurrent(clients: number, durationMs: number, op: (client: number) => Promise<unknown>): Promise<Timing> {
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

/** POST JSON over a keep-alive connection; rejects on GraphQL errors. */
function poster(url: string): (body: string) => Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const { hostname, port } = new URL(url);
  return (body) => new Promise<void>((resolve, reject) => {
    const req = http.request({ agent, hostname, port, path: "/graphql", method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const json = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { errors?: unknown };
        if (json.errors) reject(new Error(JSON.stringify(json.errors)));
        else resolve();
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

function models(): BenchModel[] {
  const shipped = shippedModels().find((m) => m.name === "sphere-inferrer");
  if (!shipped) throw new Error("models/sphere-inferrer is missing: run models/train-sphere-inferrer.ts");
  const sphereQ = sphereSweep(1, 1).q;
  const sphereInputs = [...runSasSweep(sphereSweep(64, 424242))].map((c) => ({ q: Float64Array.from(sphereQ), intensity: Float64Array.from(c.I) }));
  return [
    { name: "sphere-inferrer", curves: "curves on the card's 64-point grid", card: parseModelCard(shipped.card), bytes: shipped.bytes, inputs: sphereInputs },
    { name: "bench-cnn1d", curves: "300-point instrument curves, log-log onto 200 points", card: parseModelCard(cnnCardJson()), bytes: buildCnnModel(), inputs: Array.from({ length: 64 }, (_, i) => instrumentCurve(i)) },
  ];
}

export async function run(): Promise<void> {
  const list = models();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-bench-predict-"));
  const platform = await startPlatform(loadConfig({ SASGRAPH_HOME: home, PORT: "0", SASGRAPH_SECRET: "bench", SASGRAPH_LOG_LEVEL: "warn" }), { jobs: false, log: () => undefined });
  try {
    const { services } = platform;
    const owner = await services.auth.ensureUser("bench");
    const viewerOfOwner = { userId: owner.id, userName: "bench", groupIds: [] };
    await registerShippedModels(services.models.registry, viewerOfOwner);
    const cnn = list[1];
    await services.models.registry.registerArtifact(viewerOfOwner, { name: cnn.name, task: "REGRESSION", description: String(cnnCardJson().description), published: true, card: cnnCardJson(), bytes: cnn.bytes, alias: "production" });
    const server = await listen(services, 0, "127.0.0.1");
    const post = poster(server.url);
    // Server-side time: from the request event to the last byte handed to the socket.
    let serverMs: number[] = [];
    server.httpServer.on("request", (_req: http.IncomingMessage, res: http.ServerResponse) => {
      const t0 = performance.now();
      res.on("finish", () => serverMs.push(performance.now() - t0));
    });
    const anonymous = { userId: null, userName: null, groupIds: [] };

    for (const m of list) {
      const { card, bytes, inputs } = m;
      const body = (i: number) => JSON.stringify({ query: query(m.name), variables: { i: [{ q: Array.from(inputs[i].q), intensity: Array.from(inputs[i].intensity) }] } });
      const bodies = inputs.map((_, i) => body(i));
      const gql = (i: number) => post(bodies[i]);

      // Batch 1. The bare session has the engine's session options (onnxruntime defaults).
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ["cpu"] });
      const width = featureCount(card);
      const dims = card.input.layout === "batch_features" ? [1, width] : [1, 1, width];
      const feeds = { [card.input.tensor]: new ort.Tensor("float32", prepareInput(card, inputs[0], 0).features, dims) };
      const bare = await timeAsync(() => session.run(feeds), { minTimeMs: 1500, warmup: 100 });
      const prep = timeSync(() => prepareInput(card, inputs[0], 0), { minTimeMs: 500, warmup: 100 });
      const engine = new InferenceEngine({});
      const engineOne = await timeAsync(() => engine.predict("bench", async () => bytes, card, [inputs[0]]), { minTimeMs: 1500, warmup: 100 });
      const service = await timeAsync(() => services.models.inference.predict(anonymous, `${m.name}@production`, [{ q: Array.from(inputs[0].q), intensity: Array.from(inputs[0].intensity) }]), { minTimeMs: 1500, warmup: 50 });
      await timeAsync(() => gql(0), { minTimeMs: 300, warmup: 50 });
      serverMs = [];
      const viaGql = await timeAsync(() => gql(0), { minTimeMs: 2000 });
      const serverSide = summarise(serverMs, NaN);
      const row = (p: string, t: Timing) => ({ path: p, "p50 ms": t.p50Ms, "p99 ms": t.p99Ms, "p50 / bare": t.p50Ms / bare.p50Ms, "p99 / bare": t.p99Ms / bare.p99Ms });
      printTable(`${m.name} (${(bytes.length / 1024).toFixed(0)} KiB), batch 1, ${m.curves}, provider cpu`, [
        row("bare session.run (features precomputed)", bare),
        row("prepareInput alone (checks, interpolate, log10, standardise)", prep),
        row("engine.predict (preprocess + batcher + run + postprocess)", engineOne),
        row("InferenceService.predict (+ model reference → version, cached)", service),
        row("GraphQL predict, server side (request event → response finished)", serverSide),
        row("GraphQL predict over HTTP, round trip (+ client, socket)", viaGql),
      ]);
      const pct = (t: number) => `${((t / bare.p50Ms - 1) * 100).toFixed(0)} %`;
      console.log(`\n${m.name}: GraphQL overhead over the bare run at p50: ${pct(viaGql.p50Ms)} round trip, ${pct(serverSide.p50Ms)} server side ` +
        `(engine ${(engineOne.p50Ms - bare.p50Ms).toFixed(3)} ms, reference ${(service.p50Ms - engineOne.p50Ms).toFixed(3)} ms, ` +
        `HTTP + GraphQL in the server ${(serverSide.p50Ms - service.p50Ms).toFixed(3)} ms, client + socket ${(viaGql.p50Ms - serverSide.p50Ms).toFixed(3)} ms); aim < 20 %`);
      await session.release();
      await engine.close();

      // 64 concurrent clients, one curve each.
      const rows = [];
      let unbatched = 0;
      for (const [label, maxBatch] of [["engine, no batching (maxBatch 1)", 1], ["engine, dynamic batching (maxBatch 64, 2 ms window)", 64]] as const) {
        const metrics = new InMemoryEngineMetrics();
        const e = new InferenceEngine({ maxBatch, batchWindowMs: 2, metrics });
        await e.load("bench", async () => bytes, card);
        await concurrent(64, 300, (c) => e.predict("bench", async () => bytes, card, [inputs[c]]));
        const t = await concurrent(64, 2000, (c) => e.predict("bench", async () => bytes, card, [inputs[c]]));
        if (maxBatch === 1) unbatched = t.opsPerSecond;
        rows.push({ mode: label, "predictions/s": t.opsPerSecond, "speed-up": t.opsPerSecond / unbatched, "mean batch": metrics.batchSize.sum / metrics.batchSize.count, "p50 ms": t.p50Ms, "p99 ms": t.p99Ms });
        await e.close();
      }
      await concurrent(64, 300, (c) => gql(c));
      const g = await concurrent(64, 3000, (c) => gql(c));
      rows.push({ mode: "GraphQL over HTTP, platform engine (batching on)", "predictions/s": g.opsPerSecond, "speed-up": g.opsPerSecond / unbatched, "mean batch": NaN, "p50 ms": g.p50Ms, "p99 ms": g.p99Ms });
      printTable(`${m.name}: 64 concurrent clients, one curve per request (speed-up against the engine without batching)`, rows);
      console.log(`\n${m.name}: dynamic batching gives ${(rows[1]["predictions/s"] / unbatched).toFixed(2)}× the engine's throughput without it (aim ≥ 4×)`);
    }
    await server.close();
  } finally {
    await platform.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
