/**
 * Benchmark helpers. Every figure is measured in the same process as its baseline and reported as a
 * ratio, so results compare across machines; absolute numbers are printed for the record only.
 */
import { performance } from "node:perf_hooks";

export interface Timing {
  /** Operations per second over the measured window. */
  opsPerSecond: number;
  /** Per-operation times in milliseconds, sorted ascending. */
  samplesMs: number[];
  p50Ms: number;
  p99Ms: number;
}

export interface TimeOptions {
  /** Minimum measured wall time in milliseconds (default 1000). */
  minTimeMs?: number;
  /** Minimum number of measured operations (default 5). */
  minOps?: number;
  /** Untimed warm-up operations (default 3). */
  warmup?: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/** Time a synchronous operation repeatedly. */
export function timeSync(op: () => unknown, options: TimeOptions = {}): Timing {
  const { minTimeMs = 1000, minOps = 5, warmup = 3 } = options;
  for (let i = 0; i < warmup; i++) op();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minOps || performance.now() - start < minTimeMs) {
    const t0 = performance.now();
    op();
    samples.push(performance.now() - t0);
  }
  return summarise(samples, performance.now() - start);
}

/** Time an asynchronous operation repeatedly, one at a time. */
export async function timeAsync(op: () => Promise<unknown>, options: TimeOptions = {}): Promise<Timing> {
  const { minTimeMs = 1000, minOps = 5, warmup = 3 } = options;
  for (let i = 0; i < warmup; i++) await op();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minOps || performance.now() - start < minTimeMs) {
    const t0 = performance.now();
    await op();
    samples.push(performance.now() - t0);
  }
  return summarise(samples, performance.now() - start);
}

export interface InterleaveOptions {
  /** Minimum measured wall time of the whole interleave in milliseconds (default 1000). */
  minTimeMs?: number;
  /** Minimum number of measured calls per operation (default 5). */
  minOps?: number;
  /** Untimed warm-up calls per operation before the first turn (default 3). */
  warmup?: number;
  /** Each turn times its operation back to back for this long, at least once (default 0: one call). */
  blockMs?: number;
  /** Untimed calls at the start of each turn, while the previous operation's threads wind down (default 0). */
  settle?: number;
}

/**
 * Time several asynchronous operations in turn, so that all of them see the same load: on a shared
 * machine, blocks timed one after another can differ by 2× in load alone. Operations are told
 * whether a call is timed. opsPerSecond is over each operation's own timed calls.
 */
export async function timeInterleaved(ops: readonly ((timed: boolean) => Promise<unknown>)[], options: InterleaveOptions = {}): Promise<Timing[]> {
  const { minTimeMs = 1000, minOps = 5, warmup = 3, blockMs = 0, settle = 0 } = options;
  for (let i = 0; i < warmup; i++) for (const op of ops) await op(false);
  const samples = ops.map((): number[] => []);
  const busyMs = ops.map(() => 0);
  const start = performance.now();
  while (samples.some((s) => s.length < minOps) || performance.now() - start < minTimeMs) {
    for (let k = 0; k < ops.length; k++) {
      for (let i = 0; i < settle; i++) await ops[k](false);
      const turn = performance.now();
      do {
        const t0 = performance.now();
        await ops[k](true);
        const dt = performance.now() - t0;
        samples[k].push(dt);
        busyMs[k] += dt;
      } while (performance.now() - turn < blockMs);
    }
  }
  return samples.map((s, k) => summarise(s, busyMs[k]));
}

export function summarise(samplesMs: number[], wallMs: number): Timing {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    opsPerSecond: (sorted.length * 1000) / wallMs,
    samplesMs: sorted,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}

export interface Row {
  [column: string]: string | number;
}

/** Print rows as a Markdown table (ready to paste into bench/RESULTS.md). */
export function printTable(title: string, rows: Row[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const fmt = (v: string | number) => (typeof v === "number" ? formatNumber(v) : v);
  console.log(`\n### ${title}\n`);
  console.log(`| ${columns.join(" | ")} |`);
  console.log(`| ${columns.map(() => "---").join(" | ")} |`);
  for (const row of rows) console.log(`| ${columns.map((c) => fmt(row[c] ?? "")).join(" | ")} |`);
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString("en-US");
  if (a >= 10) return v.toFixed(1);
  if (a >= 0.01) return v.toFixed(3);
  return v.toExponential(2);
}
