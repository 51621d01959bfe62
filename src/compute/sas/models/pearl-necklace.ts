/**
 * pearl_necklace (Schweins & Huber 2004): N spheres of radius R joined by N - 1 thin rods (cross-section
 * diameter thick_string, length edge_sep), centre-to-centre spacing A = edge_sep + 2R, averaged over
 * orientations. With Φ = 3j1(qR)/(qR), s = sin(qA)/(qA), masses m_p = Δρ_p V_p and m_s = Δρ_s V_s,
 *   β = [Si(q(A - R)) - Si(qR)]/(q l),  γ = Si(q l)/(q l),  l = edge_sep,
 * the three contributions are the pearl-pearl, rod-rod and pearl-rod sums of the chain's geometric series:
 *   S_pp = 2 (m_p Φ)² [N/(1 - s) - N/2 - s (1 - s^N)/(1 - s)²]
 *   S_ss = m_s² [2 (N - 1) β²/(1 - s) - 2 (1 - s^(N-1)) β²/(1 - s)² + (N - 1)(2γ - sinc²(q l/2))]
 *   S_ps = 4 m_s m_p β Φ [(N - 1)/(1 - s) - s (1 - s^(N-1))/(1 - s)²]
 * and I = scale (S_pp + S_ss + S_ps)/V + background, V = N V_p + (N - 1) V_s.
 * Si is evaluated exactly (numerics/sine-integral.ts), not with sasmodels' 0.1 % approximation.
 */
import { sineIntegral } from "../numerics/sine-integral";
import { sinc, sphereAmplitude } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform } from "./draw";

const parameters = [
  param("radius", "Ang", 80, [0, INF], "volume", "Mean radius of the chained spheres"),
  param("edge_sep", "Ang", 350, [0, INF], "volume", "Mean separation of chained particles"),
  param("thick_string", "Ang", 2.5, [0, INF], "volume", "Thickness of the chain linkage"),
  param("num_pearls", "none", 3, [1, INF], "volume", "Number of pearls in the necklace (must be integer)"),
  param("sld", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Scattering length density of the chained spheres"),
  param("sld_string", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Scattering length density of the chain linkage"),
  param("sld_solvent", "1e-6/Ang^2", 6.3, [-INF, INF], "sld", "Scattering length density of the solvent"),
];
const {
  radius: RADIUS,
  edge_sep: EDGE_SEP,
  thick_string: THICK_STRING,
  num_pearls: NUM_PEARLS,
  sld: SLD,
  sld_string: SLD_STRING,
  sld_solvent: SLD_SOLVENT,
} = indexOf(parameters);

/** Whole pearls, as sasmodels rounds the count. */
const pearls = (p: Float64Array) => Math.floor(p[NUM_PEARLS] + 0.5);
const pearlVolume = (p: Float64Array) => FOUR_PI_3 * p[RADIUS] ** 3;
const stringVolume = (p: Float64Array) => (Math.PI / 4) * p[EDGE_SEP] * p[THICK_STRING] ** 2;
const volume = (p: Float64Array) => pearls(p) * pearlVolume(p) + (pearls(p) - 1) * stringVolume(p);

const PUBLISHED = "sasmodels models/pearl_necklace.py tests";
// sasmodels 1.0.6, load_model("pearl_necklace", dtype="double") + call_kernel (SAS_OPENCL=none), printed
// with repr(). Only at q where every Si argument is below 1 or above 40 does sasmodels' Si approximation
// reach 1e-10; in between it is off by up to ~1e-3 and those q are checked against the same formula with
// scipy.special.sici (1.0.6's kernel, exact Si), below.
const COMPUTED = "sasmodels 1.0.6 compiled in double precision (call_kernel), this project's reference run";
const EXACT_SI = "sasmodels 1.0.6's pearl_necklace formula evaluated in numpy with scipy.special.sici, this project's reference run";

export const pearlNecklace = pointwiseModel(
  {
    name: "pearl_necklace",
    title: "Pearl necklace: spheres chained by thin rods, randomly oriented",
    description: "I(q) = scale (S_pp + S_ss + S_ps)/V + background for N spheres joined by N - 1 rods (Schweins & Huber)",
    category: "shape:cylinder",
    parameters,
    random(rng) {
      const radius = log10Uniform(rng, 1, 3);
      // the string is 1 Å up to a tenth of the pearl radius
      const thickString = log10Uniform(rng, 0, Math.log10(radius) - 1);
      return { radius, edge_sep: log10Uniform(rng, 0, 3), thick_string: thickString, num_pearls: Math.round(log10Uniform(rng, 0.3, 3)) };
    },
    knownValues: [
      { parameters: {}, q: [0.001], I: [17380.245], rtol: 2e-7, source: PUBLISHED },
      {
        parameters: { background: 0 },
        q: [0.0005, 0.001, 0.003, 0.5, 1.0],
        I: [17903.872365865387, 17380.245935748728, 12842.260807222523, 0.009967142057872795, 3.580692005205451e-5],
        rtol: 1e-9,
        source: COMPUTED,
      },
      {
        parameters: { background: 0, radius: 30, edge_sep: 60, thick_string: 8, num_pearls: 12, sld: 3, sld_string: 4, sld_solvent: 0 },
        q: [0.001, 0.003, 0.01, 1.0],
        I: [1259.1052264398672, 1167.2633774282692, 573.8517221155125, 0.0060029575544383726],
        rtol: 1e-9,
        source: COMPUTED,
      },
      // polydisperse pearls and spacing
      {
        parameters: { background: 0, radius_pd: 0.1, radius_pd_n: 11, edge_sep_pd: 0.2, edge_sep_pd_n: 9 },
        q: [0.001, 0.002, 1.0],
        I: [19413.08839617385, 17182.024928465915, 0.0006714880983569759],
        rtol: 1e-9,
        source: COMPUTED,
      },
      {
        parameters: { background: 0 },
        q: [0.0005, 0.001, 0.003, 0.01, 0.03, 0.1, 0.5, 1.0],
        I: [
          17903.872365864485, 17380.245935752147, 12842.260807227878, 4129.8023751921255, 1754.661871006006, 0.975607141325395, 0.009967142057865905,
          3.580692005205439e-5,
        ],
        rtol: 1e-9,
        source: EXACT_SI,
      },
      {
        parameters: { background: 0, radius: 30, edge_sep: 60, thick_string: 8, num_pearls: 12, sld: 3, sld_string: 4, sld_solvent: 0 },
        q: [0.0005, 0.001, 0.003, 0.01, 0.03, 0.1, 0.5, 1.0],
        I: [
          1268.2307930797465, 1259.105226438099, 1167.263377428442, 573.8517221157301, 73.11269018478025, 10.86037173456463, 0.022822619821396,
          0.006002957554487586,
        ],
        rtol: 1e-9,
        source: EXACT_SI,
      },
      // with hardsphere at the equivalent-volume radius (low q only: Si again)
      {
        structureFactor: "hardsphere",
        parameters: { background: 0, volfraction: 0.1, radius_effective_mode: 1 },
        q: [0.0005, 0.001, 0.002],
        I: [816.308856477116, 794.0776863524438, 712.5443274068723],
        rtol: 1e-9,
        source: COMPUTED,
      },
      // parameters drawn by sasmodels' own random() (seed 15), rounded to 6 digits
      {
        parameters: { radius: 204.199, edge_sep: 55.7886, thick_string: 6.27887, num_pearls: 745.0, background: 0 },
        q: [0.001, 0.01, 0.1, 1.0],
        I: [5290206.817565725, 26582.003187699203, 0.012643433058489743, 0.000530047674356924],
        rtol: 1e-9,
        source: EXACT_SI,
      },
      {
        parameters: { radius: 766.18, edge_sep: 459.036, thick_string: 1.34977, num_pearls: 760.0, background: 0 },
        q: [0.001, 0.01, 0.1, 1.0],
        I: [12639696.83301292, 59.673160917363674, 0.1505532703760874, 0.0001203514647144377],
        rtol: 1e-9,
        source: EXACT_SI,
      },
    ],
    formVolume: volume,
    radiusEffectiveModes: ["equivalent volume sphere"],
    radiusEffective: (_mode, p) => Math.cbrt(volume(p) / FOUR_PI_3),
  },
  (q, p) => {
    const n = pearls(p);
    const strings = n - 1;
    const r = p[RADIUS];
    const l = p[EDGE_SEP];
    const mPearl = (p[SLD] - p[SLD_SOLVENT]) * pearlVolume(p);
    const mString = (p[SLD_STRING] - p[SLD_SOLVENT]) * stringVolume(p);
    const spacing = l + 2 * r;
    const ql = q * l;
    const beta = (sineIntegral(q * (spacing - r)) - sineIntegral(q * r)) / ql;
    const gamma = sineIntegral(ql) / ql;
    const psi = sphereAmplitude(q * r);
    const s = sinc(q * spacing);
    const oms = 1 - s;
    const sN = Math.pow(s, n);
    const sN1 = sN / s;
    const pp = 2 * (mPearl * psi) ** 2 * (n / oms - 0.5 * n - (s * (1 - sN)) / (oms * oms));
    const half = sinc(0.5 * ql);
    const ss = mString * mString * (((2 * strings) / oms - (2 * (1 - sN1)) / (oms * oms)) * beta * beta + strings * (2 * gamma - half * half));
    const ps = 4 * mString * mPearl * beta * psi * (strings / oms - (s * (1 - sN1)) / (oms * oms));
    return 1e-4 * (pp + ss + ps);
  },
);
