/**
 * lamellar_hg: dilute random bilayers made of head | tail | tail | head slabs,
 * I = 2π P(q)/(2(H+T) q²) with P = (4/q²)[Δρ_h (sin q(H+T) - sin qT) + Δρ_t sin qT]² (· 1e-4 for 1/cm).
 * sasmodels declares form_volume = 1 although the lengths are volume (polydisperse) parameters:
 * a size distribution is a plain weighted mean, as there.
 * Ref: F. Nallet, R. Laversanne, D. Roux, J. Phys. II France 3 (1993) 487-502; J. Berghausen, J. Zipfel, P. Lindner, W. Richtering, J. Phys. Chem. B 105 (2001) 11081-11088.
 */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform } from "./draw";

const parameters = [
  param("length_tail", "Ang", 15, [0, INF], "volume", "Tail thickness ( total = H+T+T+H)"),
  param("length_head", "Ang", 10, [0, INF], "volume", "Head thickness"),
  param("sld", "1e-6/Ang^2", 0.4, [-INF, INF], "sld", "Tail scattering length density"),
  param("sld_head", "1e-6/Ang^2", 3, [-INF, INF], "sld", "Head scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 6, [-INF, INF], "sld", "Solvent scattering length density"),
];
const { length_tail: LENGTH_TAIL, length_head: LENGTH_HEAD, sld: SLD, sld_head: SLD_HEAD, sld_solvent: SLD_SOLVENT } = indexOf(parameters);

/**
 * The bilayer's amplitude factor Δρ_h (sin q(H+T) - sin qT) + Δρ_t sin qT, with the difference of sines
 * written as 2 cos(q(2T+H)/2) sin(qH/2) so a thin head keeps its digits at low q.
 */
export function headTailAmplitude(q: number, tail: number, head: number, dTail: number, dHead: number): number {
  return dHead * 2 * Math.cos(0.5 * q * (2 * tail + head)) * Math.sin(0.5 * q * head) + dTail * Math.sin(q * tail);
}

const PUBLISHED = "sasmodels models/lamellar_hg.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const lamellarHg = pointwiseModel(
  {
    name: "lamellar_hg",
    title: "Random lamellar phase with Head and Tail Groups",
    description: "I(q) = 2π P(q)/(2(H+T) q²) + background, P(q) = (4/q²)[Δρ_h (sin q(H+T) - sin qT) + Δρ_t sin qT]²",
    category: "shape:lamellae",
    parameters,
    random(rng) {
      const thickness = log10Uniform(rng, 1, 4);
      const head = thickness * rng.next();
      return { length_head: head, length_tail: thickness - head };
    },
    knownValues: [
      {
        parameters: { scale: 1.0, background: 0.0, length_tail: 15.0, length_head: 10.0, sld: 0.4, sld_head: 3.0, sld_solvent: 6.0 },
        q: [0.001],
        I: [653143.9209],
        rtol: 1e-9,
        source: PUBLISHED,
      },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [653143.920911471, 6426.93390154582, 171.603492669943, 9.6823750029859, 0.000460540674722913, 8.41264188340247e-5],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { length_tail: 22, length_head: 4, sld: -0.3, sld_head: 4.5, sld_solvent: 6.3, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [1122348.80137536, 11023.8319824412, 279.526731402333, 11.1760725243806, 0.0646957902285093, 8.55101094302502e-5],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { length_tail: 8, length_head: 12, sld: 1, sld_head: 1, sld_solvent: 1, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { length_tail: 15, length_head: 6, length_tail_pd: 0.1, length_tail_pd_n: 21, length_head_pd: 0.2, length_head_pd_n: 15, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [622866.911470494, 6153.5132265291, 182.10145150635, 15.931922979368, 0.0551431632488511, 0.000691819805048847],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const tail = p[LENGTH_TAIL];
    const head = p[LENGTH_HEAD];
    const a = headTailAmplitude(q, tail, head, p[SLD] - p[SLD_SOLVENT], p[SLD_HEAD] - p[SLD_SOLVENT]);
    const q2 = q * q;
    return (2e-4 * Math.PI * 4 * a * a) / (q2 * q2 * 2 * (head + tail));
  },
);
