/** Percus–Yevick hard spheres, P@S products and the reduced functions of paper 000. */
import { evaluate, percusYevick, reducedFormAverages, reducedIntensityPY, reducedIntensityPYBeta, reducedStructureFactorPY } from "../../../src/compute/sas";
import { logspace, maxRelativeDifference, sphereAmp } from "./helpers";

describe("hardsphere (Percus–Yevick)", () => {
  it("S(0) is the PY compressibility (1-η)⁴/(1+2η)²", () => {
    for (const eta of [0.05, 0.2, 0.4]) {
      const S0 = evaluate("hardsphere", { volfraction: eta, background: 0 }, Float64Array.of(1e-8)).I[0];
      expect(S0).toBeCloseTo((1 - eta) ** 4 / (1 + 2 * eta) ** 2, 12);
    }
  });

  it("series and closed form join smoothly at the switch point x = 2qR = 0.2", () => {
    const below = percusYevick((0.2 - 1e-9) / 100, 50, 0.3);
    const above = percusYevick((0.2 + 1e-9) / 100, 50, 0.3);
    expect(Math.abs(below - above)).toBeLessThan(1e-10);
  });

  it("tends to 1 at large q and equals 1 at zero volume fraction", () => {
    expect(percusYevick(10, 50, 0.3)).toBeCloseTo(1, 2);
    expect(percusYevick(0.05, 50, 0)).toBe(1);
  });
});

describe("P@S product", () => {
  const q = logspace(-3, -0.7, 30);

  it("plain mode = volfraction · P(q)/V · S(q) with scale applied once", () => {
    const ps = evaluate("sphere@hardsphere", { radius: 40, radius_effective: 45, volfraction: 0.15, scale: 2, background: 0.01 }, q);
    const P = evaluate("sphere", { radius: 40, background: 0 }, q).I;
    const S = evaluate("hardsphere", { radius_effective: 45, volfraction: 0.15, background: 0 }, q).I;
    const expected = Float64Array.from(q, (_, i) => 2 * 0.15 * P[i] * S[i] + 0.01);
    expect(maxRelativeDifference(ps.I, expected)).toBeLessThan(1e-12);
  });

  it("radius_effective_mode 1 takes R_eff from the sphere radius", () => {
    const a = evaluate("sphere@hardsphere", { radius: 40, radius_effective_mode: 1, radius_effective: 999 }, q).I;
    const b = evaluate("sphere@hardsphere", { radius: 40, radius_effective: 40 }, q).I;
    expect(maxRelativeDifference(a, b)).toBeLessThan(1e-13);
  });

  it("beta mode equals plain mode for monodisperse spheres (β = 1)", () => {
    const a = evaluate("sphere@hardsphere", { radius: 40 }, q, { structureFactorMode: "beta" });
    const b = evaluate("sphere@hardsphere", { radius: 40 }, q);
    expect(maxRelativeDifference(a.I, b.I)).toBeLessThan(1e-12);
    for (const v of a.betaFactor ?? []) expect(v).toBeCloseTo(1, 12);
  });

  it("beta mode with pd = <F²> + <F>²(S-1), computed from an independent sum", () => {
    const R = 40,
      width = 0.2,
      eta = 0.3;
    const got = evaluate(
      "sphere@hardsphere",
      { radius: R, radius_pd: width, volfraction: eta, radius_effective: R, background: 0, structure_factor_mode: 1 },
      q,
    ).I;
    const sigma = width * R;
    const S = Float64Array.from(q, (qi) => percusYevick(qi, R, eta));
    const f1 = new Float64Array(q.length);
    const f2 = new Float64Array(q.length);
    let wv = 0;
    let wsum = 0;
    for (let k = 0; k < 35; k++) {
      const r = R - 3 * sigma + (6 * sigma * k) / 34;
      const w = Math.exp(-((r - R) ** 2) / (2 * sigma * sigma));
      const v = (4 / 3) * Math.PI * r ** 3;
      wsum += w;
      wv += w * v;
      for (let i = 0; i < q.length; i++) {
        const x = q[i] * r;
        const F = -5 * v * (x < 1e-3 ? 1 - (x * x) / 10 : sphereAmp(x));
        f1[i] += w * F;
        f2[i] += w * F * F;
      }
    }
    const expected = Float64Array.from(q, (_, i) => (1e-4 * eta * (f2[i] / wsum + (f1[i] / wsum) ** 2 * (S[i] - 1))) / (wv / wsum));
    expect(maxRelativeDifference(got, expected)).toBeLessThan(1e-9);
  });

  it("vesicle@hardsphere passes the whole-particle volume fraction to S (volfraction · V_form/V_shell)", () => {
    const r = evaluate("vesicle@hardsphere", { volfraction_S: 0.1, radius_effective: 130 }, q);
    const vTot = (4 / 3) * Math.PI * 130 ** 3;
    const vShell = vTot - (4 / 3) * Math.PI * 100 ** 3;
    const S = Float64Array.from(q, (qi) => percusYevick(qi, 130, (0.1 * vTot) / vShell));
    expect(maxRelativeDifference(r.S as Float64Array, S)).toBeLessThan(1e-13);
  });
});

describe("reduced hard-sphere functions (paper 000, eqs. 3–5)", () => {
  const Q = Float64Array.from({ length: 50 }, (_, i) => 3 + (10 * i) / 49);

  it("monodisperse: P = [3j1(Q/2)/(Q/2)]², β = 1, I_PYβ = I_PY", () => {
    const { P, beta } = reducedFormAverages(Q, "uniform", 0);
    for (let i = 0; i < Q.length; i++) {
      expect(P[i]).toBeCloseTo(sphereAmp(Q[i] / 2) ** 2, 12);
      expect(beta[i]).toBeCloseTo(1, 12);
    }
    expect(maxRelativeDifference(reducedIntensityPYBeta(Q, 0.3, "normal", 0), reducedIntensityPY(Q, 0.3, "normal", 0))).toBeLessThan(1e-14);
  });

  it("P(0) = 1 and 0 < β <= 1 for every distribution", () => {
    for (const d of ["uniform", "normal", "lognormal"] as const) {
      const { P, beta } = reducedFormAverages(Float64Array.of(1e-6, 5, 9), d, 0.1);
      expect(P[0]).toBeCloseTo(1, 10);
      for (const b of beta) {
        expect(b).toBeGreaterThan(0);
        expect(b).toBeLessThanOrEqual(1 + 1e-12);
      }
    }
  });

  it("uniform P equals the exact average over D in U(1-s, 1+s) (Simpson)", () => {
    const s = 0.2;
    const { P } = reducedFormAverages(Float64Array.of(4, 8), "uniform", s);
    [4, 8].forEach((Qv, i) => {
      let num = 0;
      let den = 0;
      const n = 4000;
      for (let k = 0; k <= n; k++) {
        const D = 1 - s + (2 * s * k) / n;
        const c = k === 0 || k === n ? 1 : k % 2 ? 4 : 2;
        const V = (Math.PI * D ** 3) / 6;
        num += c * (V * sphereAmp((Qv * D) / 2)) ** 2;
        den += c * V * V;
      }
      expect(P[i]).toBeCloseTo(num / den, 10);
    });
  });

  it("S_PY(Q → 0) is the compressibility and S_PY uses diameter 1", () => {
    const S = reducedStructureFactorPY(Float64Array.of(1e-7), 0.25);
    expect(S[0]).toBeCloseTo(0.75 ** 4 / 1.5 ** 2, 12);
  });
});
