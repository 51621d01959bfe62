/**
 * core_shell_bicelle: a disc-like core cylinder (radius R, length L) with a rim of thickness T_rim
 * around its side and faces of thickness T_face on both ends; the rim covers the faces' edges too, so
 * the outer cylinder is (R + T_rim, L + 2 T_face). Normalised by that outer volume. The amplitude is a
 * sum of three uniform cylinders (outer at rim contrast, face slab at face − rim, core at core − face),
 * averaged over α in [0, π/2] with the order set per q from q·(R + T_rim + L/2 + T_face)
 * (orientation.ts).
 */
import type { ScatteringModelDefinition } from "../types";
import { cylinderAmplitude } from "../numerics/bessel";
import { sinc } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, orientationParams, param } from "./define";
import { orientationNodes, orientationRule } from "./orientation";
import { excludedVolumeRadius } from "./cylinder-radii";
import { log10Uniform } from "./draw";

const parameters = [
  param("radius", "Ang", 80, [0, INF], "volume", "Cylinder core radius"),
  param("thick_rim", "Ang", 10, [0, INF], "volume", "Rim shell thickness"),
  param("thick_face", "Ang", 10, [0, INF], "volume", "Cylinder face thickness"),
  param("length", "Ang", 50, [0, INF], "volume", "Cylinder length"),
  param("sld_core", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Cylinder core scattering length density"),
  param("sld_face", "1e-6/Ang^2", 4, [-INF, INF], "sld", "Cylinder face scattering length density"),
  param("sld_rim", "1e-6/Ang^2", 4, [-INF, INF], "sld", "Cylinder rim scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Solvent scattering length density"),
  ...orientationParams(90, 0),
];
const {
  radius: RADIUS,
  thick_rim: THICK_RIM,
  thick_face: THICK_FACE,
  length: LENGTH,
  sld_core: SLD_CORE,
  sld_face: SLD_FACE,
  sld_rim: SLD_RIM,
  sld_solvent: SLD_SOLVENT,
} = indexOf(parameters);
const SOURCE = "sasmodels models/core_shell_bicelle.py tests";
// Values at the defaults and one other set, at q where sasmodels' fixed rule has converged.
const COMPUTED = "sasmodels 1.0.6 call_kernel (SAS_OPENCL=none, dtype double, scale 1, background 0)";
// <F>, <F²>, R_eff per mode and volumes at the defaults; the product is in the beta approximation.
const COMPUTED_FQ = "sasmodels 1.0.6 direct_model.call_Fq (SAS_OPENCL=none, dtype double)";

function outerVolume(p: Float64Array): number {
  return Math.PI * (p[RADIUS] + p[THICK_RIM]) ** 2 * (p[LENGTH] + 2 * p[THICK_FACE]);
}

/** Phase rate bound of the amplitude in α: outer radius plus outer half length. */
const phaseSize = (p: Float64Array) => p[RADIUS] + p[THICK_RIM] + 0.5 * p[LENGTH] + p[THICK_FACE];

export const coreShellBicelle: ScatteringModelDefinition = {
  name: "core_shell_bicelle",
  title: "Circular cylinder with a core-shell scattering length density profile..",
  description: "Core cylinder (R, L) with a rim T_rim and faces T_face of their own SLDs; normalised by the outer volume π(R+T_rim)²(L+2T_face)",
  category: "shape:cylinder",
  parameters,
  random(rng) {
    return {
      radius: log10Uniform(rng, 1.3, 3),
      length: log10Uniform(rng, 1.3, 4),
      thick_rim: log10Uniform(rng, 0, 1.7),
      thick_face: log10Uniform(rng, 0, 1.7),
    };
  },
  knownValues: [
    // polydisperse (gaussian)
    {
      parameters: {
        scale: 1,
        background: 0,
        radius_pd: 0.1,
        radius_pd_n: 15,
        radius_pd_nsigma: 3,
        thick_face_pd: 0.2,
        thick_face_pd_n: 9,
        thick_face_pd_nsigma: 3,
      },
      q: [0.005, 0.05, 0.15],
      I: [301.219187641794, 7.1720392732871945, 0.5024505090839493],
      rtol: 1e-9,
      source: COMPUTED,
    },

    {
      parameters: { scale: 1, background: 0 },
      q: [0.05],
      averages: { F1: [-1634.6806620016325], F2: [13337097.7152481], radiusEffective: 83.51592354885393, volume: 1781283.0345854126, volumeRatio: 1.0 },
      rtol: 1e-9,
      source: COMPUTED_FQ,
    },
    { parameters: { radius_effective_mode: 2 }, q: [0.05], averages: { radiusEffective: 75.19946902446878 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 3 }, q: [0.05], averages: { radiusEffective: 90.0 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 4 }, q: [0.05], averages: { radiusEffective: 35.0 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 5 }, q: [0.05], averages: { radiusEffective: 96.56603957913983 }, rtol: 1e-12, source: COMPUTED_FQ },
    {
      structureFactor: "hardsphere",
      parameters: { scale: 1, background: 0, volfraction: 0.2, radius_effective_mode: 2, structure_factor_mode: 1 },
      q: [0.01, 0.05, 0.1],
      I: [12.318771541919908, 1.511272714951156, 0.6098245706187716],
      rtol: 1e-9,
      source: COMPUTED,
    },

    {
      parameters: { scale: 1, background: 0 },
      q: [0.001, 0.01, 0.05, 0.1, 0.2],
      I: [303.64127166508797, 250.0633619340048, 7.487354595701443, 3.055934687673192, 0.7170411122584271],
      rtol: 1e-9,
      source: COMPUTED,
    },
    {
      parameters: { scale: 1, background: 0, radius: 30, thick_rim: 5, thick_face: 12, length: 80, sld_core: -0.5, sld_face: 3, sld_rim: 2, sld_solvent: 6 },
      q: [0.003, 0.03, 0.08, 0.15],
      I: [1095.9531089281134, 734.8322996892589, 58.303754967789125, 3.4991553642416617],
      rtol: 1e-9,
      source: COMPUTED,
    },

    // sasmodels' second case is 2D (qx, qy): test/compute/sas/oriented-shapes-2d.test.ts checks it.
    { parameters: {}, q: [0.05], I: [7.4883545957], rtol: 1e-9, source: SOURCE },
  ],
  haveFq: true,
  orientationPoints: (qMax, p) => orientationNodes(qMax * phaseSize(p)),
  formVolume: outerVolume,
  radiusEffectiveModes: ["excluded volume", "equivalent volume sphere", "outer rim radius", "half outer thickness", "half diagonal"],
  radiusEffective(mode, p) {
    const radius = p[RADIUS] + p[THICK_RIM];
    const length = p[LENGTH] + 2 * p[THICK_FACE];
    switch (mode) {
      case 2:
        return Math.cbrt(outerVolume(p) / FOUR_PI_3);
      case 3:
        return radius;
      case 4:
        return 0.5 * length;
      case 5:
        return Math.sqrt(radius * radius + 0.25 * length * length);
      default:
        return excludedVolumeRadius(radius, length);
    }
  },
  oriented: {
    symmetry: "axial",
    accumulate(qab, qc, p, weight, f2) {
      const r = p[RADIUS];
      const ro = r + p[THICK_RIM];
      const h = 0.5 * p[LENGTH];
      const ho = h + p[THICK_FACE];
      const core = Math.PI * r * r * 2 * h * (p[SLD_CORE] - p[SLD_FACE]);
      const faces = Math.PI * r * r * 2 * ho * (p[SLD_FACE] - p[SLD_RIM]);
      const outer = Math.PI * ro * ro * 2 * ho * (p[SLD_RIM] - p[SLD_SOLVENT]);
      const w = weight * 1e-4;
      for (let i = 0; i < f2.length; i++) {
        const jCore = cylinderAmplitude(r * qab[i]);
        const sOuter = sinc(ho * qc[i]);
        const fq = core * sinc(h * qc[i]) * jCore + faces * sOuter * jCore + outer * sOuter * cylinderAmplitude(ro * qab[i]);
        f2[i] += w * fq * fq;
      }
    },
  },
  accumulate(q, p, weight, f1, f2) {
    const r = p[RADIUS];
    const ro = r + p[THICK_RIM];
    const h = 0.5 * p[LENGTH];
    const ho = h + p[THICK_FACE];
    // three uniform cylinders: core (r, h), core-radius slab through the faces (r, ho), outer (ro, ho)
    const core = Math.PI * r * r * 2 * h * (p[SLD_CORE] - p[SLD_FACE]);
    const faces = Math.PI * r * r * 2 * ho * (p[SLD_FACE] - p[SLD_RIM]);
    const outer = Math.PI * ro * ro * 2 * ho * (p[SLD_RIM] - p[SLD_SOLVENT]);
    const size = phaseSize(p);
    for (let i = 0; i < q.length; i++) {
      const { n, sin, cos, weightSin } = orientationRule(q[i] * size);
      let t1 = 0;
      let t2 = 0;
      for (let j = 0; j < n; j++) {
        const qab = q[i] * sin[j];
        const qc = q[i] * cos[j];
        const jCore = cylinderAmplitude(r * qab);
        const sOuter = sinc(ho * qc);
        const fq = core * sinc(h * qc) * jCore + faces * sOuter * jCore + outer * sOuter * cylinderAmplitude(ro * qab);
        t1 += weightSin[j] * fq;
        t2 += weightSin[j] * fq * fq;
      }
      if (f1) f1[i] += weight * 1e-2 * t1;
      f2[i] += weight * 1e-4 * t2;
    }
  },
};
