/**
 * 2D I(qx, qy): oriented patterns against sasmodels' compiled 2D kernels (fixture made by
 * test/support/sasmodels-2d-reference.py), the orientation average of a 2D pattern against the 1D
 * model (Simpson over the axis angle, independent of the library's quadrature), symmetry checks and
 * bad input.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { evaluate } from "../../../src/compute/sas";
import { evaluate2D, evaluation2DWork, particleProjection } from "../../../src/compute/sas/evaluate-2d";
import { SasInputError } from "../../../src/compute/sas/errors";
import { simpson } from "./helpers";

interface Case {
  model: string;
  parameters: Record<string, number | string>;
  I: number[];
}
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "sas-2d", "sasmodels-2d.json"), "utf8")) as {
  qx: number[];
  qy: number[];
  cases: Case[];
};

describe("2D patterns equal sasmodels' 2D kernels", () => {
  test.each(ref.cases.map((c) => [`${c.model} ${JSON.stringify(c.parameters)}`, c] as const))("%s", (_name, c) => {
    const out = evaluate2D(c.model, c.parameters, Float64Array.from(ref.qx), Float64Array.from(ref.qy));
    expect(out.shape).toEqual([ref.qy.length, ref.qx.length]);
    out.I.forEach((v, i) => expect(Math.abs(v - c.I[i]) / Math.abs(c.I[i])).toBeLessThan(1e-9));
  });
});

describe("the orientation average of a 2D pattern is the 1D model", () => {
  // For an axis c = (sin θ, 0, cos θ) and q = (q, 0, 0), cos(q, c) = sin θ: uniform in [0, 1] when
  // θ has density cos θ on [0, π/2], so ∫ I2D(θ) cos θ dθ is the isotropic average.
  const cases: [string, Record<string, number>, number[]][] = [
    ["cylinder", { background: 0, radius: 20, length: 120 }, [0.01, 0.08, 0.3]],
    ["ellipsoid", { background: 0, radius_polar: 60, radius_equatorial: 25 }, [0.02, 0.15, 0.4]],
    ["hollow_cylinder", { background: 0, radius: 15, thickness: 5, length: 80 }, [0.05, 0.2]],
    ["core_shell_cylinder", { background: 0, sld_shell: 2, radius: 15, thickness: 5, length: 90 }, [0.03, 0.25]],
  ];
  test.each(cases)("%s", (model, parameters, qs) => {
    const oneD = evaluate(model, parameters, Float64Array.from(qs)).I;
    qs.forEach((q, i) => {
      const at = (theta: number) => evaluate2D(model, { ...parameters, theta: (theta * 180) / Math.PI, phi: 0 }, Float64Array.of(q), Float64Array.of(0)).I[0];
      const average = simpson((t) => at(t) * Math.cos(t), 0, Math.PI / 2, 4000);
      expect(Math.abs(average - oneD[i]) / oneD[i]).toBeLessThan(1e-9);
    });
  });

  test("parallelepiped: the average over θ, φ and ψ is the 1D model", () => {
    const parameters = { background: 0, length_a: 10, length_b: 25, length_c: 40 };
    const q = 0.12;
    const oneD = evaluate("parallelepiped", parameters, Float64Array.of(q)).I[0];
    // Uniform orientations of the box: c uniform on the sphere (θ with density sin θ; the half θ < π/2
    // suffices as |F|² is even in each component) and φ, ψ uniform on their circles, where the
    // periodic trapezoid rule converges geometrically (ψ has period π by the same evenness).
    const deg = 180 / Math.PI;
    const [nPhi, nPsi] = [48, 24];
    const ring = (theta: number) => {
      let sum = 0;
      for (let i = 0; i < nPhi; i++) {
        for (let j = 0; j < nPsi; j++) {
          const phi = (360 * i) / nPhi;
          const psi = (180 * j) / nPsi;
          sum += evaluate2D("parallelepiped", { ...parameters, theta: theta * deg, phi, psi }, Float64Array.of(q), Float64Array.of(0)).I[0];
        }
      }
      return sum / (nPhi * nPsi);
    };
    const average = simpson((t) => Math.sin(t) * ring(t), 0, Math.PI / 2, 40);
    expect(Math.abs(average - oneD) / oneD).toBeLessThan(1e-6);
  });
});

describe("orientation conventions", () => {
  test("the axis c points along (sin θ cos φ, sin θ sin φ, cos θ): q along it sees qc = |q|", () => {
    const theta = 90;
    for (const phi of [0, 30, -120]) {
      const { c } = particleProjection(theta, phi, 0);
      expect(c[0]).toBeCloseTo(Math.cos((phi * Math.PI) / 180), 14);
      expect(c[1]).toBeCloseTo(Math.sin((phi * Math.PI) / 180), 14);
    }
  });

  test("a cylinder along the beam gives a pattern that depends on |q| only", () => {
    const qx = Float64Array.of(-0.1, 0.03, 0.1);
    const qy = Float64Array.of(0.1, -0.03);
    const out = evaluate2D("cylinder", { theta: 0, phi: 17, background: 0 }, qx, qy);
    const radial = evaluate2D("cylinder", { theta: 0, phi: 0, background: 0 }, Float64Array.of(Math.hypot(0.1, 0.1)), Float64Array.of(0)).I[0];
    expect(out.I[0] / radial).toBeCloseTo(1, 12);
    expect(out.I[2] / radial).toBeCloseTo(1, 12);
  });

  test("isotropic models give I(|q|) of the 1D model", () => {
    const out = evaluate2D("sphere", { radius: 40 }, Float64Array.of(0.05, 0.1), Float64Array.of(0.02));
    const oneD = evaluate("sphere", { radius: 40 }, Float64Array.of(Math.sqrt(0.05 * 0.05 + 0.02 * 0.02), Math.sqrt(0.1 * 0.1 + 0.02 * 0.02))).I;
    expect(Array.from(out.I)).toEqual(Array.from(oneD));
  });

  test("the work estimate counts pixels × size mesh × jitter mesh", () => {
    expect(evaluation2DWork("cylinder", { theta_pd: 5, theta_pd_n: 7, phi_pd: 5, phi_pd_n: 9, radius_pd: 0.1, radius_pd_n: 5 }, 100)).toBe(100 * 7 * 9 * 5);
    expect(evaluation2DWork("sphere", { radius_pd: 0.1 }, 100)).toBe(100);
  });
});

describe("bad input", () => {
  const qx = Float64Array.of(0.01, 0.02);
  const qy = Float64Array.of(0.01);
  test.each([
    ["the direct beam", "cylinder", {}, Float64Array.of(0, 0.01), Float64Array.of(0), /direct beam/],
    ["NaN q", "cylinder", {}, Float64Array.of(Number.NaN), qy, /qx\[0\]/],
    ["an empty axis", "cylinder", {}, new Float64Array(0), qy, /non-empty/],
    ["a lognormal jitter", "cylinder", { theta_pd: 5, theta_pd_type: "lognormal" }, qx, qy, /not defined about 0/],
    ["an unknown parameter", "cylinder", { psi: 10 }, qx, qy, /unknown parameter "psi"/],
    ["beta in 2D", "cylinder@hardsphere", { structure_factor_mode: 1 }, qx, qy, /structure_factor_mode 0/],
  ] as const)("%s is refused with a message", (_what, model, parameters, x, y, message) => {
    expect(() => evaluate2D(model, parameters, x, y)).toThrow(SasInputError);
    expect(() => evaluate2D(model, parameters, x, y)).toThrow(message);
  });
});
