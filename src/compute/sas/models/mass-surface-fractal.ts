/**
 * mass_surface_fractal (Hurd, Schaefer & Martin): clusters of mass dimension Dm built from primary
 * particles with surface dimension Ds, I = [1 + (q Rg)²/(3Dm/2)]^(-Dm/2) [1 + (q rg)²/(3Dt)]^(-Dt),
 * Dt = (6 - Dm - Ds)/2; a factor whose exponent is 0 is 1.
 * Ref: A. J. Hurd, D. W. Schaefer, J. E. Martin, Phys. Rev. A 35 (1987) 2361-2364.
 */
import { INF, indexOf, param, pointwiseModel } from "./define";
import { uniform, log10Uniform } from "./draw";

const parameters = [
  param("fractal_dim_mass", "", 1.8, [0, 6], "plain", "Mass fractal dimension"),
  param("fractal_dim_surf", "", 2.3, [0, 6], "plain", "Surface fractal dimension"),
  param("rg_cluster", "Ang", 4000, [0, INF], "plain", "Cluster radius of gyration"),
  param("rg_primary", "Ang", 86.7, [0, INF], "plain", "Primary particle radius of gyration"),
];
const { fractal_dim_mass: DIM_MASS, fractal_dim_surf: DIM_SURF, rg_cluster: RG_CLUSTER, rg_primary: RG_PRIMARY } = indexOf(parameters);

/** (1 + x²/(3a))^(-a), which tends to exp(-x²/3) as a -> 0 but is 1 at a = 0 exactly, as in sasmodels. */
function factor(x: number, a: number): number {
  return a === 0 ? 1 : Math.pow(1 + (x * x) / (3 * a), -a);
}

const PUBLISHED = "sasmodels models/mass_surface_fractal.py tests";
// Computed with sasmodels 1.0.6 in double precision (DLL kernel, SAS_OPENCL=none) by
// sasmodels.direct_model.call_kernel at each case's parameters, printed to 15 digits.
const SASMODELS = "sasmodels 1.0.6 call_kernel, double precision";

// sasmodels states the model valid for fractal_dim_mass + fractal_dim_surf <= 6; it computes beyond it, as here.
export const massSurfaceFractal = pointwiseModel(
  {
    name: "mass_surface_fractal",
    title: "Mass Surface Fractal model",
    description: "I(q) = scale [1 + (q Rg)²/(3Dm/2)]^(-Dm/2) [1 + (q rg)²/(3Dt)]^(-Dt) + background, Dt = (6 - Dm - Ds)/2",
    category: "shape-independent",
    parameters,
    random(rng) {
      // the total dimension D_m + D_s uniform in 0 – 6, split at a uniform fraction
      const total = uniform(rng, 0, 6);
      const surf = total * rng.next();
      const rgCluster = log10Uniform(rng, 1, 5);
      return {
        scale: log10Uniform(rng, 2, 5),
        fractal_dim_mass: total - surf,
        fractal_dim_surf: surf,
        rg_cluster: rgCluster,
        rg_primary: rgCluster * log10Uniform(rng, -4, -1),
      };
    },
    knownValues: [
      {
        parameters: { fractal_dim_mass: 1.8, fractal_dim_surf: 2.3, rg_cluster: 86.7, rg_primary: 4000.0, background: 0.0 },
        q: [0.05],
        I: [1.77537e-5],
        rtol: 1e-5,
        source: PUBLISHED,
      },
      {
        parameters: { fractal_dim_mass: 3.3, fractal_dim_surf: 1.0, rg_cluster: 4000.0, rg_primary: 90.0 },
        q: [0.001],
        I: [0.0932516614456],
        rtol: 1e-9,
        source: PUBLISHED,
      },
      {
        parameters: { fractal_dim_mass: 1.3, fractal_dim_surf: 2.0, rg_cluster: 2000.0, rg_primary: 90.0, background: 0.8 },
        q: [0.001],
        I: [1.28296431786],
        rtol: 1e-9,
        source: PUBLISHED,
      },
      {
        parameters: { fractal_dim_mass: 2.3, fractal_dim_surf: 3.1, rg_cluster: 1000.0, rg_primary: 30.0, scale: 10.0, background: 0.0 },
        q: [0.051],
        I: [0.00333804044899],
        rtol: 1e-9,
        source: PUBLISHED,
      },
      {
        parameters: { background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [0.174776562377755, 0.00255435992801277, 2.56987984100245e-5, 2.18285854340525e-6, 3.86635672638357e-8, 4.51054760523582e-10],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { fractal_dim_mass: 2.6, fractal_dim_surf: 2.1, rg_cluster: 1500, rg_primary: 40, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [0.5528595423046, 0.0047707137618758, 3.78372762275914e-5, 3.04669841082141e-6, 4.48549537077462e-8, 4.13091646173599e-10],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { fractal_dim_mass: 0, fractal_dim_surf: 2.5, rg_cluster: 1500, rg_primary: 40, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [0.999466890073621, 0.948819424310119, 0.371134005378261, 0.0865766238030791, 0.00285712134883066, 4.47279602643931e-5],
        rtol: 1e-9,
        source: SASMODELS,
      },
      {
        parameters: { fractal_dim_mass: 3, fractal_dim_surf: 3, rg_cluster: 800, rg_primary: 25, background: 0 },
        q: [0.001, 0.01, 0.05, 0.1, 0.3, 1.0],
        I: [0.819170100286904, 0.0168377056630311, 0.000148528292547905, 1.86247703171019e-5, 6.90453051955161e-7, 1.8644220443459e-8],
        rtol: 1e-9,
        source: SASMODELS,
      },
    ],
  },
  (q, p) => {
    const dm = 0.5 * p[DIM_MASS];
    const dt = 0.5 * (6 - (p[DIM_MASS] + p[DIM_SURF]));
    return factor(q * p[RG_CLUSTER], dm) * factor(q * p[RG_PRIMARY], dt);
  },
);
