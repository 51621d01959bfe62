/**
 * 2D I(qx, qy) of the oriented shapes of issue 15 against sasmodels' compiled 2D kernels (fixture made
 * by test/support/sasmodels-2d-oriented-shapes.py), and the orientation average of an oriented pattern
 * against the 1D model (Simpson and periodic trapezoids over the angles, independent of the library's
 * orientation quadrature).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { evaluate } from "../../../src/compute/sas";
import { evaluate2D } from "../../../src/compute/sas/evaluate-2d";
import { simpson } from "./helpers";

interface Case {
  model: string;
  parameters: Record<string, number | string>;
  I: number[];
}
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "sas-2d", "oriented-shapes-2d.json"), "utf8")) as {
  qx: number[];
  qy: number[];
  cases: Case[];
};

describe("2D patterns of the oriented shapes equal sasmodels' 2D kernels", () => {
  test.each(ref.cases.map((c) => [`${c.model} ${JSON.stringify(c.parameters)}`, c] as const))("%s", (_name, c) => {
    const out = evaluate2D(c.model, c.parameters, Float64Array.from(ref.qx), Float64Array.from(ref.qy));
    expect(out.shape).toEqual([ref.qy.length, ref.qx.length]);
    // 2J1(x)/x comes from an interpolated table (~1e-10 per pixel): the orientation averages in 1D are tighter
    out.I.forEach((v, i) => expect(Math.abs(v - c.I[i]) / Math.abs(c.I[i])).toBeLessThan(1e-9));
  });
});

describe("sasmodels' published 2D values (the `tests` of its model files)", () => {
  const [qx, qy] = [0.08660254037844387, 0.04999999999999999];
  const stack = {
    thick_core: 10,
    thick_layer: 15,
    radius: 100,
    n_stacking: 5,
    sigma_d: 0,
    sld_core: 4,
    sld_layer: -0.4,
    sld_solvent: 5,
    scale: 0.01,
    background: 0.001,
  };
  const thickShell = { radius_equat_core: 20, x_core: 200, thick_shell: 54, x_polar_shell: 3, sld_core: 20, sld_shell: 10, sld_solvent: 6 };
  test.each([
    ["core_shell_bicelle", { theta: 80, phi: 10 }, qx, qy, 2.81048892474, 1e-9],
    ["core_shell_ellipsoid", { background: 0.001, theta: 90, phi: 0 }, 0.4, 0.5, 0.00690673, 1.5e-4],
    ["core_shell_ellipsoid", { ...thickShell, background: 0.01, scale: 0.01, theta: 90, phi: 0 }, qx, qy, 0.01000025, 1.5e-4],
    ["stacked_disks", { ...stack, theta: 90, phi: 20 }, qx, qy, 0.0491167089952, 1e-9],
    ["triaxial_ellipsoid", { theta: 80, phi: 10 }, qx, qy, 166.712060266, 1e-9],
  ] as [string, Record<string, number>, number, number, number, number][])("%s %j at (%p, %p)", (model, parameters, x, y, expected, rtol) => {
    const I = evaluate2D(model, parameters, Float64Array.of(x), Float64Array.of(y)).I[0];
    expect(Math.abs(I / expected - 1)).toBeLessThan(rtol);
  });
});

describe("the orientation average of a 2D pattern is the 1D model", () => {
  // For an axis c = (sin θ, 0, cos θ) and q = (q, 0, 0), cos(q, c) = sin θ: uniform in [0, 1] when θ
  // has density cos θ on [0, π/2], so ∫ I2D(θ) cos θ dθ is the isotropic average of an axial shape.
  test.each([
    ["core_shell_bicelle", { background: 0, radius: 30, length: 40 }, [0.02, 0.15]],
    ["core_shell_ellipsoid", { background: 0, x_core: 0.5 }, [0.03, 0.2]],
    ["stacked_disks", { background: 0, n_stacking: 4, sigma_d: 1.5, radius: 40 }, [0.05, 0.3]],
  ] as [string, Record<string, number>, number[]][])("%s", (model, parameters, qs) => {
    const oneD = evaluate(model, parameters, Float64Array.from(qs)).I;
    qs.forEach((q, i) => {
      const at = (theta: number) => evaluate2D(model, { ...parameters, theta: (theta * 180) / Math.PI, phi: 0 }, Float64Array.of(q), Float64Array.of(0)).I[0];
      const average = simpson((t) => at(t) * Math.cos(t), 0, Math.PI / 2, 4000);
      expect(Math.abs(average - oneD[i]) / oneD[i]).toBeLessThan(1e-9);
    });
  });

  // Uniform orientations of a triaxial shape: c uniform on the sphere (θ with density sin θ, the half
  // θ < π/2 as |F|² is even in each component) and φ, ψ uniform on their circles (periodic trapezoids,
  // geometric convergence; ψ has period π by the same evenness).
  test.each([
    ["triaxial_ellipsoid", { background: 0, radius_equat_minor: 15, radius_equat_major: 30, radius_polar: 45 }, 0.1],
    ["elliptical_cylinder", { background: 0, radius_minor: 10, axis_ratio: 2, length: 40 }, 0.12],
    ["rectangular_prism", { background: 0, length_a: 10, b2a_ratio: 2.5, c2a_ratio: 4 }, 0.12],
  ] as [string, Record<string, number>, number][])("%s: the average over θ, φ and ψ is the 1D model", (model, parameters, q) => {
    const oneD = evaluate(model, parameters, Float64Array.of(q)).I[0];
    const deg = 180 / Math.PI;
    const [nPhi, nPsi] = [48, 24];
    const ring = (theta: number) => {
      let sum = 0;
      for (let i = 0; i < nPhi; i++) {
        for (let j = 0; j < nPsi; j++) {
          const phi = (360 * i) / nPhi;
          const psi = (180 * j) / nPsi;
          sum += evaluate2D(model, { ...parameters, theta: theta * deg, phi, psi }, Float64Array.of(q), Float64Array.of(0)).I[0];
        }
      }
      return sum / (nPhi * nPsi);
    };
    const average = simpson((t) => Math.sin(t) * ring(t), 0, Math.PI / 2, 40);
    expect(Math.abs(average - oneD) / oneD).toBeLessThan(1e-6);
  });
});
