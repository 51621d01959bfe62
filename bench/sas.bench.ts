/**
 * Scattering-model throughput: curves per second on 200 log-spaced q points (1e-3 … 0.5 1/Å), on
 * 200 linear points to 1/Å where orientation averages are hard, and 2D patterns per second on a
 * 144 x 256 detector grid (oriented, with orientation dispersion), one thread, against sasmodels measured in the same session. The peer is bench/sasmodels-peer.py run by
 * /usr/bin/python3 (Debian's python3-sasmodels; SAS_PEER_PYTHON overrides): sasmodels' compiled C
 * kernels (DLL platform, double precision, OpenMP off). It runs as one long-lived child process taking
 * commands on stdin, so Python start-up is never timed, and each repetition times ours for one block
 * and then the peer for one block, so both see the same load. Without sasmodels the suite says so and
 * prints no ratio.
 *
 * Knobs: SAS_BENCH_REPS (repetitions, 5), SAS_BENCH_BLOCK_MS (ms per block, 1000), SAS_BENCH_CASES
 * (comma-separated parts of case labels, e.g. "2D,ellipsoid": only those cases).
 *
 * Both sides get the same parameters and q; the peer's curve is compared with ours first (largest
 * relative difference per case), so the figures are for the same computation.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";
import { printTable, timeSync } from "./harness";
import { evaluate, evaluate2D } from "../src/compute/sas";
import { warmCylinderAmplitude } from "../src/compute/sas/numerics/bessel";

const N_Q = 200;
const q = Float64Array.from({ length: N_Q }, (_, i) => 10 ** (-3 + (Math.log10(0.5) + 3) * (i / (N_Q - 1))));
const REPETITIONS = Number(process.env.SAS_BENCH_REPS ?? 5);
const BLOCK_MS = Number(process.env.SAS_BENCH_BLOCK_MS ?? 1000);
const PEER_PYTHON = process.env.SAS_PEER_PYTHON ?? "/usr/bin/python3";
/** Comma-separated parts of case labels to run (all when unset); the in-process baseline then is skipped. */
const ONLY = process.env.SAS_BENCH_CASES?.split(",").filter((part) => part.length > 0) ?? null;
// dist/bench/sas.bench.js -> bench/sasmodels-peer.py (the script is not compiled, so it stays in the source tree)
const PEER_SCRIPT = path.join(__dirname, "..", "..", "bench", "sasmodels-peer.py");

interface Case {
  label: string;
  expression: string;
  /** Given to both sides as is; *_pd_n is always written out (sasmodels reads a missing one as 0 points). */
  params: Record<string, number | string>;
  /** Its own q grid (the default is the 200-point grid to 0.5/Å). */
  q?: Float64Array;
  /** A 2D detector grid instead of q: rows qy, columns qx. */
  grid?: { qx: Float64Array; qy: Float64Array };
}

/** The high-q region where orientation averages need more nodes than a fixed rule has (q·size > 100). */
const HIGH_Q = Float64Array.from({ length: N_Q }, (_, i) => 0.05 + (0.95 * i) / (N_Q - 1));
/** A 144 x 256 detector (the KWS-1 images of paper 004) centred on the beam, pixel centres off q = 0. */
const DETECTOR = {
  qx: Float64Array.from({ length: 256 }, (_, i) => -0.2 + ((i + 0.5) * 0.4) / 256),
  qy: Float64Array.from({ length: 144 }, (_, i) => -0.12 + ((i + 0.5) * 0.24) / 144),
};

const ALL_CASES: Case[] = [
  { label: "sphere (mono)", expression: "sphere", params: {} },
  { label: "sphere, gaussian pd 35 pts", expression: "sphere", params: { radius_pd: 0.1, radius_pd_n: 35 } },
  { label: "cylinder (mono)", expression: "cylinder", params: {} },
  {
    label: "cylinder, radius & length pd 35×35",
    expression: "cylinder",
    params: { radius_pd: 0.1, radius_pd_n: 35, length_pd: 0.1, length_pd_n: 35 },
  },
  // sasmodels gives structure factors a default background of 0, ours keeps 0.001: written out, so the
  // curves compared are the same (the timing does not depend on it).
  { label: "hardsphere", expression: "hardsphere", params: { background: 0 } },
  {
    label: "sphere@hardsphere, pd 35 pts",
    expression: "sphere@hardsphere",
    params: { radius_pd: 0.1, radius_pd_n: 35, radius_effective_mode: 1 },
  },
  { label: "core_shell_sphere, radius pd 35 pts", expression: "core_shell_sphere", params: { radius_pd: 0.1, radius_pd_n: 35 } },
  { label: "cylinder (mono), q 0.05–1/Å", expression: "cylinder", params: {}, q: HIGH_Q },
  { label: "ellipsoid R_eq 400 Å, q 0.05–1/Å", expression: "ellipsoid", params: {}, q: HIGH_Q },
  { label: "parallelepiped (mono), q 0.05–1/Å", expression: "parallelepiped", params: {}, q: HIGH_Q },
  { label: "2D: cylinder θ 60 φ 30, 144×256", expression: "cylinder", params: { theta: 60, phi: 30 }, grid: DETECTOR },
  {
    label: "2D: cylinder, θ & φ jitter 10° (7×7 pts), 144×256",
    expression: "cylinder",
    params: { theta: 60, phi: 30, theta_pd: 10, theta_pd_n: 7, phi_pd: 10, phi_pd_n: 7 },
    grid: DETECTOR,
  },
  {
    label: "2D: parallelepiped θ φ ψ, ψ jitter 10° (7 pts), 144×256",
    expression: "parallelepiped",
    params: { theta: 30, phi: 20, psi: 40, psi_pd: 10, psi_pd_n: 7 },
    grid: DETECTOR,
  },
];

const CASES = ONLY ? ALL_CASES.filter((c) => ONLY.some((part) => c.label.includes(part))) : ALL_CASES;

/** Our side of a case: a curve on its q, or a pattern on its grid. */
function ours(c: Case): Float64Array {
  return c.grid ? evaluate2D(c.expression, c.params, c.grid.qx, c.grid.qy).I : evaluate(c.expression, c.params, c.q ?? q).I;
}

interface PeerMeta {
  sasmodels: string;
  numpy: string;
  python: string;
  compileCommand: string;
  openmp: boolean;
  ompNumThreads: string;
}

interface PeerCase {
  label: string;
  gaussOrder: number | null;
  meshPoints: number;
  maxRelDiff: number;
}

interface PeerTiming {
  curvesPerSecond: number;
}

/** The long-lived peer: one JSON command per line in, one JSON reply per line out. */
class Peer {
  private readonly replies: AsyncIterator<string>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.replies = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  /** The peer, or why it cannot run here (no python, or no sasmodels). */
  static async start(): Promise<{ peer: Peer } | { missing: string }> {
    const child = spawn(PEER_PYTHON, [PEER_SCRIPT, "--serve"], { env: { ...process.env, OMP_NUM_THREADS: "1" }, stdio: "pipe" });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // A peer without sasmodels exits at once; writing to it then fails with EPIPE, which the reply read reports.
    child.stdin.on("error", () => undefined);
    const spawned = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      child.once("spawn", () => resolve(null));
      child.once("error", (err) => resolve(err));
    });
    if (spawned) return { missing: `${PEER_PYTHON} could not be started (${spawned.code ?? spawned.message})` };
    const peer = new Peer(child);
    // Without sasmodels the script prints one error line and exits (status 3) before reading anything.
    const probe = await peer
      .request<{ ok?: boolean; error?: string }>({ op: "hello" })
      .catch((err: Error): { ok?: boolean; error?: string } => ({ error: `${err.message} ${stderr}`.trim() }));
    if (!probe.ok) {
      peer.close();
      return { missing: probe.error ?? "the peer did not answer" };
    }
    return { peer };
  }

  async request<T>(command: object): Promise<T> {
    this.child.stdin.write(`${JSON.stringify(command)}\n`);
    const line = await this.replies.next();
    if (line.done) throw new Error(`sasmodels peer exited (status ${this.child.exitCode ?? "?"})`);
    return JSON.parse(line.value) as T;
  }

  /** Like request, but a reply carrying an error stops the suite. */
  async call<T>(command: object): Promise<T> {
    const reply = await this.request<T & { error?: string }>(command);
    if (reply.error) throw new Error(`sasmodels peer: ${reply.error}`);
    return reply;
  }

  close(): void {
    this.child.stdin.end(`${JSON.stringify({ op: "quit" })}\n`);
  }
}

function stats(values: number[]): { min: number; median: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { min: s[0], median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, max: s[s.length - 1] };
}

const fmt = (v: number): string => (v >= 1000 ? Math.round(v).toLocaleString("en-US") : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const spread = (v: number[]): string => {
  const s = stats(v);
  return `${fmt(s.min)} / ${fmt(s.median)} / ${fmt(s.max)}`;
};

/** Un-optimised scalar sphere: what one would write first. */
function naiveSphere(qs: Float64Array, radius: number, contrast: number, scale: number, background: number): Float64Array {
  const out = new Float64Array(qs.length);
  const volume = (4 / 3) * Math.PI * Math.pow(radius, 3);
  for (let i = 0; i < qs.length; i++) {
    const x = qs[i] * radius;
    const amp = (3 * (Math.sin(x) - x * Math.cos(x))) / Math.pow(x, 3);
    out[i] = (scale * 1e-4 * Math.pow(contrast * volume * amp, 2)) / volume + background;
  }
  return out;
}

/** Un-optimised polydisperse sphere: every radius re-evaluated with fresh sin/cos and Math.exp weights. */
function naiveSpherePd(qs: Float64Array, radius: number, width: number, n: number): Float64Array {
  const out = new Float64Array(qs.length);
  const sigma = width * radius;
  for (let i = 0; i < qs.length; i++) {
    let num = 0;
    let den = 0;
    for (let k = 0; k < n; k++) {
      const r = radius - 3 * sigma + (6 * sigma * k) / (n - 1);
      const w = Math.exp(-Math.pow(r - radius, 2) / (2 * sigma * sigma));
      const v = (4 / 3) * Math.PI * Math.pow(r, 3);
      const x = qs[i] * r;
      const amp = (3 * (Math.sin(x) - x * Math.cos(x))) / Math.pow(x, 3);
      num += w * 1e-4 * Math.pow(-5 * v * amp, 2);
      den += w * v;
    }
    out[i] = num / den + 0.001;
  }
  return out;
}

async function versusSasmodels(): Promise<void> {
  const started = await Peer.start();
  if ("missing" in started) {
    console.log(`\nsasmodels peer not available: ${started.missing}. Install python3-sasmodels (Debian) for ${PEER_PYTHON}; no ratio is printed without it.`);
    return;
  }
  const { peer } = started;
  try {
    const setup = await peer.call<{ meta: PeerMeta; cases: PeerCase[] }>({
      op: "setup",
      cases: CASES.map((c) => ({
        label: c.label,
        model: c.expression,
        params: c.params,
        ...(c.grid ? { qx: Array.from(c.grid.qx), qy: Array.from(c.grid.qy) } : { q: Array.from(c.q ?? q) }),
        expected: Array.from(ours(c)),
      })),
    });
    const m = setup.meta;
    console.log(
      `\nPeer: sasmodels ${m.sasmodels} (python ${m.python}, numpy ${m.numpy}), DLL platform, double, ` +
        `kernels built with \`${m.compileCommand}\`, OpenMP ${m.openmp ? "ON" : "off"}, OMP_NUM_THREADS=${m.ompNumThreads}. ` +
        `${REPETITIONS} interleaved repetitions of ${BLOCK_MS} ms blocks per side.`,
    );
    printTable(
      "agreement: sasmodels curve vs ours on the same q and parameters",
      CASES.map((c, k) => ({
        case: c.label,
        "sasmodels mesh points": String(setup.cases[k].meshPoints),
        "orientation Gauss–Legendre order": String(setup.cases[k].gaussOrder ?? "none"),
        "max |ours − sasmodels| / sasmodels": setup.cases[k].maxRelDiff,
      })),
    );

    const rows = [];
    for (let k = 0; k < CASES.length; k++) {
      const c = CASES[k];
      const mine: number[] = [];
      const theirs: number[] = [];
      const theirsC: number[] = [];
      timeSync(() => ours(c), { minTimeMs: 100, warmup: 5 });
      for (let r = 0; r < REPETITIONS; r++) {
        mine.push(timeSync(() => ours(c), { minTimeMs: BLOCK_MS, warmup: 1 }).opsPerSecond);
        theirs.push((await peer.call<PeerTiming>({ op: "time", case: k, minTimeMs: BLOCK_MS })).curvesPerSecond);
        theirsC.push((await peer.call<PeerTiming>({ op: "time", case: k, minTimeMs: BLOCK_MS, kernelOnly: true })).curvesPerSecond);
      }
      const paired = mine.map((v, r) => v / theirs[r]);
      const pairedC = mine.map((v, r) => v / theirsC[r]);
      rows.push({
        case: c.label,
        "sasgraph curves/s min / median / max": spread(mine),
        "sasmodels call_kernel curves/s min / median / max": spread(theirs),
        "ratio of medians": `${(stats(mine).median / stats(theirs).median).toFixed(2)}×`,
        "per-repetition ratio min – max": `${stats(paired).min.toFixed(2)} – ${stats(paired).max.toFixed(2)}`,
        "sasmodels C kernel only, median": fmt(stats(theirsC).median),
        "ratio vs C kernel only (min – max)": `${(stats(mine).median / stats(theirsC).median).toFixed(2)}× (${stats(pairedC).min.toFixed(2)} – ${stats(pairedC).max.toFixed(2)})`,
      });
    }
    printTable(`sas models vs sasmodels: curves (or 2D patterns) per second on ${N_Q} q points (or 144×256 pixels), one thread, interleaved in this run`, rows);
  } finally {
    peer.close();
  }
}

export async function run(): Promise<void> {
  warmCylinderAmplitude();
  await versusSasmodels();
  if (ONLY) return;

  const fastMono = timeSync(() => evaluate("sphere", {}, q), { minTimeMs: 800 });
  const slowMono = timeSync(() => naiveSphere(q, 50, -5, 1, 0.001), { minTimeMs: 800 });
  const fastPd = timeSync(() => evaluate("sphere", { radius_pd: 0.1 }, q), { minTimeMs: 800 });
  const slowPd = timeSync(() => naiveSpherePd(q, 50, 0.1, 35), { minTimeMs: 800 });
  printTable("in-process baseline: straightforward scalar implementation (same process, same q)", [
    {
      case: "sphere (mono)",
      "evaluate curves/s": fastMono.opsPerSecond,
      "naive curves/s": slowMono.opsPerSecond,
      "speed-up": fastMono.opsPerSecond / slowMono.opsPerSecond,
    },
    {
      case: "sphere, gaussian pd 35 pts",
      "evaluate curves/s": fastPd.opsPerSecond,
      "naive curves/s": slowPd.opsPerSecond,
      "speed-up": fastPd.opsPerSecond / slowPd.opsPerSecond,
    },
  ]);
}
