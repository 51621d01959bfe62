/**
 * Public surface of the scattering library: model catalogue, evaluation (with polydispersity,
 * structure factors and resolution), noise, transforms and the reduced hard-sphere functions.
 */
export type { ParameterKind, ParameterInfo, ScatteringModelInfo } from "./types";
export { SasInputError } from "./errors";
export { listScatteringModels, scatteringModelInfo, parameterDefaults } from "./registry";
export { evaluate, evaluationWork, STRUCTURE_FACTOR_MODES } from "./evaluate";
export { randomParameters } from "./random-parameters";
export type { EvaluateOptions, Evaluation, EvaluationWork, StructureFactorMode } from "./evaluate";
export { evaluate2D, evaluation2DWork, particleProjection } from "./evaluate-2d";
export type { Evaluation2D } from "./evaluate-2d";
export { distributionWeights, DISTRIBUTION_TYPES } from "./polydispersity";
export type { DistributionType, WeightPoints } from "./polydispersity";
export { pinholeResolution, pinholeWork, smearPinhole } from "./resolution";
export type { PinholeResolution } from "./resolution";
export { smearSlit, slitWork, checkSlit, MAX_SLIT_PANELS, SLIT_TOLERANCE } from "./slit";
export type { SlitResolution } from "./slit";
export { addPoissonNoise, addFlatBackground, createRandom, samplePoisson } from "./noise";
export type { PoissonNoiseOptions, NoisyCurve, RandomSource } from "./noise";
export { log10Curve, quotientTransform, logQuotientTransform, scalarNeutralisation, zeroIndexNormalisation, interpolateCurve } from "./transforms";
export type { InterpolationOptions } from "./transforms";
export {
  reducedFormAmplitude,
  reducedStructureFactorPY,
  reducedFormAverages,
  reducedIntensityPY,
  reducedIntensityPYBeta,
  diameterQuadrature,
} from "./reduced-hardsphere";
export type { ReducedDistribution, ReducedAverages, DiameterQuadrature } from "./reduced-hardsphere";
export { percusYevick } from "./models/hardsphere";
export { stickyHardSphere } from "./models/stickyhardsphere";
export { squareWell } from "./models/squarewell";
export { sphereAmplitude, sinc } from "./numerics/spherical";
export { cylinderAmplitude } from "./numerics/bessel";
