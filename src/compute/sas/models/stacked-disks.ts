/**
 * stacked_disks: a stack of n = round(n_stacking) core/layer/core-free discs of radius R: each disc is a
 * core of thickness t_core with a layer t_layer on both faces, repeat distance d = t_core + 2 t_layer.
 * Per orientation the disc amplitude (a core cylinder plus the two layers, as a cylinder of the full
 * thickness minus the core) is squared and multiplied by the stack's interference term
 *   n · [1 + (2/n) Σ_{k=1}^{n-1} (n − k) cos(k q d cosα) exp(−k (q d cosα σ_d)²/2)],
 * σ_d being the Gaussian spread of neighbour spacings. Normalised by the stack volume π R² d n.
 * Averaged over α in [0, π/2] with the order set per q from q·(R + n d/2), the stack's radius plus
 * half height: that bounds the phase rate of both the disc's amplitude and the interference cosines.
 * sasmodels gives no <F> (the stack is not one amplitude) and no effective radius for this model.
 */
import type { ScatteringModelDefinition } from "../types";
import { cylinderAmplitude } from "../numerics/bessel";
import { sinc } from "../numerics/spherical";
import { INF, indexOf, orientationParams, param } from "./define";
import { orientationNodes, orientationRule } from "./orientation";
import { uniform, log10Uniform, beta } from "./draw";

const parameters = [
  param("thick_core", "Ang", 10, [0, INF], "volume", "Thickness of the core disk"),
  param("thick_layer", "Ang", 10, [0, INF], "volume", "Thickness of layer each side of core"),
  param("radius", "Ang", 15, [0, INF], "volume", "Radius of the stacked disk"),
  param("n_stacking", "", 1, [1, INF], "volume", "Number of stacked layer/core/layer disks"),
  param("sigma_d", "Ang", 0, [0, INF], "plain", "Sigma of nearest neighbor spacing"),
  param("sld_core", "1e-6/Ang^2", 4, [-INF, INF], "sld", "Core scattering length density"),
  param("sld_layer", "1e-6/Ang^2", 0, [-INF, INF], "sld", "Layer scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 5, [-INF, INF], "sld", "Solvent scattering length density"),
  ...orientationParams(0, 0),
];
const {
  thick_core: THICK_CORE,
  thick_layer: THICK_LAYER,
  radius: RADIUS,
  n_stacking: N_STACKING,
  sigma_d: SIGMA_D,
  sld_core: SLD_CORE,
  sld_layer: SLD_LAYER,
  sld_solvent: SLD_SOLVENT,
} = indexOf(parameters);
const SOURCE = "sasmodels models/stacked_disks.py tests";
// Values at the defaults and one other set, at q where sasmodels' fixed rule has converged.
const COMPUTED = "sasmodels 1.0.6 call_kernel (SAS_OPENCL=none, dtype double, scale 1, background 0)";
const CLAY = { thick_core: 10, thick_layer: 15, radius: 3000, sigma_d: 0, sld_core: 4, sld_layer: -0.4, sld_solvent: 5, scale: 0.01, background: 0.001 };

/** sasmodels rounds the (possibly polydisperse) real n_stacking to the nearest whole disc count. */
const discCount = (p: Float64Array) => Math.floor(p[N_STACKING] + 0.5);
const repeatDistance = (p: Float64Array) => p[THICK_CORE] + 2 * p[THICK_LAYER];
const phaseSize = (p: Float64Array) => p[RADIUS] + 0.5 * discCount(p) * repeatDistance(p);

export const stackedDisks: ScatteringModelDefinition = {
  name: "stacked_disks",
  title: "Form factor for a stacked set of non exfoliated core/shell disks",
  description: "n core/layer discs of radius R stacked at spacing d = t_core + 2 t_layer (Gaussian spread σ_d), orientation averaged; normalised by π R² d n",
  category: "shape:cylinder",
  parameters,
  random(rng) {
    const radius = log10Uniform(rng, 1, 4.7);
    const total = log10Uniform(rng, 1, 4.7);
    // 1 to total/10 disks, so every repeat d is ≥ ~10 Å
    const n = Math.floor(log10Uniform(rng, 0, Math.log10(total) - 1) + 0.5);
    const d = total / n;
    const core = uniform(rng, 0, d - 2);
    // spacing spread σ_d/d ~ Beta(1.5, 7): peaked near 15 %, 95 % below 0.4
    return { thick_core: core, thick_layer: (d - core) / 2, radius, n_stacking: n, sigma_d: d * beta(rng, 1.5, 7) };
  },
  // Left out: sasmodels' 2D (qx, qy) case (oriented-shapes-2d.test.ts checks it), and its cases of the R = 3000 Å stack at q = 0.164, 0.4, 0.5,
  // 1.3 and 1.57/Å: q·R is 500 to 4700 there, its 76-point rule is up to 8 % off the exact integral
  // (test/compute/sas/oriented-shapes.test.ts checks those points against adaptive integrals).
  knownValues: [
    // polydisperse (gaussian)
    {
      parameters: {
        scale: 1,
        background: 0,
        radius_pd: 0.1,
        radius_pd_n: 15,
        radius_pd_nsigma: 3,
        n_stacking: 5,
        n_stacking_pd: 0.2,
        n_stacking_pd_n: 9,
        n_stacking_pd_nsigma: 3,
        sigma_d: 1,
      },
      q: [0.005, 0.05, 0.15],
      I: [155.06186475103752, 57.36673345301223, 7.227128460590658],
      rtol: 1e-9,
      source: COMPUTED,
    },

    {
      parameters: { scale: 1, background: 0 },
      q: [0.001, 0.01, 0.05, 0.1, 0.2],
      I: [28.507941137627064, 28.309345133644374, 23.849195597951145, 13.593408544897933, 0.971984160172634],
      rtol: 1e-9,
      source: COMPUTED,
    },
    {
      parameters: { scale: 1, background: 0, thick_core: 8, thick_layer: 4, radius: 60, n_stacking: 4, sigma_d: 2, sld_core: 4, sld_layer: 1, sld_solvent: 6 },
      q: [0.003, 0.03, 0.08, 0.15],
      I: [879.2988082046636, 388.8010366461621, 19.362572077148542, 3.496735325450632],
      rtol: 1e-9,
      source: COMPUTED,
    },

    { parameters: { ...CLAY, n_stacking: 1 }, q: [0.001], I: [5075.12], rtol: 1.5e-4, source: SOURCE },
    { parameters: { ...CLAY, n_stacking: 5 }, q: [0.001], I: [25325.635693], rtol: 1e-8, source: SOURCE },
    { parameters: { ...CLAY, n_stacking: 1 }, q: [0.001, 5], I: [5075.12, 0.001], rtol: 1.5e-4, source: SOURCE },
  ],
  haveFq: false,
  // each node also sums the n-term interference series, ~1/16 of a kernel evaluation per term
  orientationPoints: (qMax, p) => orientationNodes(qMax * phaseSize(p)) * (1 + discCount(p) / 16),
  formVolume: (p) => Math.PI * p[RADIUS] * p[RADIUS] * repeatDistance(p) * discCount(p),
  oriented: {
    symmetry: "axial",
    accumulate(qab, qc, p, weight, f2) {
      const n = discCount(p);
      const h = 0.5 * p[THICK_CORE];
      const ho = h + p[THICK_LAYER];
      const d = repeatDistance(p);
      const area = Math.PI * p[RADIUS] * p[RADIUS];
      const core = area * 2 * h * (p[SLD_CORE] - p[SLD_SOLVENT]);
      const layer = area * (p[SLD_LAYER] - p[SLD_SOLVENT]);
      const w = weight * 1e-4;
      for (let i = 0; i < f2.length; i++) {
        const si1 = sinc(h * qc[i]);
        const fq = (core * si1 + layer * (2 * ho * sinc(ho * qc[i]) - 2 * h * si1)) * cylinderAmplitude(p[RADIUS] * qab[i]);
        f2[i] += w * fq * fq * stackInterference(n, d * qc[i], p[SIGMA_D]);
      }
    },
  },
  accumulate(q, p, weight, _f1, f2) {
    const n = discCount(p);
    const h = 0.5 * p[THICK_CORE];
    const ho = h + p[THICK_LAYER];
    const d = repeatDistance(p);
    const sigma = p[SIGMA_D];
    const area = Math.PI * p[RADIUS] * p[RADIUS];
    const core = area * 2 * h * (p[SLD_CORE] - p[SLD_SOLVENT]);
    const layer = area * (p[SLD_LAYER] - p[SLD_SOLVENT]);
    const size = phaseSize(p);
    for (let i = 0; i < q.length; i++) {
      const { n: nodes, sin, cos, weightSin } = orientationRule(q[i] * size);
      let total = 0;
      for (let j = 0; j < nodes; j++) {
        const qc = q[i] * cos[j];
        const si1 = sinc(h * qc);
        const fq = (core * si1 + layer * (2 * ho * sinc(ho * qc) - 2 * h * si1)) * cylinderAmplitude(p[RADIUS] * q[i] * sin[j]);
        total += weightSin[j] * fq * fq * stackInterference(n, q[i] * d * cos[j], sigma);
      }
      f2[i] += weight * 1e-4 * total;
    }
  },
};

/**
 * n [1 + (2/n) Σ_{k<n} (n − k) cos(k x) e^{−k (xσ)²/2}] for x = q d cosα: the powers of
 * z = e^{−(xσ)²/2 + i x} by repeated multiplication (one cos/sin per node, not per disc).
 */
function stackInterference(n: number, x: number, sigma: number): number {
  if (n <= 1) return n;
  const damp = Math.exp(-0.5 * (x * sigma) ** 2);
  const zr = damp * Math.cos(x);
  const zi = damp * Math.sin(x);
  let pr = 1;
  let pi = 0;
  let sum = 0;
  for (let k = 1; k < n; k++) {
    const r = pr * zr - pi * zi;
    pi = pr * zi + pi * zr;
    pr = r;
    sum += (n - k) * pr;
  }
  return n + 2 * sum;
}
