/**
 * Radix-2 complex FFT, in place, without normalisation:
 *   X_k = sum_m x_m exp(+2 pi i k m / size)   (the sign of an inverse DFT).
 * A plan holds the twiddle factors and the bit-reversal permutation for one power-of-two size.
 */
export class FftPlan {
  readonly size: number;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly reversed: Uint32Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1 || (size & (size - 1)) !== 0) throw new RangeError(`FFT size must be a power of two, got ${size}`);
    this.size = size;
    this.cos = new Float64Array(size / 2);
    this.sin = new Float64Array(size / 2);
    for (let j = 0; j < size / 2; j++) {
      this.cos[j] = Math.cos((2 * Math.PI * j) / size);
      this.sin[j] = Math.sin((2 * Math.PI * j) / size);
    }
    this.reversed = new Uint32Array(size);
    const bits = Math.round(Math.log2(size));
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
      this.reversed[i] = r;
    }
  }

  /** Where input index i goes for transformBitReversed: a caller can scatter its data there directly. */
  bitReversed(i: number): number {
    return this.reversed[i];
  }

  /** Transforms (re, im), each of length size, in place. */
  transform(re: Float64Array, im: Float64Array): void {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      const r = this.reversed[i];
      if (r > i) {
        let t = re[i];
        re[i] = re[r];
        re[r] = t;
        t = im[i];
        im[i] = im[r];
        im[r] = t;
      }
    }
    this.transformBitReversed(re, im);
  }

  /** transform() for input already stored in bit-reversed order (x_i at bitReversed(i)); output in natural order. */
  transformBitReversed(re: Float64Array, im: Float64Array): void {
    const n = this.size;
    // Lengths 2 and 4 together, without multiplications (twiddles 1 and i).
    if (n >= 4) {
      for (let a = 0; a < n; a += 4) {
        const r0 = re[a] + re[a + 1];
        const i0 = im[a] + im[a + 1];
        const r1 = re[a] - re[a + 1];
        const i1 = im[a] - im[a + 1];
        const r2 = re[a + 2] + re[a + 3];
        const i2 = im[a + 2] + im[a + 3];
        const r3 = re[a + 2] - re[a + 3];
        const i3 = im[a + 2] - im[a + 3];
        re[a] = r0 + r2;
        im[a] = i0 + i2;
        re[a + 2] = r0 - r2;
        im[a + 2] = i0 - i2;
        // times +i: (r3, i3) -> (-i3, r3).
        re[a + 1] = r1 - i3;
        im[a + 1] = i1 + r3;
        re[a + 3] = r1 + i3;
        im[a + 3] = i1 - r3;
      }
    } else if (n === 2) {
      const r = re[0] - re[1];
      const i = im[0] - im[1];
      re[0] += re[1];
      im[0] += im[1];
      re[1] = r;
      im[1] = i;
      return;
    }
    for (let length = 8; length <= n; length <<= 1) {
      const halfLength = length >> 1;
      const stride = n / length;
      for (let start = 0; start < n; start += length) {
        for (let j = 0; j < halfLength; j++) {
          const wr = this.cos[j * stride];
          const wi = this.sin[j * stride];
          const a = start + j;
          const b = a + halfLength;
          const xr = re[b] * wr - im[b] * wi;
          const xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }
}
