/**
 * `predict` end to end for three models: the shipped sphere inferrer (models/sphere-inferrer, MLP
 * 64→128→64→2, runs in microseconds), a bench-built 1D CNN (bench/cnn-model.ts) whose run time
 * is typical of published SAS networks, and a bench-built large MLP (bench/mlp-model.ts, 78 MB of
 * weights, milliseconds per run) for which the run dominates. For each, at batch 1: bare
 * onnxruntime session.run on the same model in the same process (the baseline), preprocessing
 * alone, the engine, the inference service, and GraphQL over HTTP on a real platform (embedded
 * PostgreSQL and object store), both as the client sees it and as the server spends it, with the
 * platform engine's own run time in each request as a second baseline. Then 64 concurrent
 * clients with and without dynamic batching (engine), and through GraphQL with the platform's
 * engine (batching on; the platform has no setting to turn it off).
 * The HTTP client runs in this process (node:http, keep-alive), on the same CPU as the server.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import * as ort from "onnxruntime-node";
import { loadConfig } from "../src/platform/config";
import { startPlatform } from "../src/platform/platform";
import { listen } from "../src/server/app";
import { featureCount, InferenceEngine, InMemoryEngineMetrics, parseModelCard, prepareInput, type CurveInput, type ModelCard } from "../src/serving";
import { registerShippedModels, shippedModels } from "../src/services/model-registry/shipped-models";
import { runSasSweep } from "../src/compute/sas/sweep";
import { sphereSweep } from "../models/datasets";
import { buildCnnModel, cnnCardJson, instrumentCurve } from "./cnn-model";
import { buildLargeMlpModel, LARGE_MLP_NAME, largeMlpCardJson } from "./mlp-model";
import { printTable, summarise, timeAsync, timeInterleaved, timeSync, type Timing } from "./harness";

interface BenchModel {
  name: string;
  /** What the batch-1 curves are, for the table titles. */
  curves: string;
  card: ModelCard;
  bytes: Uint8Array;
  inputs: CurveInput[];
  /** Card JSON of a bench-built model, registered on the platform under `name`. */
  register?: Record<string, unknown>;
}

const query = (model: string) =>
  `mutation($i: [PredictInput!]!) { predict(model: "${model}@production", inputs: $i) { predictions { parameters { name value } warnings } } }`;

async function concurrent(clients: number, durationMs: number, op: (client: number) => Promise<unknown>): Promise<Timing> {
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (performance.now() - start < durationMs) {
        const t0 = performance.now();
        await op(c);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return summarise(latencies, performance.now() - start);
}

/** POST JSON over a keep-alive connection; rejects on GraphQL errors. */
function poster(url: string): (body: string) => Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const { hostname, port } = new URL(url);
  return (body) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        { agent, hostname, port, path: "/graphql", method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const json = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { errors?: unknown };
            if (json.errors) reject(new Error(JSON.stringify(json.errors)));
            else resolve();
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
}

function models(): BenchModel[] {
  const shipped = shippedModels().find((m) => m.name === "sphere-inferrer");
  if (!shipped) throw new Error("models/sphere-inferrer is missing: run models/train-sphere-inferrer.ts");
  const sphereQ = sphereSweep(1, 1).q;
  const sphereInputs = [...runSasSweep(sphereSweep(64, 424242))].map((c) => ({ q: Float64Array.from(sphereQ), intensity: Float64Array.from(c.I) }));
  const instrumentCurves = Array.from({ length: 64 }, (_, i) => instrumentCurve(i));
  return [
    { name: "sphere-inferrer", curves: "curves on the card's 64-point grid", card: parseModelCard(shipped.card), bytes: shipped.bytes, inputs: sphereInputs },
    {
      name: "bench-cnn1d",
      curves: "300-point instrument curves, log-log onto 200 points",
      card: parseModelCard(cnnCardJson()),
      bytes: buildCnnModel(),
      inputs: instrumentCurves,
      register: cnnCardJson(),
    },
    {
      name: LARGE_MLP_NAME,
      curves: "300-point instrument curves, log-log onto 200 points",
      card: parseModelCard(largeMlpCardJson()),
      bytes: buildLargeMlpModel(),
      inputs: instrumentCurves,
      register: largeMlpCardJson(),
    },
  ];
}

export async function run(): Promise<void> {
  const list = models();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-bench-predict-"));
  const platform = await startPlatform(loadConfig({ SASGRAPH_HOME: home, PORT: "0", SASGRAPH_SECRET: "bench", SASGRAPH_LOG_LEVEL: "warn" }), {
    jobs: false,
    log: () => undefined,
  });
  try {
    const { services } = platform;
    const owner = await services.auth.ensureUser("bench");
    const viewerOfOwner = { userId: owner.id, userName: "bench", groupIds: [] };
    await registerShippedModels(services.trainedModels.registry, viewerOfOwner);
    for (const m of list) {
      if (m.register)
        await services.trainedModels.registry.registerArtifact(viewerOfOwner, {
          name: m.name,
          task: "REGRESSION",
          description: String(m.register.description),
          published: true,
          card: m.register,
          bytes: m.bytes,
          alias: "production",
        });
    }
    const server = await listen(services, 0, "127.0.0.1");
    const post = poster(server.url);
    // Server-side time: from the request event to the last byte handed to the socket.
    let serverMs: number[] = [];
    let serverTimed = false; // whether the request being sent is a timed one
    server.httpServer.on("request", (_req: http.IncomingMessage, res: http.ServerResponse) => {
      if (!serverTimed) return;
      const t0 = performance.now();
      res.on("finish", () => serverMs.push(performance.now() - t0));
    });
    const anonymous = { userId: null, userName: null, groupIds: [] };
    // The platform engine's own session.run time for each timed request (batch 1: one run per
    // request): a baseline taken in the same request, on the same session, under the same load.
    let runInRequestMs: number[] = [];
    let roundTripMs: number[] = []; // in request order, for pairing with runInRequestMs
    const platformMetrics = services.trainedModels.metrics;
    const reportBatch = platformMetrics.batchRun.bind(platformMetrics);
    platformMetrics.batchRun = (e) => {
      if (serverTimed) runInRequestMs.push(e.runMs);
      reportBatch(e);
    };

    for (const m of list) {
      const { card, bytes, inputs } = m;
      const body = (i: number) =>
        JSON.stringify({ query: query(m.name), variables: { i: [{ q: Array.from(inputs[i].q), intensity: Array.from(inputs[i].intensity) }] } });
      const bodies = inputs.map((_, i) => body(i));
      const gql = (i: number) => post(bodies[i]);

      // Batch 1. The bare session has the engine's session options (onnxruntime defaults).
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ["cpu"] });
      const width = featureCount(card);
      const dims = card.input.layout === "batch_features" ? [1, width] : [1, 1, width];
      const feeds = { [card.input.tensor]: new ort.Tensor("float32", prepareInput(card, inputs[0], 0).features, dims) };
      // The same session at batch 64, in alternation with batch 1: how much cheaper a row gets when
      // the weights are read once per batch (the most batching can give).
      const feeds64 = { [card.input.tensor]: new ort.Tensor("float32", new Float32Array(64 * width).fill(0.1), [64, ...dims.slice(1)]) };
      const [bare1, bare64] = await timeInterleaved([() => session.run(feeds), () => session.run(feeds64)], {
        minTimeMs: 1500,
        warmup: 5,
        blockMs: 100,
        settle: 2,
      });
      const prep = timeSync(() => prepareInput(card, inputs[0], 0), { minTimeMs: 500, warmup: 100 });
      const engine = new InferenceEngine({});
      const serviceInput = [{ q: Array.from(inputs[0].q), intensity: Array.from(inputs[0].intensity) }];
      // The paths take turns in 400 ms blocks, so that the ratios to the bare run hold under the
      // shared machine's changing load (one block per path, one after another, did not). Not one
      // call each per turn: each path runs its own session, and onnxruntime's threads of the
      // session just left spin on the same two cores for a while (the bare run doubled).
      await timeAsync(() => gql(0), { minTimeMs: 300, warmup: 50 });
      serverMs = [];
      runInRequestMs = [];
      roundTripMs = [];
      const [bare, engineOne, service, viaGql] = await timeInterleaved(
        [
          () => session.run(feeds),
          () => engine.predict("bench", async () => bytes, card, [inputs[0]]),
          () => services.trainedModels.inference.predict(anonymous, `${m.name}@production`, serviceInput),
          async (timed) => {
            serverTimed = timed;
            const t0 = performance.now();
            await gql(0);
            if (timed) roundTripMs.push(performance.now() - t0);
            serverTimed = false;
          },
        ],
        { minTimeMs: 8000, warmup: 10, blockMs: 400, settle: 3 },
      );
      const serverSide = summarise(serverMs, NaN);
      if (runInRequestMs.length !== viaGql.samplesMs.length || serverMs.length !== viaGql.samplesMs.length) {
        throw new Error(`${runInRequestMs.length} runs and ${serverMs.length} server times for ${viaGql.samplesMs.length} timed requests`);
      }
      const runInRequest = summarise(runInRequestMs, NaN);
      const row = (p: string, t: Timing) => ({
        path: p,
        "p50 ms": t.p50Ms,
        "p99 ms": t.p99Ms,
        "p50 / bare": t.p50Ms / bare.p50Ms,
        "p99 / bare": t.p99Ms / bare.p99Ms,
      });
      printTable(`${m.name} (${(bytes.length / 1024).toFixed(0)} KiB), batch 1, ${m.curves}, provider cpu, paths in turns of 400 ms`, [
        row("bare session.run (features precomputed)", bare),
        row("bare session.run, turns with batch-64 runs only (same session)", bare1),
        row("session.run inside each timed GraphQL request (platform engine's run timer)", runInRequest),
        row("prepareInput alone (checks, interpolate, log10, standardise)", prep),
        row("engine.predict (preprocess + batcher + run + postprocess)", engineOne),
        row("InferenceService.predict (+ model reference → version, cached)", service),
        row("GraphQL predict, server side (request event → response finished)", serverSide),
        row("GraphQL predict over HTTP, round trip (+ client, socket)", viaGql),
      ]);
      const pct = (t: number, base: number) => `${((t / base - 1) * 100).toFixed(0)} %`;
      // Samples are sorted per path; the pairing needs request order, which serverMs and runInRequestMs keep.
      const medianRatio = (xs: number[]) => {
        const r = runInRequestMs.map((run, i) => xs[i] / run).sort((a, b) => a - b);
        return `${((r[r.length >> 1] - 1) * 100).toFixed(0)} %`;
      };
      console.log(
        `\n${m.name}: over the request's own session.run, median over ${runInRequestMs.length} requests of the per-request ratio: ` +
          `server side ${medianRatio(serverMs)}, round trip ${medianRatio(roundTripMs)} (p50 over p50: ${pct(serverSide.p50Ms, runInRequest.p50Ms)} and ${pct(viaGql.p50Ms, runInRequest.p50Ms)}; ` +
          `p99 over p99: ${pct(serverSide.p99Ms, runInRequest.p99Ms)} and ${pct(viaGql.p99Ms, runInRequest.p99Ms)})`,
      );
      console.log(
        `${m.name}: GraphQL overhead over the bare run: p50 ${pct(viaGql.p50Ms, bare.p50Ms)} round trip, ${pct(serverSide.p50Ms, bare.p50Ms)} server side; ` +
          `p99 ${pct(viaGql.p99Ms, bare.p99Ms)} round trip (aim < 20 %); against the bare run in turns with batch 64: p50 ${pct(viaGql.p50Ms, bare1.p50Ms)} round trip, ${pct(serverSide.p50Ms, bare1.p50Ms)} server side. At p50: engine ${(engineOne.p50Ms - bare.p50Ms).toFixed(3)} ms, reference ${(service.p50Ms - engineOne.p50Ms).toFixed(3)} ms, ` +
          `HTTP + GraphQL in the server ${(serverSide.p50Ms - service.p50Ms).toFixed(3)} ms, client + socket ${(viaGql.p50Ms - serverSide.p50Ms).toFixed(3)} ms`,
      );
      console.log(
        `${m.name}: bare session.run at batch 64: p50 ${bare64.p50Ms.toFixed(3)} ms per batch, ${(bare64.p50Ms / 64).toFixed(4)} ms per row, ` +
          `${(bare1.p50Ms / (bare64.p50Ms / 64)).toFixed(1)}× cheaper per row than batch 1 (${bare1.p50Ms.toFixed(3)} ms in alternation)`,
      );
      await session.release();
      await engine.close();

      // 64 concurrent clients, one curve each; the modes take turns in 1 s rounds (shared machine).
      const unbatchedMetrics = new InMemoryEngineMetrics();
      const batchedMetrics = new InMemoryEngineMetrics();
      const unbatchedEngine = new InferenceEngine({ maxBatch: 1, batchWindowMs: 2, metrics: unbatchedMetrics });
      const batchedEngine = new InferenceEngine({ maxBatch: 64, batchWindowMs: 2, metrics: batchedMetrics });
      await unbatchedEngine.load("bench", async () => bytes, card);
      await batchedEngine.load("bench", async () => bytes, card);
      const modes = [
        {
          label: "engine, no batching (maxBatch 1)",
          metrics: unbatchedMetrics,
          op: (c: number) => unbatchedEngine.predict("bench", async () => bytes, card, [inputs[c]]),
        },
        {
          label: "engine, dynamic batching (maxBatch 64, 2 ms window)",
          metrics: batchedMetrics,
          op: (c: number) => batchedEngine.predict("bench", async () => bytes, card, [inputs[c]]),
        },
        { label: "GraphQL over HTTP, platform engine (batching on)", metrics: undefined, op: (c: number) => gql(c) },
      ];
      for (const mode of modes) await concurrent(64, 300, mode.op);
      const latencies = modes.map((): number[] => []);
      const wallMs = modes.map(() => 0);
      for (let round = 0; round < 3; round++) {
        for (const [k, mode] of modes.entries()) {
          const t = await concurrent(64, 1000, mode.op);
          for (const ms of t.samplesMs) latencies[k].push(ms);
          wallMs[k] += (t.samplesMs.length * 1000) / t.opsPerSecond;
        }
      }
      const totals = modes.map((_, k) => summarise(latencies[k], wallMs[k]));
      const unbatched = totals[0].opsPerSecond;
      const rows = modes.map((mode, k) => ({
        mode: mode.label,
        "predictions/s": totals[k].opsPerSecond,
        "speed-up": totals[k].opsPerSecond / unbatched,
        "mean batch": mode.metrics ? mode.metrics.batchSize.sum / mode.metrics.batchSize.count : NaN,
        "p50 ms": totals[k].p50Ms,
        "p99 ms": totals[k].p99Ms,
      }));
      await unbatchedEngine.close();
      await batchedEngine.close();
      printTable(
        `${m.name}: 64 concurrent clients, one curve per request, modes in turn over 3 rounds of 1 s (speed-up against the engine without batching)`,
        rows,
      );
      console.log(
        `\n${m.name}: dynamic batching gives ${(totals[1].opsPerSecond / unbatched).toFixed(2)}× the engine's throughput without it (aim ≥ 4×); ` +
          `GraphQL with batching ${(totals[2].opsPerSecond / unbatched).toFixed(2)}× the engine without it`,
      );
    }
    await server.close();
  } finally {
    await platform.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
