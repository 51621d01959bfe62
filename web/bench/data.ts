/** Synthetic sphere-like curves for the plot bench: I(q) ~ a Guinier knee then q^-4, with 5 % error bars. */
export interface BenchCurve {
  q: Float64Array;
  intensity: Float64Array;
  dI: Float64Array;
}

export function benchData(curves: number, points: number): BenchCurve[] {
  const out: BenchCurve[] = [];
  for (let c = 0; c < curves; c++) {
    const q = new Float64Array(points);
    const intensity = new Float64Array(points);
    const dI = new Float64Array(points);
    const radius = 20 + 6 * c;
    for (let i = 0; i < points; i++) {
      q[i] = 0.003 * Math.pow(0.5 / 0.003, i / (points - 1));
      const x = q[i] * radius;
      intensity[i] = 100 / (1 + Math.pow(x, 4) / 9) + 0.001;
      dI[i] = 0.05 * intensity[i];
    }
    out.push({ q, intensity, dI });
  }
  return out;
}
