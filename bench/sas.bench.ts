/**
 * Scattering-model throughput: curves per second on 200 log-spaced q points (1e-3 … 0.5 1/Å),
 * single thread. The sasmodels column is the reference quoted by the issue author for
 * sasmodels 1.1 (compiled C, double precision, one thread) on this machine kind; it was NOT
 * measured in this process. The in-process baseline is a straightforward scalar sphere
 * (Math.sin/Math.cos per point, no reuse), so there is also a same-process ratio.
 */
import { printTable, timeSync } from "./harness";
import { evaluate } from "../src/compute/sas";
import { warmCylinderAmplitude } from "../src/compute/sas/numerics/bessel";

const N_Q = 200;
const q = Float64Array.from({ length: N_Q }, (_, i) => 10 ** (-3 + (Math.log10(0.5) + 3) * (i / (N_Q - 1))));

interface Case {
  label: string;
  expression: string;
  params: Record<string, number | string>;
  /** sasmodels 1.1 curves/s quoted by the issue author (not measured here). */
  sasmodels: number;
}

const CASES: Case[] = [
  { label: "sphere (mono)", expression: "sphere", params: {}, sasmodels: 19000 },
  { label: "sphere, gaussian pd 35 pts", expression: "sphere", params: { radius_pd: 0.1, radius_pd_n: 35 }, sasmodels: 6800 },
  { label: "cylinder (mono)", expression: "cylinder", params: {}, sasmodels: 1500 },
  {
    label: "cylinder, radius & length pd 35×35",
    expression: "cylinder",
    params: { radius_pd: 0.1, radius_pd_n: 35, length_pd: 0.1, length_pd_n: 35 },
    sasmodels: 47,
  },
  { label: "hardsphere", expression: "hardsphere", params: {}, sasmodels: 19000 },
  {
    label: "sphere@hardsphere, pd 35 pts",
    expression: "sphere@hardsphere",
    params: { radius_pd: 0.1, radius_pd_n: 35, radius_effective_mode: 1 },
    sasmodels: 4600,
  },
  { label: "core_shell_sphere, radius pd 35 pts", expression: "core_shell_sphere", params: { radius_pd: 0.1, radius_pd_n: 35 }, sasmodels: 4000 },
];

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

export async function run(): Promise<void> {
  warmCylinderAmplitude();
  const rows = CASES.map((c) => {
    const t = timeSync(() => evaluate(c.expression, c.params, q), { minTimeMs: 1000, warmup: 5 });
    return {
      case: c.label,
      "curves/s": t.opsPerSecond,
      "p50 ms": t.p50Ms,
      "sasmodels 1.1 curves/s (issue author, not in-process)": c.sasmodels,
      "ratio vs sasmodels": t.opsPerSecond / c.sasmodels,
    };
  });
  printTable(`sas models: curves/s on ${N_Q} q points, single thread`, rows);

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
