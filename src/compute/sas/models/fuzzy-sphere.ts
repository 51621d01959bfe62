/** fuzzy_sphere: sphere whose surface is smeared by a Gaussian of width `fuzziness`. */
import type { ScatteringModelDefinition } from "../types";
import { sphereAmplitude } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, param } from "./define";
import { log10Uniform } from "./draw";

const parameters = [
  param("sld", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Particle scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 3, [-INF, INF], "sld", "Solvent scattering length density"),
  param("radius", "Ang", 60, [0, INF], "volume", "Sphere radius"),
  param("fuzziness", "Ang", 10, [0, INF], "volume", "std deviation of Gaussian convolution for interface (must be << radius)"),
];
const { sld: SLD, sld_solvent: SLD_SOLVENT, radius: RADIUS, fuzziness: FUZZINESS } = indexOf(parameters);

export const fuzzySphere: ScatteringModelDefinition = {
  name: "fuzzy_sphere",
  title: "Scattering from spherical particles with a fuzzy surface.",
  description: "F = Δρ V 3j1(qR)/(qR) exp(-(q σ_fuzzy)^2/2); valid for fuzziness << radius",
  category: "shape:sphere",
  parameters,
  random(rng) {
    const radius = log10Uniform(rng, 1, 4.7);
    // fuzziness 1 % – 31 % of the radius
    return { radius, fuzziness: log10Uniform(rng, -2, -0.5) * radius };
  },
  // An older value than sasmodels' own kernel (which gives 359.23251, as we do), within its 5-digit check.
  knownValues: [{ parameters: {}, q: [0.00301005], I: [359.2315], rtol: 5e-6, source: "sasmodels models/fuzzy_sphere.py tests" }],
  haveFq: true,
  formVolume: (p) => FOUR_PI_3 * p[RADIUS] ** 3,
  radiusEffectiveModes: ["radius", "radius + fuzziness"],
  radiusEffective: (mode, p) => (mode === 2 ? p[RADIUS] + p[FUZZINESS] : p[RADIUS]),
  accumulate(q, p, weight, f1, f2) {
    const r = p[RADIUS];
    const fz = p[FUZZINESS];
    const s = (p[SLD] - p[SLD_SOLVENT]) * FOUR_PI_3 * r * r * r;
    for (let i = 0; i < q.length; i++) {
      const qf = q[i] * fz;
      const f = s * sphereAmplitude(q[i] * r) * Math.exp(-0.5 * qf * qf);
      if (f1) f1[i] += weight * 1e-2 * f;
      f2[i] += weight * 1e-4 * f * f;
    }
  },
};
