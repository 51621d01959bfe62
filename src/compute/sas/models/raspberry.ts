/**
 * raspberry (Larson-Smith, Jackson & Pozzo 2010): small spheres (radius r_s) stuck to a large sphere
 * (radius R_L) with their centres at R_L + δ r_s, plus free small spheres. For N_p small spheres per
 * large one, contrasts Δ_L = |ρ_L - ρ_solvent|, Δ_S = |ρ_S - ρ_solvent|, Φ(x) = 3j1(x)/x and
 * s = sin(q(R_L + δ r_s))/(q(R_L + δ r_s)), the normalised composite form factor is
 *   P = [Δ_L²V_L²Φ_L² + N_p Δ_S²V_S²Φ_S² + N_p(N_p - 1) Δ_S²V_S²Φ_S² s² + 2 N_p Δ_L Δ_S V_L V_S Φ_L Φ_S s]
 *       / (Δ_L V_L + N_p Δ_S V_S)²,
 * and I = [φ_L Δ_L² V_L + φ_S f_surface N_p Δ_S² V_S] P + φ_S (1 - f_surface) Δ_S² V_S Φ_S², in 1/cm
 * without a further volume normalisation. N_p = φ_S f_surface V_L / (φ_L V_S).
 */
import { sinc, sphereAmplitude } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform, beta } from "./draw";

const parameters = [
  param("sld_lg", "1e-6/Ang^2", -0.4, [-INF, INF], "sld", "large particle scattering length density"),
  param("sld_sm", "1e-6/Ang^2", 3.5, [-INF, INF], "sld", "small particle scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 6.36, [-INF, INF], "sld", "solvent scattering length density"),
  param("volfraction_lg", "", 0.05, [-INF, INF], "plain", "volume fraction of large spheres"),
  param("volfraction_sm", "", 0.005, [-INF, INF], "plain", "volume fraction of small spheres"),
  param("surface_fraction", "", 0.4, [-INF, INF], "plain", "fraction of small spheres at surface"),
  param("radius_lg", "Ang", 5000, [0, INF], "volume", "radius of large spheres"),
  param("radius_sm", "Ang", 100, [0, INF], "volume", "radius of small spheres"),
  param("penetration", "Ang", 0, [-1, 1], "volume", "fractional penetration depth of small spheres into large sphere"),
];
const {
  sld_lg: SLD_LG,
  sld_sm: SLD_SM,
  sld_solvent: SLD_SOLVENT,
  volfraction_lg: VF_LG,
  volfraction_sm: VF_SM,
  surface_fraction: SURFACE_FRACTION,
  radius_lg: RADIUS_LG,
  radius_sm: RADIUS_SM,
  penetration: PENETRATION,
} = indexOf(parameters);

// sasmodels 1.0.6, load_model("raspberry", dtype="double") + call_kernel (SAS_OPENCL=none), printed with
// repr(); closed form, so agreement is to rounding. (sasmodels publishes no values: its tests predate a
// reparameterisation and are commented out.)
const SOURCE = "sasmodels 1.0.6 compiled in double precision (call_kernel), this project's reference run";

export const raspberry = pointwiseModel(
  {
    name: "raspberry",
    title: "Raspberry: small spheres at the surface of a large sphere (Pickering emulsion), plus free small spheres",
    description: "Large sphere decorated with N_p small spheres centred at R_L + δ r_s, with the small spheres left free; I in 1/cm from the volume fractions",
    category: "shape:sphere",
    parameters,
    random(rng) {
      const volfractionLg = log10Uniform(rng, -3, -0.3);
      const volfractionSm = log10Uniform(rng, -3, -0.3);
      // most small spheres attached (Beta(6, 4), peaked near 60 %), shallow penetration (Beta(1, 10))
      const surfaceFraction = beta(rng, 6, 4);
      const radiusLg = log10Uniform(rng, 1.7, 4.7);
      return {
        volfraction_lg: volfractionLg,
        volfraction_sm: volfractionSm,
        surface_fraction: surfaceFraction,
        radius_lg: radiusLg,
        radius_sm: log10Uniform(rng, -3, -0.3) * radiusLg,
        penetration: beta(rng, 1, 10),
      };
    },
    knownValues: [
      {
        parameters: { background: 0 },
        q: [0.001, 0.003, 0.01, 0.03, 0.1, 0.5, 1.0],
        I: [420730.70070480864, 15146.21147673269, 193.0244361517878, 3.735549145696424, 0.02146097763417578, 3.789117796840861e-5, 1.181115176301965e-6],
        rtol: 1e-9,
        source: SOURCE,
      },
      {
        parameters: {
          background: 0,
          radius_lg: 400,
          radius_sm: 40,
          penetration: 0.3,
          volfraction_lg: 0.1,
          volfraction_sm: 0.02,
          surface_fraction: 0.7,
          sld_lg: 2,
          sld_sm: -1,
        },
        q: [0.001, 0.003, 0.01, 0.03, 0.1, 0.5, 1.0],
        I: [51870.12416162732, 38349.438683543885, 78.52434380594819, 33.82826440829307, 0.2159263868598249, 0.0002084295071201871, 4.077130479347533e-5],
        rtol: 1e-9,
        source: SOURCE,
      },
      {
        parameters: { background: 0, radius_lg: 400, radius_sm: 40, radius_lg_pd: 0.1, radius_lg_pd_n: 11, radius_sm_pd: 0.2, radius_sm_pd_n: 9 },
        q: [0.003, 0.03],
        I: [45956.856405673636, 14.428259129323907],
        rtol: 1e-9,
        source: SOURCE,
      },
      // with hardsphere at the outer radius
      {
        structureFactor: "hardsphere",
        parameters: { background: 0, volfraction: 0.2, radius_lg: 300, radius_sm: 30, radius_effective_mode: 2 },
        q: [0.001, 0.01, 0.05, 0.2],
        I: [1100.811130316986, 660.7789303215488, 0.6937094237577739, 0.0038166566449842638],
        rtol: 1e-9,
        source: SOURCE,
      },
      // parameters drawn by sasmodels' own random() (seed 15), rounded to 6 digits
      {
        parameters: {
          volfraction_lg: 0.00297132,
          volfraction_sm: 0.0708025,
          surface_fraction: 0.709995,
          radius_lg: 378.014,
          radius_sm: 183.849,
          penetration: 0.151408,
          background: 0,
        },
        q: [0.001, 0.01, 0.1, 1.0],
        I: [151929.7071490705, 2332.0145273318803, 0.09928633743004088, 3.401665850466656e-7],
        rtol: 1e-9,
        source: SOURCE,
      },
      {
        parameters: {
          volfraction_lg: 0.00846552,
          volfraction_sm: 0.199875,
          surface_fraction: 0.428579,
          radius_lg: 83.715,
          radius_sm: 2.42846,
          penetration: 0.0897312,
          background: 0,
        },
        q: [0.001, 0.01, 0.1, 1.0],
        I: [1833.5233421626947, 1472.3262138776304, 13.992572411655313, 0.031037031813271478],
        rtol: 1e-9,
        source: SOURCE,
      },
    ],
    radiusEffectiveModes: ["radius_large", "radius_outer"],
    radiusEffective: (mode, p) => (mode === 2 ? p[RADIUS_LG] + 2 * p[RADIUS_SM] - p[PENETRATION] : p[RADIUS_LG]),
  },
  (q, p) => {
    const rL = p[RADIUS_LG];
    const rS = p[RADIUS_SM];
    const dL = Math.abs(p[SLD_LG] - p[SLD_SOLVENT]);
    const dS = Math.abs(p[SLD_SM] - p[SLD_SOLVENT]);
    const vL = FOUR_PI_3 * rL * rL * rL;
    const vS = FOUR_PI_3 * rS * rS * rS;
    const fSurface = p[SURFACE_FRACTION];
    const phiL = p[VF_LG];
    const phiS = p[VF_SM];
    const np = (phiS * fSurface * vL) / (phiL * vS);
    const total = dL * vL + np * dS * vS;
    const psiL = sphereAmplitude(q * rL);
    const psiS = sphereAmplitude(q * rS);
    const s = sinc(q * (rL + p[PENETRATION] * rS));
    const mL = dL * vL * psiL;
    const mS = dS * vS * psiS;
    let pq = mL * mL + np * mS * mS + np * (np - 1) * mS * mS * s * s + 2 * np * mL * mS * s;
    if (pq !== 0) pq /= total * total;
    const i = pq * (phiL * dL * dL * vL + phiS * fSurface * np * dS * dS * vS) + phiS * (1 - fSurface) * dS * dS * vS * psiS * psiS;
    return 1e-4 * i;
  },
);
