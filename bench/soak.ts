/**
 * `npm run soak [-- --clients 8 --seconds 120 --workers 2]`: a soak and fault run on this machine
 * (loopback only, bounded in time; not part of `npm test`).
 *
 * It starts PostgreSQL and the object store in this process (so it can stop them), one API process
 * (`sasgraph serve --workers 0`, which seeds the demo catalogue) and job workers (`sasgraph
 * worker`) as child processes, then runs N clients of mixed traffic for T seconds — browse,
 * download, computeIntensity, predict, simulations — while it
 *   - kills a worker with SIGKILL (at 20 % of T) and starts a new one 3 s later,
 *   - stops the object store (at 45 %) and restarts it 5 s later,
 *   - restarts PostgreSQL (at 70 %).
 * It polls /healthz every 100 ms throughout. Afterwards it waits for every job it started to end
 * and checks each finished job's dataset (one dataset, the expected number of curves). It prints
 * requests, errors by code, p50/p99 latency per kind of request, the worst /healthz latency and
 * jobs started/finished/lost, and exits non-zero when a job was lost, a result is wrong, an
 * INTERNAL_SERVER_ERROR was answered or /healthz ever took over 1 s.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../src/platform/embedded-postgres";
import { startEmbeddedS3, type EmbeddedS3Handle } from "../src/storage/embedded-s3";
import { freePort } from "../src/platform/net";
import { connectDatabase } from "../src/db/data-source";
import { AuthService } from "../src/services/auth-service";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "sasgraph.js");

interface Options {
  clients: number;
  seconds: number;
  workers: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: { clients: { type: "string", default: "8" }, seconds: { type: "string", default: "120" }, workers: { type: "string", default: "2" } },
  });
  const o = { clients: Number(values.clients), seconds: Number(values.seconds), workers: Number(values.workers) };
  if (!(o.clients >= 1 && o.clients <= 64 && o.seconds >= 10 && o.seconds <= 3600 && o.workers >= 1 && o.workers <= 8)) {
    throw new Error("--clients 1..64, --seconds 10..3600, --workers 1..8");
  }
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function quantile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** One sasgraph child process, its output kept for the report when it fails. */
class Child {
  readonly process: ChildProcess;
  private log = "";
  constructor(
    readonly name: string,
    args: string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.process = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    const keep = (b: Buffer) => void (this.log = (this.log + b.toString()).slice(-20_000));
    this.process.stdout!.on("data", keep);
    this.process.stderr!.on("data", keep);
  }
  output(): string {
    return this.log;
  }
  async waitFor(text: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.log.includes(text)) {
      if (this.process.exitCode !== null) throw new Error(`${this.name} exited (${this.process.exitCode}):\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not print "${text}" within ${timeoutMs} ms:\n${this.log}`);
      await sleep(100);
    }
  }
  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill("SIGINT");
    const gone = new Promise((r) => this.process.once("exit", r));
    await Promise.race([gone, sleep(15_000).then(() => this.process.kill("SIGKILL"))]);
  }
}

interface Sample {
  kind: string;
  /** When it started (Date.now()). */
  at: number;
  ms: number;
  /** null: success; else the error code (or HTTP status) */
  code: string | null;
}

interface StartedJob {
  id: string;
  curves: number;
}

class Traffic {
  readonly samples: Sample[] = [];
  readonly jobs: StartedJob[] = [];
  private datasetIds: string[] = [];

  constructor(
    private readonly api: string,
    private readonly token: string,
  ) {}

  private async gql(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<{ data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[]; status: number }> {
    const res = await fetch(`${this.api}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    try {
      return { ...(JSON.parse(text) as object), status: res.status };
    } catch {
      return { errors: [{ extensions: { code: `HTTP_${res.status}` } }], status: res.status };
    }
  }

  private async timed(kind: string, run: () => Promise<string | null>): Promise<void> {
    const t0 = performance.now();
    const at = Date.now();
    let code: string | null;
    try {
      code = await run();
    } catch (err) {
      code = (err as Error).name === "TimeoutError" ? "CLIENT_TIMEOUT" : "NETWORK";
    }
    this.samples.push({ kind, at, ms: performance.now() - t0, code });
  }

  private codeOf(r: { errors?: { extensions?: { code?: string } }[]; status: number }): string | null {
    if (r.errors?.length) return r.errors[0].extensions?.code ?? `HTTP_${r.status}`;
    return r.status >= 400 ? `HTTP_${r.status}` : null;
  }

  async browse(): Promise<void> {
    await this.timed("browse", async () => {
      const r = await this.gql(`query { datasets(first: 10, filter: {keywords: ["sphere"]}) { totalCount edges { node { id title curveCount owner { name }
        curves(first: 2) { edges { node { q intensity } } } generatedBy { kind seed } } } } }`);
      const edges = (r.data?.datasets as { edges: { node: { id: string } }[] } | undefined)?.edges ?? [];
      if (edges.length) this.datasetIds = edges.map((e) => e.node.id);
      return this.codeOf(r);
    });
  }

  async download(): Promise<void> {
    const id = this.datasetIds[Math.floor(Math.random() * this.datasetIds.length)];
    if (!id) return this.browse();
    const format = ["CSV", "JSON", "NPY", "CANSAS_XML", "NXCANSAS"][Math.floor(Math.random() * 5)];
    await this.timed("download", async () => {
      const r = await this.gql(`mutation($id: ID!, $f: ExportFormat!) { requestDownload(datasetId: $id, format: $f) { url size } }`, { id, f: format });
      const code = this.codeOf(r);
      if (code) return code;
      const link = r.data!.requestDownload as { url: string; size: number };
      const res = await fetch(link.url, { signal: AbortSignal.timeout(60_000) });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) return `HTTP_${res.status}`;
      return body.length === link.size ? null : "SIZE_MISMATCH";
    });
  }

  async compute(): Promise<void> {
    // Mostly small, sometimes one that is too big for a request.
    const points = Math.random() < 0.05 ? 100_000 : 50 + Math.floor(Math.random() * 2000);
    await this.timed(points > 10_000 ? "compute-huge" : "compute", async () =>
      this.codeOf(
        await this.gql(
          `query($n: Int!) { computeIntensity(input: {model: "sphere", parameters: {radius: 50, radius_pd: 0.1},
        resolution: 0.05, q: {min: 0.001, max: 0.5, points: $n}}) { intensity } }`,
          { n: points },
        ),
      ),
    );
  }

  async predict(): Promise<void> {
    await this.timed("predict", async () => {
      const q = Array.from({ length: 60 }, (_, i) => 0.005 * Math.pow(100, i / 59));
      const intensity = q.map((v) => 100 / (1 + Math.pow(v * 50, 4)));
      return this.codeOf(
        await this.gql(
          `mutation($q: [Float]!, $i: [Float]!) { predict(model: "sphere-inferrer@production", inputs: [{q: $q, intensity: $i}]) {
        predictions { parameters { name value } } } }`,
          { q, i: intensity },
        ),
      );
    });
  }

  async simulate(): Promise<void> {
    const count = 5 + Math.floor(Math.random() * 20);
    await this.timed("simulate", async () => {
      const r = await this.gql(
        `mutation($c: Int!, $s: Int!) { startSimulation(input: {title: "soak", sasModel: {model: "sphere",
        ranges: [{name: "radius", min: 10, max: 100}], count: $c, seed: $s, q: {min: 0.005, max: 0.5, points: 100}}}) { id } }`,
        { c: count, s: Math.floor(Math.random() * 1e6) },
      );
      const code = this.codeOf(r);
      if (!code) this.jobs.push({ id: (r.data!.startSimulation as { id: string }).id, curves: count });
      return code;
    });
  }

  async step(): Promise<void> {
    const x = Math.random();
    if (x < 0.35) return this.browse();
    if (x < 0.55) return this.download();
    if (x < 0.8) return this.compute();
    if (x < 0.95) return this.predict();
    return this.simulate();
  }

  async job(id: string): Promise<{ state: string; result: { datasetIds?: string[] } | null } | null> {
    const r = await this.gql(`query($id: ID!) { job(id: $id) { state result } }`, { id }).catch(() => null);
    return (r?.data?.job as { state: string; result: { datasetIds?: string[] } | null }) ?? null;
  }

  async curveCount(id: string): Promise<number | null> {
    const r = await this.gql(`query($id: ID!) { dataset(id: $id) { curveCount } }`, { id }).catch(() => null);
    return (r?.data?.dataset as { curveCount: number } | undefined)?.curveCount ?? null;
  }
}

async function main(): Promise<void> {
  const o = options();
  const hardStop = setTimeout(
    () => {
      console.error("soak: over its time bound; stopping");
      process.exit(2);
    },
    (o.seconds + 600) * 1000,
  );
  hardStop.unref();

  const home = fs.mkdtempSync(path.join(os.tmpdir(), "sasgraph-soak-"));
  fs.chmodSync(home, 0o755);
  const children: Child[] = [];
  let pg: EmbeddedPostgresHandle | undefined;
  let s3: EmbeddedS3Handle | undefined;
  const events: string[] = [];
  const t0 = Date.now();
  const note = (m: string) => {
    const line = `${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${m}`;
    events.push(line);
    console.error(line);
  };
  try {
    pg = await startEmbeddedPostgres(path.join(home, "postgres"));
    s3 = await startEmbeddedS3(path.join(home, "objects"));
    const s3Port = s3.settings.port;
    const apiPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: pg.url,
      S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      S3_ACCESS_KEY: s3.settings.accessKey,
      S3_SECRET_KEY: s3.settings.secretKey,
      S3_BUCKET: s3.settings.bucket,
      SASGRAPH_SECRET: randomBytes(16).toString("hex"),
      SASGRAPH_HOME: home,
      PORT: String(apiPort),
      HOST: "127.0.0.1",
      SASGRAPH_PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
      SASGRAPH_LOG_LEVEL: "warn",
    };
    const api = new Child("api", ["serve", "--workers", "0"], env);
    children.push(api);
    await api.waitFor("sasgraph ready", 600_000);
    note("API ready (demo catalogue seeded)");
    const workers: Child[] = [];
    const startWorker = async () => {
      const w = new Child(`worker-${workers.length}`, ["worker"], env);
      workers.push(w);
      children.push(w);
      await w.waitFor("worker ready", 120_000);
    };
    for (let i = 0; i < o.workers; i++) await startWorker();
    note(`${o.workers} worker(s) ready`);

    const { dataSource } = await connectDatabase(pg.url, { poolSize: 1 });
    const token = (await new AuthService(dataSource).createToken("soak", ["soak"])).token;
    await dataSource.destroy();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const clients = Array.from({ length: o.clients }, () => new Traffic(apiUrl, token));

    const health: number[] = [];
    let healthFailures = 0;
    let running = true;
    const healthLoop = (async () => {
      while (running) {
        const s = performance.now();
        try {
          const r = await fetch(`${apiUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
          await r.text();
          if (r.status !== 200) healthFailures++;
        } catch {
          healthFailures++;
        }
        health.push(performance.now() - s);
        await sleep(100);
      }
    })();
    const start = Date.now();
    const end = start + o.seconds * 1000;
    const loops = clients.map(async (c) => {
      while (Date.now() < end) await c.step();
    });
    const at = (fraction: number) => sleep(Math.max(0, start + fraction * o.seconds * 1000 - Date.now()));
    const faultTimes: { name: string; at: number }[] = [];
    const fault = (name: string) => faultTimes.push({ name, at: Date.now() });
    const faults = (async () => {
      await at(0.2);
      const victim = workers[0];
      victim.process.kill("SIGKILL");
      fault("worker killed");
      note(`killed ${victim.name} (SIGKILL)`);
      await sleep(3000);
      await startWorker();
      note("started a replacement worker");
      await at(0.45);
      await s3!.stop();
      fault("object store stopped");
      note("object store stopped");
      await sleep(5000);
      s3 = await startEmbeddedS3(path.join(home, "objects"), env.S3_BUCKET, s3Port);
      fault("object store restarted");
      note("object store restarted");
      await at(0.7);
      await pg!.stop();
      fault("PostgreSQL stopped");
      note("PostgreSQL stopped");
      await sleep(3000);
      pg = await startEmbeddedPostgres(path.join(home, "postgres"));
      fault("PostgreSQL restarted");
      note("PostgreSQL restarted");
    })();
    await Promise.all([...loops, faults]);
    note("traffic ended; waiting for jobs");

    const all = clients.flatMap((c) => c.jobs.map((j) => ({ ...j, client: c })));
    const drainUntil = Date.now() + 300_000;
    const finals = new Map<string, { state: string; result: { datasetIds?: string[] } | null }>();
    while (Date.now() < drainUntil && finals.size < all.length) {
      for (const j of all) {
        if (finals.has(j.id)) continue;
        const s = await j.client.job(j.id);
        if (s && ["SUCCEEDED", "FAILED", "CANCELLED"].includes(s.state)) finals.set(j.id, s);
      }
      if (finals.size < all.length) await sleep(1000);
    }
    running = false;
    await healthLoop;
    const wrong: string[] = [];
    for (const j of all) {
      const f = finals.get(j.id);
      if (f?.state !== "SUCCEEDED") continue;
      const ids = f.result?.datasetIds ?? [];
      const curves = ids.length === 1 ? await j.client.curveCount(ids[0]) : null;
      if (ids.length !== 1 || curves !== j.curves) wrong.push(`${j.id}: datasets ${ids.length}, curves ${curves} (expected 1 and ${j.curves})`);
    }

    // ---- report ----
    const samples = clients.flatMap((c) => c.samples);
    const kinds = [...new Set(samples.map((s) => s.kind))].sort();
    const errors = new Map<string, number>();
    for (const s of samples) if (s.code) errors.set(s.code, (errors.get(s.code) ?? 0) + 1);
    const byState = new Map<string, number>();
    for (const f of finals.values()) byState.set(f.state, (byState.get(f.state) ?? 0) + 1);
    const lost = all.length - finals.size;
    console.log(`\n## soak: ${o.clients} clients, ${o.seconds} s, ${o.workers} workers (node ${process.version}, ${os.cpus().length} cores)\n`);
    console.log("| request | count | errors | p50 ms | p99 ms | max ms |\n| --- | --- | --- | --- | --- | --- |");
    for (const k of kinds) {
      const ks = samples.filter((s) => s.kind === k);
      const ms = ks.map((s) => s.ms);
      console.log(
        `| ${k} | ${ks.length} | ${ks.filter((s) => s.code).length} | ${quantile(ms, 0.5).toFixed(0)} | ${quantile(ms, 0.99).toFixed(0)} | ${Math.max(...ms).toFixed(0)} |`,
      );
    }
    console.log(`\nrequests: ${samples.length}; errors by code: ${[...errors].map(([c, n]) => `${c} ${n}`).join(", ") || "none"}`);
    console.log(
      `/healthz: ${health.length} probes, p50 ${quantile(health, 0.5).toFixed(1)} ms, p99 ${quantile(health, 0.99).toFixed(1)} ms, worst ${Math.max(...health).toFixed(1)} ms, failed ${healthFailures}`,
    );
    console.log(`jobs: started ${all.length}, finished ${finals.size} (${[...byState].map(([s, n]) => `${s} ${n}`).join(", ")}), lost ${lost}`);
    console.log(
      `results checked: ${[...finals.values()].filter((f) => f.state === "SUCCEEDED").length}, wrong ${wrong.length}${wrong.length ? `\n  ${wrong.join("\n  ")}` : ""}`,
    );
    // Errors by phase: which fault (if any) each one followed.
    const phases = [...faultTimes, { name: "end", at: Number.POSITIVE_INFINITY }];
    const byPhase = new Map<string, Map<string, number>>();
    for (const sample of samples) {
      if (!sample.code) continue;
      let phase = "before any fault";
      for (let i = 0; i < phases.length - 1; i++) if (sample.at >= phases[i].at) phase = `after ${phases[i].name}`;
      const m = byPhase.get(phase) ?? new Map<string, number>();
      m.set(sample.code, (m.get(sample.code) ?? 0) + 1);
      byPhase.set(phase, m);
    }
    console.log(`errors by phase:\n${[...byPhase].map(([p, m]) => `  ${p}: ${[...m].map(([c, n]) => `${c} ${n}`).join(", ")}`).join("\n")}`);
    const unexpected = [
      ...new Set(
        api
          .output()
          .split("\n")
          .filter((l) => l.includes("unexpected error")),
      ),
    ].slice(0, 5);
    if (unexpected.length)
      console.log(`API's unexpected errors (first ${unexpected.length} distinct lines):\n${unexpected.map((l) => `  ${l.slice(0, 300)}`).join("\n")}`);
    console.log(`\nevents:\n${events.map((e) => `  ${e}`).join("\n")}`);
    const internal = errors.get("INTERNAL_SERVER_ERROR") ?? 0;
    const ok = lost === 0 && wrong.length === 0 && internal === 0 && Math.max(...health) < 1000;
    console.log(ok ? "\nsoak: passed" : "\nsoak: FAILED (lost jobs, wrong results, internal errors or a slow /healthz)");
    process.exitCode = ok ? 0 : 1;
  } catch (err) {
    console.error(err);
    for (const c of children) console.error(`--- ${c.name} output ---\n${c.output().slice(-3000)}`);
    process.exitCode = 1;
  } finally {
    for (const c of children.reverse()) await c.stop();
    await s3?.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

void main();
