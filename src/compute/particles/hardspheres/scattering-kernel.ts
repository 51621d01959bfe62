/**
 * Orientationally resolved scattering sums, the costly part of I(Q) (paper 000, eq. 2):
 * for each direction n and grid point Q_k, |A(Q_k n)|^2 with A(Q) = sum_i F(Q; D_i) exp(i Q n.r_i).
 * Both kernels add sum over their directions of |A|^2 into `out` (length nq), unnormalised; the
 * fast one takes a weight per direction (2 for a direction standing for itself and its antipode).
 */

/**
 * Reference: the authors' way — one cos and one sin per particle, Q point and direction.
 * `amplitudes` is the table F[i * nq + k] (see amplitudeTable).
 */
export function accumulateDirect(
  positions: Float64Array,
  amplitudes: Float64Array,
  q: Float64Array,
  directions: Float64Array,
  weights: Float64Array | null,
  out: Float64Array,
): void {
  const n = positions.length / 3;
  const nq = q.length;
  for (let d = 0; d < directions.length / 3; d++) {
    const w = weights === null ? 1 : weights[d];
    const nx = directions[3 * d];
    const ny = directions[3 * d + 1];
    const nz = directions[3 * d + 2];
    for (let k = 0; k < nq; k++) {
      const qx = q[k] * nx;
      const qy = q[k] * ny;
      const qz = q[k] * nz;
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++) {
        const phase = qx * positions[3 * i] + qy * positions[3 * i + 1] + qz * positions[3 * i + 2];
        const f = amplitudes[i * nq + k];
        re += f * Math.cos(phase);
        im += f * Math.sin(phase);
      }
      out[k] += w * (re * re + im * im);
    }
  }
}

/** Particles per block: a block's amplitude rows (64 x nq doubles) stay in cache across directions. */
const PARTICLE_BLOCK = 64;

/**
 * Fast kernel for a uniform grid Q_k = q0 + k dq: per particle and direction only two sin/cos pairs,
 * exp(i q0 u) and exp(i dq u) (u = n.r); along the grid exp(i Q_{k+1} u) = exp(i Q_k u) exp(i dq u),
 * one complex multiply. Four particles advance together so their recurrences pipeline, and
 * particles are blocked so the amplitude rows stay in cache while all directions pass over them.
 * Rounding in the recurrence grows like k * 1e-16, negligible for any practical grid.
 */
export function accumulateRecurrence(
  positions: Float64Array,
  amplitudes: Float64Array,
  q0: number,
  dq: number,
  nq: number,
  directions: Float64Array,
  weights: Float64Array,
  out: Float64Array,
): void {
  const n = positions.length / 3;
  const nd = directions.length / 3;
  // Complex amplitude per direction and Q point, accumulated block by block.
  const re = new Float64Array(nd * nq);
  const im = new Float64Array(nd * nq);
  for (let start = 0; start < n; start += PARTICLE_BLOCK) {
    const end = Math.min(n, start + PARTICLE_BLOCK);
    for (let d = 0; d < nd; d++) {
      const nx = directions[3 * d];
      const ny = directions[3 * d + 1];
      const nz = directions[3 * d + 2];
      const base = d * nq;
      let i = start;
      for (; i + 3 < end; i += 4) {
        const u0 = nx * positions[3 * i] + ny * positions[3 * i + 1] + nz * positions[3 * i + 2];
        const u1 = nx * positions[3 * i + 3] + ny * positions[3 * i + 4] + nz * positions[3 * i + 5];
        const u2 = nx * positions[3 * i + 6] + ny * positions[3 * i + 7] + nz * positions[3 * i + 8];
        const u3 = nx * positions[3 * i + 9] + ny * positions[3 * i + 10] + nz * positions[3 * i + 11];
        let c0 = Math.cos(q0 * u0),
          s0 = Math.sin(q0 * u0);
        let c1 = Math.cos(q0 * u1),
          s1 = Math.sin(q0 * u1);
        let c2 = Math.cos(q0 * u2),
          s2 = Math.sin(q0 * u2);
        let c3 = Math.cos(q0 * u3),
          s3 = Math.sin(q0 * u3);
        const a0 = Math.cos(dq * u0),
          b0 = Math.sin(dq * u0);
        const a1 = Math.cos(dq * u1),
          b1 = Math.sin(dq * u1);
        const a2 = Math.cos(dq * u2),
          b2 = Math.sin(dq * u2);
        const a3 = Math.cos(dq * u3),
          b3 = Math.sin(dq * u3);
        const r0 = i * nq,
          r1 = r0 + nq,
          r2 = r1 + nq,
          r3 = r2 + nq;
        for (let k = 0; k < nq; k++) {
          const f0 = amplitudes[r0 + k],
            f1 = amplitudes[r1 + k],
            f2 = amplitudes[r2 + k],
            f3 = amplitudes[r3 + k];
          re[base + k] += f0 * c0 + f1 * c1 + f2 * c2 + f3 * c3;
          im[base + k] += f0 * s0 + f1 * s1 + f2 * s2 + f3 * s3;
          let t = c0 * a0 - s0 * b0;
          s0 = c0 * b0 + s0 * a0;
          c0 = t;
          t = c1 * a1 - s1 * b1;
          s1 = c1 * b1 + s1 * a1;
          c1 = t;
          t = c2 * a2 - s2 * b2;
          s2 = c2 * b2 + s2 * a2;
          c2 = t;
          t = c3 * a3 - s3 * b3;
          s3 = c3 * b3 + s3 * a3;
          c3 = t;
        }
      }
      for (; i < end; i++) {
        const u = nx * positions[3 * i] + ny * positions[3 * i + 1] + nz * positions[3 * i + 2];
        let c = Math.cos(q0 * u),
          s = Math.sin(q0 * u);
        const a = Math.cos(dq * u),
          b = Math.sin(dq * u);
        const row = i * nq;
        for (let k = 0; k < nq; k++) {
          const f = amplitudes[row + k];
          re[base + k] += f * c;
          im[base + k] += f * s;
          const t = c * a - s * b;
          s = c * b + s * a;
          c = t;
        }
      }
    }
  }
  for (let d = 0; d < nd; d++) {
    const w = weights[d];
    for (let k = 0; k < nq; k++) {
      const x = re[d * nq + k];
      const y = im[d * nq + k];
      out[k] += w * (x * x + y * y);
    }
  }
}

/** If q is uniform (to 1e-9 relative to its span), its start and step; otherwise null. */
export function uniformGrid(q: Float64Array): { q0: number; dq: number } | null {
  const nq = q.length;
  if (nq === 0) return null;
  if (nq === 1) return { q0: q[0], dq: 0 };
  const dq = (q[nq - 1] - q[0]) / (nq - 1);
  const tolerance = 1e-9 * Math.max(Math.abs(q[nq - 1] - q[0]), Math.abs(q[0]), 1e-300);
  for (let k = 0; k < nq; k++) if (Math.abs(q[k] - (q[0] + k * dq)) > tolerance) return null;
  return { q0: q[0], dq };
}
