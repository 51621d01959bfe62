/**
 * lamellar_stack_caille: randomly oriented stacks of N sheets of thickness δ and spacing d with the
 * Caillé S(q): I = 2π P(q) S(q)/(d q²), P = 2Δρ²(1 - cos qδ)/q² (· 1e-4 for 1/cm).
 * sasmodels declares form_volume = 1 (thickness and d_spacing are volume parameters all the same).
 * Ref: F. Nallet, R. Laversanne, D. Roux, J. Phys. II France 3 (1993) 487-502.
 */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { cailleStructureFactor, cailleTerms } from "./caille";
import { uniform, log10Uniform, integer } from "./draw";

const parameters = [
  param("thickness", "Ang", 30, [0, INF], "volume", "sheet thickness"),
  param("Nlayers", "", 20, [1, INF], "plain", "Number of layers"),
  param("d_spacing", "Ang", 400, [0, INF], "volume", "lamellar d-spacing of Caille S(Q)"),
  param("Caille_parameter", "1/Ang^2", 0.1, [0, 0.8], "plain", "Caille parameter"),
  param("sld", "1e-6/Ang^2", 6.3, [-INF, INF], "sld", "layer scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Solvent scattering length density"),
];
const { thickness: THICKNESS, Nlayers: NLAYERS, d_spacing: D_SPACING, Caille_parameter: CAILLE, sld: SLD, sld_solvent: SLD_SOLVENT } = indexOf(parameters);

const PUBLISHED = "sasmodels models/lamellar_stack_caille.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const lamellarStackCaille = pointwiseModel(
  {
    name: "lamellar_stack_caille",
    title: "Random lamellar sheet with Caille structure factor",
    description: "I(q) = 2π P(q) S(q)/(d q²) + background, P = 2Δρ²(1 - cos qδ)/q², S the Caillé factor of round(Nlayers) sheets",
    category: "shape:lamellae",
    parameters,
    random(rng) {
      // a stack 100 Å – 50 µm thick of 2 – 199 layers; the bilayer fills a uniform fraction of its period
      const total = log10Uniform(rng, 2, 4.7);
      const layers = integer(rng, 2, 200);
      const d = total / layers;
      const thickness = d * rng.next();
      return { thickness, Nlayers: layers, d_spacing: d, Caille_parameter: uniform(rng, 0, 0.8) };
    },
    // the Caillé sum has round(Nlayers) - 1 terms per q: the price of a request follows it
    orientationPoints: (_qMax, p) => cailleTerms(p[NLAYERS]),
    knownValues: [
      {
        parameters: {
          scale: 1.0,
          background: 0.0,
          thickness: 30.0,
          Nlayers: 20.0,
          d_spacing: 400.0,
          Caille_parameter: 0.1,
          sld: 6.3,
          sld_solvent: 1.0,
          thickness_pd: 0.0,
          d_spacing_pd: 0.0,
        },
        q: [0.001],
        I: [28895.13397],
        rtol: 1e-9,
        source: PUBLISHED,
      },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [28895.1339741755, 34.9931699257275, 12.8729212842016, 1.75404201543127, 0.0208212540115176, 7.46350578597503e-5],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { thickness: 45, Nlayers: 3.4, d_spacing: 120, Caille_parameter: 0.6, sld: 0.5, sld_solvent: 6.35, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [1077670.94909388, 3564.13762280412, 153.960074501507, 4.45813960643876, 0.0179223692780889, 0.000170113767985051],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { thickness: 20, Nlayers: 200, d_spacing: 60, Caille_parameter: 0.02, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [51060.5440608647, 7.35430061511702, 0.464482891298218, 1.6617446036553, 0.00137462829903835, 0.000324777208494284],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: {
          thickness: 30,
          Nlayers: 10,
          d_spacing: 200,
          Caille_parameter: 0.1,
          thickness_pd: 0.1,
          thickness_pd_n: 21,
          d_spacing_pd: 0.05,
          d_spacing_pd_n: 15,
          background: 0,
        },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [571818.117479148, 51.9460285390647, 9.24944493658995, 3.83707222747163, 0.0351693189275979, 0.000176605401586273],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const contrast = p[SLD] - p[SLD_SOLVENT];
    const half = Math.sin(0.5 * q * p[THICKNESS]);
    const q2 = q * q;
    // 1 - cos x as 2 sin²(x/2): no cancellation at low q
    const pq = (4 * contrast * contrast * half * half) / q2;
    const d = p[D_SPACING];
    return (2e-4 * Math.PI * pq * cailleStructureFactor(q, p[NLAYERS], d, p[CAILLE])) / (d * q2);
  },
);
