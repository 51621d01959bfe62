/**
 * fractal_core_shell: core-shell spheres (core R, shell T) aggregated into a mass fractal of dimension D
 * and correlation length ξ. I = φ S(q) F²(q)/V, with F the core-shell amplitude and Teixeira's S(q) at
 * the building block's outer radius r = R + T:
 *   S = 1 + Γ(D + 1)/(D - 1) sin((D - 1) atan(qξ)) (qr)^(-D) [1 + 1/(qξ)²]^(-(D - 1)/2)
 * (Γ(D + 1)/(D - 1) stands for D Γ(D - 1), which stays finite where Γ(D - 1) has poles); S = 2 at D = 0,
 * and the D → 1 limit 1 + atan(qξ)/(qr) at D = 1.
 */
import { gamma } from "../numerics/gamma";
import { sphereAmplitude } from "../numerics/spherical";
import { FOUR_PI_3, INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform, beta, splitOuter } from "./draw";

const parameters = [
  param("radius", "Ang", 60, [0, INF], "volume", "Sphere core radius"),
  param("thickness", "Ang", 10, [0, INF], "volume", "Sphere shell thickness"),
  param("sld_core", "1e-6/Ang^2", 1, [-INF, INF], "sld", "Sphere core scattering length density"),
  param("sld_shell", "1e-6/Ang^2", 2, [-INF, INF], "sld", "Sphere shell scattering length density"),
  param("sld_solvent", "1e-6/Ang^2", 3, [-INF, INF], "sld", "Solvent scattering length density"),
  param("volfraction", "", 0.05, [0, INF], "plain", "Volume fraction of building block spheres"),
  param("fractal_dim", "", 2, [0, 6], "plain", "Fractal dimension"),
  param("cor_length", "Ang", 100, [0, INF], "plain", "Correlation length of fractal-like aggregates"),
];
const {
  radius: RADIUS,
  thickness: THICKNESS,
  sld_core: SLD_CORE,
  sld_shell: SLD_SHELL,
  sld_solvent: SLD_SOLVENT,
  volfraction: VOLFRACTION,
  fractal_dim: FRACTAL_DIM,
  cor_length: COR_LENGTH,
} = indexOf(parameters);

/** Teixeira's fractal structure factor (eq. 15) for building blocks of radius r. */
export function fractalStructureFactor(q: number, r: number, d: number, xi: number): number {
  if (d === 0) return 2;
  if (d === 1) return 1 + Math.atan(q * xi) / (q * r);
  const dm1 = d - 1;
  const qxi = q * xi;
  return 1 + ((gamma(d + 1) / dm1) * Math.sin(dm1 * Math.atan(qxi)) * Math.pow(q * r, -d)) / Math.pow(1 + 1 / (qxi * qxi), 0.5 * dm1);
}

const PUBLISHED = "sasmodels models/fractal_core_shell.py tests (checked there against NIST IGOR macros 7.850)";
// sasmodels 1.0.6, load_model("fractal_core_shell", dtype="double") + call_kernel (SAS_OPENCL=none),
// printed with repr(); closed form, so agreement is to rounding.
const COMPUTED = "sasmodels 1.0.6 compiled in double precision (call_kernel), this project's reference run";

export const fractalCoreShell = pointwiseModel(
  {
    name: "fractal_core_shell",
    title: "Mass-fractal aggregates of core-shell spheres",
    description: "I(q) = scale φ S_fractal(q) F²_core-shell(q)/V + background, S of Teixeira at the outer radius R + T",
    category: "shape-independent",
    parameters,
    random(rng) {
      const outer = log10Uniform(rng, 0.7, 4);
      // outer radius 5 Å – 10 µm split by the arcsine law (sasmodels draws the thickness but returns only
      // the radius; ours returns both, so the particle keeps the drawn outer size)
      const { inner: thickness, rest: radius } = splitOuter(rng, outer);
      return {
        radius,
        thickness,
        cor_length: log10Uniform(rng, 0.7, 2) * outer,
        volfraction: log10Uniform(rng, -3, -1),
        fractal_dim: 2 * beta(rng, 3, 4) + 1,
      };
    },
    knownValues: [
      {
        parameters: { radius: 20, thickness: 5, sld_core: 3.5, sld_shell: 1, sld_solvent: 6.35, volfraction: 0.05, background: 0 },
        q: [0.001, 0.00291, 0.0107944, 0.029923, 0.100726, 0.476304],
        I: [177.146, 165.151, 84.1596, 20.1466, 1.40906, 0.00622666],
        rtol: 1.5e-4,
        source: PUBLISHED,
      },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.1, 0.5, 1.0],
        I: [96.10407404416895, 53.10679808478307, 0.0649814346373919, 2.306120231174832e-5, 9.697938479582236e-8],
        rtol: 1e-9,
        source: COMPUTED,
      },
      // D = 1 and D = 0 take their own branches
      {
        parameters: { background: 0, fractal_dim: 1 },
        q: [0.001, 0.01, 0.1, 0.5, 1.0],
        I: [46.20720293632372, 37.05994512573097, 0.07558350800074735, 2.4043771137211734e-5, 9.910129790085972e-8],
        rtol: 1e-9,
        source: COMPUTED,
      },
      {
        parameters: { background: 0, fractal_dim: 0 },
        q: [0.001, 0.01, 0.1, 0.5, 1.0],
        I: [38.12730469714957, 34.9293034383137, 0.12491478734529128, 4.6047255490512266e-5, 1.9387964295616288e-7],
        rtol: 1e-9,
        source: COMPUTED,
      },
      {
        parameters: { background: 0, fractal_dim: 2.7, cor_length: 2000, radius: 30, thickness: 15, sld_core: -0.5, sld_shell: 4, sld_solvent: 6.3 },
        q: [0.001, 0.01, 0.1, 0.5, 1.0],
        I: [210632.89494060265, 296.6771538604789, 0.4094181901846971, 0.0012789887903144964, 1.2483649394839054e-5],
        rtol: 1e-9,
        source: COMPUTED,
      },
      {
        parameters: { background: 0, radius_pd: 0.2, radius_pd_n: 15, thickness_pd: 0.1, thickness_pd_n: 9 },
        q: [0.002, 0.02, 0.2],
        I: [110.20220870454884, 27.46577830882412, 0.0008511081956863876],
        rtol: 1e-9,
        source: COMPUTED,
      },
      // parameters drawn by sasmodels' own random() (seed 15), rounded to 6 digits
      {
        parameters: { volfraction: 0.00165313, radius: 11.7498, cor_length: 671.955, fractal_dim: 1.60504, background: 0 },
        q: [0.001, 0.01, 0.1, 1.0],
        I: [2.60694606723253, 0.20525363037780972, 0.0060044018726654194, 9.724368869137333e-8],
        rtol: 1e-9,
        source: COMPUTED,
      },
      {
        parameters: { volfraction: 0.0395269, radius: 4.66184, cor_length: 79.052, fractal_dim: 1.54818, background: 0 },
        q: [0.001, 0.01, 0.1, 1.0],
        I: [1.0899382613451198, 0.8044867605781362, 0.07171867738115247, 2.6994949522982916e-6],
        rtol: 1e-9,
        source: COMPUTED,
      },
    ],
    formVolume: (p) => FOUR_PI_3 * (p[RADIUS] + p[THICKNESS]) ** 3,
  },
  (q, p) => {
    const r = p[RADIUS];
    const ro = r + p[THICKNESS];
    const f =
      FOUR_PI_3 * r * r * r * (p[SLD_CORE] - p[SLD_SHELL]) * sphereAmplitude(q * r) +
      FOUR_PI_3 * ro * ro * ro * (p[SLD_SHELL] - p[SLD_SOLVENT]) * sphereAmplitude(q * ro);
    return 1e-4 * p[VOLFRACTION] * fractalStructureFactor(q, ro, p[FRACTAL_DIM], p[COR_LENGTH]) * f * f;
  },
);
