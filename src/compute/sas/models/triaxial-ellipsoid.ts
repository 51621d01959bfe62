/**
 * triaxial_ellipsoid: uniform ellipsoid with semi-axes Ra, Rb (equatorial) and Rc (polar);
 * F = Δρ V 3j1(qr)/(qr), r² = sin²α (Ra² sin²φ + Rb² cos²φ) + Rc² cos²α for the polar axis at α and
 * the azimuth φ. The average over all orientations is nested: over α in [0, π/2] (order from
 * 2q·max(Ra, Rb, Rc)) and, per polar node, the mean over φ in [0, π/2] (order from
 * 2q·sinα·max(Ra, Rb)); twice the phase rate for the reason given in ellipsoid.ts (r is the square
 * root of a quadratic form and bends sharply at extreme aspect). sasmodels nests two 76-point rules.
 */
import type { ScatteringModelDefinition } from "../types";
import { sphereAmplitude } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, param } from "./define";
import { orientationNodes, orientationRule } from "./orientation";
import { log10Uniform } from "./draw";

const parameters = [
  param("sld", "1e-6/Ang^2", 4, [-INF, INF], "sld", "Ellipsoid scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Solvent scattering length density"),
  param("radius_equat_minor", "Ang", 20, [0, INF], "volume", "Minor equatorial radius, Ra"),
  param("radius_equat_major", "Ang", 400, [0, INF], "volume", "Major equatorial radius, Rb"),
  param("radius_polar", "Ang", 10, [0, INF], "volume", "Polar radius, Rc"),
  param("theta", "degrees", 60, [-360, 360], "orientation", "polar axis to beam angle (2D only)"),
  param("phi", "degrees", 60, [-360, 360], "orientation", "rotation about beam (2D only)"),
  param("psi", "degrees", 60, [-360, 360], "orientation", "rotation about polar axis (2D only)"),
];
const { sld: SLD, sld_solvent: SLD_SOLVENT, radius_equat_minor: RA, radius_equat_major: RB, radius_polar: RC } = indexOf(parameters);
const SOURCE = "sasmodels models/triaxial_ellipsoid.py tests";
// Values at the defaults and one other set, at q where sasmodels' fixed rule has converged.
const COMPUTED = "sasmodels 1.0.6 call_kernel (SAS_OPENCL=none, dtype double, scale 1, background 0)";
// <F>, <F²>, R_eff per mode and volumes at the defaults; the product is in the beta approximation.
const COMPUTED_FQ = "sasmodels 1.0.6 direct_model.call_Fq (SAS_OPENCL=none, dtype double)";

/** Nodes of the nested rule at one q: the inner order is bounded by its value at sin α = 1. */
function nestedNodes(q: number, ra: number, rb: number, rc: number): number {
  return orientationNodes(2 * q * Math.max(ra, rb, rc)) * orientationNodes(2 * q * Math.max(ra, rb));
}

/**
 * sasmodels mode 1: Isihara's average-curvature radius of a spheroid standing in for the ellipsoid,
 * built from the sorted radii r1 ≤ r2 ≤ r3: oblate (√(r2 r3), r1) when the smallest stands apart,
 * else prolate (√(r1 r2), r3). A sphere is its radius (sasmodels' own test of that case never fires).
 */
function radiusFromCurvature(ra: number, rb: number, rc: number): number {
  if (ra === rb && rb === rc) return rc;
  if (ra * rb * rc === 0) return 0;
  const [r1, r2, r3] = [ra, rb, rc].sort((x, y) => x - y);
  const [equat, polar] = r2 - r1 > r3 - r2 ? [Math.sqrt(r2 * r3), r1] : [Math.sqrt(r1 * r2), r3];
  const ratio = polar < equat ? polar / equat : equat / polar;
  const e1 = Math.sqrt(1 - ratio * ratio);
  const b1 = 1 + Math.asin(e1) / (e1 * ratio);
  const b2 = 1 + ((0.5 * ratio * ratio) / e1) * Math.log((1 + e1) / (1 - e1));
  const delta = 0.75 * b1 * b2;
  return 0.5 * Math.cbrt(2 * (delta + 1) * polar * equat * equat);
}

export const triaxialEllipsoid: ScatteringModelDefinition = {
  name: "triaxial_ellipsoid",
  title: "Ellipsoid of uniform scattering length density with three independent axes.",
  description: "F = Δρ V 3j1(qr)/(qr), r the ellipsoid's extent (Ra, Rb, Rc) along q, V = 4π/3 Ra Rb Rc, orientation averaged",
  category: "shape:ellipsoid",
  parameters,
  random(rng) {
    return {
      radius_equat_minor: log10Uniform(rng, 1, 4.7),
      radius_equat_major: log10Uniform(rng, 1, 4.7),
      radius_polar: log10Uniform(rng, 1, 4.7),
    };
  },
  // sasmodels' 2D (qx, qy) case: test/compute/sas/oriented-shapes-2d.test.ts checks it.
  knownValues: [
    // polydisperse (gaussian)
    {
      parameters: {
        scale: 1,
        background: 0,
        radius_equat_major_pd: 0.1,
        radius_equat_major_pd_n: 11,
        radius_equat_major_pd_nsigma: 3,
        radius_polar_pd: 0.2,
        radius_polar_pd_n: 7,
        radius_polar_pd_nsigma: 3,
      },
      q: [0.005, 0.05, 0.15],
      I: [244.87365577421124, 25.73445480751733, 2.8873758958588494],
      rtol: 1e-9,
      source: COMPUTED,
    },

    {
      parameters: { scale: 1, background: 0 },
      q: [0.05],
      averages: { F1: [1092.117095641446], F2: [8338358.187696157], radiusEffective: 88.37419937241984, volume: 335103.2163829112, volumeRatio: 1.0 },
      rtol: 1e-9,
      source: COMPUTED_FQ,
    },
    { parameters: { radius_effective_mode: 2 }, q: [0.05], averages: { radiusEffective: 43.08869380063768 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 3 }, q: [0.05], averages: { radiusEffective: 10.0 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 4 }, q: [0.05], averages: { radiusEffective: 400.0 }, rtol: 1e-12, source: COMPUTED_FQ },
    {
      structureFactor: "hardsphere",
      parameters: { scale: 1, background: 0, volfraction: 0.2, radius_effective_mode: 2, structure_factor_mode: 1 },
      q: [0.01, 0.05, 0.1],
      I: [10.298527387507995, 4.7927193829364265, 1.6645014769982829],
      rtol: 1e-9,
      source: COMPUTED,
    },

    {
      parameters: { scale: 1, background: 0 },
      q: [0.001, 0.01, 0.05, 0.1, 0.2],
      I: [298.39222828715236, 140.2648712999138, 24.882954803299157, 8.363574990902624, 1.0067180641536015],
      rtol: 1e-9,
      source: COMPUTED,
    },
    {
      parameters: { scale: 1, background: 0, radius_equat_minor: 30, radius_equat_major: 60, radius_polar: 15, sld: 2, sld_solvent: 5 },
      q: [0.003, 0.03, 0.08, 0.15],
      I: [101.49950441982921, 77.15445376665936, 19.768611556697596, 2.08707118341619],
      rtol: 1e-9,
      source: COMPUTED,
    },
    { parameters: {}, q: [0.05], I: [24.8839548033], rtol: 1e-9, source: SOURCE },
  ],
  haveFq: true,
  orientationPoints: (qMax, p) => nestedNodes(qMax, p[RA], p[RB], p[RC]),
  formVolume: (p) => FOUR_PI_3 * p[RA] * p[RB] * p[RC],
  radiusEffectiveModes: ["equivalent biaxial ellipsoid average curvature", "equivalent volume sphere", "min radius", "max radius"],
  radiusEffective(mode, p) {
    switch (mode) {
      case 2:
        return Math.cbrt(p[RA] * p[RB] * p[RC]);
      case 3:
        return Math.min(p[RA], p[RB], p[RC]);
      case 4:
        return Math.max(p[RA], p[RB], p[RC]);
      default:
        return radiusFromCurvature(p[RA], p[RB], p[RC]);
    }
  },
  oriented: {
    symmetry: "triaxial",
    accumulate(qa, qb, qc, p, weight, f2) {
      const s = (p[SLD] - p[SLD_SOLVENT]) * FOUR_PI_3 * p[RA] * p[RB] * p[RC];
      const w = weight * 1e-4 * s * s;
      for (let i = 0; i < f2.length; i++) {
        const f = sphereAmplitude(Math.hypot(p[RA] * qa[i], p[RB] * qb[i], p[RC] * qc[i]));
        f2[i] += w * f * f;
      }
    },
  },
  accumulate(q, p, weight, f1, f2) {
    const ra2 = p[RA] * p[RA];
    const rb2 = p[RB] * p[RB];
    const rc2 = p[RC] * p[RC];
    const big = Math.max(p[RA], p[RB], p[RC]);
    const bigEquat = Math.max(p[RA], p[RB]);
    const s = (p[SLD] - p[SLD_SOLVENT]) * FOUR_PI_3 * p[RA] * p[RB] * p[RC];
    for (let i = 0; i < q.length; i++) {
      const outer = orientationRule(2 * q[i] * big);
      const q2 = q[i] * q[i];
      let o1 = 0;
      let o2 = 0;
      for (let k = 0; k < outer.n; k++) {
        const s2 = outer.sin[k] * outer.sin[k];
        const polar = rc2 * outer.cos[k] * outer.cos[k];
        const inner = orientationRule(2 * q[i] * outer.sin[k] * bigEquat);
        const { sin, cos, weightMean } = inner;
        let in1 = 0;
        let in2 = 0;
        for (let j = 0; j < inner.n; j++) {
          const f = sphereAmplitude(Math.sqrt(q2 * (s2 * (ra2 * sin[j] * sin[j] + rb2 * cos[j] * cos[j]) + polar)));
          in1 += weightMean[j] * f;
          in2 += weightMean[j] * f * f;
        }
        o1 += outer.weightSin[k] * in1;
        o2 += outer.weightSin[k] * in2;
      }
      if (f1) f1[i] += weight * 1e-2 * s * o1;
      f2[i] += weight * 1e-4 * s * s * o2;
    }
  },
};
