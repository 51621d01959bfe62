/**
 * vesicle: hollow sphere (core = solvent) normalised by the shell volume, with the shell volume
 * fraction inside the model (sasmodels returns F1 = sqrt(φ)<F>, F2 = φ<F²> so beta stays right).
 */
import type { ScatteringModelDefinition } from "../types";
import { sphereAmplitude } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, param } from "./define";
import { accumulateTwoInterfaceMesh } from "./layered-sphere";
import { log10Uniform } from "./draw";

const parameters = [
  param("sld", "1e-6/Ang^2", 0.5, [-INF, INF], "sld", "vesicle shell scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 6.36, [-INF, INF], "sld", "solvent scattering length density"),
  param("volfraction", "", 0.05, [0, 1], "plain", "volume fraction of shell"),
  param("radius", "Ang", 100, [0, INF], "volume", "vesicle core radius"),
  param("thickness", "Ang", 30, [0, INF], "volume", "vesicle shell thickness"),
];
const { sld: SLD, sld_solvent: SLD_SOLVENT, volfraction: VOLFRACTION, radius: RADIUS, thickness: THICKNESS } = indexOf(parameters);
const SOURCE = "sasmodels models/vesicle.py tests";

export const vesicle: ScatteringModelDefinition = {
  name: "vesicle",
  title: "Vesicle model representing a hollow sphere",
  description: "Hollow sphere of core radius R and shell thickness T; scale is 1 on absolute scale, volfraction is the shell volume fraction",
  category: "shape:sphere",
  parameters,
  random(rng) {
    const total = log10Uniform(rng, 1.3, 5);
    const radius = total * rng.next();
    // volfraction is a model parameter, so scale stays 1
    return { scale: 1, radius, thickness: total - radius, volfraction: log10Uniform(rng, -3, -1) };
  },
  knownValues: [
    { parameters: {}, q: [0.0005], I: [859.916526646], rtol: 1e-9, source: SOURCE },
    { parameters: {}, q: [0.100600200401], I: [1.77063682331], rtol: 1e-9, source: SOURCE },
    { parameters: {}, q: [0.5], I: [0.00355351388906], rtol: 1e-9, source: SOURCE },
    { parameters: {}, q: [0.1], averages: { radiusEffective: 130, volumeRatio: 1 / 0.54483386436 }, rtol: 1e-10, source: SOURCE },
  ],
  haveFq: true,
  formVolume: (p) => FOUR_PI_3 * (p[RADIUS] + p[THICKNESS]) ** 3,
  shellVolume: (p) => FOUR_PI_3 * ((p[RADIUS] + p[THICKNESS]) ** 3 - p[RADIUS] ** 3),
  radiusEffectiveModes: ["outer radius"],
  radiusEffective: (_mode, p) => p[RADIUS] + p[THICKNESS],
  accumulate(q, p, weight, f1, f2) {
    const r = p[RADIUS];
    const ro = r + p[THICKNESS];
    const contrast = p[SLD] - p[SLD_SOLVENT];
    const vc = -contrast * FOUR_PI_3 * r * r * r;
    const vs = contrast * FOUR_PI_3 * ro * ro * ro;
    const phi = p[VOLFRACTION];
    const a1 = 1e-2 * Math.sqrt(phi);
    const a2 = 1e-4 * phi;
    for (let i = 0; i < q.length; i++) {
      const f = vc * sphereAmplitude(q[i] * r) + vs * sphereAmplitude(q[i] * ro);
      if (f1) f1[i] += weight * a1 * f;
      f2[i] += weight * a2 * f * f;
    }
  },
  accumulateMesh(q, p, dims, f1, f2) {
    const contrast = p[SLD] - p[SLD_SOLVENT];
    return accumulateTwoInterfaceMesh(
      q,
      p[RADIUS],
      p[THICKNESS],
      RADIUS,
      THICKNESS,
      dims,
      {
        innerContrast: -contrast,
        outerContrast: contrast,
        amplitudeFactor: Math.sqrt(p[VOLFRACTION]),
      },
      f1,
      f2,
    );
  },
};
