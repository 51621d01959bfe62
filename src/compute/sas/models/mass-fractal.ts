/**
 * mass_fractal (Mildner & Hall): I = P(q) S(q), P = [3j1(qR)/(qR)]²,
 * S = Γ(D-1) ζ^(D-1) sin((D-1) atan(qζ)) / (q [1 + (qζ)²]^((D-1)/2)); not volume-normalised.
 */
import { sphereAmplitude } from "../numerics/spherical";
import { gamma } from "../numerics/gamma";
import { INF, param, pointwiseModel } from "./define";

export const massFractal = pointwiseModel(
  {
    name: "mass_fractal",
    title: "Mass Fractal model",
    description: "I(q) = scale P(q) S(q) + background for fractal aggregates of spheres of radius R",
    category: "shape-independent",
    parameters: [
      param("radius", "Ang", 10, [0, INF], "plain", "Particle radius"),
      param("fractal_dim_mass", "", 1.9, [1, 6], "plain", "Mass fractal dimension"),
      param("cutoff_length", "Ang", 100, [0, INF], "plain", "Cut-off length"),
    ],
  },
  (q, p) => {
    const dm = p[1];
    if (dm <= 1) return 0; // sasmodels returns 0 at the edge of validity
    const amp = sphereAmplitude(q * p[0]);
    const mmo = dm - 1;
    const zeta = p[2];
    const qz = q * zeta;
    const s = (gamma(mmo) * Math.sin(mmo * Math.atan(qz)) * Math.pow(zeta, mmo)) / Math.pow(1 + qz * qz, mmo / 2) / q;
    return amp * amp * s;
  },
);
