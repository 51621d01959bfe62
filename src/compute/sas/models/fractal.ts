/**
 * fractal (Teixeira): aggregates of spheres of radius R, I = φ V Δρ² P(q) S(q) with
 * P = [3j1(qR)/(qR)]² and S = 1 + Γ(D+1)/(D-1) sin((D-1) atan(qξ)) (qR)^-D (1 + 1/(qξ)²)^(-(D-1)/2).
 * Ref: J. Teixeira, J. Appl. Cryst. 21 (1988) 781-785.
 */
import { sphereAmplitude } from "../numerics/spherical";
import { gamma } from "../numerics/gamma";
import { FOUR_PI_3, INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform, beta } from "./draw";

const parameters = [
  param("volfraction", "", 0.05, [0, 1], "plain", "volume fraction of blocks"),
  param("radius", "Ang", 5, [0, INF], "volume", "radius of particles"),
  param("fractal_dim", "", 2, [0, 6], "plain", "fractal dimension"),
  param("cor_length", "Ang", 100, [0, INF], "plain", "cluster correlation length"),
  param("sld_block", "1e-6/Ang^2", 2, [-INF, INF], "sld", "scattering length density of particles"),
  param("sld_solvent", "1e-6/Ang^2", 6.4, [-INF, INF], "sld", "scattering length density of solvent"),
];
const {
  volfraction: VOLFRACTION,
  radius: RADIUS,
  fractal_dim: FRACTAL_DIM,
  cor_length: COR_LENGTH,
  sld_block: SLD_BLOCK,
  sld_solvent: SLD_SOLVENT,
} = indexOf(parameters);

/** sin(εx)/ε, equal to x at ε = 0 (D = 1), without the 0/0 of the closed form near it. */
function sinRatio(eps: number, x: number): number {
  const t = eps * x;
  if (Math.abs(t) < 1e-4) return x * (1 - (t * t) / 6);
  return Math.sin(t) / eps;
}

// Γ(D+1) of the last D seen: a curve calls the kernel once per q with the same D, and the Lanczos sum
// costs more than the rest of the kernel
let lastDim = Number.NaN;
let lastGamma = Number.NaN;
function gammaOfDimPlusOne(dim: number): number {
  if (dim !== lastDim) {
    lastGamma = gamma(dim + 1);
    lastDim = dim;
  }
  return lastGamma;
}

/** Teixeira's S(q) of a fractal of building blocks R with dimension D and cut-off ξ (q > 0). */
export function fractalStructureFactor(q: number, radius: number, dim: number, corLength: number): number {
  if (dim === 0) return 2; // the interference term is 1 for D = 0
  const qx = q * corLength;
  // (qR)^-D (1 + 1/(qξ)²)^(-(D-1)/2) as one exp of logs (two Math.pow cost twice as much); the second
  // factor is exactly 1 at D = 1, also when ξ = 0
  const tail = dim === 1 ? 0 : -0.5 * (dim - 1) * Math.log1p(1 / (qx * qx));
  const powers = Math.exp(-dim * Math.log(q * radius) + tail);
  return 1 + gammaOfDimPlusOne(dim) * sinRatio(dim - 1, Math.atan(qx)) * powers;
}

const PUBLISHED = "sasmodels models/fractal.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

export const fractal = pointwiseModel(
  {
    name: "fractal",
    title: "Fractal-like aggregates of spheres (Teixeira)",
    description: "I(q) = scale volfraction V Δρ² P(q) S(q) + background, P = [3j1(qR)/(qR)]², S from Teixeira's eq. 15",
    category: "shape-independent",
    parameters,
    random(rng) {
      const radius = log10Uniform(rng, 0.7, 4);
      const corLength = log10Uniform(rng, 0.7, 2) * radius;
      return { volfraction: log10Uniform(rng, -3, -1), radius, cor_length: corLength, fractal_dim: 2 * beta(rng, 3, 4) + 1 };
    },
    knownValues: [
      { parameters: {}, q: [0.0005], I: [40.4980069872], rtol: 1e-9, source: PUBLISHED },
      { parameters: {}, q: [0.234734468938], I: [0.0947143166058], rtol: 1e-9, source: PUBLISHED },
      { parameters: {}, q: [0.5], I: [0.0176878183458], rtol: 1e-9, source: PUBLISHED },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [40.1965122717406, 20.3142689155163, 1.590183130464, 0.430015926105011, 0.0600735334943351, 0.000178180965187011],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { volfraction: 0.2, radius: 20, fractal_dim: 2.7, cor_length: 500, sld_block: 1, sld_solvent: 6, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [286871.605744185, 2213.24808292931, 30.8834454113076, 8.45219574437564, 0.118992886212192, 0.000123845547699331],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { volfraction: 0.1, radius: 12, fractal_dim: 1, cor_length: 300, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [35.4356833787452, 15.9412876108185, 4.57138211979378, 2.38199599961397, 0.06444494994985, 0.000542943106980132],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { volfraction: 0.1, radius: 12, fractal_dim: 0, cor_length: 300, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [2.80256173717644, 2.79458079761229, 2.60696945329441, 2.08834407912609, 0.0899286640804944, 0.000960432658776794],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { volfraction: 0.08, radius: 30, fractal_dim: 1.6, cor_length: 2000, radius_pd: 0.15, radius_pd_n: 35, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [7223.74015276547, 264.405812415357, 23.3568056025184, 2.23011059010456, 0.0127140568719975, 9.4115700092187e-5],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
    formVolume: (p) => FOUR_PI_3 * p[RADIUS] ** 3,
  },
  (q, p) => {
    const r = p[RADIUS];
    const f = FOUR_PI_3 * r * r * r * (p[SLD_BLOCK] - p[SLD_SOLVENT]) * sphereAmplitude(q * r);
    return 1e-4 * p[VOLFRACTION] * fractalStructureFactor(q, r, p[FRACTAL_DIM], p[COR_LENGTH]) * f * f;
  },
);
