/**
 * One jackknife batch of the sheared-colloid Monte Carlo as a pure function of the resolved spec, so
 * the sequential loop and worker threads run exactly the same arithmetic: a batch's sums depend only
 * on the spec and the batch index, and summing batches in index order gives the same bits either way.
 */
import { particlesInBeam, realisationRandom, rearrange, sampleConfiguration } from "./configuration";
import { polarGrid } from "./polar-grid";
import { polarIntensity } from "./polar-intensity";
import type { ResolvedColloidSpec } from "./spec";

/** Realisations are split into this many batches for the jackknife error estimate. */
export const JACKKNIFE_BATCHES = 20;

/** What one batch adds to the correlation of eq. 4 (q-major sums over its realisations). */
export interface BatchSums {
  count: number;
  /** Sum of I(q; S). */
  sumIntensity: Float64Array;
  /** Sum of I(q; S) I(q; Gamma S). */
  sumProduct: Float64Array;
  /** Particles inside the beam before the rearrangement, summed over the batch. */
  particlesInBeam: number;
}

/** Fewer realisations than batches: one realisation per batch. */
export function batchCountFor(realisations: number): number {
  return Math.min(JACKKNIFE_BATCHES, realisations);
}

/** Progress is reported about every 1 % of the realisations. */
export function progressInterval(realisations: number): number {
  return Math.max(1, Math.floor(realisations / 100));
}

/**
 * Realisations [from, to) of batch b: those r with floor(r B / M) = b, i.e. r in [b M / B, (b + 1) M / B).
 * Integer arithmetic, so the split cannot drift from that rule by rounding.
 */
export function batchRealisations(batchIndex: number, batchCount: number, realisations: number): { from: number; to: number } {
  const first = (b: number) => Math.floor((b * realisations + batchCount - 1) / batchCount); // ceil(b M / B)
  return { from: first(batchIndex), to: first(batchIndex + 1) };
}

/**
 * Run batch `batchIndex` of `batchCount`: sample S, apply Gamma (eq. 3), take I(q; S) and I(q; Gamma S)
 * of the particles in the beam, in increasing realisation order. `onRealisation(r)` is called after
 * each realisation r.
 */
export function runBatch(spec: ResolvedColloidSpec, batchIndex: number, batchCount: number, onRealisation?: (realisation: number) => void): BatchSums {
  const { realisations, particleCount, beamSide, radiusSpread, d2, gammaL } = spec;
  const grid = polarGrid(spec.qMin, spec.qMax, spec.qCount, spec.thetaCount);
  const gamma = gammaL / beamSide;
  const size = grid.q.length * grid.theta.length;
  const sumIntensity = new Float64Array(size);
  const sumProduct = new Float64Array(size);
  const before = new Float64Array(size);
  const after = new Float64Array(size);
  const { from, to } = batchRealisations(batchIndex, batchCount, realisations);
  let inBeam = 0;

  for (let r = from; r < to; r++) {
    const random = realisationRandom(spec.seed, r);
    const configuration = sampleConfiguration(random, particleCount, beamSide, radiusSpread);
    const rearranged = rearrange(configuration, gamma, d2, random);
    const seen = particlesInBeam(configuration, beamSide);
    inBeam += seen.x.length;
    polarIntensity(seen, grid, before);
    polarIntensity(particlesInBeam(rearranged, beamSide), grid, after);
    for (let p = 0; p < size; p++) {
      sumIntensity[p] += before[p];
      sumProduct[p] += before[p] * after[p];
    }
    onRealisation?.(r);
  }
  return { count: to - from, sumIntensity, sumProduct, particlesInBeam: inBeam };
}
