/**
 * Monte Carlo of sheared dilute colloids (Ding, Chen & Do 2024, Sec. II B): for each realisation,
 * sample S, apply Gamma (eq. 3), compute I(q; S) and I(q; Gamma S) of the particles inside the beam
 * [-L/2, L/2]^2 on the polar grid, and accumulate the correlation of eq. 4. The realisations run in
 * jackknife batches (batch.ts); parallel.ts runs the same batches on worker threads.
 */
import { batchCountFor, progressInterval, runBatch, type BatchSums } from "./batch";
import { CorrelationAccumulator, type CorrelationEstimate } from "./correlation-accumulator";
import { polarGrid, type PolarGrid } from "./polar-grid";
import { resolveColloidSpec, type ResolvedColloidSpec, type ShearedColloidSpec } from "./spec";

export interface ShearedColloidResult extends CorrelationEstimate {
  /** |q| grid (units 1/R_0), log-spaced. */
  q: Float64Array;
  /** Angle of q from the shear (x) axis, linear in [0, pi]. */
  theta: Float64Array;
  /** The spec as run, defaults filled in. */
  spec: ResolvedColloidSpec;
  /** Mean number of particles inside the beam before the rearrangement. */
  meanParticlesInBeam: number;
}

export type ProgressCallback = (fraction: number, message: string) => void;

export function simulateShearedColloids(spec: ShearedColloidSpec, onProgress?: ProgressCallback): ShearedColloidResult {
  const resolved = resolveColloidSpec(spec);
  const { realisations } = resolved;
  const batchCount = batchCountFor(realisations);
  const merger = new BatchMerger(resolved, batchCount);
  const progressEvery = progressInterval(realisations);
  const report =
    onProgress &&
    ((r: number) => {
      if ((r + 1) % progressEvery === 0 || r + 1 === realisations) onProgress((r + 1) / realisations, `realisation ${r + 1} of ${realisations}`);
    });
  for (let b = 0; b < batchCount; b++) merger.add(b, runBatch(resolved, b, batchCount, report));
  return merger.result();
}

/**
 * Collects finished batches, in any order (each has its own slot of the accumulator), into the
 * result; the estimate then sums the batches in index order whoever computed them.
 */
export class BatchMerger {
  private readonly accumulator: CorrelationAccumulator;
  private readonly grid: PolarGrid;
  private particlesInBeam = 0;

  constructor(
    private readonly spec: ResolvedColloidSpec,
    batchCount: number,
  ) {
    this.grid = polarGrid(spec.qMin, spec.qMax, spec.qCount, spec.thetaCount);
    this.accumulator = new CorrelationAccumulator(this.grid.q.length, this.grid.theta.length, batchCount);
  }

  add(batchIndex: number, sums: BatchSums): void {
    this.accumulator.addBatch(batchIndex, sums);
    this.particlesInBeam += sums.particlesInBeam;
  }

  result(): ShearedColloidResult {
    return {
      ...this.accumulator.estimate(),
      q: this.grid.q,
      theta: this.grid.theta,
      spec: this.spec,
      meanParticlesInBeam: this.particlesInBeam / this.spec.realisations,
    };
  }
}
