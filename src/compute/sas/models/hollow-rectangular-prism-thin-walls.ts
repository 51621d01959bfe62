/**
 * hollow_rectangular_prism_thin_walls: the six faces of a box A × B × C (B = (b/a)·A, C = (c/a)·A)
 * as infinitely thin sheets. With a' = qA sinα sinφ/2, b' = qB sinα cosφ/2, c' = qC cosα/2 the two
 * faces normal to c give 2AB cos c' sinc a' sinc b', and the four side faces
 * 2C sinc c' (B cos a' sinc b' + A cos b' sinc a'); the amplitude is Δρ times their sum (an area: the
 * walls count as 1 Å thick), normalised by the wall area 2(AB + AC + BC), the model's shell volume;
 * its form volume is the enclosed A·B·C. Averaged by parallelepiped's nested rule (orders from
 * q·(A + B + C)/2 and q·sinα·(A + B)/2). sasmodels declares no orientation parameters for it.
 */
import type { ScatteringModelDefinition } from "../types";
import { sinc } from "../numerics/spherical";
import { INF, indexOf, param } from "./define";
import { orientationRule } from "./orientation";
import { boxNodes } from "./parallelepiped";
import { excludedVolumeRadius } from "./cylinder-radii";
import { boxRadiusEffective } from "./box-radii";
import { log10Uniform } from "./draw";

const parameters = [
  param("sld", "1e-6/Ang^2", 6.3, [-INF, INF], "sld", "Parallelepiped scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Solvent scattering length density"),
  param("length_a", "Ang", 35, [0, INF], "volume", "Shorter side of the parallelepiped"),
  param("b2a_ratio", "Ang", 1, [0, INF], "volume", "Ratio sides b/a"),
  param("c2a_ratio", "Ang", 1, [0, INF], "volume", "Ratio sides c/a"),
];
const { sld: SLD, sld_solvent: SLD_SOLVENT, length_a: LENGTH_A, b2a_ratio: B2A, c2a_ratio: C2A } = indexOf(parameters);
const SOURCE = "sasmodels models/hollow_rectangular_prism_thin_walls.py tests";
// Values at the defaults and one other set, at q where sasmodels' fixed rule has converged.
const COMPUTED = "sasmodels 1.0.6 call_kernel (SAS_OPENCL=none, dtype double, scale 1, background 0)";
// <F>, <F²>, R_eff per mode and volumes at the defaults; the product is in the beta approximation.
const COMPUTED_FQ = "sasmodels 1.0.6 direct_model.call_Fq (SAS_OPENCL=none, dtype double)";

function wallArea(p: Float64Array): number {
  const a = p[LENGTH_A];
  const b = a * p[B2A];
  const c = a * p[C2A];
  return 2 * (a * b + a * c + b * c);
}

export const hollowRectangularPrismThinWalls: ScatteringModelDefinition = {
  name: "hollow_rectangular_prism_thin_walls",
  title: "Hollow rectangular parallelepiped with thin walls.",
  description: "Six infinitely thin faces of a box A × (b/a)A × (c/a)A, orientation averaged; normalised by the wall area",
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
        b2a_ratio_pd: 0.1,
        b2a_ratio_pd_n: 7,
        b2a_ratio_pd_nsigma: 3,
      },
      q: [0.005, 0.05, 0.15],
      I: [24.620192178481485, 13.715542698327214, 0.616473560118495],
      rtol: 1e-9,
      source: COMPUTED,
    },

    {
      parameters: { scale: 1, background: 0 },
      q: [0.05],
      averages: { F1: [312.13849103776806], F2: [97430.66545022665], radiusEffective: 23.14181825393652, volume: 7350.0, volumeRatio: 5.833333333333333 },
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
      I: [0.0002843221467072271, 0.0002347886544120891, 0.001062314868116867],
      rtol: 1e-9,
      source: COMPUTED,
    },

    {
      parameters: { scale: 1, background: 0 },
      q: [0.001, 0.01, 0.05, 0.1, 0.2],
      I: [20.642637531766827, 20.29731727093301, 13.255872850370972, 2.5510700515455302, 0.836719188591849],
      rtol: 1e-9,
      source: COMPUTED,
    },
    {
      parameters: { scale: 1, background: 0, length_a: 20, b2a_ratio: 2.5, c2a_ratio: 6, sld: 3, sld_solvent: 0.5 },
      q: [0.003, 0.03, 0.08, 0.15],
      I: [11.685134083240236, 6.919801600496323, 1.0313835804082845, 0.11528811883559091],
      rtol: 1e-9,
      source: COMPUTED,
    },
    { parameters: {}, q: [0.2], I: [0.837719188592], rtol: 1e-9, source: SOURCE },
  ],
  haveFq: true,
  orientationPoints: (qMax, p) => boxNodes(qMax, p[LENGTH_A], p[LENGTH_A] * p[B2A], p[LENGTH_A] * p[C2A]),
  formVolume: (p) => p[LENGTH_A] ** 3 * p[B2A] * p[C2A],
  shellVolume: wallArea,
  radiusEffectiveModes: [
    "equivalent cylinder excluded volume",
    "equivalent outer volume sphere",
    "half length_a",
    "half length_b",
    "half length_c",
    "equivalent outer circular cross-section",
    "half ab diagonal",
    "half diagonal",
  ],
  radiusEffective(mode, p) {
    const a = p[LENGTH_A];
    const b = a * p[B2A];
    const c = a * p[C2A];
    return boxRadiusEffective(mode, a, b, c, () => excludedVolumeRadius(Math.sqrt((a * b) / Math.PI), c));
  },
  accumulate(q, p, weight, f1, f2) {
    const a = p[LENGTH_A];
    const b = a * p[B2A];
    const c = a * p[C2A];
    const contrast = p[SLD] - p[SLD_SOLVENT];
    const ends = 2 * a * b;
    for (let i = 0; i < q.length; i++) {
      const outer = orientationRule(0.5 * q[i] * (a + b + c));
      let o1 = 0;
      let o2 = 0;
      for (let k = 0; k < outer.n; k++) {
        const cArg = 0.5 * q[i] * c * outer.cos[k];
        const cosC = Math.cos(cArg);
        const sides = 2 * c * sinc(cArg);
        const proj = 0.5 * q[i] * outer.sin[k];
        const inner = orientationRule(proj * (a + b));
        const { sin, cos, weightMean } = inner;
        let in1 = 0;
        let in2 = 0;
        for (let j = 0; j < inner.n; j++) {
          const aArg = proj * a * sin[j];
          const bArg = proj * b * cos[j];
          const sa = sinc(aArg);
          const sb = sinc(bArg);
          const amp = ends * cosC * sa * sb + sides * (b * Math.cos(aArg) * sb + a * Math.cos(bArg) * sa);
          in1 += weightMean[j] * amp;
          in2 += weightMean[j] * amp * amp;
        }
        o1 += outer.weightSin[k] * in1;
        o2 += outer.weightSin[k] * in2;
      }
      if (f1) f1[i] += weight * 1e-2 * contrast * o1;
      f2[i] += weight * 1e-4 * contrast * contrast * o2;
    }
  },
};
