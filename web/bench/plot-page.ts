/** Bench page: Observable Plot, 10 curves x 1000 points, log-log lines with error-bar rules (SVG). */
import * as Plot from "@observablehq/plot";
import { benchData, type BenchCurve } from "./data";

interface Row {
  q: number;
  i: number;
  lo: number;
  hi: number;
  curve: number;
}

async function render(target: HTMLElement, curves: BenchCurve[]): Promise<void> {
  const rows: Row[] = [];
  curves.forEach((c, k) => {
    for (let j = 0; j < c.q.length; j++)
      rows.push({ q: c.q[j], i: c.intensity[j], lo: Math.max(c.intensity[j] - c.dI[j], 1e-30), hi: c.intensity[j] + c.dI[j], curve: k });
  });
  const svg = Plot.plot({
    width: 800,
    height: 500,
    x: { type: "log" },
    y: { type: "log" },
    color: { type: "categorical" },
    marks: [Plot.ruleX(rows, { x: "q", y1: "lo", y2: "hi", strokeOpacity: 0.4 }), Plot.line(rows, { x: "q", y: "i", z: "curve", stroke: "curve" })],
  });
  target.append(svg);
}

(window as unknown as { bench: (n: number) => Promise<[number, number]> }).bench = async (repeat: number) => {
  const curves = benchData(10, 1000);
  const drawn: number[] = [];
  const framed: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const target = document.createElement("div");
    document.body.replaceChildren(target);
    const t0 = performance.now();
    await render(target, curves);
    target.getBoundingClientRect();
    drawn.push(performance.now() - t0);
    // The next frame: the browser has painted what was drawn (SVG is painted only then).
    await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    framed.push(performance.now() - t0);
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return [median(drawn), median(framed)];
};
