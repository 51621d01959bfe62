/**
 * The row form of oriented 2D kernels (equally spaced qx: phases step along rows, no sin per pixel)
 * against sasmodels' compiled 2D kernels on such a grid (fixture made by
 * test/support/sasmodels-2d-rows-reference.py) and against the point-by-point form on the same
 * pixels; and the row sine stepper against Math.sin.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { evaluate2D, evaluateAtPoints } from "../../../src/compute/sas/evaluate-2d";
import { ROW_ANCHOR, RowSines, uniformStep } from "../../../src/compute/sas/numerics/sin-row";

interface Case {
  model: string;
  parameters: Record<string, number | string>;
  I: number[];
}
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "sas-2d", "sasmodels-2d-rows.json"), "utf8")) as {
  qx: number[];
  qy: number[];
  cases: Case[];
};
const qx = Float64Array.from(ref.qx);
const qy = Float64Array.from(ref.qy);

function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return worst;
}

describe("row-form 2D patterns on an equally spaced grid", () => {
  test("the fixture's qx is a linspace, so evaluate2D takes the row form", () => {
    expect(uniformStep(qx)).toBeCloseTo(0.48 / 64, 15);
  });

  test.each(ref.cases.map((c) => [`${c.model} ${JSON.stringify(c.parameters)}`, c] as const))("%s equals sasmodels", (_name, c) => {
    const out = evaluate2D(c.model, c.parameters, qx, qy);
    // A P@S pattern also carries S(|q|)'s own difference from sasmodels' hardsphere (~1e-9 at worst on
    // this grid, the same in the point-by-point form below).
    expect(maxRelative(out.I, c.I)).toBeLessThan(c.model.includes("@") ? 3e-9 : 1e-9);
  });

  test.each(ref.cases.map((c) => [`${c.model} ${JSON.stringify(c.parameters)}`, c] as const))("%s equals the point-by-point form", (_name, c) => {
    const x = new Float64Array(qx.length * qy.length);
    const y = new Float64Array(x.length);
    for (let iy = 0; iy < qy.length; iy++) {
      x.set(qx, iy * qx.length);
      y.fill(qy[iy], iy * qx.length, (iy + 1) * qx.length);
    }
    expect(maxRelative(evaluate2D(c.model, c.parameters, qx, qy).I, evaluateAtPoints(c.model, c.parameters, x, y))).toBeLessThan(1e-10);
  });

  test("a qx that is not a linspace is not stepped along", () => {
    const bent = Float64Array.from(qx);
    bent[10] += 1e-9;
    expect(uniformStep(bent)).toBeNull();
  });
});

describe("RowSines", () => {
  test("values and phases are the pixel's sine and phase to the rounding of the phase itself", () => {
    const rows = new RowSines();
    const n = 3 * ROW_ANCHOR + 7;
    const dx = 0.37 / n;
    const x = Float64Array.from({ length: n }, (_, i) => -0.2 + i * dx);
    const out = new Float64Array(n);
    const phase = new Float64Array(n);
    for (const [c0, c1y, k] of [
      [0.8, 0.03, 200],
      [-0.35, -0.11, 3500],
      [0.999, 0.0, 17.5],
    ]) {
      rows.fill(x, dx, c0, c1y, k, out, phase);
      for (let i = 0; i < n; i++) {
        const direct = k * (c0 * x[i] + c1y);
        // Rounding of phases of size k(|c0 x| + |c1y|) and of up to ROW_ANCHOR steps.
        const scale = k * (Math.abs(c0) * (0.2 + ROW_ANCHOR * dx) + Math.abs(c1y));
        const phaseRounding = 8 * Number.EPSILON * scale;
        expect(Math.abs(phase[i] - direct)).toBeLessThan(phaseRounding);
        // Two products of correctly rounded numbers and a sum: a few ε, plus the phase's own rounding.
        expect(Math.abs(out[i] - Math.sin(direct))).toBeLessThan(6 * Number.EPSILON + phaseRounding);
      }
    }
  });
});
