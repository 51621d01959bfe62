/**
 * core_multi_shell: a sphere of radius R and SLD ρ_core wrapped in n concentric shells (n ≤ 10), shell k
 * of thickness t_k and SLD ρ_k, normalised by the whole particle's volume. The amplitude is a sum of
 * one solid-sphere term per interface, each weighted by the SLD step across it:
 *   F(q) = Σ_{j=0..n} (ρ_{j+1} - ρ_j) V(r_j) 3j1(q r_j)/(q r_j),  r_0 = R, r_j = R + t_1 + … + t_j,
 * with ρ_0 = ρ_core and ρ_{n+1} = ρ_solvent.
 */
import type { ScatteringModelDefinition } from "../types";
import { sphereAmplitude } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, param } from "./define";
import { countParam, shellCount, vectorParams } from "./shell-vector";
import { shellSizes } from "./draw";
import { MAX_SHELLS } from "./shell-vector";

const parameters = [
  param("sld_core", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Core scattering length density"),
  param("radius", "Ang", 200, [0, INF], "volume", "Radius of the core"),
  param("sld_solvent", "1e-6/Ang^2", 6.4, [-INF, INF], "sld", "Solvent scattering length density"),
  countParam("n", 1, [0, 10], "number of shells"),
  ...vectorParams("sld", "1e-6/Ang^2", 1.7, [-INF, INF], "sld", "scattering length density of shell"),
  ...vectorParams("thickness", "Ang", 40, [0, INF], "volume", "Thickness of shell"),
];
const { sld_core: SLD_CORE, radius: RADIUS, sld_solvent: SLD_SOLVENT, n: N, sld1: SLD1, thickness1: THICKNESS1 } = indexOf(parameters);

function outerRadius(p: Float64Array): number {
  let r = p[RADIUS];
  const n = shellCount(p[N]);
  for (let k = 0; k < n; k++) r += p[THICKNESS1 + k];
  return r;
}

// sasmodels 1.0.6, load_model("core_multi_shell", dtype="double") + direct_model.call_kernel / call_Fq
// (SAS_OPENCL=none); printed with repr(). The model is closed form, so agreement is to rounding.
const SOURCE = "sasmodels 1.0.6 compiled in double precision (call_kernel), this project's reference run";
const THREE_SHELLS = { n: 3, radius: 50, sld_core: 2, sld1: 0.5, sld2: 4, sld3: -1, thickness1: 20, thickness2: 15, thickness3: 30, sld_solvent: 6.3 };

export const coreMultiShell: ScatteringModelDefinition = {
  name: "core_multi_shell",
  title: "Sphere with up to 10 concentric shells of their own SLD and thickness",
  description: "F(q) = Σ_j (ρ_{j+1} - ρ_j) V(r_j) 3j1(q r_j)/(q r_j) over the core surface and every shell's outer surface; P = F²/V_outer",
  category: "shape:sphere",
  parameters,
  random(rng) {
    const { shells, sizes } = shellSizes(rng, MAX_SHELLS);
    const out: Record<string, number> = { n: shells, radius: sizes[0] };
    for (let k = 1; k <= shells; k++) out[`thickness${k}`] = sizes[k];
    return out;
  },
  knownValues: [
    {
      parameters: {},
      q: [0.001, 0.01, 0.1, 0.5, 1],
      I: [149225.8154270155, 44065.35587366024, 0.8925602950352689, 0.005668429886470524, 0.0010508597132762635],
      rtol: 1e-9,
      source: SOURCE,
    },
    {
      parameters: THREE_SHELLS,
      q: [0.001, 0.01, 0.1, 0.5, 1],
      I: [22466.74693160215, 16787.465145454065, 19.700522633756442, 0.0017212822217259464, 0.0011164535789122798],
      rtol: 1e-9,
      source: SOURCE,
    },
    {
      parameters: { ...THREE_SHELLS, radius_pd: 0.1, radius_pd_n: 15, thickness2_pd: 0.2, thickness2_pd_n: 11 },
      q: [0.01, 0.1],
      I: [17019.689900082532, 20.13382192704507],
      averages: {
        F1: [328195.6900747894, -9798.799917560076],
        F2: [109251586656.88977, 129235190.62675866],
        radiusEffective: 115,
        volume: 6419129.474003486,
        volumeRatio: 1,
      },
      rtol: 1e-9,
      source: SOURCE,
    },
    // no shell: a plain sphere of the core's SLD
    { parameters: { n: 0, radius: 30 }, q: [0.01, 0.1], I: [323.9021684721123, 39.40879337199139], rtol: 1e-9, source: SOURCE },
    // a count of 2.4 reads two shells; thickness3 is then ignored
    {
      parameters: { n: 2.4, sld2: 3, thickness2: 25, thickness3: 1000 },
      q: [0.02, 0.3],
      I: [564.9810035397936, 0.023231797393264367],
      rtol: 1e-9,
      source: SOURCE,
    },
    // with hardsphere: beta approximation at the outer radius, then plain at the core radius
    {
      structureFactor: "hardsphere",
      parameters: {
        background: 0,
        volfraction: 0.2,
        radius_effective_mode: 1,
        structure_factor_mode: 1,
        n: 2,
        radius: 60,
        thickness1: 10,
        thickness2: 20,
        sld2: 3,
        radius_pd: 0.1,
        radius_pd_n: 11,
      },
      q: [0.001, 0.01, 0.05, 0.2],
      I: [280.43397678106044, 287.8454729008275, 3.1699096470109733, 0.0295248328058719],
      rtol: 1e-9,
      source: SOURCE,
    },
    {
      structureFactor: "hardsphere",
      parameters: {
        background: 0,
        volfraction: 0.2,
        radius_effective_mode: 2,
        structure_factor_mode: 0,
        n: 2,
        radius: 60,
        thickness1: 10,
        thickness2: 20,
        sld2: 3,
      },
      q: [0.001, 0.01, 0.05, 0.2],
      I: [227.08279321013922, 216.76581605823668, 2.843923843477262, 0.04333103524371378],
      rtol: 1e-9,
      source: SOURCE,
    },
    // parameters drawn by sasmodels' own random() (seed 15), rounded to 6 digits
    {
      parameters: { n: 2.0, radius: 77.4485, thickness1: 125.14, thickness2: 36.8434, background: 0 },
      q: [0.001, 0.01, 0.1, 1.0],
      I: [126834.27217671603, 36646.712067394124, 0.5844071673410285, 0.000199795879539312],
      rtol: 1e-9,
      source: SOURCE,
    },
    {
      parameters: {
        n: 5.0,
        radius: 8.02254,
        thickness1: 10.1607,
        thickness2: 12.5391,
        thickness3: 31.2235,
        thickness4: 3.29448,
        thickness5: 8.0399,
        background: 0,
      },
      q: [0.001, 0.01, 0.1, 1.0],
      I: [3638.7143801235975, 3269.0148659858914, 1.6474493829588723, 0.00029952596074243773],
      rtol: 1e-9,
      source: SOURCE,
    },
  ],
  haveFq: true,
  formVolume: (p) => FOUR_PI_3 * outerRadius(p) ** 3,
  radiusEffectiveModes: ["outer radius", "core radius"],
  radiusEffective: (mode, p) => (mode === 2 ? p[RADIUS] : outerRadius(p)),
  accumulate(q, p, weight, f1, f2) {
    const n = shellCount(p[N]);
    // (radius, SLD step) per interface, hoisted out of the q loop
    const radii = new Float64Array(n + 1);
    const steps = new Float64Array(n + 1);
    let r = p[RADIUS];
    let inside = p[SLD_CORE];
    for (let k = 0; k <= n; k++) {
      const outside = k < n ? p[SLD1 + k] : p[SLD_SOLVENT];
      radii[k] = r;
      steps[k] = (outside - inside) * FOUR_PI_3 * r * r * r;
      inside = outside;
      if (k < n) r += p[THICKNESS1 + k];
    }
    for (let i = 0; i < q.length; i++) {
      let f = 0;
      for (let k = 0; k <= n; k++) f += steps[k] * sphereAmplitude(q[i] * radii[k]);
      if (f1) f1[i] += weight * 1e-2 * f;
      f2[i] += weight * 1e-4 * f * f;
    }
  },
};
