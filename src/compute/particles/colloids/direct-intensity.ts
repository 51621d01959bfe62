/**
 * Straightforward evaluation of eq. 1: for every (q, theta) and particle, one Math.sin, one
 * Math.cos and the form factor, with no reuse. It is the reference the fast kernel
 * (polar-intensity.ts) is tested and benchmarked against, not something to run at scale.
 */
import type { ColloidConfiguration } from "./configuration";
import type { PolarGrid } from "./polar-grid";
import { sphereAmplitude, sphereVolume } from "./sphere-amplitude";

export function directPolarIntensity(particles: ColloidConfiguration, grid: PolarGrid): Float64Array {
  const { q, theta } = grid;
  const intensity = new Float64Array(q.length * theta.length);
  let sumSquaredVolume = 0;
  for (let i = 0; i < particles.x.length; i++) sumSquaredVolume += sphereVolume(particles.radius[i]) ** 2;
  if (sumSquaredVolume === 0) return intensity;
  for (let k = 0; k < q.length; k++) {
    for (let j = 0; j < theta.length; j++) {
      const qx = q[k] * Math.cos(theta[j]);
      const qy = q[k] * Math.sin(theta[j]);
      let real = 0;
      let imaginary = 0;
      for (let i = 0; i < particles.x.length; i++) {
        const amplitude = sphereVolume(particles.radius[i]) * sphereAmplitude(q[k] * particles.radius[i]);
        const phase = qx * particles.x[i] + qy * particles.y[i];
        real += amplitude * Math.cos(phase);
        imaginary -= amplitude * Math.sin(phase);
      }
      intensity[k * theta.length + j] = (real * real + imaginary * imaginary) / sumSquaredVolume;
    }
  }
  return intensity;
}
