/**
 * stickyhardsphere (Menon et al. 1991 / Baxter, perturbative PY) and squarewell (Sharma & Sharma 1977,
 * MSA): limits, and the closed forms checked against direct numerical Fourier transforms of the
 * underlying correlation functions (Simpson, written here independently of the library).
 */
import { SasInputError, evaluate, percusYevick, squareWell, stickyHardSphere } from "../../../src/compute/sas";
import { logspace, maxRelativeDifference, simpson } from "./helpers";

const q = logspace(-3, -0.5, 40);

/** Smaller root of Baxter's quadratic (η/12)λ² - (τ + η/(1-η))λ + (1+η/2)/(1-η)² = 0, textbook formula. */
function baxterLambda(eta: number, tau: number): number {
  const a = eta / 12;
  const b = -(tau + eta / (1 - eta));
  const c = (1 + eta / 2) / (1 - eta) ** 2;
  const r = Math.sqrt(b * b - 4 * a * c);
  return Math.min((-b - r) / (2 * a), (-b + r) / (2 * a));
}

describe("stickyhardsphere", () => {
  const R = 50,
    phi = 0.1,
    eps = 0.05,
    tau = 0.2;

  it("equals 1/|1 - 12η ∫₀¹ Q(t) e^{ikt} dt|² with Baxter's Q(t), integrated numerically", () => {
    const eta = phi / (1 - eps) ** 3;
    const a = (2 * R) / (1 - eps);
    const lam = baxterLambda(eta, tau);
    const mu = lam * eta * (1 - eta);
    const alpha = (1 + 2 * eta - mu) / (1 - eta) ** 2;
    const beta = (mu - 3 * eta) / (2 * (1 - eta) ** 2);
    const Q = (t: number): number => (alpha / 2) * (t * t - 1) + beta * (t - 1) + lam / 12;
    const expected = Float64Array.from(q, (qi) => {
      const k = qi * a;
      const re = 1 - 12 * eta * simpson((t) => Q(t) * Math.cos(k * t), 0, 1, 4000);
      const im = 12 * eta * simpson((t) => Q(t) * Math.sin(k * t), 0, 1, 4000);
      return 1 / (re * re + im * im);
    });
    const got = evaluate("stickyhardsphere", { radius_effective: R, volfraction: phi, perturb: eps, stickiness: tau, background: 0 }, q).I;
    expect(maxRelativeDifference(got, expected)).toBeLessThan(1e-10);
  });

  it("S(0) is Baxter's compressibility (1-η)⁴/(1+2η-μ)²", () => {
    for (const [ph, t] of [
      [0.1, 0.2],
      [0.3, 0.5],
      [0.05, 0.12],
    ]) {
      const eta = ph / (1 - eps) ** 3;
      const mu = baxterLambda(eta, t) * eta * (1 - eta);
      expect(stickyHardSphere(1e-9, R, ph, eps, t)).toBeCloseTo((1 - eta) ** 4 / (1 + 2 * eta - mu) ** 2, 10);
    }
  });

  it("stickiness → ∞ is Percus–Yevick hard spheres of diameter 2R/(1-ε) at volume fraction φ/(1-ε)³", () => {
    const got = evaluate("stickyhardsphere", { radius_effective: R, volfraction: 0.3, perturb: eps, stickiness: 1e12, background: 0 }, q).I;
    const py = Float64Array.from(q, (qi) => percusYevick(qi, R / (1 - eps), 0.3 / (1 - eps) ** 3));
    expect(maxRelativeDifference(got, py)).toBeLessThan(1e-9);
  });

  it("perturb → 0 and stickiness → ∞ is the hardsphere model itself", () => {
    for (const qi of q) expect(stickyHardSphere(qi, R, 0.25, 1e-14, 1e14)).toBeCloseTo(percusYevick(qi, R, 0.25), 10);
  });

  it("stronger attraction (smaller τ) raises S(0); S → 1 at large q and S = 1 without particles", () => {
    const s0 = [1, 0.5, 0.3, 0.2].map((t) => stickyHardSphere(1e-6, R, 0.2, eps, t));
    for (let i = 1; i < s0.length; i++) expect(s0[i]).toBeGreaterThan(s0[i - 1]);
    expect(Math.abs(stickyHardSphere(20, R, 0.2, eps, 0.2) - 1)).toBeLessThan(1e-3);
    expect(stickyHardSphere(0.01, R, 0, eps, 0.2)).toBe(1);
  });

  it("rejects state points without a physical root (sasmodels returns -1 there)", () => {
    expect(() => evaluate("stickyhardsphere", { volfraction: 0.2, stickiness: 0.01 }, q)).toThrow(SasInputError);
    try {
      evaluate("stickyhardsphere", { volfraction: 0.2, stickiness: 0.01 }, q);
    } catch (e) {
      expect((e as SasInputError).field).toBe("stickiness");
    }
  });

  it("works in products: sphere@stickyhardsphere = volfraction · P/V · S, beta mode = plain for monodisperse spheres", () => {
    const pars = { radius: 40, radius_effective: 45, volfraction: 0.15, perturb: 0.05, stickiness: 0.3, background: 0 };
    const ps = evaluate("sphere@stickyhardsphere", pars, q);
    const P = evaluate("sphere", { radius: 40, background: 0 }, q).I;
    const S = Float64Array.from(q, (qi) => stickyHardSphere(qi, 45, 0.15, 0.05, 0.3));
    expect(
      maxRelativeDifference(
        ps.I,
        Float64Array.from(q, (_, i) => 0.15 * P[i] * S[i]),
      ),
    ).toBeLessThan(1e-12);
    const beta = evaluate("sphere@stickyhardsphere", pars, q, { structureFactorMode: "beta" }).I;
    expect(maxRelativeDifference(beta, ps.I)).toBeLessThan(1e-12);
  });
});

describe("squarewell (MSA)", () => {
  /** Direct correlation function c(x), x = r/σ, written out from Sharma & Sharma's MSA closure. */
  function directCorrelation(phi: number, depth: number, width: number): (x: number) => number {
    const d = (1 - phi) ** 4;
    const A = (1 + 4 * phi + 4 * phi ** 2 - 4 * phi ** 3 + phi ** 4) / d;
    const B = ((-phi / 3) * (18 + 20 * phi - 12 * phi ** 2 + phi ** 4)) / d;
    const G = (phi * A) / 2;
    return (x) => (x < 1 ? -(A + B * x + G * x ** 3) : x < width ? depth : 0);
  }
  /** S = 1/(1 - ρ ĉ(q)), ρĉ(q) = 24φ ∫ x² c(x) sin(kx)/(kx) dx, by Simpson on each smooth piece. */
  function numericalS(qi: number, R: number, phi: number, depth: number, width: number): number {
    const c = directCorrelation(phi, depth, width);
    const k = 2 * qi * R;
    const f = (x: number): number => (x === 0 ? 0 : (x * x * c(x) * Math.sin(k * x)) / (k * x));
    const inner = simpson(f, 0, 1 - 1e-15, 4000);
    const outer = width > 1 ? simpson((x) => (x * x * depth * Math.sin(k * x)) / (k * x), 1, width, 4000) : 0;
    return 1 / (1 - 24 * phi * (inner + outer));
  }

  it("equals 1/(1 - ρĉ) with the MSA c(r) transformed numerically", () => {
    for (const [R, phi, depth, width] of [
      [50, 0.04, 1.5, 1.2],
      [30, 0.08, 0.7, 1.5],
      [80, 0.02, 1.0, 1.05],
    ]) {
      const got = evaluate("squarewell", { radius_effective: R, volfraction: phi, welldepth: depth, wellwidth: width, background: 0 }, q).I;
      const expected = Float64Array.from(q, (qi) => numericalS(qi, R, phi, depth, width));
      expect(maxRelativeDifference(got, expected)).toBeLessThan(1e-10);
    }
  });

  it("welldepth → 0: hard spheres whose S(0) is the Carnahan–Starling compressibility (not PY's)", () => {
    for (const phi of [0.02, 0.05, 0.08]) {
      const cs = (1 - phi) ** 4 / (1 + 4 * phi + 4 * phi ** 2 - 4 * phi ** 3 + phi ** 4);
      const py = (1 - phi) ** 4 / (1 + 2 * phi) ** 2;
      const s0 = squareWell(1e-8, 50, phi, 0, 1.2);
      expect(s0).toBeCloseTo(cs, 12);
      expect(Math.abs(s0 - py)).toBeGreaterThan(1e-6);
      // and the whole curve stays within 0.5 % of the PY hardsphere at these dilute volume fractions
      const hs = Float64Array.from(q, (qi) => squareWell(qi, 50, phi, 0, 1.2));
      const pyCurve = Float64Array.from(q, (qi) => percusYevick(qi, 50, phi));
      expect(maxRelativeDifference(hs, pyCurve)).toBeLessThan(5e-3);
    }
  });

  it("a well of zero width (wellwidth → 1) does nothing; a deeper well raises S(0) as 1/S(0) = N/(1-φ)⁴ - 8φε(λ³-1)", () => {
    const flat = Float64Array.from(q, (qi) => squareWell(qi, 50, 0.05, 0, 1.2));
    const narrow = Float64Array.from(q, (qi) => squareWell(qi, 50, 0.05, 1.5, 1));
    expect(maxRelativeDifference(narrow, flat)).toBeLessThan(1e-14);
    const phi = 0.05,
      eps = 1.2,
      lam = 1.3;
    const n = 1 + 4 * phi + 4 * phi ** 2 - 4 * phi ** 3 + phi ** 4;
    expect(1 / squareWell(1e-8, 50, phi, eps, lam)).toBeCloseTo(n / (1 - phi) ** 4 - 8 * phi * eps * (lam ** 3 - 1), 10);
    expect(squareWell(1e-8, 50, phi, eps, lam)).toBeGreaterThan(squareWell(1e-8, 50, phi, 0, lam));
  });

  it("S → 1 at large q", () => {
    expect(Math.abs(squareWell(20, 50, 0.08, 1.5, 1.2) - 1)).toBeLessThan(1e-3);
    expect(squareWell(0.01, 50, 0, 1.5, 1.2)).toBe(1);
  });

  it("works in products: sphere@squarewell with radius_effective_mode 1 takes R from the sphere", () => {
    const a = evaluate("sphere@squarewell", { radius: 40, radius_effective_mode: 1, radius_effective: 999, background: 0 }, q).I;
    const P = evaluate("sphere", { radius: 40, background: 0 }, q).I;
    const expected = Float64Array.from(q, (qi, i) => 0.04 * P[i] * squareWell(qi, 40, 0.04, 1.5, 1.2));
    expect(maxRelativeDifference(a, expected)).toBeLessThan(1e-12);
  });
});
