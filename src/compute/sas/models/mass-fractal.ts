/**
 * mass_fractal (Mildner & Hall): I = P(q) S(q), P = [3j1(qR)/(qR)]²,
 * S = Γ(D-1) ζ^(D-1) sin((D-1) atan(qζ)) / (q [1 + (qζ)²]^((D-1)/2)); not volume-normalised.
 */
import { sphereAmplitude } from "../numerics/spherical";
import { gamma } from "../numerics/gamma";
import { INF, indexOf, param, pointwiseModel } from "./define";
import { log10Uniform, beta } from "./draw";

const parameters = [
  param("radius", "Ang", 10, [0, INF], "plain", "Particle radius"),
  param("fractal_dim_mass", "", 1.9, [1, 6], "plain", "Mass fractal dimension"),
  param("cutoff_length", "Ang", 100, [0, INF], "plain", "Cut-off length"),
];
const { radius: RADIUS, fractal_dim_mass: FRACTAL_DIM, cutoff_length: CUTOFF } = indexOf(parameters);
const SOURCE = "sasmodels models/mass_fractal.py tests";

export const massFractal = pointwiseModel(
  {
    name: "mass_fractal",
    title: "Mass Fractal model",
    description: "I(q) = scale P(q) S(q) + background for fractal aggregates of spheres of radius R",
    category: "shape-independent",
    parameters,
    random(rng) {
      const radius = log10Uniform(rng, 0.7, 4);
      return {
        scale: 1,
        radius,
        cutoff_length: log10Uniform(rng, 0.7, 2) * radius,
        // D_m = 1 + 2 Beta(3, 4): between 1 and 3, peaked near 1.8
        fractal_dim_mass: 2 * beta(rng, 3, 4) + 1,
      };
    },
    knownValues: [
      { parameters: { radius: 10, fractal_dim_mass: 1.9, cutoff_length: 100 }, q: [0.05], I: [279.59422], rtol: 1e-7, source: SOURCE },
      { parameters: { radius: 2, fractal_dim_mass: 3.3, cutoff_length: 1 }, q: [0.5], I: [1.29116774904], rtol: 1e-9, source: SOURCE },
      // printed from an older release: sasmodels' kernel now gives 1.69747007, as we do
      { parameters: { radius: 1, fractal_dim_mass: 1.3, cutoff_length: 1, background: 0.8 }, q: [0.001], I: [1.69747015932], rtol: 1e-7, source: SOURCE },
      { parameters: { radius: 1, fractal_dim_mass: 2.3, cutoff_length: 1, scale: 10 }, q: [0.051], I: [11.6237966145], rtol: 1e-9, source: SOURCE },
    ],
  },
  (q, p) => {
    const dm = p[FRACTAL_DIM];
    if (dm <= 1) return 0; // sasmodels returns 0 at the edge of validity
    const amp = sphereAmplitude(q * p[RADIUS]);
    const mmo = dm - 1;
    const zeta = p[CUTOFF];
    const qz = q * zeta;
    const s = (gamma(mmo) * Math.sin(mmo * Math.atan(qz)) * Math.pow(zeta, mmo)) / Math.pow(1 + qz * qz, mmo / 2) / q;
    return amp * amp * s;
  },
);
