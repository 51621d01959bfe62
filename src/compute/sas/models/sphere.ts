/** sphere: uniform solid sphere (sasmodels "sphere"). F = Δρ V 3j1(qR)/(qR). */
import type { ModelDefinition } from "../types";
import { sphereAmplitude, sphereAmplitudeSweep } from "../numerics/spherical";
import { FOUR_PI_3, INF, param } from "./define";
import { isLinearGrid, scratch } from "./grid";

const SLD = 0;
const SLD_SOLVENT = 1;
const RADIUS = 2;

export const sphere: ModelDefinition = {
  name: "sphere",
  title: "Spheres with uniform scattering length density",
  description: "P(q) = (scale/V) [3 V Δρ (sin qR - qR cos qR)/(qR)^3]^2 + background",
  category: "shape:sphere",
  parameters: [
    param("sld", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Layer scattering length density"),
    param("sld_solvent", "1e-6/Ang^2", 6, [-INF, INF], "sld", "Solvent scattering length density"),
    param("radius", "Ang", 50, [0, INF], "volume", "Sphere radius"),
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
