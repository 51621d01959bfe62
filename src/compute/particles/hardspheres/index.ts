/**
 * Polydisperse hard spheres: event-chain Monte Carlo sampling and I(Q) (paper 000, Ding et al. 2025).
 * Pure compute: arrays in, arrays out; I(Q) may use worker threads (ScatteringWorkerPool).
 */
export type { Configuration } from "./configuration";
export { cloneConfiguration, minimumImage, particleCount, volumeFraction } from "./configuration";
export type { DiameterDistribution, DiameterSampling } from "./diameters";
export { DIAMETER_DISTRIBUTIONS, DIAMETER_SAMPLINGS, diameterQuantile, maxDiameter, sampleDiameters, totalSphereVolume } from "./diameters";
export type { HardSphereSystemSpec, InitialConfigurationOptions, ProgressCallback } from "./initialConfiguration";
export { boxLengthFor, fccSites, initialConfiguration, MELT_ETA } from "./initialConfiguration";
export type { EventChainSamplerOptions, EventChainStatistics } from "./eventChain";
export { compressibilityFactor, EventChainSampler } from "./eventChain";
export type { EventChainRun, RunEventChainsOptions } from "./equilibrate";
export { DEFAULT_DECORRELATION_DISPLACEMENT, DEFAULT_EQUILIBRATION_DISPLACEMENT, equilibrate, runEventChains } from "./equilibrate";
export { carnahanStarlingCompressibility, carnahanStarlingContactValue, percusYevickContactValue } from "./equationOfState";
export { minimumContactRatio, reducedPairCorrelation } from "./pairCorrelation";
export { fibonacciDirections, foldAntipodes, paperDirections } from "./directions";
export { amplitudeTable, normalisedSphereAmplitude, sphereAmplitude, sphereVolume, sumSquaredVolumes } from "./sphereAmplitude";
export type { ScatteringOptions } from "./scattering";
export { scatteringIntensity, scatteringIntensityDirect, squaredAmplitudeSums, uniformQGrid } from "./scattering";
export type { CommensurateOptions, CommensurateResult } from "./scatteringCommensurate";
export { scatteringIntensityCommensurate, shellVectors } from "./scatteringCommensurate";
export { ScatteringWorkerPool, scatteringIntensityParallel } from "./scatteringPool";
export type { ScatteringEstimator, StatePointOptions, StatePointResult } from "./statePoint";
export { simulateStatePoint } from "./statePoint";
export type { HardSphereMethod } from "./statePoint";
export { HARD_SPHERE_METHODS } from "./statePoint";
export type { PaperMdOptions, PaperMdSummary } from "./md/paperMd";
export { MAX_MD_STEPS, PAPER_MD_DEFAULTS, PaperMdSampler, paperMdSteps } from "./md/paperMd";
export type { ContactDynamicsOptions } from "./md/contactDynamics";
export { ContactDynamics } from "./md/contactDynamics";
export { contactPairEnergy, contactPairForceOverDistance, PAPER_EPSILON } from "./md/contactPotential";
export { NeighbourList } from "./md/neighbourList";
export { NoseHooverChain } from "./md/noseHooverChain";
