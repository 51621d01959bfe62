/**
 * The composite and multi-shell models of issue 15 (binary_hard_sphere, core_multi_shell, onion,
 * multilayer_vesicle, raspberry, linear_pearls, pearl_necklace, fractal_core_shell, flexible_cylinder,
 * flexible_cylinder_elliptical): their parameter tables are sasmodels 1.0.6's, and each reduces to an
 * independent computation in a limit (another model of the library, a radial integral, a PY structure
 * factor). Their sasmodels reference values live in the model files (known-values.test.ts runs them).
 */
import { evaluate, listScatteringModels, SasInputError } from "../../../src/compute/sas";
import { formAverages } from "../../../src/compute/sas/evaluate";
import { MODEL_DEFINITIONS } from "../../../src/compute/sas/models";
import { sineIntegral } from "../../../src/compute/sas/numerics/sine-integral";
import { wormLikeChain, wormLikeChainS } from "../../../src/compute/sas/models/worm-like-chain";
import { logspace, maxRelativeDifference, simpson } from "./helpers";

const INF = Number.POSITIVE_INFINITY;
type Row = [name: string, unit: string, dflt: number, lo: number, hi: number, kind: string, polydisperse: boolean];

/**
 * sasmodels 1.0.6's tables: load_model_info(name).parameters.call_parameters without scale, background
 * and the magnetic ones, vector parameters expanded (sld[n] -> sld1 … sld10); "" types read as "plain".
 */
const SASMODELS: Record<string, { modes: string[]; haveFq: boolean; parameters: Row[] }> = {
  binary_hard_sphere: {
    modes: [],
    haveFq: false,
    parameters: [
      ["radius_lg", "Ang", 100, 0, INF, "plain", false],
      ["radius_sm", "Ang", 25, 0, INF, "plain", false],
      ["volfraction_lg", "", 0.1, 0, 1, "plain", false],
      ["volfraction_sm", "", 0.2, 0, 1, "plain", false],
      ["sld_lg", "1e-6/Ang^2", 3.5, -INF, INF, "sld", false],
      ["sld_sm", "1e-6/Ang^2", 0.5, -INF, INF, "sld", false],
      ["sld_solvent", "1e-6/Ang^2", 6.36, -INF, INF, "sld", false],
    ],
  },
  core_multi_shell: {
    modes: ["outer radius", "core radius"],
    haveFq: true,
    parameters: [
      ["sld_core", "1e-6/Ang^2", 1, -INF, INF, "sld", false],
      ["radius", "Ang", 200, 0, INF, "volume", true],
      ["sld_solvent", "1e-6/Ang^2", 6.4, -INF, INF, "sld", false],
      ["n", "", 1, 0, 10, "volume", false],
      ["sld1", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld2", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld3", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld4", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld5", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld6", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld7", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld8", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld9", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld10", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["thickness1", "Ang", 40, 0, INF, "volume", true],
      ["thickness2", "Ang", 40, 0, INF, "volume", true],
      ["thickness3", "Ang", 40, 0, INF, "volume", true],
      ["thickness4", "Ang", 40, 0, INF, "volume", true],
      ["thickness5", "Ang", 40, 0, INF, "volume", true],
      ["thickness6", "Ang", 40, 0, INF, "volume", true],
      ["thickness7", "Ang", 40, 0, INF, "volume", true],
      ["thickness8", "Ang", 40, 0, INF, "volume", true],
      ["thickness9", "Ang", 40, 0, INF, "volume", true],
      ["thickness10", "Ang", 40, 0, INF, "volume", true],
    ],
  },
  flexible_cylinder: {
    modes: [],
    haveFq: false,
    parameters: [
      ["length", "Ang", 1000, 0, INF, "volume", true],
      ["kuhn_length", "Ang", 100, 0, INF, "volume", true],
      ["radius", "Ang", 20, 0, INF, "volume", true],
      ["sld", "1e-6/Ang^2", 1, -INF, INF, "sld", false],
      ["sld_solvent", "1e-6/Ang^2", 6.3, -INF, INF, "sld", false],
    ],
  },
  flexible_cylinder_elliptical: {
    modes: [],
    haveFq: false,
    parameters: [
      ["length", "Ang", 1000, 0, INF, "volume", true],
      ["kuhn_length", "Ang", 100, 0, INF, "volume", true],
      ["radius", "Ang", 20, 1, INF, "volume", true],
      ["axis_ratio", "", 1.5, 0, INF, "plain", false],
      ["sld", "1e-6/Ang^2", 1, -INF, INF, "sld", false],
      ["sld_solvent", "1e-6/Ang^2", 6.3, -INF, INF, "sld", false],
    ],
  },
  fractal_core_shell: {
    modes: [],
    haveFq: false,
    parameters: [
      ["radius", "Ang", 60, 0, INF, "volume", true],
      ["thickness", "Ang", 10, 0, INF, "volume", true],
      ["sld_core", "1e-6/Ang^2", 1, -INF, INF, "sld", false],
      ["sld_shell", "1e-6/Ang^2", 2, -INF, INF, "sld", false],
      ["sld_solvent", "1e-6/Ang^2", 3, -INF, INF, "sld", false],
      ["volfraction", "", 0.05, 0, INF, "plain", false],
      ["fractal_dim", "", 2, 0, 6, "plain", false],
      ["cor_length", "Ang", 100, 0, INF, "plain", false],
    ],
  },
  linear_pearls: {
    modes: [],
    haveFq: false,
    parameters: [
      ["radius", "Ang", 80, 0, INF, "plain", false],
      ["edge_sep", "Ang", 350, 0, INF, "plain", false],
      ["num_pearls", "", 3, 1, INF, "plain", false],
      ["sld", "1e-6/Ang^2", 1, -INF, INF, "sld", false],
      ["sld_solvent", "1e-6/Ang^2", 6.3, -INF, INF, "sld", false],
    ],
  },
  multilayer_vesicle: {
    modes: ["outer radius"],
    haveFq: true,
    parameters: [
      ["volfraction", "", 0.05, 0, 1, "plain", false],
      ["radius", "Ang", 60, 0, INF, "volume", true],
      ["thick_shell", "Ang", 10, 0, INF, "volume", true],
      ["thick_solvent", "Ang", 10, 0, INF, "volume", true],
      ["sld_solvent", "1e-6/Ang^2", 6.4, -INF, INF, "sld", false],
      ["sld", "1e-6/Ang^2", 0.4, -INF, INF, "sld", false],
      ["n_shells", "", 2, 1, INF, "volume", true],
    ],
  },
  onion: {
    modes: ["outer radius"],
    haveFq: true,
    parameters: [
      ["sld_core", "1e-6/Ang^2", 1, -INF, INF, "sld", false],
      ["radius_core", "Ang", 200, 0, INF, "volume", true],
      ["sld_solvent", "1e-6/Ang^2", 6.4, -INF, INF, "sld", false],
      ["n_shells", "", 1, 0, 10, "volume", false],
      ["sld_in1", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld_in2", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld_in3", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld_in4", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld_in5", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld_in6", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld_in7", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld_in8", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld_in9", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld_in10", "1e-6/Ang^2", 1.7, -INF, INF, "sld", false],
      ["sld_out1", "1e-6/Ang^2", 2, -INF, INF, "sld", false],
      ["sld_out2", "1e-6/Ang^2", 2, -INF, INF, "sld", false],
      ["sld_out3", "1e-6/Ang^2", 2, -INF, INF, "sld", false],
      ["sld_out4", "1e-6/Ang^2", 2, -INF, INF, "sld", false],
      ["sld_out5", "1e-6/Ang^2", 2, -INF, INF, "sld", false],
      ["sld_out6", "1e-6/Ang^2", 2, -INF, INF, "sld", false],
      ["sld_out7", "1e-6/Ang^2", 2, -INF, INF, "sld", false],
      ["sld_out8", "1e-6/Ang^2", 2, -INF, INF, "sld", false],
      ["sld_out9", "1e-6/Ang^2", 2, -INF, INF, "sld", false],
      ["sld_out10", "1e-6/Ang^2", 2, -INF, INF, "sld", false],
      ["thickness1", "Ang", 40, 0, INF, "volume", true],
      ["thickness2", "Ang", 40, 0, INF, "volume", true],
      ["thickness3", "Ang", 40, 0, INF, "volume", true],
      ["thickness4", "Ang", 40, 0, INF, "volume", true],
      ["thickness5", "Ang", 40, 0, INF, "volume", true],
      ["thickness6", "Ang", 40, 0, INF, "volume", true],
      ["thickness7", "Ang", 40, 0, INF, "volume", true],
      ["thickness8", "Ang", 40, 0, INF, "volume", true],
      ["thickness9", "Ang", 40, 0, INF, "volume", true],
      ["thickness10", "Ang", 40, 0, INF, "volume", true],
      ["A1", "", 1, -INF, INF, "plain", false],
      ["A2", "", 1, -INF, INF, "plain", false],
      ["A3", "", 1, -INF, INF, "plain", false],
      ["A4", "", 1, -INF, INF, "plain", false],
      ["A5", "", 1, -INF, INF, "plain", false],
      ["A6", "", 1, -INF, INF, "plain", false],
      ["A7", "", 1, -INF, INF, "plain", false],
      ["A8", "", 1, -INF, INF, "plain", false],
      ["A9", "", 1, -INF, INF, "plain", false],
      ["A10", "", 1, -INF, INF, "plain", false],
    ],
  },
  pearl_necklace: {
    modes: ["equivalent volume sphere"],
    haveFq: false,
    parameters: [
      ["radius", "Ang", 80, 0, INF, "volume", true],
      ["edge_sep", "Ang", 350, 0, INF, "volume", true],
      ["thick_string", "Ang", 2.5, 0, INF, "volume", true],
      ["num_pearls", "none", 3, 1, INF, "volume", true],
      ["sld", "1e-6/Ang^2", 1, -INF, INF, "sld", false],
      ["sld_string", "1e-6/Ang^2", 1, -INF, INF, "sld", false],
      ["sld_solvent", "1e-6/Ang^2", 6.3, -INF, INF, "sld", false],
    ],
  },
  raspberry: {
    modes: ["radius_large", "radius_outer"],
    haveFq: false,
    parameters: [
      ["sld_lg", "1e-6/Ang^2", -0.4, -INF, INF, "sld", false],
      ["sld_sm", "1e-6/Ang^2", 3.5, -INF, INF, "sld", false],
      ["sld_solvent", "1e-6/Ang^2", 6.36, -INF, INF, "sld", false],
      ["volfraction_lg", "", 0.05, -INF, INF, "plain", false],
      ["volfraction_sm", "", 0.005, -INF, INF, "plain", false],
      ["surface_fraction", "", 0.4, -INF, INF, "plain", false],
      ["radius_lg", "Ang", 5000, 0, INF, "volume", true],
      ["radius_sm", "Ang", 100, 0, INF, "volume", true],
      ["penetration", "Ang", 0, -1, 1, "volume", true],
    ],
  },
};

describe("parameter tables as sasmodels 1.0.6 has them", () => {
  const registered = new Map(listScatteringModels().map((m) => [m.name, m]));
  it.each(Object.keys(SASMODELS))("%s", (name) => {
    const info = registered.get(name);
    expect(info).toBeDefined();
    const rows = info!.parameters.filter((p) => p.name !== "scale" && p.name !== "background");
    expect(rows.map((p): Row => [p.name, p.unit, p.default, p.limits[0], p.limits[1], p.kind, p.polydisperse])).toEqual(SASMODELS[name].parameters);
    const def = MODEL_DEFINITIONS.find((d) => d.name === name)!;
    expect(def.radiusEffectiveModes ?? []).toEqual(SASMODELS[name].modes);
    expect(def.haveFq).toBe(SASMODELS[name].haveFq);
  });

  it("shell counts take no distribution, while thicknesses do", () => {
    const q = Float64Array.of(0.05);
    const plain = evaluate("core_multi_shell", { n: 2 }, q).I[0];
    // n_pd is accepted (as for every volume parameter) but has no effect: n sizes the vectors
    expect(evaluate("core_multi_shell", { n: 2, n_pd: 0.3, n_pd_n: 11 }, q).I[0]).toBe(plain);
    expect(evaluate("core_multi_shell", { n: 2, thickness2_pd: 0.3, thickness2_pd_n: 11 }, q).I[0]).not.toBe(plain);
  });
});

const Q = logspace(-3, 0, 40);

describe("limits that other code computes independently", () => {
  it("core_multi_shell with every shell at the core's SLD is a sphere of the outer radius", () => {
    const a = evaluate(
      "core_multi_shell",
      { n: 3, radius: 40, sld_core: 2, sld1: 2, sld2: 2, sld3: 2, thickness1: 10, thickness2: 5, thickness3: 25, sld_solvent: 6 },
      Q,
    ).I;
    const b = evaluate("sphere", { radius: 80, sld: 2, sld_solvent: 6 }, Q).I;
    expect(maxRelativeDifference(a, b)).toBeLessThan(1e-11);
  });

  it("onion with flat shells (A = 0) is core_multi_shell with sld_in", () => {
    const shells = { sld_in1: 0.5, sld_in2: 4, thickness1: 30, thickness2: 12, A1: 0, A2: 0 };
    const a = evaluate("onion", { n_shells: 2, radius_core: 50, ...shells }, Q).I;
    const b = evaluate("core_multi_shell", { n: 2, radius: 50, sld1: 0.5, sld2: 4, thickness1: 30, thickness2: 12 }, Q).I;
    expect(maxRelativeDifference(a, b)).toBeLessThan(1e-11);
  });

  it("onion's empty shells hold nothing, even with a decay rate", () => {
    const a = evaluate("onion", { n_shells: 3, radius_core: 50, thickness1: 0, A1: 4, sld_in2: 3, thickness2: 20, A2: 0, thickness3: 0, A3: -2 }, Q).I;
    const b = evaluate("onion", { n_shells: 1, radius_core: 50, sld_in1: 3, thickness1: 20, A1: 0 }, Q).I;
    expect(maxRelativeDifference(a, b)).toBeLessThan(1e-14);
  });

  it("onion's exponential shells equal the radial integral ∫ 4π r² (ρ(r) - ρ_s) sin(qr)/(qr) dr of their profile", () => {
    const p = {
      radius_core: 40,
      sld_core: 1,
      sld_solvent: 6,
      n_shells: 2,
      sld_in1: 2,
      sld_out1: 5,
      thickness1: 30,
      A1: 3,
      sld_in2: -1,
      sld_out2: 4,
      thickness2: 20,
      A2: -7,
    };
    // the profile piece by piece (it jumps at r = 40 and 70, so each piece is integrated on its own)
    const pieces: [number, number, (r: number) => number][] = [
      [0, 40, () => 1],
      [40, 70, (r) => 2 + ((5 - 2) / Math.expm1(3)) * Math.expm1((3 * (r - 40)) / 30)],
      [70, 90, (r) => -1 + ((4 + 1) / Math.expm1(-7)) * Math.expm1((-7 * (r - 70)) / 20)],
    ];
    const volume = ((4 * Math.PI) / 3) * 90 ** 3;
    for (const q of [0.001, 0.02, 0.1, 0.4, 1]) {
      let f = 0;
      for (const [lo, hi, rho] of pieces) f += simpson((r) => 4 * Math.PI * r * r * (rho(r) - 6) * (r === 0 ? 1 : Math.sin(q * r) / (q * r)), lo, hi, 4000);
      const expected = (1e-4 * f * f) / volume;
      const [actual] = evaluate("onion", { ...p, background: 0 }, Float64Array.of(q)).I;
      expect(Math.abs(actual / expected - 1)).toBeLessThan(1e-9);
    }
  });

  it("multilayer_vesicle with one shell is vesicle, renormalised from the shell to the outer volume", () => {
    const common = { radius: 80, sld: 0.5, sld_solvent: 6.3, volfraction: 0.1, background: 0 };
    const a = evaluate("multilayer_vesicle", { ...common, n_shells: 1, thick_shell: 25, thick_solvent: 40 }, Q).I;
    const b = evaluate("vesicle", { ...common, thickness: 25 }, Q).I;
    const shellOverOuter = (105 ** 3 - 80 ** 3) / 105 ** 3;
    expect(
      maxRelativeDifference(
        a,
        Float64Array.from(b, (v) => v * shellOverOuter),
      ),
    ).toBeLessThan(1e-12);
  });

  it("linear_pearls and pearl_necklace with one pearl are spheres", () => {
    const sphere = evaluate("sphere", { radius: 35, sld: 2, sld_solvent: 5, background: 0 }, Q).I;
    const linear = evaluate("linear_pearls", { num_pearls: 1, radius: 35, sld: 2, sld_solvent: 5, background: 0 }, Q).I;
    const necklace = evaluate("pearl_necklace", { num_pearls: 1, radius: 35, sld: 2, sld_solvent: 5, background: 0 }, Q).I;
    expect(maxRelativeDifference(linear, sphere)).toBeLessThan(1e-12);
    expect(maxRelativeDifference(necklace, sphere)).toBeLessThan(1e-9);
  });

  it("linear_pearls is the Debye sum over the pearls' centres on a line", () => {
    const n = 6;
    const spacing = 20 + 2 * 15;
    const sphere = evaluate("sphere", { radius: 15, sld: 3, sld_solvent: 1, background: 0 }, Q).I;
    const pearls = evaluate("linear_pearls", { num_pearls: n, radius: 15, edge_sep: 20, sld: 3, sld_solvent: 1, background: 0 }, Q).I;
    const expected = Float64Array.from(Q, (q, i) => {
      let sum = 0;
      for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) sum += j === k ? 1 : Math.sin(q * spacing * Math.abs(j - k)) / (q * spacing * Math.abs(j - k));
      return (sphere[i] * sum) / n; // N pearls' F² Σ_jk sinc over N pearls' volume
    });
    expect(maxRelativeDifference(pearls, expected)).toBeLessThan(1e-11);
  });

  it("fractal_core_shell at fractal_dim 0 is twice volfraction times core_shell_sphere", () => {
    const p = { radius: 30, thickness: 8, sld_core: 1, sld_shell: 4, sld_solvent: 2, background: 0 };
    const a = evaluate("fractal_core_shell", { ...p, volfraction: 0.07, fractal_dim: 0 }, Q).I;
    const b = evaluate("core_shell_sphere", { ...p, scale: 2 * 0.07 }, Q).I;
    expect(maxRelativeDifference(a, b)).toBeLessThan(1e-12);
  });

  it("raspberry with no small sphere on the surface is the sum of the two kinds of sphere", () => {
    const p = {
      radius_lg: 300,
      radius_sm: 30,
      sld_lg: 1,
      sld_sm: 4,
      sld_solvent: 6,
      volfraction_lg: 0.05,
      volfraction_sm: 0.02,
      surface_fraction: 0,
      background: 0,
    };
    const a = evaluate("raspberry", p, Q).I;
    const large = evaluate("sphere", { radius: 300, sld: 1, sld_solvent: 6, scale: 0.05, background: 0 }, Q).I;
    const small = evaluate("sphere", { radius: 30, sld: 4, sld_solvent: 6, scale: 0.02, background: 0 }, Q).I;
    expect(
      maxRelativeDifference(
        a,
        Float64Array.from(large, (v, i) => v + small[i]),
      ),
    ).toBeLessThan(1e-12);
  });

  it("binary_hard_sphere with a vanishing small-sphere fraction is sphere@hardsphere (Percus-Yevick)", () => {
    const a = evaluate(
      "binary_hard_sphere",
      { radius_lg: 60, radius_sm: 20, volfraction_lg: 0.3, volfraction_sm: 1e-13, sld_lg: 2, sld_sm: 1, sld_solvent: 5, background: 0 },
      Q,
    ).I;
    const b = evaluate("sphere@hardsphere", { radius: 60, sld: 2, sld_solvent: 5, volfraction: 0.3, radius_effective: 60, background: 0 }, Q).I;
    expect(maxRelativeDifference(a, b)).toBeLessThan(1e-9);
  });

  it("flexible_cylinder_elliptical with a round cross-section is flexible_cylinder", () => {
    const chains: Record<string, number>[] = [{}, { length: 250, kuhn_length: 100 }, { length: 30, kuhn_length: 100 }];
    for (const chain of chains) {
      const a = evaluate("flexible_cylinder_elliptical", { ...chain, axis_ratio: 1, radius: 25 }, Q).I;
      const b = evaluate("flexible_cylinder", { ...chain, radius: 25 }, Q).I;
      expect(maxRelativeDifference(a, b)).toBeLessThan(1e-12);
    }
  });
});

describe("worm-like chain", () => {
  it("is 1 at q → 0, to the crossover's own residue (Chen's correction term vanishing without cancellation)", () => {
    for (const [length, kuhn] of [
      [1000, 100],
      [300, 100],
      [50, 100],
    ]) {
      // not exactly 1: the crossover w(0) = [1 + tanh(-C4/C5)]/2 = 1.16e-9 of the model itself remains
      expect(Math.abs(wormLikeChainS(1e-7, wormLikeChain(length, kuhn)) - 1)).toBeLessThan(2e-9);
    }
  });

  it("continues with the same value and slope into the rod-like tail (the matched amplitudes)", () => {
    for (const [length, kuhn] of [
      [1000, 100],
      [600, 100],
      [1e5, 300],
      [300, 100],
      [10, 800],
    ]) {
      const chain = wormLikeChain(length, kuhn);
      const qs = chain.q0 / kuhn;
      // the tail a1 (qb/q0)^-p1 + a2 (qb/q0)^-p2 + π/(qL) and its slope, at q* where it takes over
      const tailValue = chain.a1 + chain.a2 + Math.PI / (qs * length);
      const tailSlope = (-chain.p1 * chain.a1 - chain.p2 * chain.a2) / qs - Math.PI / (qs * qs * length);
      expect(Math.abs(tailValue / wormLikeChainS(qs, chain) - 1)).toBeLessThan(1e-12);
      // the low-q form's slope from below, by a second-order one-sided difference
      const h = 1e-4 * qs;
      const slope = (3 * wormLikeChainS(qs, chain) - 4 * wormLikeChainS(qs - h, chain) + wormLikeChainS(qs - 2 * h, chain)) / (2 * h);
      expect(Math.abs(slope / tailSlope - 1)).toBeLessThan(1e-6);
      // and the curve as evaluated crosses q* without a step
      expect(Math.abs(wormLikeChainS(qs * (1 + 1e-12), chain) / wormLikeChainS(qs, chain) - 1)).toBeLessThan(1e-10);
    }
  });

  it("becomes the rod's π/(qL) at high q", () => {
    const chain = wormLikeChain(1000, 100);
    const q = 1e4;
    expect(Math.abs(wormLikeChainS(q, chain) / (Math.PI / (q * 1000)) - 1)).toBeLessThan(1e-6);
  });
});

describe("sine integral", () => {
  // scipy.special.sici(x)[0] (Cephes), printed with repr()
  const REFERENCE: [number, number][] = [
    [1e-5, 9.999999999944446e-6],
    [0.5, 0.49310741804306674],
    [1, 0.9460830703671831],
    [2, 1.605412976802695],
    [3.9, 1.7765013604478055],
    [4, 1.758203138949053],
    [4.1, 1.7387436264917688],
    [5, 1.549931244944674],
    [7.5, 1.5106815309433859],
    [10, 1.658347594218874],
    [20, 1.5482417010434397],
    [50, 1.551617072485936],
    [100, 1.5622254668890563],
    [1000, 1.5702331219687713],
    [1e5, 1.570806320399394],
  ];
  it.each(REFERENCE)("Si(%p)", (x, si) => {
    expect(Math.abs(sineIntegral(x) - si)).toBeLessThan(4e-16 * Math.abs(si));
    expect(sineIntegral(-x)).toBe(-sineIntegral(x));
  });
});

describe("evaluation plumbing", () => {
  it("every model runs at its defaults with finite, positive intensity up to q = 1/Å, R_eff where it has modes", () => {
    for (const name of Object.keys(SASMODELS)) {
      const I = evaluate(name, {}, Q).I;
      expect({ name, finite: I.every((v) => Number.isFinite(v) && v > 0) }).toEqual({ name, finite: true });
      if (SASMODELS[name].modes.length > 0) expect(formAverages(name, {}, Q).radiusEffective).toBeGreaterThan(0);
    }
  });

  it("models with modes combine with a structure factor", () => {
    const I = evaluate("core_multi_shell@hardsphere", { volfraction: 0.2, radius_effective_mode: 1, structure_factor_mode: 1 }, Q).I;
    expect(I.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });

  it("a vector slot outside the table is refused by name", () => {
    expect(() => evaluate("core_multi_shell", { thickness11: 5 }, Q)).toThrow(/thickness11/);
    expect(() => evaluate("onion", { n_shells: 11 }, Q)).toThrow(/n_shells/);
  });
});

describe("extreme values", () => {
  // every parameter at values a fitter or a fuzzer may send: a finite curve, or a SasInputError naming why
  // (sizes like 1e6 Å are left out: they are legal and merely slow, q·size ~ 1e6 orientation nodes, and
  // priced as such by evaluationWork)
  const VALUES = [0, 1e-300, 1e300, 1e4, -1, 0.5];
  const q = logspace(-3, 0, 12);
  it.each(Object.keys(SASMODELS))("%s answers finitely or with SasInputError", (name) => {
    const unexpected: string[] = [];
    for (const [parameter] of SASMODELS[name].parameters) {
      for (const value of VALUES) {
        try {
          const I = evaluate(name, { [parameter]: value }, q).I;
          if (!I.every(Number.isFinite)) unexpected.push(`${parameter} = ${value}: non-finite without an error`);
        } catch (err) {
          if (!(err instanceof SasInputError)) unexpected.push(`${parameter} = ${value}: ${String(err)}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
  });
});
