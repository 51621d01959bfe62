/**
 * Per-particle amplitudes of eq. 1, A_i(q) = V_i F(q R_i) / sqrt(sum_j V_j^2), so that
 * I(q) = |sum_i A_i(q) exp(-i q.r_i)|^2 needs no further normalisation. They depend on |q| only,
 * so one table serves every angle.
 */
import { sphereAmplitude, sphereVolume } from "./sphere-amplitude";

/** Table laid out q-major: amplitudes[k * count + i]. An empty beam gives an empty table (I = 0). */
export function scatteringAmplitudes(radius: Float64Array, q: Float64Array): Float64Array {
  const count = radius.length;
  const table = new Float64Array(q.length * count);
  if (count === 0) return table;
  let sumSquaredVolume = 0;
  let monodisperse = true;
  for (let i = 0; i < count; i++) {
    const v = sphereVolume(radius[i]);
    sumSquaredVolume += v * v;
    if (radius[i] !== radius[0]) monodisperse = false;
  }
  const scale = 1 / Math.sqrt(sumSquaredVolume);
  for (let k = 0; k < q.length; k++) {
    const row = k * count;
    if (monodisperse) {
      table.fill(sphereVolume(radius[0]) * sphereAmplitude(q[k] * radius[0]) * scale, row, row + count);
      continue;
    }
    for (let i = 0; i < count; i++) table[row + i] = sphereVolume(radius[i]) * sphereAmplitude(q[k] * radius[i]) * scale;
  }
  return table;
}
