/**
 * Accumulates eq. 4, g(q) = <I(q; S) I(q; Gamma S)> / <I(q; S)>^2, over realisations, and its
 * standard errors by a delete-one-batch jackknife: g is a ratio of means, so a naive per-realisation
 * spread does not apply, and the jackknife also covers the derived g(q) and g(theta) profiles.
 */
import type { BatchSums } from "./batch";
import { angularProfile, radialProfile } from "./grid-averages";

export interface CorrelationEstimate {
  /** q-major g(q_k, theta_j). */
  gQTheta: Float64Array;
  gq: Float64Array;
  gTheta: Float64Array;
  /** Jackknife standard errors (NaN with fewer than two batches). */
  gQThetaStdErr: Float64Array;
  gqStdErr: Float64Array;
  gThetaStdErr: Float64Array;
  /** <I(q; S)>, q-major. */
  meanIntensity: Float64Array;
}

interface Batch {
  count: number;
  sumIntensity: Float64Array;
  sumProduct: Float64Array;
}

export class CorrelationAccumulator {
  private readonly batches: Batch[];

  constructor(
    private readonly qCount: number,
    private readonly thetaCount: number,
    batchCount: number,
  ) {
    const size = qCount * thetaCount;
    this.batches = Array.from({ length: batchCount }, () => ({
      count: 0,
      sumIntensity: new Float64Array(size),
      sumProduct: new Float64Array(size),
    }));
  }

  /**
   * Add a finished batch's sums (runBatch) into batch `batchIndex`. Into an empty batch this is exact
   * (0 + x = x), so batches summed elsewhere, e.g. on worker threads, give the sequential bits.
   */
  addBatch(batchIndex: number, sums: Pick<BatchSums, "count" | "sumIntensity" | "sumProduct">): void {
    const batch = this.batches[batchIndex];
    if (sums.sumIntensity.length !== batch.sumIntensity.length || sums.sumProduct.length !== batch.sumProduct.length) {
      throw new RangeError(`batch ${batchIndex}: sums of length ${sums.sumIntensity.length}, expected ${batch.sumIntensity.length}`);
    }
    batch.count += sums.count;
    for (let p = 0; p < batch.sumIntensity.length; p++) {
      batch.sumIntensity[p] += sums.sumIntensity[p];
      batch.sumProduct[p] += sums.sumProduct[p];
    }
  }

  estimate(): CorrelationEstimate {
    const { qCount, thetaCount } = this;
    const size = qCount * thetaCount;
    const total: Batch = { count: 0, sumIntensity: new Float64Array(size), sumProduct: new Float64Array(size) };
    for (const b of this.batches) {
      total.count += b.count;
      for (let p = 0; p < size; p++) {
        total.sumIntensity[p] += b.sumIntensity[p];
        total.sumProduct[p] += b.sumProduct[p];
      }
    }
    const full = correlationOf(total.count, total.sumIntensity, total.sumProduct);
    const meanIntensity = total.sumIntensity.map((s) => s / total.count);
    const gq = radialProfile(full, qCount, thetaCount);
    const gTheta = angularProfile(full, qCount, thetaCount);

    const used = this.batches.filter((b) => b.count > 0);
    const jackknife = new JackknifeVariance([size, qCount, thetaCount]);
    if (used.length >= 2) {
      const restIntensity = new Float64Array(size);
      const restProduct = new Float64Array(size);
      for (const left of used) {
        for (let p = 0; p < size; p++) {
          restIntensity[p] = total.sumIntensity[p] - left.sumIntensity[p];
          restProduct[p] = total.sumProduct[p] - left.sumProduct[p];
        }
        const partial = correlationOf(total.count - left.count, restIntensity, restProduct);
        jackknife.add([partial, radialProfile(partial, qCount, thetaCount), angularProfile(partial, qCount, thetaCount)]);
      }
    }
    const [gQThetaStdErr, gqStdErr, gThetaStdErr] = jackknife.standardErrors();
    return { gQTheta: full, gq, gTheta, gQThetaStdErr, gqStdErr, gThetaStdErr, meanIntensity };
  }
}

/** g = (sum I I' / M) / (sum I / M)^2; 0/0 (no particle ever in the beam) is reported as NaN. */
function correlationOf(count: number, sumIntensity: Float64Array, sumProduct: Float64Array): Float64Array {
  const g = new Float64Array(sumIntensity.length);
  for (let p = 0; p < g.length; p++) {
    const mean = sumIntensity[p] / count;
    g[p] = sumProduct[p] / count / (mean * mean);
  }
  return g;
}

/** Delete-one jackknife: var = (B - 1) / B * sum_b (theta_b - mean_b theta)^2, for several arrays at once. */
class JackknifeVariance {
  private readonly sums: Float64Array[];
  private readonly squares: Float64Array[];
  private count = 0;

  constructor(sizes: number[]) {
    this.sums = sizes.map((n) => new Float64Array(n));
    this.squares = sizes.map((n) => new Float64Array(n));
  }

  add(values: Float64Array[]): void {
    this.count++;
    values.forEach((v, a) => {
      for (let p = 0; p < v.length; p++) {
        this.sums[a][p] += v[p];
        this.squares[a][p] += v[p] * v[p];
      }
    });
  }

  standardErrors(): Float64Array[] {
    const b = this.count;
    return this.sums.map((sum, a) =>
      sum.map((s, p) => {
        if (b < 2) return NaN;
        const mean = s / b;
        const spread = Math.max(0, this.squares[a][p] - b * mean * mean);
        return Math.sqrt(((b - 1) / b) * spread);
      }),
    );
  }
}
