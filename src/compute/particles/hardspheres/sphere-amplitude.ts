import { sphereAmplitude as normalisedSphereAmplitude } from "../../sas/numerics/spherical";

/** Normalised sphere amplitude f(x) = 3 [sin x - x cos x] / x^3, x = Q D / 2, with f(0) = 1 (the SAS library's). */
export { normalisedSphereAmplitude };

/** Sphere volume pi D^3 / 6. */
export function sphereVolume(diameter: number): number {
  return (Math.PI / 6) * diameter * diameter * diameter;
}

/** Scattering amplitude F(Q; D) = V(D) f(Q D / 2) of a uniform sphere (paper 000, eq. 3). */
export function sphereAmplitude(q: number, diameter: number): number {
  return sphereVolume(diameter) * normalisedSphereAmplitude(0.5 * q * diameter);
}

/** Table F[i * nq + k] = F(q_k; D_i), row per particle. */
export function amplitudeTable(diameters: Float64Array, q: Float64Array): Float64Array {
  const nq = q.length;
  const table = new Float64Array(diameters.length * nq);
  for (let i = 0; i < diameters.length; i++) {
    const v = sphereVolume(diameters[i]);
    for (let k = 0; k < nq; k++) table[i * nq + k] = v * normalisedSphereAmplitude(0.5 * q[k] * diameters[i]);
  }
  return table;
}

/** Sum over particles of V_i^2: the normalisation of I(Q) in paper 000, eq. 2. */
export function sumSquaredVolumes(diameters: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < diameters.length; i++) sum += sphereVolume(diameters[i]) ** 2;
  return sum;
}
