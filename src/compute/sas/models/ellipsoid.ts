/**
 * ellipsoid: spheroid with polar radius Rp along the symmetry axis and equatorial radius Re;
 * F = Δρ V 3j1(qr)/(qr), r = sqrt(Re² sin²α + Rp² cos²α), averaged over u = cos α in [0, 1],
 * integrated in α with the order set per q from q·max(Rp, Re), the amplitude's largest phase rate
 * (orientation.ts; F is a function of r², so the square root brings no branch point). At extreme
 * aspect (Rp 10, Re 3000) r(α) bends over a width Rp/Re near α = 0; that needed twice the order until
 * split panels got their own margin (orientation.ts, PANEL_RATE): with it, q·max is within 5e-13 of
 * a 24-point composite rule for aspect ratios to 3000 and q to 1/Å. <F²> without <F> (every use
 * but the beta approximation) goes through numerics/spheroid-average.ts once q·size passes ~16: a
 * fixed ~50 evaluations per q, exact to ~1e-13 at any q.
 */
import type { ScatteringModelDefinition } from "../types";
import { sphereAmplitude } from "../numerics/spherical";
import { spheroidF2 } from "../numerics/spheroid-average";
import { FOUR_PI_3, INF, indexOf, orientationParams, param } from "./define";
import { orientationNodes, orientationRule } from "./orientation";
import { log10Uniform } from "./draw";

const parameters = [
  param("sld", "1e-6/Ang^2", 4, [-INF, INF], "sld", "Ellipsoid scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Solvent scattering length density"),
  param("radius_polar", "Ang", 20, [0, INF], "volume", "Polar radius"),
  param("radius_equatorial", "Ang", 400, [0, INF], "volume", "Equatorial radius"),
  ...orientationParams(60, 60),
];
const { sld: SLD, sld_solvent: SLD_SOLVENT, radius_polar: RADIUS_POLAR, radius_equatorial: RADIUS_EQUATORIAL } = indexOf(parameters);

const SOURCE = "sasmodels models/ellipsoid.py tests";
// The product values are SasView results of May 2019 printed to 16 digits; sasmodels' own runner checks
// them to 5 digits, and double-precision sasmodels today gives the same numbers we do (≤ 3e-6 from them).
const PRODUCT_RTOL = 5e-6;
const HS_BETA = { scale: 1, background: 0, volfraction: 0.2, structure_factor_mode: 1 };

/** Isihara's average-curvature radius (sasmodels mode 1). */
function radiusFromCurvature(rp: number, re: number): number {
  if (rp === re) return rp;
  if (rp * re === 0) return 0;
  const ratio = rp < re ? rp / re : re / rp;
  const e1 = Math.sqrt(1 - ratio * ratio);
  const b1 = 1 + Math.asin(e1) / (e1 * ratio);
  const bL = (1 + e1) / (1 - e1);
  const b2 = 1 + ((0.5 * ratio * ratio) / e1) * Math.log(bL);
  const delta = 0.75 * b1 * b2;
  return 0.5 * Math.cbrt(2 * (delta + 1) * rp * re * re);
}

export const ellipsoid: ScatteringModelDefinition = {
  name: "ellipsoid",
  title: "Ellipsoid of revolution with uniform scattering length density.",
  description: "F = Δρ V 3j1(qr)/(qr), r = [Re² sin²α + Rp² cos²α]^(1/2), V = 4π/3 Rp Re²",
  category: "shape:ellipsoid",
  parameters,
  random(rng) {
    // volume log-uniform 1e5 – 1e12 Å³ (4π/3 left out), polar radius log-uniform 20 Å – 10 µm
    const volume = log10Uniform(rng, 5, 12);
    const polar = log10Uniform(rng, 1.3, 4);
    return { radius_polar: polar, radius_equatorial: Math.sqrt(volume / polar) };
  },
  // sasmodels' 2D (qx, qy) case is left out: not computed by this library.
  knownValues: [
    { parameters: {}, q: [0.05], I: [54.8525847025], rtol: 1e-9, source: SOURCE },
    // ellipsoid@hardsphere, beta approximation, with each effective-radius mode
    {
      structureFactor: "hardsphere",
      parameters: { ...HS_BETA, radius_effective_mode: 2 },
      q: [0.006, 0.05, 0.1],
      I: [330.0082676127404, 10.96932155837644, 1.35347369429977],
      rtol: PRODUCT_RTOL,
      source: SOURCE,
    },
    {
      structureFactor: "hardsphere",
      parameters: { ...HS_BETA, radius_effective_mode: 3 },
      q: [0.006, 0.05, 0.1],
      I: [273.64522316236287, 10.93682961898512, 1.352864896244188],
      rtol: PRODUCT_RTOL,
      source: SOURCE,
    },
    {
      structureFactor: "hardsphere",
      parameters: { ...HS_BETA, radius_effective_mode: 4 },
      q: [0.006, 0.05, 0.1],
      I: [1062.3690121068357, 10.970147034298845, 1.3534794742102454],
      rtol: PRODUCT_RTOL,
      source: SOURCE,
    },
    {
      structureFactor: "hardsphere",
      parameters: { ...HS_BETA, radius_effective_mode: 1 },
      q: [0.006, 0.01, 0.05, 0.1],
      I: [529.0109355849872, 419.2280055002956, 10.970118278295908, 1.3534762023877278],
      rtol: PRODUCT_RTOL,
      source: SOURCE,
    },
  ],
  haveFq: true,
  orientationPoints: (qMax, p) => orientationNodes(qMax * Math.max(p[RADIUS_POLAR], p[RADIUS_EQUATORIAL])),
  formVolume: (p) => FOUR_PI_3 * p[RADIUS_POLAR] * p[RADIUS_EQUATORIAL] * p[RADIUS_EQUATORIAL],
  radiusEffectiveModes: ["average curvature", "equivalent volume sphere", "min radius", "max radius"],
  radiusEffective(mode, p) {
    const rp = p[RADIUS_POLAR];
    const re = p[RADIUS_EQUATORIAL];
    switch (mode) {
      case 2:
        return Math.cbrt(rp * re * re);
      case 3:
        return Math.min(rp, re);
      case 4:
        return Math.max(rp, re);
      default:
        return radiusFromCurvature(rp, re);
    }
  },
  oriented: {
    symmetry: "axial",
    accumulate(qab, qc, p, weight, f2) {
      const rp = p[RADIUS_POLAR];
      const re = p[RADIUS_EQUATORIAL];
      const s = (p[SLD] - p[SLD_SOLVENT]) * FOUR_PI_3 * rp * re * re;
      const w = weight * 1e-4 * s * s;
      for (let i = 0; i < f2.length; i++) {
        const a = qab[i] * re;
        const c = qc[i] * rp;
        const f = sphereAmplitude(Math.sqrt(a * a + c * c));
        f2[i] += w * f * f;
      }
    },
  },
  accumulate(q, p, weight, f1, f2) {
    const rp = p[RADIUS_POLAR];
    const re = p[RADIUS_EQUATORIAL];
    const re2 = re * re;
    const rp2 = rp * rp;
    const s = (p[SLD] - p[SLD_SOLVENT]) * FOUR_PI_3 * rp * re * re;
    for (let i = 0; i < q.length; i++) {
      // <F²> alone (no beta approximation asked for): by paths in the complex plane where they apply.
      const fast = f1 ? null : spheroidF2(q[i], rp, re);
      if (fast !== null) {
        f2[i] += weight * 1e-4 * s * s * fast;
        continue;
      }
      const { n, sin, cos, weightSin } = orientationRule(q[i] * Math.max(rp, re));
      let t1 = 0;
      let t2 = 0;
      for (let j = 0; j < n; j++) {
        const r = Math.sqrt(re2 * sin[j] * sin[j] + rp2 * cos[j] * cos[j]);
        const f = sphereAmplitude(q[i] * r);
        t1 += weightSin[j] * f;
        t2 += weightSin[j] * f * f;
      }
      if (f1) f1[i] += weight * 1e-2 * s * t1;
      f2[i] += weight * 1e-4 * s * s * t2;
    }
  },
};
