/** Physical limits and identities that any correct implementation must satisfy. */
import { evaluate } from "../../../src/compute/sas";
import { besselJ1Series, logspace, maxRelativeDifference, simpson, sphereAmp } from "./helpers";

const V_SPHERE = (r: number) => (4 / 3) * Math.PI * r ** 3;

describe("sphere", () => {
  it("I(0) = scale Δρ² V 1e-4 + background", () => {
    const I = evaluate("sphere", { scale: 0.3, background: 0.2, radius: 40, sld: 2, sld_solvent: 5 }, Float64Array.of(1e-7)).I[0];
    expect(I).toBeCloseTo(0.3 * 9 * V_SPHERE(40) * 1e-4 + 0.2, 6);
  });

  it("has Guinier slope Rg² = 3R²/5", () => {
    const R = 50;
    const q = Float64Array.of(1e-4, 2e-4);
    const I = evaluate("sphere", { radius: R, background: 0 }, q).I;
    const slope = Math.log(I[1] / I[0]) / (q[1] ** 2 - q[0] ** 2);
    expect(Math.abs(-3 * slope - (3 * R * R) / 5) / ((3 * R * R) / 5)).toBeLessThan(1e-5);
  });

  it("has Porod limit <I q⁴> → 2π Δρ² (S/V) scale 1e-4", () => {
    const R = 50;
    const q = Float64Array.from({ length: 4000 }, (_, i) => 2 + i * 0.0005); // average over oscillations
    const I = evaluate("sphere", { radius: R, background: 0 }, q).I;
    let mean = 0;
    for (let i = 0; i < q.length; i++) mean += (I[i] * q[i] ** 4) / q.length;
    const porod = 2 * Math.PI * 25 * (3 / R) * 1e-4; // S/V = 3/R
    expect(Math.abs(mean - porod) / porod).toBeLessThan(2e-3);
  });

  it("vanishes (down to background) at the zeros of tan x = x, qR = 4.4934", () => {
    const I = evaluate("sphere", { radius: 100, background: 0 }, Float64Array.of(4.493409457909064 / 100)).I[0];
    const I0 = evaluate("sphere", { radius: 100, background: 0 }, Float64Array.of(1e-6)).I[0];
    expect(I / I0).toBeLessThan(1e-20);
  });

  it("matches the direct closed form at moderate q to 1e-12", () => {
    const q = logspace(-2, -0.3, 50);
    const I = evaluate("sphere", { background: 0 }, q).I;
    const ref = Float64Array.from(q, (qi) => 1e-4 * 25 * V_SPHERE(50) * sphereAmp(qi * 50) ** 2);
    expect(maxRelativeDifference(I, ref)).toBeLessThan(1e-11);
  });
});

describe("shape identities", () => {
  const q = logspace(-3, -0.5, 40);

  it("core_shell_sphere with shell sld = core sld is a sphere of radius R+T", () => {
    const a = evaluate("core_shell_sphere", { radius: 30, thickness: 12, sld_core: 2, sld_shell: 2, sld_solvent: 5 }, q).I;
    const b = evaluate("sphere", { radius: 42, sld: 2, sld_solvent: 5 }, q).I;
    expect(maxRelativeDifference(a, b)).toBeLessThan(1e-12);
  });

  it("ellipsoid with equal axes is a sphere", () => {
    const a = evaluate("ellipsoid", { radius_polar: 35, radius_equatorial: 35, sld: 3, sld_solvent: 1 }, q).I;
    const b = evaluate("sphere", { radius: 35, sld: 3, sld_solvent: 1 }, q).I;
    expect(maxRelativeDifference(a, b)).toBeLessThan(1e-12);
  });

  it("vesicle with scale 1 equals core_shell_sphere (core = solvent) rescaled to the shell volume", () => {
    const R = 80,
      T = 20;
    const ves = evaluate("vesicle", { radius: R, thickness: T, sld: 1, sld_solvent: 4, volfraction: 0.1, background: 0 }, q).I;
    const cs = evaluate("core_shell_sphere", { radius: R, thickness: T, sld_core: 4, sld_shell: 1, sld_solvent: 4, background: 0 }, q).I;
    const vTot = V_SPHERE(R + T);
    const vShell = vTot - V_SPHERE(R);
    const expected = Float64Array.from(cs, (v) => (0.1 * v * vTot) / vShell);
    expect(maxRelativeDifference(ves, expected)).toBeLessThan(1e-12);
  });

  it("hollow_cylinder with a vanishing core is a cylinder", () => {
    const a = evaluate("hollow_cylinder", { radius: 1e-6, thickness: 20, length: 300, sld: 4, sld_solvent: 1 }, q).I;
    const b = evaluate("cylinder", { radius: 20, length: 300, sld: 4, sld_solvent: 1 }, q).I;
    // different quadrature variables (u vs alpha), so agreement is to the 76-point rule's accuracy
    expect(maxRelativeDifference(a, b)).toBeLessThan(1e-6);
  });

  it("core_shell_cylinder with equal slds is a cylinder of radius R+T and length L+2T", () => {
    const a = evaluate("core_shell_cylinder", { radius: 15, thickness: 5, length: 200, sld_core: 3, sld_shell: 3, sld_solvent: 1 }, q).I;
    const b = evaluate("cylinder", { radius: 20, length: 210, sld: 3, sld_solvent: 1 }, q).I;
    expect(maxRelativeDifference(a, b)).toBeLessThan(1e-10);
  });

  it("cylinder I(0) = Δρ² V 1e-4 + background", () => {
    const I = evaluate("cylinder", {}, Float64Array.of(1e-8)).I[0];
    expect(I).toBeCloseTo(9 * Math.PI * 400 * 400 * 1e-4 + 0.001, 5);
  });

  it("thin rod matches the needle form 2Si(qL)/(qL) - sinc²(qL/2) times the cross-section factor", () => {
    const R = 1,
      L = 1000;
    const qq = Float64Array.of(0.01, 0.02);
    const I = evaluate("cylinder", { radius: R, length: L, background: 0, sld: 2, sld_solvent: 1 }, qq).I;
    for (let i = 0; i < qq.length; i++) {
      const x = qq[i] * L;
      const si = simpson((t) => (t === 0 ? 1 : Math.sin(t) / t), 0, x, 20000);
      const needle = (2 * si) / x - (Math.sin(x / 2) / (x / 2)) ** 2;
      const cross = ((2 * besselJ1Series(qq[i] * R)) / (qq[i] * R)) ** 2;
      const rod = 1e-4 * Math.PI * R * R * L * needle * cross;
      expect(Math.abs(I[i] - rod) / rod).toBeLessThan(1e-3);
    }
  });

  it("thin disc approaches the disc limit P = (2/(qR)²)(1 - J1(2qR)/(qR)) at qL << 1", () => {
    const R = 100,
      L = 0.1;
    const qq = Float64Array.of(0.02, 0.05);
    const I = evaluate("cylinder", { radius: R, length: L, background: 0, sld: 2, sld_solvent: 1 }, qq).I;
    for (let i = 0; i < qq.length; i++) {
      const x = qq[i] * R;
      const disc = 1e-4 * Math.PI * R * R * L * (2 / (x * x)) * (1 - besselJ1Series(2 * x) / x);
      expect(Math.abs(I[i] - disc) / disc).toBeLessThan(1e-3);
    }
  });

  it("cylinder's 76-point orientation average converges to a fine Simpson integral", () => {
    const R = 20,
      L = 400;
    for (const qi of [0.01, 0.05, 0.1]) {
      const I = evaluate("cylinder", { background: 0 }, Float64Array.of(qi)).I[0];
      const integrand = (a: number) => {
        const x = qi * R * Math.sin(a);
        const y = 0.5 * qi * L * Math.cos(a);
        const A = x === 0 ? 1 : (2 * besselJ1Series(x)) / x;
        const B = y === 0 ? 1 : Math.sin(y) / y;
        return (A * B) ** 2 * Math.sin(a);
      };
      const ref = 1e-4 * 9 * Math.PI * R * R * L * simpson(integrand, 0, Math.PI / 2, 20000);
      expect(Math.abs(I - ref) / ref).toBeLessThan(1e-6);
    }
  });

  it("parallelepiped with a = b = c matches a direct double integral over the sphere of orientations", () => {
    const a = 40;
    const qi = 0.05;
    const I = evaluate("parallelepiped", { length_a: a, length_b: a, length_c: a, background: 0 }, Float64Array.of(qi)).I[0];
    const sincf = (x: number) => (x === 0 ? 1 : Math.sin(x) / x);
    // average over u = cos(theta) in [0,1] and phi in [0, π/2] of the cube amplitude squared
    const inner = (u: number) =>
      simpson(
        (phi) => {
          const s = Math.sqrt(1 - u * u);
          const f = sincf((qi * a * s * Math.cos(phi)) / 2) * sincf((qi * a * s * Math.sin(phi)) / 2) * sincf((qi * a * u) / 2);
          return f * f;
        },
        0,
        Math.PI / 2,
        400,
      ) /
      (Math.PI / 2);
    const ref = 1e-4 * 9 * a ** 3 * simpson(inner, 0, 1, 400);
    expect(Math.abs(I - ref) / ref).toBeLessThan(1e-7);
  });

  it("lamellar: I q² → 2π Δρ² δ 1e-4 at small q", () => {
    const I = evaluate("lamellar", { background: 0 }, Float64Array.of(1e-4)).I[0];
    const limit = 2 * Math.PI * 25 * 50 * 1e-4; // 2(1-cos x)/x² → 1 - x²/12
    expect(Math.abs(I * 1e-8 - limit) / limit).toBeLessThan(1e-5);
  });
});

describe("shape-independent models", () => {
  it("guinier, power_law, dab, teubner_strey closed forms", () => {
    const q = Float64Array.of(0.01, 0.1);
    const g = evaluate("guinier", { rg: 30, background: 0 }, q).I;
    expect(g[1]).toBeCloseTo(Math.exp(-(0.01 * 900) / 3), 12);
    const p = evaluate("power_law", { power: 3, scale: 2, background: 0 }, q).I;
    expect(p[0]).toBeCloseTo(2e6, 4);
    const d = evaluate("dab", { cor_length: 20, background: 0 }, q).I;
    expect(d[1]).toBeCloseTo(8000 / (1 + 4) ** 2, 9);
  });

  it("polymer_excl_volume with porod_exp = 2 is the Debye function (Gaussian chain)", () => {
    const q = logspace(-3, -0.5, 30);
    const a = evaluate("polymer_excl_volume", { rg: 60, porod_exp: 2, background: 0 }, q).I;
    const b = evaluate("mono_gauss_coil", { rg: 60, i_zero: 1, background: 0 }, q).I;
    expect(maxRelativeDifference(a, b)).toBeLessThan(1e-10);
  });

  it("mono_gauss_coil tends to I0 (1 - z/3 + z²/12), z = (qRg)², at small q", () => {
    const I = evaluate("mono_gauss_coil", { background: 0 }, Float64Array.of(1e-4)).I[0];
    const z = (1e-4 * 75) ** 2;
    expect(I).toBeCloseTo(70 * (1 - z / 3 + (z * z) / 12), 9);
  });
});
