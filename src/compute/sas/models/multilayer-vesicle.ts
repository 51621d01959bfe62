/**
 * multilayer_vesicle: a solvent core of radius R wrapped in n bilayer shells of thickness t_s, each pair
 * separated by t_w of solvent (an onion of equal lamellae). Shell i spans r_i .. r_i + t_s with
 * r_i = R + i (t_s + t_w), so F(q) = (ρ_solvent - ρ) Σ_{i<n} [V(r_i) Φ(q r_i) - V(r_i + t_s) Φ(q (r_i + t_s))],
 * Φ(x) = 3j1(x)/x. As in vesicle, the volume fraction lives inside the model (F1 = √φ F, F2 = φ F²)
 * and the normalising volume is the outer sphere, R_N = R + n (t_s + t_w) - t_w.
 */
import type { ScatteringModelDefinition } from "../types";
import { SasInputError } from "../errors";
import { sphereAmplitude } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, param } from "./define";
import { log10Uniform } from "./draw";

const parameters = [
  param("volfraction", "", 0.05, [0, 1], "plain", "volume fraction of vesicles"),
  param("radius", "Ang", 60, [0, INF], "volume", "radius of solvent filled core"),
  param("thick_shell", "Ang", 10, [0, INF], "volume", "thickness of one shell"),
  param("thick_solvent", "Ang", 10, [0, INF], "volume", "solvent thickness between shells"),
  param("sld_solvent", "1e-6/Ang^2", 6.4, [-INF, INF], "sld", "solvent scattering length density"),
  param("sld", "1e-6/Ang^2", 0.4, [-INF, INF], "sld", "Shell scattering length density"),
  // a (dispersable) volume parameter in sasmodels; the kernel rounds it to whole shells
  param("n_shells", "", 2, [1, INF], "volume", "Number of shell plus solvent layer pairs (must be integer)"),
];
const {
  volfraction: VOLFRACTION,
  radius: RADIUS,
  thick_shell: THICK_SHELL,
  thick_solvent: THICK_SOLVENT,
  sld_solvent: SLD_SOLVENT,
  sld: SLD,
  n_shells: N_SHELLS,
} = indexOf(parameters);

/** Two sphere amplitudes per shell and q: beyond this many shells no curve is worth the wait. */
const MAX_SHELLS = 1e5;

/** Whole shells of a (possibly dispersed, non-integer) count; at least one, as sasmodels' loop runs once. */
function shells(p: Float64Array): number {
  const n = Math.max(1, Math.floor(p[N_SHELLS] + 0.5));
  if (!(n <= MAX_SHELLS)) throw new SasInputError(`n_shells = ${p[N_SHELLS]} is more than ${MAX_SHELLS} shells (the sum grows with it)`, "n_shells");
  return n;
}

// sasmodels 1.0.6, load_model("multilayer_vesicle", dtype="double") + call_kernel / call_Fq (SAS_OPENCL=none),
// printed with repr(); closed form, so agreement is to rounding.
const COMPUTED = "sasmodels 1.0.6 compiled in double precision (call_kernel), this project's reference run";
const PUBLISHED = "sasmodels models/multilayer_vesicle.py tests";

export const multilayerVesicle: ScatteringModelDefinition = {
  name: "multilayer_vesicle",
  title: "Multi-lamellar vesicle: n equal shells separated by solvent around a solvent core",
  description: "F(q) = (ρ_solvent - ρ) Σ_i [V(r_i)Φ(q r_i) - V(r_i + t_s)Φ(q(r_i + t_s))], r_i = R + i(t_s + t_w); I = scale φ F²/V(R_N) + background",
  category: "shape:sphere",
  parameters,
  random(rng) {
    const volfraction = log10Uniform(rng, -3, -0.5);
    // a core up to ~300 Å inside 100 Å – 1 µm of shells, each shell + solvent period ≥ ~10 Å
    const radius = log10Uniform(rng, 0, 2.5);
    const total = log10Uniform(rng, 2, 4);
    const shells = Math.floor(log10Uniform(rng, 0, Math.log10(total) - 1) + 0.5);
    const period = total / shells;
    // the solvent takes 1 % – 100 % of the period less 1 Å, so the shell is ≥ 1 Å
    const thickSolvent = log10Uniform(rng, -2, 0) * (period - 1);
    return { scale: 1, volfraction, radius, thick_shell: period - thickSolvent, thick_solvent: thickSolvent, n_shells: shells };
  },
  knownValues: [
    // printed from an older code: sasmodels 1.0.6 itself gives 122.14121723718609 (+ 0.001 background), 6e-6 away
    { parameters: {}, q: [0.001], I: [122.1405], rtol: 1e-5, source: PUBLISHED },
    // (sasmodels' second published case is a 2D point (qx, qy) = (0.001, 0.30903): this library is 1D)
    {
      parameters: { background: 0 },
      q: [0.001, 0.01, 0.1, 0.5, 1],
      I: [122.14021723718609, 99.2796719220154, 0.5778601499904481, 0.00010688473750667436, 4.1804084779825414e-5],
      rtol: 1e-9,
      source: COMPUTED,
    },
    { parameters: { volfraction: 1 }, q: [0.001], I: [2442.805344743723], rtol: 1e-9, source: COMPUTED },
    {
      parameters: { background: 0, n_shells: 7, radius: 200, thick_shell: 40, thick_solvent: 25, sld: 1.5, volfraction: 0.2 },
      q: [0.001, 0.01, 0.1, 0.5, 1],
      I: [186800.55278884925, 1669.0115596875314, 9.655633176888527, 8.00288644798492e-5, 1.6799901020730777e-6],
      rtol: 1e-9,
      source: COMPUTED,
    },
    {
      parameters: { n_shells: 3, radius: 100, thick_shell: 30, thick_solvent: 20, radius_pd: 0.2, radius_pd_n: 15, thick_shell_pd: 0.1, thick_shell_pd_n: 9 },
      q: [0.005, 0.05],
      I: [2944.701866194213, 1.2625348505440155],
      averages: {
        F1: [-381479.62565795064, 5625.579920931977],
        F2: [154118250658.32016, 66025566.9913353],
        radiusEffective: 230.00000000000006,
        volume: 52337489.49770424,
        volumeRatio: 1,
      },
      rtol: 1e-9,
      source: COMPUTED,
    },
    // a dispersed shell count: each point is rounded to whole shells, R_eff averages the raw counts
    {
      parameters: { n_shells: 3, n_shells_pd: 0.3, n_shells_pd_n: 11 },
      q: [0.005, 0.05],
      I: [355.9052708157755, 3.528659998787301],
      averages: {
        F1: [-41192.8146094194, 4338.684111316829],
        F2: [2242902030.149149, 22231247.056463454],
        radiusEffective: 110.7365094131297,
        volume: 6301981.218174614,
        volumeRatio: 1,
      },
      rtol: 1e-9,
      source: COMPUTED,
    },
    // No product case: sasmodels uses P's volfraction for S when P has one (and then no second factor of
    // it), while this library keeps S's own as volfraction_S, so multilayer_vesicle@hardsphere (like
    // vesicle@hardsphere) differs from sasmodels by design of the registry, not of this kernel.
    // parameters drawn by sasmodels' own random() (seed 15), rounded to 6 digits
    {
      parameters: { scale: 1.0, volfraction: 0.122059, radius: 38.9947, thick_shell: 29.9002, thick_solvent: 2.01586, n_shells: 5.0, background: 0 },
      q: [0.001, 0.01, 0.1, 1.0],
      I: [12357.456711894378, 5401.323084334875, 0.4249757790259486, 0.0008651219303847384],
      rtol: 1e-9,
      source: COMPUTED,
    },
    {
      parameters: { scale: 1.0, volfraction: 0.0455802, radius: 2.75952, thick_shell: 15.9338, thick_solvent: 1.7907, n_shells: 10.0, background: 0 },
      q: [0.001, 0.01, 0.1, 1.0],
      I: [3216.2618817194198, 1650.6818655945008, 0.11967555180274983, 0.0001377256362914626],
      rtol: 1e-9,
      source: COMPUTED,
    },
  ],
  haveFq: true,
  orientationPoints: (_qMax, p) => 2 * shells(p),
  formVolume: (p) => FOUR_PI_3 * (p[RADIUS] + shells(p) * (p[THICK_SHELL] + p[THICK_SOLVENT]) - p[THICK_SOLVENT]) ** 3,
  radiusEffectiveModes: ["outer radius"],
  // sasmodels uses the count as given here (not rounded)
  radiusEffective: (_mode, p) => p[RADIUS] + p[N_SHELLS] * p[THICK_SHELL] + (p[N_SHELLS] - 1) * p[THICK_SOLVENT],
  accumulate(q, p, weight, f1, f2) {
    const n = shells(p);
    const contrast = p[SLD_SOLVENT] - p[SLD];
    const ts = p[THICK_SHELL];
    const period = ts + p[THICK_SOLVENT];
    const phi = p[VOLFRACTION];
    const a1 = weight * 1e-2 * Math.sqrt(phi);
    const a2 = weight * 1e-4 * phi;
    for (let j = 0; j < q.length; j++) {
      let f = 0;
      for (let i = 0; i < n; i++) {
        const rIn = p[RADIUS] + i * period;
        const rOut = rIn + ts;
        f += rIn * rIn * rIn * sphereAmplitude(q[j] * rIn) - rOut * rOut * rOut * sphereAmplitude(q[j] * rOut);
      }
      f *= FOUR_PI_3 * contrast;
      if (f1) f1[j] += a1 * f;
      f2[j] += a2 * f * f;
    }
  },
};
