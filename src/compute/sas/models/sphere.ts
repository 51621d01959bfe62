/** sphere: uniform solid sphere (sasmodels "sphere"). F = Δρ V 3j1(qR)/(qR). */
import type { ScatteringModelDefinition } from "../types";
import { sphereAmplitude, sphereAmplitudeSweep } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, param } from "./define";
import { isLinearGrid, scratch } from "./grid";
import { log10Uniform } from "./draw";

const parameters = [
  param("sld", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Layer scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 6, [-INF, INF], "sld", "Solvent scattering length density"),
  param("radius", "Ang", 50, [0, INF], "volume", "Sphere radius"),
];
const { sld: SLD, sld_solvent: SLD_SOLVENT, radius: RADIUS } = indexOf(parameters);

const SOURCE = "sasmodels models/sphere.py tests (compiled sasmodels, double precision)";
// A polydisperse sphere (R = 120 Å, 20 % Gaussian, 45 points) in contrast +5, the base of most cases below.
const PD120 = { scale: 1, background: 0, sld: 6, sld_solvent: 1, radius: 120, radius_pd: 0.2, radius_pd_n: 45 };
const PD120_HS = { radius: 120, radius_pd: 0.2, radius_pd_n: 45, volfraction: 0.2 };

export const sphere: ScatteringModelDefinition = {
  name: "sphere",
  title: "Spheres with uniform scattering length density",
  description: "P(q) = (scale/V) [3 V Δρ (sin qR - qR cos qR)/(qR)^3]^2 + background",
  category: "shape:sphere",
  parameters,
  random(rng) {
    // sasmodels' law: radius log-uniform 20 Å – 1 µm
    return { radius: log10Uniform(rng, 1.3, 4) };
  },
  // sasmodels' 2D (qx, qy) and magnetic cases are left out: this library computes 1D I(|q|) only.
  knownValues: [
    { parameters: {}, q: [0.2], I: [0.726362], rtol: 2e-6, source: SOURCE },
    {
      parameters: { scale: 1, background: 0, sld: 6, sld_solvent: 1, radius: 120 },
      q: [0.01, 0.1, 0.2],
      I: [1.34836265e4, 6.20114062, 1.04733914e-1],
      rtol: 1e-8,
      source: SOURCE,
    },
    { parameters: PD120, q: [0.01, 0.1, 0.2], I: [1.74395295e4, 3.68016987, 2.28843099e-1], rtol: 1e-8, source: SOURCE },
    {
      parameters: PD120,
      q: [0.01],
      averages: { F1: [335839.88055473], F2: [1.41045057e11], radiusEffective: 120, volume: 8087664.122641933, volumeRatio: 1 },
      rtol: 1e-8,
      source: SOURCE,
    },
    {
      parameters: { radius: 120, radius_pd: 0.2, radius_pd_n: 45 },
      q: [0.1, 0.2],
      averages: { F1: [482.93824329, 1.23330406], F2: [29763977.79867414, 1850806.1197361], radiusEffective: 120, volume: 8087664.122641933, volumeRatio: 1 },
      rtol: 1e-8,
      source: SOURCE,
    },
    // sphere@hardsphere: the beta approximation and both ways of choosing R_eff
    {
      structureFactor: "hardsphere",
      parameters: { ...PD120_HS, structure_factor_mode: 1, radius_effective_mode: 0 },
      q: [0.01, 0.1, 0.2],
      I: [1.32473756e3, 7.36633631e-1, 4.67686201e-2],
      rtol: 1e-8,
      source: SOURCE,
    },
    {
      structureFactor: "hardsphere",
      parameters: { ...PD120_HS, radius_effective: 45, structure_factor_mode: 1, radius_effective_mode: 0 },
      q: [0.01],
      I: [1316.2990966463444],
      rtol: 1e-9,
      source: SOURCE,
    },
    {
      structureFactor: "hardsphere",
      parameters: { ...PD120_HS, radius_effective: 120, structure_factor_mode: 1, radius_effective_mode: 0 },
      q: [0.01, 0.1, 0.2],
      I: [1.57928589e3, 7.37067923e-1, 4.67686197e-2],
      // sasmodels also lists this product's volume, volume ratio and R_eff (0 in mode 0), which evaluate()
      // does not return, and no beta(q) (left None there: its single precision was not good enough)
      parts: {
        P: [3487.905895219423, 0.7360339734027279, 0.04576861975646704],
        S: [0.31569726516764035, 1.005886362143737, 0.9976927625183415],
        effectiveS: [0.4527888487743462, 1.0000461252997597, 0.9999999981038543],
      },
      rtol: 1e-8,
      source: SOURCE,
    },
    {
      structureFactor: "hardsphere",
      parameters: { ...PD120_HS, structure_factor_mode: 0, radius_effective_mode: 1 },
      q: [0.01, 0.1, 0.2],
      I: [1.10112335e3, 7.41366536e-1, 4.66630207e-2],
      rtol: 1e-8,
      source: SOURCE,
    },
    {
      structureFactor: "hardsphere",
      parameters: { ...PD120_HS, structure_factor_mode: 0, radius_effective_mode: 0 },
      q: [0.01, 0.1, 0.2],
      I: [7.82803598e2, 6.85943611e-1, 4.71586457e-2],
      rtol: 1e-8,
      source: SOURCE,
    },
  ],
  haveFq: true,
  formVolume: (p) => FOUR_PI_3 * p[RADIUS] ** 3,
  radiusEffectiveModes: ["radius"],
  radiusEffective: (_mode, p) => p[RADIUS],
  accumulate(q, p, weight, f1, f2) {
    const r = p[RADIUS];
    const s = (p[SLD] - p[SLD_SOLVENT]) * FOUR_PI_3 * r * r * r;
    for (let i = 0; i < q.length; i++) {
      const f = s * sphereAmplitude(q[i] * r);
      if (f1) f1[i] += weight * 1e-2 * f;
      f2[i] += weight * 1e-4 * f * f;
    }
  },
  accumulateMesh(q, p, dims, f1, f2) {
    if (dims.length !== 1 || dims[0].index !== RADIUS || !isLinearGrid(dims[0].values)) return false;
    const { values, weights } = dims[0];
    const n = values.length;
    const contrast = p[SLD] - p[SLD_SOLVENT];
    // weight * Δρ V per radius, hoisted out of the q loop
    const wv1 = scratch("sphere.wv1", n);
    const wv2 = scratch("sphere.wv2", n);
    for (let k = 0; k < n; k++) {
      const sv = contrast * FOUR_PI_3 * values[k] ** 3;
      wv1[k] = weights[k] * sv;
      wv2[k] = weights[k] * sv * sv;
    }
    const amp = scratch("sphere.amp", n);
    const r0 = values[0];
    const dr = n > 1 ? (values[n - 1] - values[0]) / (n - 1) : 0;
    for (let i = 0; i < q.length; i++) {
      sphereAmplitudeSweep(q[i], r0, dr, n, amp);
      let s1 = 0;
      let s2 = 0;
      for (let k = 0; k < n; k++) {
        const a = amp[k];
        s1 += wv1[k] * a;
        s2 += wv2[k] * a * a;
      }
      if (f1) f1[i] += 1e-2 * s1;
      f2[i] += 1e-4 * s2;
    }
    return true;
  },
};
