/** Public API, input validation, resolution, noise and curve transforms. */
import {
  SasInputError,
  addFlatBackground,
  addPoissonNoise,
  evaluate,
  scatteringModelInfo,
  interpolateCurve,
  listScatteringModels,
  logQuotientTransform,
  quotientTransform,
  scalarNeutralisation,
  zeroIndexNormalisation,
} from "../../../src/compute/sas";
import { logspace, maxRelativeDifference, sphereAmp } from "./helpers";

describe("catalogue", () => {
  it("lists the required models with self-describing parameters", () => {
    const names = listScatteringModels().map((m) => m.name);
    for (const n of [
      "sphere",
      "core_shell_sphere",
      "fuzzy_sphere",
      "vesicle",
      "cylinder",
      "core_shell_cylinder",
      "hollow_cylinder",
      "ellipsoid",
      "parallelepiped",
      "lamellar",
      "guinier",
      "power_law",
      "porod",
      "dab",
      "mass_fractal",
      "broad_peak",
      "mono_gauss_coil",
      "polymer_excl_volume",
      "teubner_strey",
      "hardsphere",
      "stickyhardsphere",
      "squarewell",
    ])
      expect(names).toContain(n);
    const sphere = scatteringModelInfo("sphere");
    expect(sphere.parameters.map((p) => p.name)).toEqual(["scale", "background", "sld", "sld_solvent", "radius"]);
    expect(sphere.parameters.find((p) => p.name === "radius")).toMatchObject({ unit: "Ang", default: 50, kind: "volume", polydisperse: true });
    expect(sphere.parameters.find((p) => p.name === "background")?.default).toBe(0.001);
    expect(scatteringModelInfo("hardsphere").isStructureFactor).toBe(true);
    expect(scatteringModelInfo("stickyhardsphere").parameters.map((p) => p.name)).toEqual([
      "scale",
      "background",
      "radius_effective",
      "volfraction",
      "perturb",
      "stickiness",
    ]);
    expect(scatteringModelInfo("squarewell").parameters.find((p) => p.name === "welldepth")).toMatchObject({ unit: "kT", default: 1.5, limits: [0, 1.5] });
    const product = scatteringModelInfo("vesicle@hardsphere").parameters.map((p) => p.name);
    expect(product).toEqual(expect.arrayContaining(["volfraction", "volfraction_S", "radius_effective", "structure_factor_mode", "radius_effective_mode"]));
  });

  it("rejects bad input with SasInputError naming the field", () => {
    const q = Float64Array.of(0.01);
    const field = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(SasInputError);
        return (e as SasInputError).field;
      }
      throw new Error("expected a SasInputError");
    };
    expect(field(() => scatteringModelInfo("sphear"))).toBe("expression");
    expect(field(() => evaluate("sphere", { radius: -1 }, q))).toBe("radius");
    expect(field(() => evaluate("sphere", { radius: Number.NaN }, q))).toBe("radius");
    expect(field(() => evaluate("sphere", { radious: 3 }, q))).toBe("radious");
    expect(field(() => evaluate("sphere", { radius_pd_type: "cauchy" }, q))).toBe("radius_pd_type");
    expect(field(() => evaluate("sphere", {}, Float64Array.of(0.1, 0)))).toBe("q");
    expect(field(() => evaluate("hardsphere", { volfraction: 0.9 }, q))).toBe("volfraction");
    expect(field(() => evaluate("sphere@sphere", {}, q))).toBe("expression");
  });
});

describe("pinhole resolution", () => {
  const q = logspace(-2.3, -0.7, 60);

  it("tiny dq leaves the curve unchanged", () => {
    const a = evaluate("sphere", {}, q, { resolution: { dq: new Float64Array(q.length).fill(1e-12) } }).I;
    const b = evaluate("sphere", {}, q).I;
    expect(maxRelativeDifference(a, b)).toBeLessThan(1e-9);
  });

  it("keeps a constant constant", () => {
    const dq = Float64Array.from(q, (v) => 0.05 * v);
    const flat = evaluate("power_law", { power: 0, background: 0 }, q, { resolution: { dq } }).I;
    for (const v of flat) expect(v).toBeCloseTo(1, 12);
  });

  it("on a dense q grid approximates a direct truncated-Gaussian convolution", () => {
    const qd = Float64Array.from({ length: 400 }, (_, i) => 0.01 + (0.09 * i) / 399);
    const dq = new Float64Array(qd.length).fill(0.002);
    const R = 60;
    const smeared = evaluate("sphere", { radius: R, background: 0 }, qd, { resolution: { dq } }).I;
    const model = (x: number) => 1e-4 * 25 * ((4 / 3) * Math.PI * R ** 3) * (x * R < 1e-3 ? 1 : sphereAmp(x * R) ** 2);
    const direct = Float64Array.from(qd, (qi, i) => {
      // truncated (±2.5σ, log-symmetric low edge) Gaussian average by a fine midpoint rule
      const hi = qi + 2.5 * dq[i];
      const lo = (qi * qi) / hi;
      let num = 0;
      let den = 0;
      const n = 4000;
      for (let k = 0; k < n; k++) {
        const x = lo + ((k + 0.5) * (hi - lo)) / n;
        const g = Math.exp(-0.5 * ((x - qi) / dq[i]) ** 2);
        num += g * model(x);
        den += g;
      }
      return num / den;
    });
    // sasmodels' midpoint rule on the data's own spacing (here dq/9): ~1e-3, up to 1e-2 in the deep minima
    expect(maxRelativeDifference(smeared, direct)).toBeLessThan(1e-2);
  });
});

describe("noise", () => {
  it("is deterministic per seed and Poisson distributed", () => {
    const I = new Float64Array(20000).fill(0.005);
    const a = addPoissonNoise(I, { seed: 42, countsPerUnit: 1e4 });
    const b = addPoissonNoise(I, { seed: 42, countsPerUnit: 1e4 });
    const c = addPoissonNoise(I, { seed: 43, countsPerUnit: 1e4 });
    expect(Array.from(a.counts)).toEqual(Array.from(b.counts));
    expect(Array.from(a.counts)).not.toEqual(Array.from(c.counts));
    for (const lambda of [50, 3]) {
      const r = addPoissonNoise(new Float64Array(20000).fill(lambda / 1e4), { seed: 7, countsPerUnit: 1e4 });
      const mean = r.counts.reduce((s, v) => s + v, 0) / r.counts.length;
      const variance = r.counts.reduce((s, v) => s + (v - mean) ** 2, 0) / r.counts.length;
      expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / 20000));
      expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.05);
      for (const v of r.counts) expect(Number.isInteger(v)).toBe(true);
    }
  });

  it("adds a flat background", () => {
    expect(Array.from(addFlatBackground(Float64Array.of(1, 2), 0.5))).toEqual([1.5, 2.5]);
  });
});

describe("transforms (paper 001)", () => {
  const I = Float64Array.of(100, 40, 10, 3, 1.5);

  it("quotient transform and its log are scale invariant", () => {
    const scaled = Float64Array.from(I, (v) => 7.5 * v);
    expect(maxRelativeDifference(quotientTransform(scaled), quotientTransform(I))).toBeLessThan(1e-15);
    expect(Array.from(logQuotientTransform(I))).toEqual(Array.from(I.slice(1), (v, i) => Math.log((v / I[i]) ** 2)));
  });

  it("scalar neutralisation restores log(I²/I0²); zero-index normalisation divides log I² by its first value", () => {
    const sn = scalarNeutralisation(I);
    sn.forEach((v, i) => expect(v).toBeCloseTo(Math.log((I[i + 1] / I[0]) ** 2), 12));
    const z = zeroIndexNormalisation(I);
    expect(z[0]).toBe(1);
    expect(z[2]).toBeCloseTo(Math.log(100) / Math.log(10000), 14);
  });

  it("interpolation is exact for lines (linear) and power laws (loglog)", () => {
    const qf = Float64Array.of(1, 2, 4, 8);
    const lin = interpolateCurve(
      qf,
      Float64Array.from(qf, (x) => 3 * x + 1),
      Float64Array.of(1.5, 5, 9),
    );
    expect(lin[0]).toBeCloseTo(5.5, 14);
    expect(lin[1]).toBeCloseTo(16, 14);
    expect(Number.isNaN(lin[2])).toBe(true);
    const pl = interpolateCurve(
      qf,
      Float64Array.from(qf, (x) => x ** -4),
      Float64Array.of(3),
      { mode: "loglog" },
    );
    expect(pl[0]).toBeCloseTo(3 ** -4, 14);
  });
});

describe("broad_peak under its earlier sasmodels parameter names", () => {
  const q = Float64Array.from([0.01, 0.05, 0.1, 0.2]);
  test("lorentz_scale/lorentz_length/lorentz_exp mean peak_scale/correlation_length/width_exp", () => {
    const old = evaluate("broad_peak", { lorentz_scale: 7, lorentz_length: 30, lorentz_exp: 2.5, background: 0 }, q).I;
    const current = evaluate("broad_peak", { peak_scale: 7, correlation_length: 30, width_exp: 2.5, background: 0 }, q).I;
    expect(Array.from(old)).toEqual(Array.from(current));
    // The earlier release's formula, written out: A/q^n + C/(1 + (|q - q0| L)^m).
    q.forEach((x, i) => expect(old[i]).toBeCloseTo(1e-5 / x ** 3 + 7 / (1 + (Math.abs(x - 0.1) * 30) ** 2.5), 10));
  });
  test("old and new name of one parameter together are refused", () => {
    expect(() => evaluate("broad_peak", { lorentz_scale: 7, peak_scale: 7 }, q)).toThrow(/either lorentz_scale or peak_scale/);
  });
});
