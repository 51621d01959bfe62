/**
 * Normalised sphere amplitude f(x) = 3 [sin x - x cos x] / x^3, x = Q D / 2, with f(0) = 1.
 * Below x = 0.05 the closed form loses digits to cancellation, so use the Taylor series there.
 */
export function normalisedSphereAmplitude(x: number): number {
  if (Math.abs(x) < 0.05) {
    const x2 = x * x;
    return 1 - x2 / 10 + (x2 * x2) / 280 - (x2 * x2 * x2) / 15120;
  }
  return (3 * (Math.sin(x) - x * Math.cos(x))) / (x * x * x);
}

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
