/**
 * rectangular_prism: the uniform box of parallelepiped.ts with its edges given as A, B = (b/a)·A and
 * C = (c/a)·A, so that polydispersity in A scales the whole box at fixed shape. The orientation
 * average is parallelepiped's nested rule (orders set per q from q·(A + B + C)/2 and, per polar node,
 * q·sinα·(A + B)/2; see orientation.ts).
 */
import type { ScatteringModelDefinition } from "../types";
import { sinc } from "../numerics/spherical";
import { INF, indexOf, param } from "./define";
import { accumulateBox, boxNodes } from "./parallelepiped";
import { excludedVolumeRadius } from "./cylinder-radii";
import { boxRadiusEffective } from "./box-radii";
import { log10Uniform } from "./draw";

const parameters = [
  param("sld", "1e-6/Ang^2", 6.3, [-INF, INF], "sld", "Parallelepiped scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Solvent scattering length density"),
  param("length_a", "Ang", 35, [0, INF], "volume", "Shorter side of the parallelepiped"),
  param("b2a_ratio", "", 1, [0, INF], "volume", "Ratio sides b/a"),
  param("c2a_ratio", "", 1, [0, INF], "volume", "Ratio sides c/a"),
  param("theta", "degrees", 0, [-360, 360], "orientation", "c axis to beam angle (2D only)"),
  param("phi", "degrees", 0, [-360, 360], "orientation", "rotation about beam (2D only)"),
  param("psi", "degrees", 0, [-360, 360], "orientation", "rotation about c axis (2D only)"),
];
const { sld: SLD, sld_solvent: SLD_SOLVENT, length_a: LENGTH_A, b2a_ratio: B2A, c2a_ratio: C2A } = indexOf(parameters);
const SOURCE = "sasmodels models/rectangular_prism.py tests";
// Values at the defaults and one other set, at q where sasmodels' fixed rule has converged.
const COMPUTED = "sasmodels 1.0.6 call_kernel (SAS_OPENCL=none, dtype double, scale 1, background 0)";
// <F>, <F²>, R_eff per mode and volumes at the defaults; the product is in the beta approximation.
const COMPUTED_FQ = "sasmodels 1.0.6 direct_model.call_Fq (SAS_OPENCL=none, dtype double)";

export const rectangularPrism: ScatteringModelDefinition = {
  name: "rectangular_prism",
  title: "Rectangular parallelepiped with uniform scattering length density.",
  description: "F = Δρ V sinc(qa A/2) sinc(qb B/2) sinc(qc C/2) with B = (b/a)·A, C = (c/a)·A, orientation averaged",
  category: "shape:parallelepiped",
  parameters,
  random(rng) {
    // three independent edges log-uniform 10 Å – 50 µm, given as a and the ratios b/a, c/a
    const a = log10Uniform(rng, 1, 4.7);
    const b = log10Uniform(rng, 1, 4.7);
    const c = log10Uniform(rng, 1, 4.7);
    return { length_a: a, b2a_ratio: b / a, c2a_ratio: c / a };
  },
  knownValues: [
    // polydisperse (gaussian)
    {
      parameters: {
        scale: 1,
        background: 0,
        length_a_pd: 0.2,
        length_a_pd_n: 15,
        length_a_pd_nsigma: 3,
        c2a_ratio_pd: 0.1,
        c2a_ratio_pd_n: 7,
        c2a_ratio_pd_nsigma: 3,
      },
      q: [0.005, 0.05, 0.15],
      I: [179.8578806155661, 122.91662212683086, 5.240247585418719],
      rtol: 1e-9,
      source: COMPUTED,
    },

    {
      parameters: { scale: 1, background: 0 },
      q: [0.05],
      averages: { F1: [1996.1026060042204], F2: [3984427.089424997], radiusEffective: 23.14181825393652, volume: 42875.0, volumeRatio: 1.0 },
      rtol: 1e-9,
      source: COMPUTED_FQ,
    },
    { parameters: { radius_effective_mode: 2 }, q: [0.05], averages: { radiusEffective: 21.712267181479003 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 3 }, q: [0.05], averages: { radiusEffective: 17.5 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 4 }, q: [0.05], averages: { radiusEffective: 17.5 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 5 }, q: [0.05], averages: { radiusEffective: 17.5 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 6 }, q: [0.05], averages: { radiusEffective: 19.74663542417147 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 7 }, q: [0.05], averages: { radiusEffective: 24.748737341529164 }, rtol: 1e-12, source: COMPUTED_FQ },
    { parameters: { radius_effective_mode: 8 }, q: [0.05], averages: { radiusEffective: 30.31088913245535 }, rtol: 1e-12, source: COMPUTED_FQ },
    {
      structureFactor: "hardsphere",
      parameters: { scale: 1, background: 0, volfraction: 0.2, radius_effective_mode: 2, structure_factor_mode: 1 },
      q: [0.01, 0.05, 0.1],
      I: [5.0499656212201405, 5.4438090269930335, 6.08388341417373],
      rtol: 1e-9,
      source: COMPUTED,
    },

    {
      parameters: { scale: 1, background: 0 },
      q: [0.001, 0.01, 0.05, 0.1, 0.2],
      I: [120.42358105664015, 119.21193303476005, 92.9312440682215, 40.34309069544218, 0.37424840682538973],
      rtol: 1e-9,
      source: COMPUTED,
    },
    {
      parameters: { scale: 1, background: 0, length_a: 20, b2a_ratio: 2.5, c2a_ratio: 6, sld: 3, sld_solvent: 0.5 },
      q: [0.003, 0.03, 0.08, 0.15],
      I: [74.67646531871533, 49.711803935570515, 11.472883838399502, 1.7317221780055225],
      rtol: 1e-9,
      source: COMPUTED,
    },
    { parameters: {}, q: [0.2], I: [0.375248406825], rtol: 1e-9, source: SOURCE },
  ],
  haveFq: true,
  orientationPoints: (qMax, p) => boxNodes(qMax, p[LENGTH_A], p[LENGTH_A] * p[B2A], p[LENGTH_A] * p[C2A]),
  formVolume: (p) => p[LENGTH_A] ** 3 * p[B2A] * p[C2A],
  radiusEffectiveModes: [
    "equivalent cylinder excluded volume",
    "equivalent volume sphere",
    "half length_a",
    "half length_b",
    "half length_c",
    "equivalent circular cross-section",
    "half ab diagonal",
    "half diagonal",
  ],
  radiusEffective(mode, p) {
    const a = p[LENGTH_A];
    const b = a * p[B2A];
    const c = a * p[C2A];
    // mode 1: a cylinder of the a × b cross-section's area and length c
    return boxRadiusEffective(mode, a, b, c, () => excludedVolumeRadius(Math.sqrt((a * b) / Math.PI), c));
  },
  oriented: {
    symmetry: "triaxial",
    accumulate(qa, qb, qc, p, weight, f2) {
      const a = p[LENGTH_A];
      const b = a * p[B2A];
      const c = a * p[C2A];
      const s = (p[SLD] - p[SLD_SOLVENT]) * a * b * c;
      const w = weight * 1e-4 * s * s;
      for (let i = 0; i < f2.length; i++) {
        const f = sinc(0.5 * a * qa[i]) * sinc(0.5 * b * qb[i]) * sinc(0.5 * c * qc[i]);
        f2[i] += w * f * f;
      }
    },
  },
  accumulate(q, p, weight, f1, f2) {
    const a = p[LENGTH_A];
    accumulateBox(q, p[SLD] - p[SLD_SOLVENT], a, a * p[B2A], a * p[C2A], weight, f1, f2);
  },
};
