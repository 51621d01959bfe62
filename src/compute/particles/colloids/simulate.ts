/**
 * Monte Carlo of sheared dilute colloids (Ding, Chen & Do 2024, Sec. II B): for each realisation,
 * sample S, apply Gamma (eq. 3), compute I(q; S) and I(q; Gamma S) of the particles inside the beam
 * [-L/2, L/2]^2 on the polar grid, and accumulate the correlation of eq. 4.
 */
import { CorrelationAccumulator, type CorrelationEstimate } from "./correlation-accumulator";
import { particlesInBeam, realisationRandom, rearrange, sampleConfiguration } from "./configuration";
import { polarGrid } from "./polar-grid";
import { polarIntensity } from "./polar-intensity";
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

/** Realisations are split into this many batches for the jackknife error estimate. */
const JACKKNIFE_BATCHES = 20;

export function simulateShearedColloids(spec: ShearedColloidSpec, onProgress?: ProgressCallback): ShearedColloidResult {
  const resolved = resolveColloidSpec(spec);
  const { realisations, particleCount, beamSide, radiusSpread, d2, gammaL } = resolved;
  const grid = polarGrid(resolved.qMin, resolved.qMax, resolved.qCount, resolved.thetaCount);
  const gamma = gammaL / beamSide;
  const batchCount = Math.min(JACKKNIFE_BATCHES, realisations);
  const accumulator = new CorrelationAccumulator(grid.q.length, grid.theta.length, batchCount);
  const before = new Float64Array(grid.q.length * grid.theta.length);
  const after = new Float64Array(before.length);
  const progressEvery = Math.max(1, Math.floor(realisations / 100));
  let particlesInBeamTotal = 0;

  for (let r = 0; r < realisations; r++) {
    const random = realisationRandom(resolved.seed, r);
    const configuration = sampleConfiguration(random, particleCount, beamSide, radiusSpread);
    const rearranged = rearrange(configuration, gamma, d2, random);
    const seen = particlesInBeam(configuration, beamSide);
    particlesInBeamTotal += seen.x.length;
    polarIntensity(seen, grid, before);
    polarIntensity(particlesInBeam(rearranged, beamSide), grid, after);
    // Contiguous batches: batch b holds realisations [b M / B, (b + 1) M / B).
    accumulator.add(Math.floor((r * batchCount) / realisations), before, after);
    if (onProgress && ((r + 1) % progressEvery === 0 || r + 1 === realisations)) {
      onProgress((r + 1) / realisations, `realisation ${r + 1} of ${realisations}`);
    }
  }

  return {
    ...accumulator.estimate(),
    q: grid.q,
    theta: grid.theta,
    spec: resolved,
    meanParticlesInBeam: particlesInBeamTotal / realisations,
  };
}
