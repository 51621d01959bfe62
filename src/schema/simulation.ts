/**
 * GraphQL inputs of startSimulation: one input type per simulation kind, checked field by field
 * against the kind's input table (test/simulations/simulation-kinds.test.ts), so names, defaults and
 * types agree with what the job validates.
 */
import { Field, Float, InputType, Int, registerEnumType } from "type-graphql";
import { GraphQLJSONObject } from "./json-object";
import { Technique } from "./enums";
import { QGridInput, SamplingMethod, StructureFactorMode } from "./scattering";
import type {
  DiameterDistribution as DiameterDistributionValue,
  DiameterSampling as DiameterSamplingValue,
  HardSphereMethod as HardSphereMethodValue,
  ScatteringEstimator as ScatteringEstimatorValue,
} from "../compute/particles/hardspheres";
import { enumNamed } from "./enum-of";

@InputType({ description: "A range swept by a simulation" })
export class SweepRangeInput {
  @Field() name: string;
  @Field(() => Float) min: number;
  @Field(() => Float) max: number;
  @Field({ defaultValue: false, description: "Sample uniformly in log(value)" }) log: boolean;
}

@InputType({ description: "An analytical sweep over a sasmodels-style model" })
export class SasSweepInput {
  @Field() model: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "Fixed parameters" }) parameters?: Record<string, unknown>;
  @Field(() => [SweepRangeInput]) ranges: SweepRangeInput[];
  @Field(() => SamplingMethod, { defaultValue: SamplingMethod.LATIN_HYPERCUBE }) sampling: SamplingMethod;
  @Field(() => Int) count: number;
  @Field(() => Int, { defaultValue: 0 }) seed: number;
  @Field(() => QGridInput) q: QGridInput;
  @Field(() => Float, { nullable: true, description: "Relative pinhole resolution dq/q" }) resolution?: number;
  @Field(() => Float, { nullable: true, description: "Poisson noise: counts per unit intensity (1/cm)" }) countsPerUnit?: number;
  @Field(() => Float, { nullable: true, description: "Slit resolution: slit length at every point, in the unit of q (the curves carry it as dQl)" })
  slitLength?: number;
  @Field(() => Float, { nullable: true, description: "Slit resolution: slit width at every point, in the unit of q (dQw)" }) slitWidth?: number;
  @Field(() => StructureFactorMode, {
    nullable: true,
    description: "PLAIN or BETA for a product P@S; absent: the `structure_factor_mode` parameter (0 plain, 1 beta) as in sasmodels, else PLAIN",
  })
  structureFactorMode?: StructureFactorMode;
  @Field(() => Int, {
    nullable: true,
    description: "Compute only the first curves of the design, the same numbers as in the whole sweep (a sample of a large set)",
  })
  first?: number;
}

@InputType({ description: "Sheared dilute colloids (Ding, Chen & Do 2024); lengths in units of the mean radius R0" })
export class ShearedColloidsInput {
  @Field(() => Float, { description: "Number density times beam area, n L² (paper: 100-200)" }) nL2: number;
  @Field(() => Float, { defaultValue: 0, description: "R_s: standard deviation of ln R (0: monodisperse)" }) radiusSpread: number;
  @Field(() => Float, { description: "D_2: standard deviation of the Gaussian non-affine displacement (units of R0)" }) d2: number;
  @Field(() => Float, { description: "Affine shear strain times beam side, γL" }) gammaL: number;
  @Field(() => Int, { description: "Independent configurations averaged (paper: 10⁴)" }) realisations: number;
  @Field(() => Int, { defaultValue: 0 }) seed: number;
  @Field(() => Int, { nullable: true, description: "Log-spaced q points (default 100)" }) qCount?: number;
  @Field(() => Int, { nullable: true, description: "Angles in [0, π] (default 101)" }) thetaCount?: number;
  @Field(() => Float, { nullable: true, description: "Smallest q·R0 (default 0.5)" }) qMin?: number;
  @Field(() => Float, { nullable: true, description: "Largest q·R0 (default 5)" }) qMax?: number;
  @Field(() => Float, { nullable: true, description: "Beam side L in units of R0 (default 800)" }) beamSide?: number;
  @Field(() => [SweepRangeInput], { nullable: true, description: "Sweep nL2, radiusSpread, d2 or gammaL over ranges (one state point without)" })
  ranges?: SweepRangeInput[];
  @Field(() => SamplingMethod, { defaultValue: SamplingMethod.GRID }) sampling: SamplingMethod;
  @Field(() => Int, { defaultValue: 1, description: "Samples, or points per range for GRID" }) count: number;
}

export const DiameterDistribution = enumNamed<DiameterDistributionValue, "UNIFORM" | "NORMAL" | "LOGNORMAL">({
  uniform: "UNIFORM",
  normal: "NORMAL",
  lognormal: "LOGNORMAL",
});
export type DiameterDistribution = DiameterDistributionValue;

registerEnumType(DiameterDistribution, {
  name: "DiameterDistribution",
  description: "Diameter distributions of paper 000 (D0 = 1)",
  valuesConfig: { UNIFORM: { description: "D ~ U(1-σ, 1+σ)" }, NORMAL: { description: "D ~ N(1, σ)" }, LOGNORMAL: { description: "ln D ~ N(0, σ)" } },
});

export const ScatteringEstimator = enumNamed<ScatteringEstimatorValue, "PAPER" | "COMMENSURATE">({ paper: "PAPER", commensurate: "COMMENSURATE" });
export type ScatteringEstimator = ScatteringEstimatorValue;
registerEnumType(ScatteringEstimator, {
  name: "ScatteringEstimator",
  description:
    "How I(Q) is taken from a hard-sphere configuration. PAPER: eq. 2 along directions, as the authors of paper 000 do " +
    "(comparable with their curves at the same N; the finite box smears S(Q) over about 2π/L). COMMENSURATE: averaged " +
    "over the periodic box's reciprocal vectors within one Q step of each Q (no box artefact).",
});

export const DiameterSampling = enumNamed<DiameterSamplingValue, "STRATIFIED" | "INDEPENDENT">({ stratified: "STRATIFIED", independent: "INDEPENDENT" });
export type DiameterSampling = DiameterSamplingValue;
registerEnumType(DiameterSampling, {
  name: "DiameterSampling",
  description: "How the diameters of one system are drawn from its distribution",
  valuesConfig: {
    STRATIFIED: {
      description:
        "One diameter from each of N equal-probability slices of the distribution, in random order (the default): the system's " +
        "sizes follow the distribution closely, so I(Q) near the form factor's minimum does not depend on the seed",
    },
    INDEPENDENT: {
      description:
        "Each diameter drawn on its own, as the paper's LAMMPS input does: I(Q) near the form factor's minimum then varies " +
        "from seed to seed by about 1 % at N = 23 328",
    },
  },
});

export const HardSphereMethod = enumNamed<HardSphereMethodValue, "EVENT_CHAIN" | "PAPER_MD">({ "event-chain": "EVENT_CHAIN", "paper-md": "PAPER_MD" });
export type HardSphereMethod = HardSphereMethodValue;
registerEnumType(HardSphereMethod, {
  name: "HardSphereMethod",
  description: "How hard-sphere configurations are sampled",
  valuesConfig: {
    EVENT_CHAIN: { description: "Event-chain Monte Carlo: exact hard spheres, no overlaps, no time step (the default)" },
    PAPER_MD: {
      description:
        "The MD protocol of the authors of paper 000 (LJ with ε = 100 kT cut at contact, Nosé–Hoover T = 1, a configuration " +
        "every 2 τ), from an equilibrated hard-sphere start. It reproduces their published curves; at their time step " +
        "(0.001 τ) the integrator heats the system and the structure departs from hard spheres (see the README).",
    },
  },
});

@InputType({
  description: "Polydisperse hard spheres (Ding et al. 2025): event-chain Monte Carlo (or the authors' MD) and I(Q) of eq. 2; lengths in units of D0",
})
export class HardSpheresInput {
  @Field(() => DiameterDistribution) distribution: DiameterDistribution;
  @Field(() => Float, { description: "Polydispersity σ (paper: up to 0.3 uniform, 0.12 normal and lognormal)" }) sigma: number;
  @Field(() => DiameterSampling, { defaultValue: DiameterSampling.STRATIFIED }) diameterSampling: DiameterSampling;
  @Field(() => Float, { description: "Volume fraction η (up to 0.55)" }) eta: number;
  @Field(() => Int, { defaultValue: 4000, description: "Number of spheres (paper: 23 328)" }) n: number;
  @Field(() => Int, { defaultValue: 10, description: "Configurations averaged (paper: 100)" }) configurations: number;
  @Field(() => Int, { defaultValue: 0 }) seed: number;
  @Field(() => Float, { defaultValue: 3, description: "Smallest Q·D0" }) qMin: number;
  @Field(() => Float, { defaultValue: 13, description: "Largest Q·D0" }) qMax: number;
  @Field(() => Int, { defaultValue: 100 }) qCount: number;
  @Field(() => Int, { nullable: true, description: "Directions per configuration (Fibonacci set); default the paper's 50 × 100 grid" }) directions?: number;
  @Field({ defaultValue: false, description: "Keep the last configuration of each state point as a file" }) keepConfigurations: boolean;
  @Field(() => ScatteringEstimator, { defaultValue: ScatteringEstimator.PAPER }) estimator: ScatteringEstimator;
  @Field(() => HardSphereMethod, { defaultValue: HardSphereMethod.EVENT_CHAIN }) method: HardSphereMethod;
  @Field(() => Float, {
    nullable: true,
    description:
      "PAPER_MD only: time step in units of τ (default 0.001, the authors'); the equilibration (10 τ) and the interval between configurations (2 τ) keep their times",
  })
  timeStep?: number;
  @Field(() => [SweepRangeInput], { nullable: true, description: "Sweep eta and/or sigma (one state point without)" }) ranges?: SweepRangeInput[];
  @Field(() => SamplingMethod, { defaultValue: SamplingMethod.GRID }) sampling: SamplingMethod;
  @Field(() => Int, { defaultValue: 1, description: "Samples, or points per range for GRID" }) count: number;
}

const RANGES_DESCRIPTION =
  "Ranges of this class's design. Absent: each parameter set is an independent draw of the model's own sampler " +
  "(sasmodels' random() laws: sizes mostly log-uniform over typical SANS/SAXS ranges, within the limits and the model's constraints; " +
  "a product P@S draws both factors and keeps S's radius coupled to the particle), for RANDOM and LATIN_HYPERCUBE alike (GRID needs ranges). " +
  "The fixed parameters replace what was drawn; what the sampler leaves out keeps its default. Every model has a sampler; `ScatteringModel.randomParameters(seed)` shows one draw.";

@InputType({ description: "One model class of a class sweep: its model (the label), fixed parameters and ranges" })
export class SasModelClassInput {
  @Field({ description: 'Model expression: "sphere", "cylinder", "sphere@hardsphere"' }) model: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "Fixed parameters (sasmodels names)" }) parameters?: Record<string, unknown>;
  @Field(() => [SweepRangeInput], { nullable: true, description: RANGES_DESCRIPTION }) ranges?: SweepRangeInput[];
}

@InputType({
  description:
    "A sweep across model classes in one dataset, each curve labelled by its model (`parameters.model`, `parameters.label`): SASformer-style training data",
})
export class SasModelsInput {
  @Field(() => [SasModelClassInput]) classes: SasModelClassInput[];
  @Field(() => Int, { description: "Samples per class, or points per range for GRID" }) perClass: number;
  @Field(() => SamplingMethod, { defaultValue: SamplingMethod.LATIN_HYPERCUBE }) sampling: SamplingMethod;
  @Field(() => Int, { defaultValue: 0 }) seed: number;
  @Field(() => QGridInput) q: QGridInput;
  @Field(() => Float, { nullable: true, description: "Relative pinhole resolution dq/q" }) resolution?: number;
  @Field(() => Float, { nullable: true, description: "Poisson noise: counts per unit intensity (1/cm)" }) countsPerUnit?: number;
  @Field(() => StructureFactorMode, {
    nullable: true,
    description: "PLAIN or BETA for a product P@S; absent: the `structure_factor_mode` parameter (0 plain, 1 beta) as in sasmodels, else PLAIN",
  })
  structureFactorMode?: StructureFactorMode;
  @Field(() => Int, {
    nullable: true,
    description: "Compute only the first curves of the interleaved sequence (a balanced sample, the same numbers as in the whole sweep)",
  })
  first?: number;
}

@InputType({
  description:
    "A mixture of sphere, cylinder, ellipsoid, core_shell_sphere, lamellar and vesicle curves with random sizes and scale, 5 % resolution and Poisson noise: the shape classifier's training data (SASformer-style), labelled by `shape`",
})
export class ShapeMixtureInput {
  @Field(() => Int, { description: "Curves of each shape" }) perClass: number;
  @Field(() => Int, { defaultValue: 0 }) seed: number;
  @Field(() => QGridInput) q: QGridInput;
  @Field(() => Float, { defaultValue: 0.05, description: "Relative pinhole resolution dq/q" }) resolution: number;
  @Field(() => Float, { defaultValue: 1e5, description: "Poisson noise: counts per unit intensity (1/cm)" }) countsPerUnit: number;
  @Field(() => Int, { nullable: true, description: "Compute only the first curves of the interleaved sequence" }) first?: number;
}

@InputType({ description: "One sample model of a virtual-experiment set: its model (the class label), fixed parameters and ranges" })
export class VirtualSampleInput {
  @Field({ description: 'Model expression: "sphere", "cylinder", "sphere@hardsphere"; oriented models take theta, phi, psi' }) model: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "Fixed parameters (sasmodels names; I in 1/cm is the absolute scale)" })
  parameters?: Record<string, unknown>;
  @Field(() => [SweepRangeInput], { defaultValue: [], description: "Parameters swept over the set's parameter sets" }) ranges: SweepRangeInput[];
}

@InputType({ description: "A rectangular opening or beamstop: full width (x) and height (y), metres" })
export class ApertureInput {
  @Field(() => Float) width: number;
  @Field(() => Float) height: number;
}

@InputType({ description: "Changes to the presets' instrument, applied to every preset of the set (lengths in metres, wavelength in Å)" })
export class InstrumentOverridesInput {
  @Field(() => Float, { nullable: true, description: "Mean wavelength of the velocity selector, Å" }) wavelength?: number;
  @Field(() => Float, { nullable: true, description: "Relative FWHM of the selector's triangular wavelength distribution (0.1 = 10 %)" })
  wavelengthSpread?: number;
  @Field(() => Float, { nullable: true, description: "Source aperture to sample aperture, m" }) collimationLength?: number;
  @Field(() => Float, { nullable: true, description: "Sample to detector, m" }) detectorDistance?: number;
  @Field(() => ApertureInput, { nullable: true }) sourceAperture?: ApertureInput;
  @Field(() => ApertureInput, { nullable: true }) sampleAperture?: ApertureInput;
  @Field(() => ApertureInput, { nullable: true, description: "Centred on the direct beam; 0 x 0 for none" }) beamstop?: ApertureInput;
  @Field(() => Int, { nullable: true, description: "Detector pixel rows (along y)" }) rows?: number;
  @Field(() => Int, { nullable: true, description: "Detector pixel columns (along x)" }) columns?: number;
  @Field(() => Float, { nullable: true, description: "Pixel size along x, m" }) pixelWidth?: number;
  @Field(() => Float, { nullable: true, description: "Pixel size along y, m" }) pixelHeight?: number;
  @Field(() => Float, { nullable: true, description: "Direct beam's column, fractional pixels (default: the detector's middle)" }) beamCentreColumn?: number;
  @Field(() => Float, { nullable: true, description: "Direct beam's row, fractional pixels" }) beamCentreRow?: number;
}

@InputType({
  description:
    "Virtual SANS experiments of the KWS-1 pinhole instrument (paper 004), neutron by neutron: sample models x parameter sets x presets x absorptions, cleaned by the paper's rules; the dataset holds one detector image per kept experiment (Dataset.images), labelled by its model",
})
export class VirtualExperimentInput {
  @Field(() => [VirtualSampleInput]) samples: VirtualSampleInput[];
  @Field(() => Int, { defaultValue: 1, description: "Parameter sets per sample model, or points per range for GRID" }) perSample: number;
  @Field(() => SamplingMethod, { defaultValue: SamplingMethod.LATIN_HYPERCUBE }) sampling: SamplingMethod;
  @Field(() => [String], {
    defaultValue: ["kws1-6A-8m8m-slit1x1-cell2-d1mm"],
    description: "Instrument settings by name (the virtualInstrumentPresets query lists the paper's 36)",
  })
  presets: string[];
  @Field(() => InstrumentOverridesInput, { nullable: true }) instrument?: InstrumentOverridesInput;
  @Field(() => Float, { nullable: true, description: "Sample thickness, cm (default: the preset's, 0.1 or 0.2)" }) thickness?: number;
  @Field(() => Float, { nullable: true, description: "Sample cell width across the beam, m (default: the preset's)" }) cellWidth?: number;
  @Field(() => [Float], { defaultValue: [1], description: "Absorption coefficients mu, 1/cm: the unscattered beam keeps exp(-mu d)" }) absorptions: number[];
  @Field(() => Float, { defaultValue: 1e7, description: "Neutrons per image (the paper: 1e7)" }) neutrons: number;
  @Field(() => Int, { defaultValue: 0 }) seed: number;
  @Field(() => Int, { nullable: true, description: "Make only the first images of the interleaved sequence (a balanced sample)" }) first?: number;
  @Field({
    defaultValue: true,
    description:
      "Drop empty, low-statistics (2 % quantile of spread, in sets of 50 images or more) and saturated (99 % quantile of peak, 100 or more) images, as the paper",
  })
  clean: boolean;
}

@InputType({ description: "A simulation: the dataset it makes and exactly one kind of simulation (src/simulations/registry.ts)" })
export class StartSimulationInput {
  @Field() title: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => Technique, { defaultValue: Technique.SANS }) technique: Technique;
  @Field(() => [String], { nullable: true }) keywords?: string[];
  @Field(() => [String], { nullable: true }) accessGroups?: string[];
  @Field({ defaultValue: false }) publish: boolean;
  @Field(() => SasSweepInput, { nullable: true, description: "An analytical sweep (one kind of simulation must be given)" })
  sasModel?: SasSweepInput;
  @Field(() => ShearedColloidsInput, { nullable: true, description: "Sheared-colloid correlation g(q), g(θ) (paper 003)" })
  shearedColloids?: ShearedColloidsInput;
  @Field(() => HardSpheresInput, { nullable: true, description: "Polydisperse hard spheres: I(Q) from configurations (paper 000)" })
  hardSpheres?: HardSpheresInput;
  @Field(() => SasModelsInput, { nullable: true, description: "A sweep across model classes, labelled per curve" })
  sasModels?: SasModelsInput;
  @Field(() => ShapeMixtureInput, { nullable: true, description: "A labelled mixture of six shapes (classifier training data)" })
  shapeMixture?: ShapeMixtureInput;
  @Field(() => VirtualExperimentInput, { nullable: true, description: "Virtual SANS experiments: detector images (paper 004)" })
  virtualExperiment?: VirtualExperimentInput;
}
