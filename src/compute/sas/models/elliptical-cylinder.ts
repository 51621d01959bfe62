/**
 * elliptical_cylinder: cylinder of length L whose cross-section is an ellipse of radii R_minor and
 * R_major = ratio·R_minor. With the axis at polar angle α and the in-plane direction at azimuth ψ,
 * F = Δρ V 2J1(q r)/(q r) sin(qL cosα/2)/(qL cosα/2), r = sinα [R_minor² cos²ψ + R_major² sin²ψ]^(1/2).
 * The average is nested: over α in [0, π/2] (order from q·(R_major + L/2)), and, per polar node,
 * the mean over ψ in [0, π/2] (order from 2q·sinα·R_major: r(ψ) is a square root of a quadratic
 * form, which bends over a width R_minor/R_major, as in ellipsoid.ts). sasmodels nests two 76-point
 * rules at every q.
 */
import type { ScatteringModelDefinition } from "../types";
import { cylinderAmplitude } from "../numerics/bessel";
import { sinc } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, param } from "./define";
import { orientationNodes, orientationRule } from "./orientation";
import { excludedVolumeRadius } from "./cylinder-radii";
import { log10Uniform } from "./draw";

const parameters = [
  param("radius_minor", "Ang", 20, [0, INF], "volume", "Ellipse minor radius"),
  param("axis_ratio", "", 1.5, [1, INF], "volume", "Ratio of major radius over minor radius"),
  param("length", "Ang", 400, [1, INF], "volume", "Length of the cylinder"),
  param("sld", "1e-6/Ang^2", 4, [-INF, INF], "sld", "Cylinder scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Solvent scattering length density"),
  param("theta", "degrees", 90, [-360, 360], "orientation", "cylinder axis to beam angle (2D only)"),
  param("phi", "degrees", 0, [-360, 360], "orientation", "rotation about beam (2D only)"),
  param("psi", "degrees", 0, [-360, 360], "orientation", "rotation about cylinder axis (2D only)"),
];
const { radius_minor: RADIUS_MINOR, axis_ratio: AXIS_RATIO, length: LENGTH, sld: SLD, sld_solvent: SLD_SOLVENT } = indexOf(parameters);
const SOURCE = "sasmodels models/elliptical_cylinder.py tests";
// Values at the defaults and one other set, at q where sasmodels' fixed rule has converged.
const COMPUTED = "sasmodels 1.0.6 call_kernel (SAS_OPENCL=none, dtype double, scale 1, background 0)";
// <F>, <F²>, R_eff per mode and volumes at the defaults; the product is in the beta approximation.
const COMPUTED_FQ = "sasmodels 1.0.6 direct_model.call_Fq (SAS_OPENCL=none, dtype double)";

const volumeOf = (p: Float64Array) => Math.PI * p[RADIUS_MINOR] * p[RADIUS_MINOR] * p[AXIS_RATIO] * p[LENGTH];

/** Nodes of the nested rule at one q: the inner order is bounded by its value at sin α = 1. */
function nestedNodes(q: number, minor: number, major: number, length: number): number {
  const big = Math.max(minor, major);
  return orientationNodes(q * (big + 0.5 * length)) * orientationNodes(2 * q * big);
}

export const ellipticalCylinder: ScatteringModelDefinition = {
  name: "elliptical_cylinder",
  title: "Form factor for an elliptical cylinder.",
  description: "Cylinder of length L with an elliptical cross-section of radii R_minor and axis_ratio·R_minor, orientation averaged",
  category: "shape:cylinder",
  parameters,
  random(rng) {
    // V = π r_minor r_major L log-uniform 1e3 – 1e9 Å³; scale keeps V·scale (the volume fraction) at 1e-4 – 1e-2 in 1e9 Å³ units
    const volume = log10Uniform(rng, 3, 9);
    const length = log10Uniform(rng, 1, 3);
    const axisRatio = log10Uniform(rng, 0, 2);
    const volfraction = log10Uniform(rng, -4, -2);
    return { scale: (1e9 * volfraction) / volume, length, radius_minor: Math.sqrt(volume / length / axisRatio), axis_ratio: axisRatio };
  },
  knownValues: [
    // polydisperse (gaussian)
    {
      parameters: {
        scale: 1,
        background: 0,
        radius_minor_pd: 0.1,
        radius_minor_pd_n: 11,
        radius_minor_pd_nsigma: 3,
        axis_ratio_pd: 0.1,
        axis_ratio_pd_n: 7,
        axis_ratio_pd_nsigma: 3,
      },
      q: [0.005, 0.05, 0.15],
      I: [643.2495871282662, 69.90782122843197, 0.7009748758631764],
      rtol: 1e-9,
      source: COMPUTED,
    },

    {
      parameters: { scale: 1, background: 0 },
      q: [0.05],
      averages: { F1: [3075.4993025290187], F2: [52021983.50037023], radiusEffective: 79.89245454155026, volume: 753982.2368615504, volumeRatio: 1.0 },
      rtol: 1e-9,
      source: COMPUTED_FQ,
    },
    { parameters: { radius_effective_mode: 2 }, q: [0.05], averages: { radiusEffective: 56.462161732861716 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 3 }, q: [0.05], averages: { radiusEffective: 25.0 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 4 }, q: [0.05], averages: { radiusEffective: 20.0 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 5 }, q: [0.05], averages: { radiusEffective: 30.0 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 6 }, q: [0.05], averages: { radiusEffective: 24.49489742783178 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 7 }, q: [0.05], averages: { radiusEffective: 200.0 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 8 }, q: [0.05], averages: { radiusEffective: 20.0 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 9 }, q: [0.05], averages: { radiusEffective: 200.0 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 10 }, q: [0.05], averages: { radiusEffective: 202.23748416156684 }, rtol: 1e-12, source: COMPUTED_FQ },
    {
      structureFactor: "hardsphere",
      parameters: { scale: 1, background: 0, volfraction: 0.2, radius_effective_mode: 2, structure_factor_mode: 1 },
      q: [0.01, 0.05, 0.1],
      I: [23.470387884761532, 14.303808886081406, 1.8401807974280515],
      rtol: 1e-9,
      source: COMPUTED,
    },

    {
      parameters: { scale: 1, background: 0 },
      q: [0.001, 0.01, 0.05, 0.1, 0.2],
      I: [675.504402120046, 450.5376716288622, 68.99629852940784, 9.191516390826287, 0.29736605870852556],
      rtol: 1e-9,
      source: COMPUTED,
    },
    {
      parameters: { scale: 1, background: 0, radius_minor: 15, axis_ratio: 4, length: 60, sld: 2, sld_solvent: 6 },
      q: [0.003, 0.03, 0.08, 0.15],
      I: [270.41276741181343, 187.76825851653004, 33.35718955870072, 3.520439138154907],
      rtol: 1e-9,
      source: COMPUTED,
    },

    {
      parameters: { radius_minor: 20, axis_ratio: 1.5, sld: 4, length: 400, sld_solvent: 1, background: 0 },
      q: [0.001],
      I: [675.504402],
      rtol: 1e-8,
      source: SOURCE,
    },
  ],
  haveFq: true,
  orientationPoints: (qMax, p) => nestedNodes(qMax, p[RADIUS_MINOR], p[RADIUS_MINOR] * p[AXIS_RATIO], p[LENGTH]),
  formVolume: volumeOf,
  radiusEffectiveModes: [
    "equivalent cylinder excluded volume",
    "equivalent volume sphere",
    "average radius",
    "min radius",
    "max radius",
    "equivalent circular cross-section",
    "half length",
    "half min dimension",
    "half max dimension",
    "half diagonal",
  ],
  radiusEffective(mode, p) {
    const minor = p[RADIUS_MINOR];
    const ratio = p[AXIS_RATIO];
    const halfLength = 0.5 * p[LENGTH];
    const rMin = ratio > 1 ? minor : ratio * minor;
    const rMax = ratio < 1 ? minor : ratio * minor;
    switch (mode) {
      case 2:
        return Math.cbrt(volumeOf(p) / FOUR_PI_3);
      case 3:
        return 0.5 * minor * (1 + ratio);
      case 4:
        return rMin;
      case 5:
        return rMax;
      case 6:
        return Math.sqrt(minor * minor * ratio);
      case 7:
        return halfLength;
      case 8:
        return Math.min(rMin, halfLength);
      case 9:
        return Math.max(rMax, halfLength);
      case 10:
        return Math.sqrt(rMax * rMax + halfLength * halfLength);
      default:
        return excludedVolumeRadius(Math.sqrt(minor * minor * ratio), p[LENGTH]);
    }
  },
  oriented: {
    // the minor radius lies along the particle's a axis, the major along b, the length along c
    symmetry: "triaxial",
    accumulate(qa, qb, qc, p, weight, f2) {
      const minor = p[RADIUS_MINOR];
      const major = minor * p[AXIS_RATIO];
      const halfLength = 0.5 * p[LENGTH];
      const s = (p[SLD] - p[SLD_SOLVENT]) * volumeOf(p);
      const w = weight * 1e-4 * s * s;
      for (let i = 0; i < f2.length; i++) {
        const f = cylinderAmplitude(Math.hypot(minor * qa[i], major * qb[i])) * sinc(halfLength * qc[i]);
        f2[i] += w * f * f;
      }
    },
  },
  accumulate(q, p, weight, f1, f2) {
    const minor = p[RADIUS_MINOR];
    const major = minor * p[AXIS_RATIO];
    const big = Math.max(minor, major);
    const minor2 = minor * minor;
    const major2 = major * major;
    const halfLength = 0.5 * p[LENGTH];
    const s = (p[SLD] - p[SLD_SOLVENT]) * volumeOf(p);
    for (let i = 0; i < q.length; i++) {
      const outer = orientationRule(q[i] * (big + halfLength));
      let o1 = 0;
      let o2 = 0;
      for (let k = 0; k < outer.n; k++) {
        const qab = q[i] * outer.sin[k];
        const inner = orientationRule(2 * qab * big);
        const { sin, cos, weightMean } = inner;
        let in1 = 0;
        let in2 = 0;
        for (let j = 0; j < inner.n; j++) {
          const be = cylinderAmplitude(qab * Math.sqrt(minor2 * cos[j] * cos[j] + major2 * sin[j] * sin[j]));
          in1 += weightMean[j] * be;
          in2 += weightMean[j] * be * be;
        }
        const si = sinc(q[i] * halfLength * outer.cos[k]);
        o1 += outer.weightSin[k] * in1 * si;
        o2 += outer.weightSin[k] * in2 * si * si;
      }
      if (f1) f1[i] += weight * 1e-2 * s * o1;
      f2[i] += weight * 1e-4 * s * s * o2;
    }
  },
};
