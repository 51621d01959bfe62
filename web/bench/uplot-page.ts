/** Bench page: uPlot, 10 curves x 1000 points, log-log, with error bars drawn in a draw hook. */
import uPlot from "uplot";
import { benchData, type BenchCurve } from "./data";

/** Resolves once uPlot has drawn (it draws in a microtask after the constructor). */
function render(target: HTMLElement, curves: BenchCurve[]): Promise<void> {
  const q = curves[0].q;
  const data: uPlot.AlignedData = [q, ...curves.map((c) => c.intensity)];
  const drawErrors = (u: uPlot): void => {
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = "rgba(0,0,0,0.4)";
    ctx.beginPath();
    curves.forEach((c) => {
      for (let i = 0; i < c.q.length; i++) {
        const x = u.valToPos(c.q[i], "x", true);
        ctx.moveTo(x, u.valToPos(c.intensity[i] + c.dI[i], "y", true));
        ctx.lineTo(x, u.valToPos(Math.max(c.intensity[i] - c.dI[i], 1e-30), "y", true));
      }
    });
    ctx.stroke();
    ctx.restore();
  };
  return new Promise((resolve) => {
    new uPlot(
      {
        width: 800,
        height: 500,
        scales: { x: { distr: 3 }, y: { distr: 3 } },
        series: [{}, ...curves.map((_, i) => ({ label: `curve ${i}`, stroke: `hsl(${i * 36},70%,45%)` }))],
        hooks: { draw: [drawErrors, () => resolve()] },
      },
      data,
      target,
    );
  });
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
