/**
 * binary_hard_sphere: a mixture of large (radius R_L) and small (R_S) hard spheres with the Percus–Yevick
 * partial structure factors of Ashcroft & Langreth (Phys. Rev. 156, 685 (1967); errata 166, 934):
 *   I(q) = n_S b_S² S_SS + 2 √(n_S n_L) b_S b_L S_SL + n_L b_L² S_LL,
 * with number densities n_i = φ_i/V_i and amplitudes b_i = (ρ_i - ρ_solvent) V_i 3j1(qR_i)/(qR_i).
 * The partial S come from the three direct correlation functions, each the Fourier transform of the
 * PY cubic c(r) = -(α + β r/σ + γ (r/σ)³) inside the core (and, for the unlike pair, its shifted form
 * inside the overlap shell), following the closed forms of the NIST SANS macros that sasmodels uses.
 * Already in 1/cm: no volume normalisation, scale multiplies the whole.
 */
import type { ScatteringModelDefinition } from "../types";
import { sphereAmplitude } from "../numerics/spherical";
import { fillTrigMoments } from "../numerics/trig-moments";
import { FOUR_PI_3, INF, indexOf, param } from "./define";
import { log10Uniform } from "./draw";

const parameters = [
  param("radius_lg", "Ang", 100, [0, INF], "plain", "radius of large particle"),
  param("radius_sm", "Ang", 25, [0, INF], "plain", "radius of small particle"),
  param("volfraction_lg", "", 0.1, [0, 1], "plain", "volume fraction of large particle"),
  param("volfraction_sm", "", 0.2, [0, 1], "plain", "volume fraction of small particle"),
  param("sld_lg", "1e-6/Ang^2", 3.5, [-INF, INF], "sld", "scattering length density of large particle"),
  param("sld_sm", "1e-6/Ang^2", 0.5, [-INF, INF], "sld", "scattering length density of small particle"),
  param("sld_solvent", "1e-6/Ang^2", 6.36, [-INF, INF], "sld", "Solvent scattering length density"),
];
const {
  radius_lg: RADIUS_LG,
  radius_sm: RADIUS_SM,
  volfraction_lg: VF_LG,
  volfraction_sm: VF_SM,
  sld_lg: SLD_LG,
  sld_sm: SLD_SM,
  sld_solvent: SLD_SOLVENT,
} = indexOf(parameters);

/** q-independent coefficients of the three PY direct correlation functions. */
interface Mixture {
  /** Size ratio R_S/R_L. */
  a: number;
  /** Large-sphere diameter. */
  diameter: number;
  phi: number;
  /** Packing fractions carried by the small (1) and large (2) spheres. */
  eta1: number;
  eta2: number;
  /** √(x1 x2)/(x2 + x1 a³) with number fractions x_i. */
  cross: number;
  alpha1: number;
  alpha2: number;
  beta1: number;
  beta2: number;
  beta12: number;
  gamma: number;
  gamma12: number;
}

function mixture(rLarge: number, rSmall: number, phiLarge: number, phiSmall: number): Mixture {
  const phi = phiLarge + phiSmall;
  const a = rSmall / rLarge;
  const a3 = a * a * a;
  // number fraction of large spheres from their share of the volume
  const share = phiLarge / phi;
  const x2 = (share * a3) / (1 - share + share * a3);
  const x1 = 1 - x2;
  const norm = x2 + x1 * a3;
  const eta1 = ((x1 * a3) / norm) * phi;
  const eta2 = (x2 / norm) * phi;
  const om = 1 - phi;
  const oma = 1 - a;
  // contact values of the pair distributions
  const g11 = (1 + 0.5 * phi + 1.5 * eta2 * (a - 1)) / (om * om);
  const g22 = (1 + 0.5 * phi + 1.5 * eta1 * (1 / a - 1)) / (om * om);
  const g12 = (1 + 0.5 * phi + (1.5 * oma * (eta1 - eta2)) / (1 + a)) / (om * om);
  const inv3 = 1 / (om * om * om);
  const inv4 = inv3 / om;
  const p = 1 + phi + phi * phi;
  const etaSum = eta1 + a3 * eta2;
  const mixed = 3 * eta1 * eta2 * oma * oma;
  const bracket = 1 + eta1 + a * (1 + eta2);
  const alpha1 = 3 * inv4 * (etaSum * p - mixed * bracket) + (etaSum * (1 + 2 * phi) + p - mixed - 3 * eta2 * oma * oma * bracket) * inv3;
  const alpha2 = (3 * inv4 * (etaSum * p - mixed * bracket) + (etaSum * (1 + 2 * phi) + a3 * p - mixed * a - 3 * eta1 * oma * oma * bracket) * inv3) / a3;
  const beta1 = -6 * (eta1 * g11 * g11 + 0.25 * eta2 * (1 + a) * (1 + a) * a * g12 * g12);
  const beta2 = -6 * (eta2 * g22 * g22 + ((0.25 * eta1) / a3) * (1 + a) * (1 + a) * g12 * g12);
  const beta12 = -3 * a * (1 + a) * ((eta1 * g11) / (a * a) + eta2 * g22) * g12;
  const gamma = 0.5 * (eta1 * alpha1 + a3 * eta2 * alpha2);
  const gamma12 = (2 * gamma * oma) / a;
  return {
    a,
    diameter: 2 * rLarge,
    phi,
    eta1,
    eta2,
    cross: (Math.sqrt(x2) * Math.sqrt(x1)) / norm,
    alpha1,
    alpha2,
    beta1,
    beta2,
    beta12,
    gamma,
    gamma12,
  };
}

// Moments C_n(k) = ∫₀¹ tⁿ cos(kt) dt and S_n(k) = ∫₀¹ tⁿ sin(kt) dt (n ≤ 4) at the three arguments.
const C1 = new Float64Array(5);
const S1 = new Float64Array(5);
const C2 = new Float64Array(5);
const S2 = new Float64Array(5);
const CL = new Float64Array(5);
const SL = new Float64Array(5);

/**
 * Partial structure factors S_SS, S_LL, S_SL at q. The direct correlation functions are the Fourier
 * transforms of the PY cubics, ∫ t^m sin(yt) dt over the core, written here through the moments
 * C_n, S_n: the macros' closed forms (e.g. (4y³ - 24y) sin y - (y⁴ - 12y² + 24) cos y + 24 = y⁵ S_4(y))
 * cancel to a few digits at small q·σ, the moments do not.
 */
function partialStructureFactors(q: number, m: Mixture): [number, number, number] {
  const { a, phi, eta1, eta2, cross, alpha1, alpha2, beta1, beta2, beta12, gamma, gamma12 } = m;
  const y = q * m.diameter;
  const a3 = a * a * a;
  const y1 = a * y; // small-sphere argument
  const yl = 0.5 * y * (1 - a); // half the diameter difference, where the unlike pair's cubic is centred
  fillTrigMoments(y1, C1, S1);
  fillTrigMoments(y, C2, S2);
  fillTrigMoments(yl, CL, SL);
  const c11 = (24 * eta1 * (alpha1 * S1[1] + beta1 * S1[2] + gamma * S1[4])) / y1;
  // the macros scale the large pair's γ term by (a y)³ rather than y³, hence the 1/a³
  const c22 = (24 * eta2 * (alpha2 * S2[1] + beta2 * S2[2] + (gamma * S2[4]) / a3)) / y;
  const sl = Math.sin(yl);
  const cl = Math.cos(yl);
  const lead = (1 - a) / (2 * a);
  const shell = (3 * (1 - a) ** 3 * phi * cross * alpha1 * SL[1]) / yl;
  const cubic = sl * (beta12 * C1[2] + gamma12 * C1[3] + gamma * C1[4]) + cl * (beta12 * S1[2] + gamma12 * S1[3] + gamma * S1[4]);
  const linear = alpha1 * (cl * (S1[1] + lead * S1[0]) + sl * (C1[1] + lead * C1[0]));
  const c12 = shell + (24 * phi * cross * a3 * (cubic + linear)) / y1;
  const sSS = 1 / (1 + c11 - (c12 * c12) / (1 + c22));
  const sLL = 1 / (1 + c22 - (c12 * c12) / (1 + c11));
  const sSL = -c12 / ((1 + c11) * (1 + c22) - c12 * c12);
  return [sSS, sLL, sSL];
}

// sasmodels 1.0.6, load_model("binary_hard_sphere", dtype="double") + call_kernel (SAS_OPENCL=none),
// printed with repr(). Closed form; at small q·σ sasmodels' closed forms cancel (2.3e-7 off at q = 0.001
// for the defaults, against the same formulas in 50-digit mpmath), so those points are compared at 1e-6
// there and at 1e-11 with the 50-digit values.
const COMPUTED = "sasmodels 1.0.6 compiled in double precision (call_kernel), this project's reference run";
const MPMATH = "the same closed forms (NIST macros' algebra) evaluated in 50-digit mpmath 1.2.1, this project's reference run";
const PUBLISHED = "sasmodels models/binary_hard_sphere.py tests (from SasView 3.1.2)";

export const binaryHardSphere: ScatteringModelDefinition = {
  name: "binary_hard_sphere",
  title: "Binary mixture of hard spheres with Percus-Yevick partial structure factors",
  description: "I(q) = Σ_ij √(n_i n_j) b_i(q) b_j(q) S_ij(q) for small and large hard spheres (Ashcroft-Langreth PY), in 1/cm",
  category: "shape:sphere",
  parameters,
  random(rng) {
    // both radii log-uniform 100 Å – 50 µm and both φ 1e-3 – 0.5; the larger radius is "lg"
    const a = { radius: log10Uniform(rng, 2, 4.7), volfraction: log10Uniform(rng, -3, -0.3) };
    const b = { radius: log10Uniform(rng, 2, 4.7), volfraction: log10Uniform(rng, -3, -0.3) };
    const [lg, sm] = a.radius >= b.radius ? [a, b] : [b, a];
    return { radius_lg: lg.radius, radius_sm: sm.radius, volfraction_lg: lg.volfraction, volfraction_sm: sm.volfraction };
  },
  knownValues: [
    // printed without the background (the 0.001 default would add 4e-5)
    { parameters: { background: 0 }, q: [0.001], I: [25.8927262013], rtol: 1e-6, source: PUBLISHED },
    // low q·σ, where sasmodels' own closed forms have lost digits (see above)
    {
      parameters: { background: 0 },
      q: [0.001, 0.003],
      I: [25.89272620129199, 25.940915930605538],
      rtol: 1e-6,
      source: COMPUTED,
    },
    {
      parameters: { background: 0 },
      q: [0.0001, 0.001, 0.003],
      I: [25.886675042755233, 25.892732104912167, 25.94091592667926],
      rtol: 1e-11,
      source: MPMATH,
    },
    {
      parameters: { background: 0, radius_lg: 50, radius_sm: 5, volfraction_lg: 0.02, volfraction_sm: 0.4, sld_sm: 2 },
      q: [0.001, 0.01, 0.03],
      I: [0.7757551964588265, 0.7480322269282424, 0.5489597153641078],
      rtol: 1e-11,
      source: MPMATH,
    },
    {
      parameters: { background: 0 },
      q: [0.01, 0.03, 0.1, 0.5, 1.0],
      I: [26.38427828543563, 19.783034948885362, 11.25457391681484, 0.017431143189341792, 0.001055903547626725],
      rtol: 1e-9,
      source: COMPUTED,
    },
    {
      parameters: { background: 0, radius_lg: 300, radius_sm: 80, volfraction_lg: 0.3, volfraction_sm: 0.1, sld_lg: 1, sld_sm: 4, sld_solvent: 0 },
      q: [0.003, 0.01, 0.03, 0.1, 0.5, 1.0],
      I: [99.60912764869154, 139.14803981351417, 95.60226960753116, 0.05451139994482141, 0.0005968195823361824, 7.247453297866506e-7],
      rtol: 1e-9,
      source: COMPUTED,
    },
    {
      parameters: { background: 0, radius_lg: 50, radius_sm: 5, volfraction_lg: 0.02, volfraction_sm: 0.4, sld_sm: 2 },
      q: [0.1, 0.5, 1.0],
      I: [0.015846351180484167, 0.036665288462398186, 0.0009411498257345504],
      rtol: 1e-9,
      source: COMPUTED,
    },
    // parameters drawn by sasmodels' own random() (seed 15), rounded to 6 digits
    {
      parameters: { radius_lg: 19579.8, radius_sm: 304.102, volfraction_lg: 0.00140211, volfraction_sm: 0.00946572, background: 0 },
      q: [0.001, 0.01, 0.1, 1.0],
      I: [4581.299721110182, 428.59518669938745, 0.012794832587177719, 2.6341215029216313e-6],
      rtol: 1e-9,
      source: COMPUTED,
    },
    {
      parameters: { radius_lg: 2697.74, radius_sm: 554.093, volfraction_lg: 0.00663867, volfraction_sm: 0.00669855, background: 0 },
      q: [0.001, 0.01, 0.1, 1.0],
      I: [98168.77593251983, 116.19953356896274, 0.003599630344047907, 2.634239252246108e-7],
      rtol: 1e-9,
      source: COMPUTED,
    },
  ],
  haveFq: false,
  accumulate(q, p, weight, _f1, f2) {
    const rL = p[RADIUS_LG];
    const rS = p[RADIUS_SM];
    const m = mixture(rL, rS, p[VF_LG], p[VF_SM]);
    const vL = FOUR_PI_3 * rL * rL * rL;
    const vS = FOUR_PI_3 * rS * rS * rS;
    const nL = p[VF_LG] / vL;
    const nS = p[VF_SM] / vS;
    const dL = (p[SLD_LG] - p[SLD_SOLVENT]) * vL;
    const dS = (p[SLD_SM] - p[SLD_SOLVENT]) * vS;
    for (let i = 0; i < q.length; i++) {
      const [sSS, sLL, sSL] = partialStructureFactors(q[i], m);
      const bL = dL * sphereAmplitude(q[i] * rL);
      const bS = dS * sphereAmplitude(q[i] * rS);
      f2[i] += weight * 1e-4 * (nS * bS * bS * sSS + 2 * Math.sqrt(nS * nL) * bS * bL * sSL + nL * bL * bL * sLL);
    }
  },
};
