/**
 * Every registered model reproduces the known values its own file carries (sasmodels' published
 * `tests` tables, and a few integrals computed outside the project). The numbers live next to the
 * kernels; this file only runs them.
 */
import { evaluate, formAverages } from "../../../src/compute/sas/evaluate";
import { MODEL_DEFINITIONS } from "../../../src/compute/sas/models";
import type { KnownValue, ScatteringModelDefinition } from "../../../src/compute/sas/types";

/**
 * Models whose sasmodels file publishes at least one 1D value (dab, broad_peak, gaussian_peak,
 * core_multi_shell, onion, raspberry and linear_pearls publish none).
 */
const SASMODELS_PUBLISHES = [
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
  "mass_fractal",
  "mono_gauss_coil",
  "polymer_excl_volume",
  "teubner_strey",
  // shape-independent and lamellar SASformer classes (gaussian_peak publishes none)
  "adsorbed_layer",
  "correlation_length",
  "fractal",
  "gauss_lorentz_gel",
  "gel_fit",
  "lamellar_hg",
  "lamellar_hg_stack_caille",
  "lamellar_stack_caille",
  "lamellar_stack_paracrystal",
  "lorentz",
  "mass_surface_fractal",
  "peak_lorentz",
  "poly_gauss_coil",
  "star_polymer",
  "surface_fractal",
  "two_lorentzian",
  "two_power_law",
  "unified_power_Rg",
  // oriented-shape SASformer classes
  "core_shell_bicelle",
  "core_shell_ellipsoid",
  "elliptical_cylinder",
  "hollow_rectangular_prism_thin_walls",
  "rectangular_prism",
  "stacked_disks",
  "triaxial_ellipsoid",
  "hardsphere",
  "stickyhardsphere",
  "squarewell",
  // composite and multi-shell models (issue 15)
  "binary_hard_sphere",
  "fractal_core_shell",
  "flexible_cylinder",
  "flexible_cylinder_elliptical",
  "multilayer_vesicle",
  "pearl_necklace",
];

interface Comparison {
  what: string;
  expected: number;
  actual: number;
}

function compare(
  out: Comparison[],
  what: string,
  expected: readonly number[] | number | undefined,
  actual: ArrayLike<number> | number | null | undefined,
): void {
  if (expected === undefined) return;
  const e = typeof expected === "number" ? [expected] : expected;
  const a = actual === null || actual === undefined ? [] : typeof actual === "number" ? [actual] : Array.from(actual);
  if (a.length !== e.length) throw new Error(`${what}: expected ${e.length} values, got ${a.length}`);
  e.forEach((v, i) => out.push({ what: `${what}[${i}]`, expected: v, actual: a[i] }));
}

/** All numbers of one case, computed the way sasmodels' test runner does. */
function runKnownValue(model: ScatteringModelDefinition, kv: KnownValue): Comparison[] {
  const expression = kv.structureFactor ? `${model.name}@${kv.structureFactor}` : model.name;
  const q = Float64Array.from(kv.q);
  const out: Comparison[] = [];
  if (kv.I || kv.parts) {
    const ev = evaluate(expression, kv.parameters, q);
    compare(out, "I", kv.I, ev.I);
    if (kv.parts) {
      compare(out, "P", kv.parts.P, ev.P);
      compare(out, "S", kv.parts.S, ev.S);
      const beta = ev.betaFactor;
      const S = ev.S;
      compare(out, "S_eff", kv.parts.effectiveS, beta && S ? Array.from(S, (s, i) => 1 + beta[i] * (s - 1)) : null);
    }
  }
  if (kv.averages) {
    const avg = formAverages(expression, kv.parameters, q);
    compare(out, "F1", kv.averages.F1, avg.F1);
    compare(out, "F2", kv.averages.F2, avg.F2);
    compare(out, "R_eff", kv.averages.radiusEffective, avg.radiusEffective);
    compare(out, "volume", kv.averages.volume, avg.volume);
    compare(out, "volume ratio", kv.averages.volumeRatio, avg.volumeRatio);
  }
  return out;
}

function relativeError(c: Comparison): number {
  if (c.expected === c.actual) return 0; // covers 0 and infinities
  return Math.abs(c.actual - c.expected) / Math.abs(c.expected);
}

const cases = MODEL_DEFINITIONS.flatMap((model) =>
  (model.knownValues ?? []).map((kv, i) => ({ label: `${kv.structureFactor ? `${model.name}@${kv.structureFactor}` : model.name} #${i + 1}`, model, kv })),
);

describe("known values carried by the model files", () => {
  it.each(cases)("$label", ({ model, kv }) => {
    const comparisons = runKnownValue(model, kv);
    expect(comparisons.length).toBeGreaterThan(0);
    const failures = comparisons
      .filter((c) => !(relativeError(c) <= kv.rtol))
      .map((c) => `${c.what}: expected ${c.expected}, got ${c.actual} (relative error ${relativeError(c).toExponential(2)} > ${kv.rtol})`);
    expect(failures).toEqual([]);
  });

  it("every model that sasmodels publishes values for carries at least one of them", () => {
    const registered = new Set(MODEL_DEFINITIONS.map((d) => d.name));
    for (const name of SASMODELS_PUBLISHES) {
      expect(registered.has(name)).toBe(true);
      const def = MODEL_DEFINITIONS.find((d) => d.name === name);
      const published = (def?.knownValues ?? []).filter((kv) => kv.source.startsWith("sasmodels"));
      expect({ name, published: published.length > 0 }).toEqual({ name, published: true });
    }
  });

  it("every case is well formed: q and expected lists agree, a tolerance no looser than sasmodels' own, a source", () => {
    for (const { label, kv } of cases) {
      const lengths = [kv.I, kv.averages?.F1, kv.averages?.F2, kv.parts?.P, kv.parts?.S, kv.parts?.effectiveS]
        .filter((v): v is number[] => v !== undefined)
        .map((v) => v.length);
      expect({ label, lengths: lengths.every((n) => n === kv.q.length) }).toEqual({ label, lengths: true });
      // sasmodels' runner accepts 5 significant digits (up to 1.5e-4 relative); ours may only be tighter
      expect({ label, rtol: kv.rtol > 0 && kv.rtol <= 1.5e-4 }).toEqual({ label, rtol: true });
      expect(kv.source.length).toBeGreaterThan(0);
    }
  });
});
