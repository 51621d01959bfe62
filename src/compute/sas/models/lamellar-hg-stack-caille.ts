/**
 * lamellar_hg_stack_caille: stacks of head | tail | tail | head bilayers with the Caillé S(q),
 * I = 2π P(q) S(q)/(d q²), P as in lamellar_hg (· 1e-4 for 1/cm). sasmodels declares form_volume = 1.
 * Ref: F. Nallet, R. Laversanne, D. Roux, J. Phys. II France 3 (1993) 487-502.
 */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { cailleStructureFactor, cailleTerms } from "./caille";
import { headTailAmplitude } from "./lamellar-hg";
import { uniform, log10Uniform, integer } from "./draw";

const parameters = [
  param("length_tail", "Ang", 10, [0, INF], "volume", "Tail thickness"),
  param("length_head", "Ang", 2, [0, INF], "volume", "head thickness"),
  param("Nlayers", "", 30, [1, INF], "plain", "Number of layers"),
  param("d_spacing", "Ang", 40, [0, INF], "volume", "lamellar d-spacing of Caille S(Q)"),
  param("Caille_parameter", "", 0.001, [0, 0.8], "plain", "Caille parameter"),
  param("sld", "1e-6/Ang^2", 0.4, [-INF, INF], "sld", "Tail scattering length density"),
  param("sld_head", "1e-6/Ang^2", 2, [-INF, INF], "sld", "Head scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 6, [-INF, INF], "sld", "Solvent scattering length density"),
];
const {
  length_tail: LENGTH_TAIL,
  length_head: LENGTH_HEAD,
  Nlayers: NLAYERS,
  d_spacing: D_SPACING,
  Caille_parameter: CAILLE,
  sld: SLD,
  sld_head: SLD_HEAD,
  sld_solvent: SLD_SOLVENT,
} = indexOf(parameters);

const PUBLISHED = "sasmodels models/lamellar_hg_stack_caille.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const lamellarHgStackCaille = pointwiseModel(
  {
    name: "lamellar_hg_stack_caille",
    title: "Random lamellar head/tail/tail/head sheet with Caille structure factor",
    description: "I(q) = 2π P(q) S(q)/(d q²) + background, P(q) = (4/q²)[Δρ_h (sin q(H+T) - sin qT) + Δρ_t sin qT]², S the Caillé factor",
    category: "shape:lamellae",
    parameters,
    random(rng) {
      // a stack 100 Å – 50 µm thick of 2 – 199 layers; the bilayer fills a uniform fraction of its period
      const total = log10Uniform(rng, 2, 4.7);
      const layers = integer(rng, 2, 200);
      const d = total / layers;
      const thickness = d * rng.next();
      const head = thickness * rng.next();
      return { length_head: head, length_tail: thickness - head, Nlayers: layers, d_spacing: d, Caille_parameter: uniform(rng, 0, 0.8) };
    },
    // the Caillé sum has round(Nlayers) - 1 terms per q: the price of a request follows it
    orientationPoints: (_qMax, p) => cailleTerms(p[NLAYERS]),
    knownValues: [
      // the printed 6838238.571488 has one digit off: sasmodels' kernel gives 6838238.5704887, as we do
      {
        parameters: {
          scale: 1.0,
          background: 0.0,
          length_tail: 10.0,
          length_head: 2.0,
          Nlayers: 30.0,
          d_spacing: 40.0,
          Caille_parameter: 0.001,
          sld: 0.4,
          sld_head: 2.0,
          sld_solvent: 6.0,
          length_tail_pd: 0.0,
          length_head_pd: 0.0,
          d_spacing_pd: 0.0,
        },
        q: [0.001],
        I: [6838238.571488],
        rtol: 1e-9,
        source: PUBLISHED,
      },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [6838238.57048872, 169.026266847984, 4.24292351220826, 0.0704769472064816, 0.00537710013384006, 3.41456510627478e-5],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: {
          length_tail: 14,
          length_head: 5,
          Nlayers: 7.6,
          d_spacing: 65,
          Caille_parameter: 0.3,
          sld: -0.4,
          sld_head: 3,
          sld_solvent: 6.3,
          background: 0,
        },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [3679919.90549744, 1584.82362635801, 18.7287469966377, 55.3857040672675, 0.110152491696454, 0.00057689851741443],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { Nlayers: 1, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [257347.86079165, 2562.20347653131, 92.0317000828081, 16.1796111534281, 0.0184991780777952, 0.000571809600155],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { Nlayers: 120, d_spacing: 90, Caille_parameter: 0.05, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [281294.492398833, 19.6363096050664, 1.84821888545407, 0.930756465865817, 0.00663033592547893, 0.000254137595255613],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const a = headTailAmplitude(q, p[LENGTH_TAIL], p[LENGTH_HEAD], p[SLD] - p[SLD_SOLVENT], p[SLD_HEAD] - p[SLD_SOLVENT]);
    const q2 = q * q;
    const d = p[D_SPACING];
    return (2e-4 * Math.PI * ((4 * a * a) / q2) * cailleStructureFactor(q, p[NLAYERS], d, p[CAILLE])) / (d * q2);
  },
);
