import { Random } from "../../random";
import { Configuration } from "./configuration";
import { amplitudeTable, sumSquaredVolumes } from "./sphere-amplitude";

/**
 * Box-consistent I(Q) of one periodic configuration: |sum_i F(Q; D_i) exp(i k.r_i)|^2 / sum_i V_i^2
 * averaged over the box's reciprocal vectors k = 2 pi n / L whose length falls in a shell around each
 * Q (|k| - Q in [-w/2, w/2)).
 *
 * Why: eq. 2 evaluated at arbitrary directions (scatteringIntensity, the authors' way) sees the box as
 * a finite cube and smears S(Q) over about 2 pi / L, which lowers the main peak by about 6 % at
 * N = 23 328, eta = 0.455. At reciprocal vectors the periodic system has no such artefact. The price
 * is the shell: S(Q) is averaged over |k| within w of Q, while F is taken at Q itself.
 */
export interface CommensurateOptions {
  /** Shell width (default: the Q grid spacing, or 0.1 for a single Q). */
  shellWidth?: number;
  /** At most this many vectors per shell, drawn at random (seeded) where there are more (default 400). */
  maxVectorsPerShell?: number;
  /** Seed of that draw (default 1). */
  seed?: number;
}

export interface CommensurateResult {
  intensity: Float64Array;
  /** Reciprocal vectors averaged per Q (0 where the shell holds none: intensity is then NaN). */
  vectors: Int32Array;
}

/** Integer vectors n (one of each +-n pair) per shell, capped. */
export function shellVectors(box: number, q: Float64Array, width: number, cap: number, random: Random): Int32Array[] {
  const dk = (2 * Math.PI) / box;
  const qMax = q[q.length - 1] + width / 2;
  const m = Math.floor(qMax / dk);
  const shells: number[][] = Array.from(q, () => []);
  for (let a = -m; a <= m; a++) {
    for (let b = -m; b <= m; b++) {
      for (let c = 0; c <= m; c++) {
        // Half space: k and -k give the same |A|^2 (real amplitudes).
        if (c === 0 && (b < 0 || (b === 0 && a <= 0))) continue;
        const k = dk * Math.hypot(a, b, c);
        for (let s = 0; s < q.length; s++) {
          if (k >= q[s] - width / 2 && k < q[s] + width / 2) shells[s].push(a, b, c);
        }
      }
    }
  }
  return shells.map((flat) => {
    const count = flat.length / 3;
    if (count <= cap) return Int32Array.from(flat);
    // Partial Fisher–Yates: the first `cap` of a seeded permutation.
    const order = Array.from({ length: count }, (_, i) => i);
    for (let i = 0; i < cap; i++) {
      const j = i + random.int(count - i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const out = new Int32Array(3 * cap);
    for (let i = 0; i < cap; i++) out.set(flat.slice(3 * order[i], 3 * order[i] + 3), 3 * i);
    return out;
  });
}

/**
 * exp(i dk x n) for n = 0..m per axis, by repeated multiplication (no trig per n). Stored n-major
 * ([n * count + i]) so the loop over particles for one vector reads memory in order.
 */
function phaseTables(positions: Float64Array, box: number, m: number): { re: Float64Array; im: Float64Array }[] {
  const count = positions.length / 3;
  const dk = (2 * Math.PI) / box;
  return [0, 1, 2].map((axis) => {
    const re = new Float64Array(count * (m + 1));
    const im = new Float64Array(count * (m + 1));
    for (let i = 0; i < count; i++) {
      const c1 = Math.cos(dk * positions[3 * i + axis]);
      const s1 = Math.sin(dk * positions[3 * i + axis]);
      let c = 1,
        s = 0;
      for (let n = 0; n <= m; n++) {
        re[n * count + i] = c;
        im[n * count + i] = s;
        // Re-anchor every 32 steps so rounding does not accumulate along n.
        if ((n + 1) % 32 === 0) {
          c = Math.cos(dk * (n + 1) * positions[3 * i + axis]);
          s = Math.sin(dk * (n + 1) * positions[3 * i + axis]);
        } else {
          const t = c * c1 - s * s1;
          s = c * s1 + s * c1;
          c = t;
        }
      }
    }
    return { re, im };
  });
}

/** The shells as one list of (shell index, n_x, n_y, n_z) quadruples: the unit of work split across threads. */
export function commensurateWork(box: number, q: Float64Array, options: CommensurateOptions = {}): { work: Int32Array; counts: Int32Array; maxIndex: number } {
  const nq = q.length;
  const width = options.shellWidth ?? (nq > 1 ? (q[nq - 1] - q[0]) / (nq - 1) : 0.1);
  if (!(width > 0)) throw new RangeError("shellWidth must be positive");
  const shells = shellVectors(box, q, width, options.maxVectorsPerShell ?? 400, new Random(options.seed ?? 1));
  const counts = Int32Array.from(shells, (shell) => shell.length / 3);
  const work = new Int32Array(4 * counts.reduce((a, b) => a + b, 0));
  let w = 0;
  shells.forEach((shell, s) => {
    for (let v = 0; v < shell.length; v += 3) work.set([s, shell[v], shell[v + 1], shell[v + 2]], 4 * w++);
  });
  return { work, counts, maxIndex: Math.floor((q[nq - 1] + width / 2) / ((2 * Math.PI) / box)) };
}

/** Per shell, the sum over the listed vectors of |sum_i F(Q_s; D_i) exp(i k.r_i)|^2 (unnormalised). */
export function commensurateSums(
  positions: Float64Array,
  diameters: Float64Array,
  box: number,
  q: Float64Array,
  work: Int32Array,
  maxIndex: number,
): Float64Array {
  const count = diameters.length;
  const nq = q.length;
  const [x, y, z] = phaseTables(positions, box, maxIndex);
  // Shell-major amplitudes ([s * count + i]), for the same reason as the phase tables.
  const table = amplitudeTable(diameters, q);
  const amplitudes = new Float64Array(nq * count);
  for (let i = 0; i < count; i++) for (let k = 0; k < nq; k++) amplitudes[k * count + i] = table[i * nq + k];
  const sums = new Float64Array(nq);
  for (let w = 0; w < work.length; w += 4) {
    const s = work[w],
      a = work[w + 1],
      b = work[w + 2],
      c = work[w + 3];
    const aa = Math.abs(a),
      bb = Math.abs(b);
    // exp(-i t) = conj(exp(i t)) for the negative components (c >= 0 by construction).
    const sa = a < 0 ? -1 : 1,
      sb = b < 0 ? -1 : 1;
    const xo = aa * count,
      yo = bb * count,
      zo = c * count,
      fo = s * count;
    let re = 0,
      im = 0;
    for (let i = 0; i < count; i++) {
      const xr = x.re[xo + i],
        xi = sa * x.im[xo + i];
      const yr = y.re[yo + i],
        yi = sb * y.im[yo + i];
      const zr = z.re[zo + i],
        zi = z.im[zo + i];
      const xyr = xr * yr - xi * yi;
      const xyi = xr * yi + xi * yr;
      const f = amplitudes[fo + i];
      re += f * (xyr * zr - xyi * zi);
      im += f * (xyr * zi + xyi * zr);
    }
    sums[s] += re * re + im * im;
  }
  return sums;
}

/** Shell sums -> I(Q): mean over each shell's vectors, divided by sum_i V_i^2 (NaN for an empty shell). */
export function commensurateIntensity(sums: Float64Array, counts: Int32Array, diameters: Float64Array): CommensurateResult {
  const norm = sumSquaredVolumes(diameters);
  const intensity = sums.map((sum, s) => (counts[s] > 0 ? sum / counts[s] / norm : NaN));
  return { intensity, vectors: counts };
}

export function scatteringIntensityCommensurate(config: Configuration, q: Float64Array, options: CommensurateOptions = {}): CommensurateResult {
  const { work, counts, maxIndex } = commensurateWork(config.box, q, options);
  return commensurateIntensity(commensurateSums(config.positions, config.diameters, config.box, q, work, maxIndex), counts, config.diameters);
}
