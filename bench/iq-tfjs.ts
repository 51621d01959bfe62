/**
 * I(Q) of one configuration (paper 000, eq. 2) written for TensorFlow.js, to measure that backend
 * against our typed-array kernel (bench only: it loses, so the platform does not use it).
 *
 * Per direction n: the phase matrix Q_k n.r_i is one matMul ([nq, 3] x [3, N]); cos and sin of it
 * times the amplitude table [nq, N], summed over particles, give Re and Im of A(Q_k n). tfjs works
 * in float32, so phases of up to Q L ~ 400 rad carry ~3e-5 rad of rounding.
 */
import * as tf from "@tensorflow/tfjs";
import { amplitudeTable, sumSquaredVolumes, type Configuration } from "../src/compute/particles/hardspheres";
import { selectTrainingBackend } from "../src/training";

export async function tfjsBackend(): Promise<string> {
  return selectTrainingBackend("wasm");
}

export function intensityTfjs(config: Configuration, q: Float64Array, directions: Float64Array): Float64Array {
  const n = config.diameters.length;
  const nq = q.length;
  // [nq, N] amplitudes (our table is [N, nq]).
  const table = amplitudeTable(config.diameters, q);
  const amplitudes = new Float32Array(nq * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < nq; k++) amplitudes[k * n + i] = table[i * nq + k];
  const positionsT = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let a = 0; a < 3; a++) positionsT[a * n + i] = config.positions[3 * i + a];
  const sums = new Float64Array(nq);
  const amp = tf.tensor2d(amplitudes, [nq, n]);
  const pos = tf.tensor2d(positionsT, [3, n]);
  try {
    for (let d = 0; d < directions.length / 3; d++) {
      const qn = new Float32Array(3 * nq);
      for (let k = 0; k < nq; k++) for (let a = 0; a < 3; a++) qn[3 * k + a] = q[k] * directions[3 * d + a];
      const power = tf.tidy(() => {
        const phase = tf.matMul(tf.tensor2d(qn, [nq, 3]), pos);
        const re = tf.sum(tf.mul(tf.cos(phase), amp), 1);
        const im = tf.sum(tf.mul(tf.sin(phase), amp), 1);
        return tf.add(tf.square(re), tf.square(im));
      });
      const values = power.dataSync();
      power.dispose();
      for (let k = 0; k < nq; k++) sums[k] += values[k];
    }
  } finally {
    amp.dispose();
    pos.dispose();
  }
  const scale = 1 / ((directions.length / 3) * sumSquaredVolumes(config.diameters));
  return sums.map((s) => s * scale);
}
