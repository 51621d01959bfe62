/** Sheared dilute colloids and their scattering correlation (Ding, Chen & Do 2024): public API. */
export { simulateShearedColloids, type ShearedColloidResult, type ProgressCallback } from "./simulate";
export { simulateShearedColloidsParallel, type ParallelColloidOptions } from "./parallel";
export { runBatch, batchCountFor, batchRealisations, JACKKNIFE_BATCHES, type BatchSums } from "./batch";
export { type ShearedColloidSpec, type ResolvedColloidSpec, ColloidSpecError, resolveColloidSpec } from "./spec";
export {
  theoryCorrelation,
  finiteBeamCorrelation,
  correlationOnGrid,
  sinc,
  type RearrangementParameters,
  type FiniteBeamParameters,
  type CorrelationMap,
} from "./theory";
export { polarGrid, logSpaced, linearSpaced, type PolarGrid } from "./polar-grid";
export { polarIntensity } from "./polar-intensity";
export { directPolarIntensity } from "./direct-intensity";
export { sampleConfiguration, rearrange, particlesInBeam, realisationRandom, type ColloidConfiguration } from "./configuration";
export { sphereAmplitude, sphereVolume } from "./sphere-amplitude";
