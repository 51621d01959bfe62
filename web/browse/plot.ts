/**
 * I(q) plots on uPlot (chosen by bench/plot.bench.ts): log-log axes, a marker and an error bar at
 * every point, and a read-out of the point nearest the cursor. Points a log axis cannot show (q or
 * I not positive) are left out and counted. The container carries data-points: the markers drawn.
 */
import uPlot from "uplot";
import { h, num } from "./dom";

export interface PlotCurve {
  label: string;
  q: readonly number[];
  intensity: readonly number[];
  dI?: readonly number[] | null;
  /** Drawn as a line without markers (a model's prediction beside the data). */
  model?: boolean;
}

export interface PlotOptions {
  qUnit: string;
  intensityUnit: string;
  height?: number;
}

export interface Plot {
  /** Markers drawn at the last draw (one per plotted point). */
  drawnPoints(): number;
  destroy(): void;
}

export const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];

export function colour(i: number): string {
  return COLOURS[i % COLOURS.length];
}

/** The plottable points of a curve: q > 0 and I > 0 (log axes), finite. */
function positive(c: PlotCurve): { q: number[]; i: number[]; d: number[] | null; dropped: number } {
  const q: number[] = [];
  const i: number[] = [];
  const d: number[] | null = c.dI ? [] : null;
  for (let k = 0; k < c.q.length; k++) {
    const x = c.q[k];
    const y = c.intensity[k];
    if (!(x > 0 && y > 0 && Number.isFinite(x) && Number.isFinite(y))) continue;
    q.push(x);
    i.push(y);
    if (d && c.dI) d.push(Number.isFinite(c.dI[k]) ? c.dI[k] : 0);
  }
  return { q, i, d, dropped: c.q.length - q.length };
}

export function plotCurves(target: HTMLElement, curves: PlotCurve[], opts: PlotOptions): Plot {
  target.replaceChildren();
  target.classList.add("plot");
  const clean = curves.map(positive);
  const dropped = clean.reduce((s, c) => s + c.dropped, 0);
  let drawn = 0;

  // uPlot wants one shared x: join the curves (each keeps nulls where it has no point).
  const tables: uPlot.AlignedData[] = clean.map((c) => [c.q, c.i]);
  const data: uPlot.AlignedData = tables.length ? uPlot.join(tables) : [[]];

  const drawMarks = (u: uPlot): void => {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    const px = devicePixelRatio || 1;
    const bottom = top + height;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    drawn = 0;
    clean.forEach((c, s) => {
      if (curves[s].model) return;
      ctx.strokeStyle = colour(s);
      ctx.fillStyle = colour(s);
      ctx.globalAlpha = 0.45;
      ctx.lineWidth = px;
      if (c.d) {
        ctx.beginPath();
        for (let k = 0; k < c.q.length; k++) {
          const x = u.valToPos(c.q[k], "x", true);
          const lo = c.i[k] - c.d[k];
          ctx.moveTo(x, u.valToPos(c.i[k] + c.d[k], "y", true));
          ctx.lineTo(x, lo > 0 ? u.valToPos(lo, "y", true) : bottom);
        }
        ctx.stroke();
      }
      ctx.globalAlpha = 1;
      const r = 2 * px;
      for (let k = 0; k < c.q.length; k++) {
        ctx.fillRect(u.valToPos(c.q[k], "x", true) - r, u.valToPos(c.i[k], "y", true) - r, 2 * r, 2 * r);
        drawn++;
      }
    });
    ctx.restore();
    target.dataset.points = String(drawn);
  };

  const readout = h("div", { class: "readout" }, "Move the cursor over the plot for values.");
  const onCursor = (u: uPlot): void => {
    const { left, top } = u.cursor;
    if (left === undefined || top === undefined || left < 0) return;
    let best: { s: number; k: number; d: number } | null = null;
    clean.forEach((c, s) => {
      for (let k = 0; k < c.q.length; k++) {
        const dx = u.valToPos(c.q[k], "x") - left;
        const dy = u.valToPos(c.i[k], "y") - top;
        const d = dx * dx + dy * dy;
        if (!best || d < best.d) best = { s, k, d };
      }
    });
    if (!best) return;
    const { s, k } = best as { s: number; k: number };
    const c = clean[s];
    readout.replaceChildren(
      h("span", { class: "swatch", style: `background:${colour(s)}` }),
      `${curves[s].label}: q = ${num(c.q[k])} ${opts.qUnit}, I = ${num(c.i[k])}${c.d ? ` ± ${num(c.d[k])}` : ""} ${opts.intensityUnit}`,
    );
  };

  const width = Math.max(320, Math.min(target.clientWidth || target.parentElement?.clientWidth || 800, 900));
  const u = new uPlot(
    {
      width,
      height: opts.height ?? 420,
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: true, y: true, uni: 20 } },
      scales: { x: { time: false, distr: 3, log: 10 }, y: { distr: 3, log: 10 } },
      axes: [
        { label: `q (${opts.qUnit})`, stroke: "#333", grid: { stroke: "#eee" } },
        {
          label: `I(q) (${opts.intensityUnit})`,
          stroke: "#333",
          grid: { stroke: "#eee" },
          size: 70,
          values: (_u, vals) => vals.map((v) => (v == null ? "" : num(v))),
        },
      ],
      series: [
        {},
        ...curves.map((c, s) => ({
          label: c.label,
          stroke: colour(s),
          width: c.model ? 2 : 1,
          dash: c.model ? [6, 4] : undefined,
          spanGaps: true,
          points: { show: false },
        })),
      ],
      hooks: { draw: [drawMarks], setCursor: [onCursor] },
    },
    data,
    target,
  );
  const legend = h(
    "ul",
    { class: "legend" },
    curves.map((c, s) => h("li", {}, h("span", { class: `swatch${c.model ? " dashed" : ""}`, style: `background:${colour(s)}` }), c.label)),
  );
  target.append(readout, legend);
  if (dropped > 0) target.append(h("p", { class: "muted" }, `${dropped} points with q ≤ 0 or I ≤ 0 are not shown on the log axes.`));
  return { drawnPoints: () => drawn, destroy: () => u.destroy() };
}
