/**
 * flexible_cylinder: a worm-like chain of contour length L and Kuhn length b with a circular cross-section
 * of radius R, I = scale Δρ² V [2J1(qR)/(qR)]² S_WLC(q; L, b) + background with V = πR²L, the chain
 * function S_WLC of worm-like-chain.ts (Pedersen & Schurtenberger 1996 with Chen et al.'s corrections).
 * The intensity is already per particle volume: sasmodels' form volume is 1 here.
 */
import type { ScatteringModelDefinition } from "../types";
import { cylinderAmplitude } from "../numerics/bessel";
import { INF, indexOf, param } from "./define";
import { wormLikeChain, wormLikeChainS } from "./worm-like-chain";
import { log10Uniform } from "./draw";

const parameters = [
  param("length", "Ang", 1000, [0, INF], "volume", "Length of the flexible cylinder"),
  param("kuhn_length", "Ang", 100, [0, INF], "volume", "Kuhn length of the flexible cylinder"),
  param("radius", "Ang", 20, [0, INF], "volume", "Radius of the flexible cylinder"),
  param("sld", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Cylinder scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 6.3, [-INF, INF], "sld", "Solvent scattering length density"),
];
const { length: LENGTH, kuhn_length: KUHN_LENGTH, radius: RADIUS, sld: SLD, sld_solvent: SLD_SOLVENT } = indexOf(parameters);

const PUBLISHED = "sasmodels models/flexible_cylinder.py tests";
// sasmodels 1.0.6, load_model("flexible_cylinder", dtype="double") + call_kernel (SAS_OPENCL=none), printed
// with repr(). Closed form apart from 2J1(x)/x, which bessel.ts interpolates to 1e-11 absolute: relative
// to the cross-section factor's square that stays below 1e-9 away from its zeros at these q.
const COMPUTED = "sasmodels 1.0.6 compiled in double precision (call_kernel), this project's reference run";

export const flexibleCylinder: ScatteringModelDefinition = {
  name: "flexible_cylinder",
  title: "Flexible cylinder: worm-like chain with excluded volume and a circular cross-section",
  description: "I(q) = scale Δρ² πR²L [2J1(qR)/(qR)]² S_WLC(q; L, b) + background (Pedersen-Schurtenberger method 3, Chen et al. corrections)",
  category: "shape:cylinder",
  parameters,
  random(rng) {
    const length = log10Uniform(rng, 2, 6);
    // Kuhn length 1 % – 100 % of the contour length
    return { length, radius: log10Uniform(rng, 1, 3), kuhn_length: log10Uniform(rng, -2, 0) * length };
  },
  knownValues: [
    { parameters: { background: 0.0001 }, q: [0.001], I: [3509.2187], rtol: 1e-7, source: PUBLISHED },
    { parameters: { background: 0.0001 }, q: [1], I: [0.000595345], rtol: 1e-5, source: PUBLISHED },
    { parameters: { length: 10, kuhn_length: 800, radius: 2, sld: 6, sld_solvent: 12.3 }, q: [0.1], I: [1.55228], rtol: 1e-5, source: PUBLISHED },
    {
      parameters: { length: 100, kuhn_length: 800, radius: 50, sld: 0.1, sld_solvent: 5.1, background: 0 },
      q: [1],
      I: [0.000938456],
      rtol: 1e-5,
      source: PUBLISHED,
    },
    // long chain, L = 10 b: every branch of S from Debye to the rod tail
    {
      parameters: { background: 0 },
      q: [0.0001, 0.001, 0.01, 0.03, 0.1, 0.3, 1.0],
      I: [3529.696390203928, 3509.218577546218, 2119.0380820514856, 443.5381599749294, 37.57542495250423, 0.3146899295422341, 0.0004953423668668976],
      rtol: 1e-9,
      source: COMPUTED,
    },
    // 4 b < L < 10 b (no Chen prefactor)
    {
      parameters: { background: 0, length: 600 },
      q: [0.0001, 0.001, 0.01, 0.03, 0.1, 0.3, 1.0],
      I: [2117.875772035548, 2110.2379495933565, 1605.519149294884, 441.45138589270323, 37.57178695072273, 0.31468921725076754, 0.0004953423490624239],
      rtol: 1e-9,
      source: COMPUTED,
    },
    // short chain, L < 4 b
    {
      parameters: { background: 0, length: 300, kuhn_length: 100, radius: 10 },
      q: [0.0001, 0.001, 0.01, 0.03, 0.1, 0.3, 1.0],
      I: [264.7390133857031, 264.44230817544417, 237.09885018019187, 118.10485579433998, 21.631896387707016, 0.4722137824974412, 0.0002095781001421949],
      rtol: 1e-9,
      source: COMPUTED,
    },
    // very long chain
    {
      parameters: { background: 0, length: 100000.0, kuhn_length: 300, radius: 40, sld: 4, sld_solvent: -0.5 },
      q: [0.0001, 0.001, 0.01, 0.03, 0.1, 0.3, 1.0],
      I: [986030.8492093012, 183778.0039091288, 3557.80395460396, 731.9966819075935, 0.348597417094167, 0.14783084175526987, 0.0012699593130220711],
      rtol: 1e-9,
      source: COMPUTED,
    },
    // polydisperse length, radius and Kuhn length
    {
      parameters: { background: 0, length_pd: 0.2, length_pd_n: 11, radius_pd: 0.1, radius_pd_n: 9, kuhn_length_pd: 0.1, kuhn_length_pd_n: 5 },
      q: [0.001, 0.01, 0.1, 1.0],
      I: [3542.981203822228, 2112.7838210407194, 36.63435560164422, 0.0017838569295812936],
      rtol: 1e-9,
      source: COMPUTED,
    },
    // parameters drawn by sasmodels' own random() (seed 15), rounded to 6 digits
    {
      parameters: { length: 516968.0, radius: 41.9872, kuhn_length: 16396.4, background: 0 },
      q: [0.001, 0.01, 0.1, 1.0],
      I: [48954.363185263406, 4676.001808787553, 2.1182233013788214, 0.0002199480322719111],
      rtol: 1e-9,
      source: COMPUTED,
    },
    {
      parameters: { length: 303781.0, radius: 235.471, kuhn_length: 13315.5, background: 0 },
      q: [0.001, 0.01, 0.1, 1.0],
      I: [1523927.6498447633, 31095.97833486525, 1.5032945027786173, 0.00019330861474045605],
      rtol: 1e-9,
      source: COMPUTED,
    },
  ],
  haveFq: false,
  accumulate(q, p, weight, _f1, f2) {
    const chain = wormLikeChain(p[LENGTH], p[KUHN_LENGTH]);
    const r = p[RADIUS];
    const contrast = p[SLD] - p[SLD_SOLVENT];
    const factor = weight * 1e-4 * contrast * contrast * Math.PI * r * r * p[LENGTH];
    for (let i = 0; i < q.length; i++) {
      const a = cylinderAmplitude(q[i] * r);
      f2[i] += factor * a * a * wormLikeChainS(q[i], chain);
    }
  },
};
