/**
 * Walker's alias method: draw index i with probability w_i / Σw in O(1) (two uniforms), so that
 * picking one of 36 864 pixels costs no more than a uniform draw. Built by Vose's stable variant.
 */
// Math's functions as module constants: a global lookup per call is slow inside vm contexts (jest).
const { floor, min } = Math;
export class AliasTable {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;
  readonly total: number;

  constructor(weights: Float64Array) {
    const n = weights.length;
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    this.total = total;
    if (!(total > 0)) return;
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.probability[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    // What is left has probability 1 up to rounding.
    for (const i of large) this.probability[i] = 1;
    for (const i of small) this.probability[i] = 1;
  }

  sample(u1: number, u2: number): number {
    const n = this.probability.length;
    const i = min(n - 1, floor(u1 * n));
    return u2 < this.probability[i] ? i : this.alias[i];
  }
}
