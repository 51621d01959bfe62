/**
 * Every model file's random() sampler (sasmodels' random() laws): 200 draws per model lie within the
 * table's limits, are finite, satisfy the model's own constraints, give a finite non-negative curve
 * that is not all zero, and repeat bit for bit from the seed; for a few models the draws follow the
 * documented law (a Kolmogorov–Smirnov distance against the exact CDF, moments against exact ones).
 */
import { MODEL_DEFINITIONS } from "../../../src/compute/sas/models";
import { evaluate, randomParameters } from "../../../src/compute/sas";
import { findDefinition } from "../../../src/compute/sas/registry";
import { Random } from "../../../src/compute/random";
import { qGrid } from "../../../src/compute/sampling";
import type { ScatteringModelDefinition } from "../../../src/compute/sas/types";

const DRAWS = 200;
const Q = qGrid(0.001, 0.5, 40, "LOG");
/**
 * Kernel evaluations per q point a unit test affords: draws of 2D-quadrature shapes reach q·size ~ 1e4,
 * where one curve takes seconds, so their curve is checked up to the q where the rule stays below
 * this (every draw keeps at least the low-q part; sizes of 1D models are checked on the whole grid).
 */
const NODES_PER_Q = 20000;

const integer = (v: number) => Number.isInteger(v);
/** The model's own constraints on a full parameter set (draws over its defaults). */
const CONSTRAINTS: Record<string, (p: Record<string, number>) => boolean> = {
  core_shell_sphere: (p) => p.radius >= 1 && p.thickness >= 1,
  hollow_cylinder: (p) => p.radius >= 1 && p.thickness >= 1,
  core_shell_cylinder: (p) => p.radius >= 1 && p.thickness >= 1,
  fractal_core_shell: (p) => p.radius >= 1 && p.thickness >= 1 && p.cor_length > p.radius + p.thickness,
  core_shell_ellipsoid: (p) => p.radius_equat_core >= 1 && p.thick_shell >= 1 && p.radius_equat_core * p.x_core >= 1 && p.thick_shell * p.x_polar_shell >= 1,
  fuzzy_sphere: (p) => p.fuzziness < p.radius,
  vesicle: (p) => p.volfraction <= 0.1,
  stacked_disks: (p) =>
    integer(p.n_stacking) && p.n_stacking * (p.thick_core + 2 * p.thick_layer) <= 10 ** 4.7 * (1 + 1e-12) && p.sigma_d < p.thick_core + 2 * p.thick_layer,
  lamellar_hg: (p) => p.length_head + p.length_tail <= 1e4,
  lamellar_hg_stack_caille: (p) => integer(p.Nlayers) && p.Nlayers >= 2 && 2 * (p.length_head + p.length_tail) <= 2 * p.d_spacing,
  lamellar_stack_caille: (p) => integer(p.Nlayers) && p.Nlayers >= 2 && p.thickness <= p.d_spacing,
  lamellar_stack_paracrystal: (p) => integer(p.Nlayers) && p.Nlayers >= 2 && p.thickness <= p.d_spacing && p.sigma_d <= 1,
  guinier: (p) => p.scale * Math.exp(-(p.rg * p.rg) / 3) >= 1e-30 * (1 - 1e-9),
  mass_fractal: (p) => p.cutoff_length > p.radius && p.fractal_dim_mass <= 3,
  fractal: (p) => p.cor_length > p.radius && p.fractal_dim >= 1 && p.fractal_dim <= 3,
  mass_surface_fractal: (p) => p.fractal_dim_mass + p.fractal_dim_surf <= 6 && p.rg_primary < p.rg_cluster,
  teubner_strey: (p) => p.volfraction_a <= 1,
  gaussian_peak: (p) => p.sigma < p.peak_pos,
  peak_lorentz: (p) => p.peak_hwhm <= p.peak_pos,
  unified_power_Rg: (p) => integer(p.level) && p.level >= 1 && p.level <= 6,
  hardsphere: (p) => p.volfraction < 0.74,
  binary_hard_sphere: (p) => p.radius_lg >= p.radius_sm,
  core_multi_shell: (p) => integer(p.n) && p.n >= 1 && p.n <= 10,
  onion: (p) => integer(p.n_shells) && p.n_shells >= 1 && p.n_shells <= 10,
  multilayer_vesicle: (p) => integer(p.n_shells) && p.n_shells >= 1 && p.thick_shell >= 1,
  linear_pearls: (p) => integer(p.num_pearls) && p.num_pearls >= 2,
  pearl_necklace: (p) => integer(p.num_pearls) && p.num_pearls >= 2 && p.thick_string < p.radius,
  raspberry: (p) => p.radius_sm < p.radius_lg && p.penetration >= 0 && p.surface_fraction <= 1,
  flexible_cylinder: (p) => p.kuhn_length <= p.length,
  flexible_cylinder_elliptical: (p) => p.kuhn_length <= p.length / 5,
};

function draws(def: ScatteringModelDefinition, seed: number, n = DRAWS): Record<string, number>[] {
  const rng = new Random(seed);
  return Array.from({ length: n }, () => def.random(rng));
}

function fullParameters(def: ScatteringModelDefinition, drawn: Record<string, number>): Record<string, number> {
  return { ...Object.fromEntries(def.parameters.map((s) => [s.name, s.default])), ...drawn };
}

describe.each(MODEL_DEFINITIONS.map((d) => [d.name, d] as const))("%s random()", (name, def) => {
  const drawn = draws(def, 11);

  it("draws only its own parameters (and scale), finite and within the table's limits", () => {
    const names = new Set(["scale", ...def.parameters.map((s) => s.name)]);
    const wrong: string[] = [];
    for (const p of drawn) {
      for (const [key, v] of Object.entries(p)) if (!names.has(key) || !Number.isFinite(v)) wrong.push(`${key}=${v}`);
      for (const spec of def.parameters) {
        const v = p[spec.name];
        if (v !== undefined && !(v >= spec.limits[0] && v <= spec.limits[1])) wrong.push(`${spec.name}=${v} outside [${spec.limits}]`);
      }
      if (p.scale !== undefined && !(p.scale >= 0)) wrong.push(`scale=${p.scale}`);
    }
    expect([name, wrong]).toEqual([name, []]);
  });

  it("satisfies the model's own constraints", () => {
    const rule = CONSTRAINTS[name];
    if (!rule) return;
    expect([name, drawn.filter((p) => !rule(fullParameters(def, p)))]).toEqual([name, []]);
  });

  it("gives a finite, non-negative curve that is not all zero (background 0)", () => {
    const wrong: Record<string, number>[] = [];
    for (const p of drawn) {
      const full = Float64Array.from(def.parameters.map((s) => p[s.name] ?? s.default));
      let n = Q.length;
      if (def.orientationPoints) while (n > 1 && def.orientationPoints(Q[n - 1], full) > NODES_PER_Q) n--;
      const { I } = evaluate(name, { ...p, background: 0 }, Q.subarray(0, n));
      const ok = Array.from(I).every((v) => Number.isFinite(v) && v >= 0) && Math.max(...I) > 0;
      if (!ok) wrong.push(p);
    }
    expect([name, wrong]).toEqual([name, []]);
  });

  it("repeats bit for bit from the seed, and another seed draws other values", () => {
    expect(draws(def, 11, 20)).toEqual(drawn.slice(0, 20));
    expect(draws(def, 12, 20)).not.toEqual(drawn.slice(0, 20));
  });
});

/** Kolmogorov–Smirnov distance of a sample from a CDF. */
function ksDistance(sample: number[], cdf: (x: number) => number): number {
  const xs = [...sample].sort((a, b) => a - b);
  let d = 0;
  xs.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / xs.length), Math.abs((i + 1) / xs.length - f));
  });
  return d;
}
/** The 0.1 % critical KS distance for n draws (a fixed seed: the test cannot flicker). */
const ksCritical = (n: number) => 1.95 / Math.sqrt(n);

describe("the draws follow the documented laws (4000 draws each)", () => {
  const N = 4000;
  const sample = (model: string) => draws(findDefinition(model), 2024, N);

  it("sphere: log10(radius) uniform on [1.3, 4]", () => {
    const logs = sample("sphere").map((p) => Math.log10(p.radius));
    expect(ksDistance(logs, (x) => (x - 1.3) / 2.7)).toBeLessThan(ksCritical(N));
    const mean = logs.reduce((s, v) => s + v, 0) / N;
    // mean 2.65, standard error 2.7/√12/√N
    expect(Math.abs(mean - 2.65)).toBeLessThan((4 * 2.7) / Math.sqrt(12 * N));
  });

  it("core_shell_sphere: (radius - 1)/(outer - 2) has the arcsine law Beta(½, ½)", () => {
    const u = sample("core_shell_sphere").map((p) => (p.radius - 1) / (p.radius + p.thickness - 2));
    expect(ksDistance(u, (x) => (2 / Math.PI) * Math.asin(Math.sqrt(Math.min(1, Math.max(0, x)))))).toBeLessThan(ksCritical(N));
  });

  it("mass_fractal: D_m = 1 + 2 Beta(3, 4) (mean 13/7, variance 12/98)", () => {
    const d = sample("mass_fractal").map((p) => p.fractal_dim_mass);
    // Beta(3, 4) CDF: I_x(3, 4) = Σ_{j=3}^{6} C(6, j) x^j (1-x)^(6-j)
    const choose = [1, 6, 15, 20, 15, 6, 1];
    const cdf = (y: number) => {
      const x = (y - 1) / 2;
      let s = 0;
      for (let j = 3; j <= 6; j++) s += choose[j] * x ** j * (1 - x) ** (6 - j);
      return s;
    };
    expect(ksDistance(d, cdf)).toBeLessThan(ksCritical(N));
    const mean = d.reduce((s, v) => s + v, 0) / N;
    const variance = d.reduce((s, v) => s + (v - mean) ** 2, 0) / (N - 1);
    expect(Math.abs(mean - 13 / 7)).toBeLessThan(4 * Math.sqrt(12 / 98 / N));
    expect(Math.abs(variance / (12 / 98) - 1)).toBeLessThan(0.1);
  });

  it("unified_power_Rg: 1 + Poisson(½) levels (P(1) = e^-½, P(2) = ½e^-½)", () => {
    const levels = sample("unified_power_Rg").map((p) => p.level);
    const share = (k: number) => levels.filter((l) => l === k).length / N;
    const p1 = Math.exp(-0.5);
    expect(Math.abs(share(1) - p1)).toBeLessThan(4 * Math.sqrt((p1 * (1 - p1)) / N));
    const p2 = 0.5 * p1;
    expect(Math.abs(share(2) - p2)).toBeLessThan(4 * Math.sqrt((p2 * (1 - p2)) / N));
  });

  it("lamellar_stack_paracrystal: Nlayers uniform on 2..199, sigma_d ~ Beta(1.5, 7) (mean 3/17)", () => {
    const draws = sample("lamellar_stack_paracrystal");
    const layers = draws.map((p) => p.Nlayers);
    expect(Math.min(...layers)).toBe(2);
    expect(Math.max(...layers)).toBe(199);
    expect(ksDistance(layers, (x) => (Math.floor(x) - 1) / 198)).toBeLessThan(ksCritical(N) + 1 / 198);
    const sigma = draws.map((p) => p.sigma_d);
    const mean = sigma.reduce((s, v) => s + v, 0) / N;
    // Beta(a, b): mean a/(a+b), variance ab/((a+b)²(a+b+1))
    const sd = Math.sqrt((1.5 * 7) / (8.5 * 8.5 * 9.5));
    expect(Math.abs(mean - 1.5 / 8.5)).toBeLessThan((4 * sd) / Math.sqrt(N));
  });

  it("hardsphere: log10(volfraction) uniform on [-2, log10 0.74]", () => {
    const logs = sample("hardsphere").map((p) => Math.log10(p.volfraction));
    const top = Math.log10(0.74);
    expect(ksDistance(logs, (x) => (x + 2) / (top + 2))).toBeLessThan(ksCritical(N));
  });
});

describe("randomParameters of an expression", () => {
  it("draws a form factor's parameters as its own random()", () => {
    const a = randomParameters("cylinder", new Random(3));
    expect(a).toEqual(findDefinition("cylinder").random(new Random(3)));
  });

  it("draws P then S for a product, without S's radius (mode 1 keeps it coupled) and with _S names", () => {
    const rng = new Random(4);
    const p = findDefinition("sphere").random(rng);
    const s = findDefinition("hardsphere").random(rng);
    expect(randomParameters("sphere@hardsphere", new Random(4))).toEqual({ ...p, volfraction: s.volfraction });
    // core_shell_sphere@... has no clash; fractal's volfraction clashes with hardsphere's
    const drawn = randomParameters("fractal@hardsphere", new Random(5));
    expect(Object.keys(drawn).sort()).toEqual(["cor_length", "fractal_dim", "radius", "volfraction", "volfraction_S"]);
    expect(drawn.radius_effective).toBeUndefined();
    const { I } = evaluate("fractal@hardsphere", drawn, Q);
    expect(Array.from(I).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });
});
