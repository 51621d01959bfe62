/**
 * Polydisperse hard spheres: event-chain Monte Carlo sampling and I(Q) (paper 000, Ding et al. 2025).
 * Pure compute: arrays in, arrays out; I(Q) may use worker threads (ScatteringWorkerPool).
 */
export type { Configuration } from "./configuration";
export { cloneConfiguration, minimumImage, particleCount, volumeFraction } from "./configuration";
export type { DiameterDistribution, DiameterSampling } from "./diameters";
export { DIAMETER_DISTRIBUTIONS, DIAMETER_SAMPLINGS, diameterQuantile, maxDiameter, sampleDiameters, totalSphereVolume } from "./diameters";
export type { HardSphereSystemSpec, InitialConfigurationOptions, ProgressCallback } from "./initial-configuration";
export { boxLengthFor, fccSites, initialConfiguration, MELT_ETA } from "./initial-configuration";
export type { EventChainSamplerOptions, EventChainStatistics } from "./event-chain";
export { compressibilityFactor, EventChainSampler } from "./event-chain";
export type { EventChainRun, RunEventChainsOptions } from "./equilibrate";
export { DEFAULT_DECORRELATION_DISPLACEMENT, DEFAULT_EQUILIBRATION_DISPLACEMENT, equilibrate, runEventChains } from "./equilibrate";
export { carnahanStarlingCompressibility, carnahanStarlingContactValue, percusYevickContactValue } from "./equation-of-state";
export { minimumContactRatio, reducedPairCorrelation } from "./pair-correlation";
export { fibonacciDirections, foldAntipodes, paperDirections } from "./directions";
export { amplitudeTable, normalisedSphereAmplitude, sphereAmplitude, sphereVolume, sumSquaredVolumes } from "./sphere-amplitude";
export type { KernelSettings, ScatteringKernel, ScatteringOptions } from "./scattering";
export { scatteringIntensity, scatteringIntensityDirect, squaredAmplitudeSums, uniformQGrid } from "./scattering";
export type { CommensurateOptions, CommensurateResult } from "./scattering-commensurate";
export { scatteringIntensityCommensurate, shellVectors } from "./scattering-commensurate";
export { ScatteringWorkerPool, scatteringIntensityParallel } from "./scattering-pool";
export type { ScatteringEstimator, StatePointOptions, StatePointResult } from "./state-point";
export { simulateStatePoint } from "./state-point";
export type { HardSphereMethod } from "./state-point";
export { HARD_SPHERE_METHODS, SCATTERING_ESTIMATORS } from "./state-point";
export type { PaperMdOptions, PaperMdSummary } from "./md/paper-md";
export { MAX_MD_STEPS, PAPER_MD_DEFAULTS, PaperMdSampler, paperMdSteps } from "./md/paper-md";
export type { ContactDynamicsOptions } from "./md/contact-dynamics";
export { ContactDynamics } from "./md/contact-dynamics";
export { contactPairEnergy, contactPairForceOverDistance, PAPER_EPSILON } from "./md/contact-potential";
export { IMAGE_SHIFTS, NeighbourList } from "./md/neighbour-list";
export { NoseHooverChain } from "./md/nose-hoover-chain";
