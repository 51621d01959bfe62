/**
 * Virtual SANS experiments (paper 004, Robledo et al. 2024): detector images of the KWS-1 pinhole
 * instrument simulated neutron by neutron (src/compute/instrument), for one sample and setting or a
 * set as the paper's — sample models x parameter sets x instrument settings x absorptions — cleaned
 * by the paper's rules (empty, low-statistics and saturated images dropped; the verdicts are in the
 * job result and the dataset's metadata). Each image records everything it was made with; the class
 * label of an image is the index of its model in `samples`.
 */
import { Type, type Static } from "@sinclair/typebox";
import { evaluate, SasInputError } from "../../compute/sas";
import { cleanImages, imageStatistics, PAPER_CLEANING, type CleaningReport, type ImageStatistics } from "../../compute/instrument/cleaning";
import { planImages, plannedImageCount, type NamedSetting, type PlannedImage, type VirtualSetSpec } from "../../compute/instrument/experiment-design";
import { instrumentPreset, presetNames } from "../../compute/instrument/presets";
import { simulateVirtualExperiment } from "../../compute/instrument/beamline";
import { validateExperiment } from "../../compute/instrument/validate";
import type { DetectorImageData, InstrumentSettings } from "../../compute/instrument/types";
import { SamplingError, SAMPLING_METHODS } from "../../compute/sampling";
import { countsImageRecord } from "../../formats/detector-image";
import { MAX_IMAGE_PIXELS } from "../../formats/detector-image-rules";
import { badInput } from "../../services/errors";
import { oneOf } from "../../services/input-schema";
import { numericParameters } from "../../services/q-request";
import { workUnits } from "../state-point-sweep";
import { defineSimulationKind } from "../simulation-kind";

/** The preset a virtual experiment uses when none is named: 6 Å, 8 m collimation, 8 m detector, 1 cm slit, 1 mm sample. */
export const DEFAULT_PRESET = "kws1-6A-8m8m-slit1x1-cell2-d1mm";

/** Server bounds: images are held in memory until the dataset's transaction writes them. */
export const VIRTUAL_SANS_LIMITS = {
  images: 2000,
  /** Pixels of all images together (2000 of the paper's 144 x 256). */
  pixels: 2000 * 144 * 256,
  /** Neutron paths traced by the whole set (importance sampling traces min(neutrons, 1e7) per image). */
  paths: 2e10,
};

/** Images one compute step (one worker thread) makes: progress and memory per step stay small. */
const IMAGES_PER_STEP = 16;
/** Paths importance sampling traces per image at most (the Monte Carlo's default). */
const PATHS_PER_IMAGE = 1e7;

const APERTURE = Type.Object(
  { width: Type.Number({ minimum: 0, unit: "m" }), height: Type.Number({ minimum: 0, unit: "m" }) },
  { additionalProperties: false },
);

const INSTRUMENT_OVERRIDES = Type.Object(
  {
    wavelength: Type.Optional(Type.Number({ exclusiveMinimum: 0, unit: "Å" })),
    wavelengthSpread: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 1, description: "Relative FWHM of the selector's triangle" })),
    collimationLength: Type.Optional(Type.Number({ exclusiveMinimum: 0, unit: "m" })),
    detectorDistance: Type.Optional(Type.Number({ exclusiveMinimum: 0, unit: "m" })),
    sourceAperture: Type.Optional(APERTURE),
    sampleAperture: Type.Optional(APERTURE),
    beamstop: Type.Optional(APERTURE),
    rows: Type.Optional(Type.Integer({ minimum: 1 })),
    columns: Type.Optional(Type.Integer({ minimum: 1 })),
    pixelWidth: Type.Optional(Type.Number({ exclusiveMinimum: 0, unit: "m" })),
    pixelHeight: Type.Optional(Type.Number({ exclusiveMinimum: 0, unit: "m" })),
    beamCentreColumn: Type.Optional(Type.Number({ description: "Fractional pixel coordinate of the direct beam" })),
    beamCentreRow: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

const SAMPLE = Type.Object(
  {
    model: Type.String({ minLength: 1, description: 'Model expression, the class label: "sphere", "cylinder", "sphere@hardsphere"' }),
    parameters: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()]), { description: "Fixed parameters (sasmodels names)" }),
    ranges: Type.Array(
      Type.Object(
        { name: Type.String({ minLength: 1 }), min: Type.Number(), max: Type.Number(), log: Type.Optional(Type.Boolean({ default: false })) },
        { additionalProperties: false },
      ),
      { default: [] },
    ),
  },
  { additionalProperties: false },
);

export const VIRTUAL_SANS_INPUT = Type.Object(
  {
    samples: Type.Array(SAMPLE, { minItems: 1, maxItems: 200, description: "Sample models, each with fixed parameters and ranges" }),
    perSample: Type.Integer({ minimum: 1, default: 1, description: "Parameter sets per sample model, or points per range for GRID" }),
    sampling: oneOf(SAMPLING_METHODS, { default: "LATIN_HYPERCUBE" }),
    presets: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 36, default: [DEFAULT_PRESET], description: "Instrument settings by name" }),
    instrument: Type.Optional(INSTRUMENT_OVERRIDES),
    thickness: Type.Optional(Type.Number({ exclusiveMinimum: 0, unit: "cm", description: "Sample thickness (default: the preset's)" })),
    cellWidth: Type.Optional(Type.Number({ exclusiveMinimum: 0, unit: "m", description: "Sample cell width across the beam (default: the preset's)" })),
    absorptions: Type.Array(Type.Number({ minimum: 0, unit: "1/cm" }), {
      minItems: 1,
      maxItems: 16,
      default: [1],
      description: "Absorption coefficients: the unscattered beam keeps exp(-mu d)",
    }),
    neutrons: Type.Number({ minimum: 1, maximum: 1e12, default: 1e7, description: "Neutrons per image (the paper: 1e7)" }),
    seed: Type.Integer({ default: 0 }),
    first: Type.Optional(Type.Integer({ minimum: 1, description: "Make only the first images of the interleaved sequence (a balanced sample)" })),
    clean: Type.Boolean({ default: true, description: "Apply the paper's cleaning rules (drop empty, low-statistics and saturated images)" }),
  },
  { additionalProperties: false },
);
export type VirtualSansJobInput = Static<typeof VIRTUAL_SANS_INPUT>;

const field = (f: string) => `virtualExperiment.${f}`;

/** The instrument of a preset with the caller's overrides. */
function applyOverrides(base: InstrumentSettings, o: VirtualSansJobInput["instrument"]): InstrumentSettings {
  if (!o) return base;
  const { rows, columns, pixelWidth, pixelHeight, beamCentreColumn, beamCentreRow, ...top } = o;
  const detector = { ...base.detector };
  if (rows !== undefined) detector.rows = rows;
  if (columns !== undefined) detector.columns = columns;
  if (pixelWidth !== undefined) detector.pixelWidth = pixelWidth;
  if (pixelHeight !== undefined) detector.pixelHeight = pixelHeight;
  // A new pixel grid without a beam centre keeps the beam in its middle.
  detector.beamCentreColumn = beamCentreColumn ?? (columns !== undefined ? columns / 2 : detector.beamCentreColumn);
  detector.beamCentreRow = beamCentreRow ?? (rows !== undefined ? rows / 2 : detector.beamCentreRow);
  return { ...base, ...top, detector };
}

export function settingsOf(input: VirtualSansJobInput): NamedSetting[] {
  const known = new Set(presetNames());
  return input.presets.map((name, i) => {
    if (!known.has(name)) throw badInput(`presets[${i}]: unknown instrument preset "${name}" (see the virtualInstrumentPresets query)`, field(`presets[${i}]`));
    const p = instrumentPreset(name);
    const custom = input.instrument !== undefined || input.thickness !== undefined || input.cellWidth !== undefined;
    return {
      name: custom ? `${name}+custom` : name,
      instrument: applyOverrides(p.instrument, input.instrument),
      thickness: input.thickness ?? p.sampleThickness,
      cellWidth: input.cellWidth ?? p.cellWidth,
    };
  });
}

function setSpec(input: VirtualSansJobInput): VirtualSetSpec {
  return {
    samples: input.samples.map((s) => ({ ...s, ranges: s.ranges ?? [] })),
    perSample: input.perSample,
    sampling: input.sampling,
    seed: input.seed,
    settings: settingsOf(input),
    absorptions: input.absorptions,
    neutrons: input.neutrons,
    first: input.first,
  };
}

/** The field of this input a Monte Carlo refusal is about ("instrument.wavelength", "sample.width" -> "cellWidth"). */
function inputFieldOf(libraryField: string | undefined): string {
  if (!libraryField) return "presets";
  if (libraryField === "sample.thickness") return "thickness";
  if (libraryField === "sample.width") return "cellWidth";
  if (libraryField === "sample.transmission") return "absorptions";
  if (libraryField.startsWith("instrument.detector.")) return `instrument.${libraryField.slice("instrument.detector.".length)}`;
  return libraryField;
}

/** Arithmetic bounds before any design is drawn (a huge perSample must not allocate its designs). */
function boundSize(input: VirtualSansJobInput): void {
  const L = VIRTUAL_SANS_LIMITS;
  const perDesign = input.presets.length * input.absorptions.length;
  const designs = input.samples.reduce((n, s) => n + (input.sampling === "GRID" ? Math.pow(input.perSample, (s.ranges ?? []).length) : input.perSample), 0);
  const images = Math.min(designs * perDesign, input.first ?? Number.POSITIVE_INFINITY);
  // Designs are drawn before `first` cuts them: bound them too (20 per image the job may make).
  if (images > L.images || designs > 20 * L.images) {
    throw badInput(`the set makes ${workUnits(images)} images, over the limit of ${L.images} per job: split it, or use first`, field("perSample"));
  }
}

/** The set's images, sampling errors named as this input's fields. */
function plan(input: VirtualSansJobInput, first?: number): PlannedImage[] {
  try {
    return planImages({ ...setSpec(input), ...(first !== undefined ? { first } : {}) });
  } catch (err) {
    if (err instanceof SamplingError) throw badInput(err.message, field(err.field));
    throw err;
  }
}

function imageCount(input: VirtualSansJobInput): number {
  try {
    return plannedImageCount(setSpec(input));
  } catch (err) {
    if (err instanceof SamplingError) throw badInput(err.message, field(err.field));
    throw err;
  }
}

/** What one simulated image sends back from its thread (no expected image: it is not stored). */
export interface SimulatedImage {
  index: number;
  data: DetectorImageData;
  stats: ImageStatistics;
}

export const virtualSans = defineSimulationKind({
  name: "virtual-sans",
  inputField: "virtualExperiment",
  queue: "simulation-virtual-sans",
  expireInSeconds: 6 * 3600,
  summary: "virtual SANS experiments: detector images of the KWS-1 pinhole instrument simulated neutron by neutron (paper 004)",
  input: VIRTUAL_SANS_INPUT,

  fromRequest(request: Record<string, unknown>): VirtualSansJobInput {
    const { samples, ...rest } = request as { samples?: { model: string; parameters?: Record<string, unknown>; ranges?: unknown[] }[] };
    return {
      ...(rest as Omit<VirtualSansJobInput, "samples">),
      samples: (samples ?? []).map((s, i) => ({
        ...s,
        parameters: numericParameters(s.parameters, field(`samples[${i}].parameters`)),
        ranges: s.ranges ?? [],
      })) as VirtualSansJobInput["samples"],
    };
  },

  check(input) {
    boundSize(input);
    const all = plan(input);
    if (all.length === 0) throw badInput("the set makes no images", field("samples"));
    // Every sample model accepts its first parameter set, and every setting is a valid instrument.
    const firstOfModel = new Map<number, PlannedImage>();
    const firstOfSetting = new Map<string, PlannedImage>();
    for (const im of all) {
      if (!firstOfModel.has(im.label)) firstOfModel.set(im.label, im);
      if (!firstOfSetting.has(im.setting)) firstOfSetting.set(im.setting, im);
    }
    // Every range end is a value the model takes (a draw anywhere inside would otherwise fail in the worker).
    input.samples.forEach((sample, i) => {
      const base = sample.parameters;
      (sample.ranges ?? []).forEach((r, j) => {
        for (const end of [r.min, r.max]) {
          try {
            evaluate(sample.model, { ...base, [r.name]: end }, Float64Array.of(0.01, 0.1));
          } catch (err) {
            if (err instanceof SasInputError)
              throw badInput(`samples[${i}].ranges[${j}] (${r.name} = ${end}): ${err.message}`, field(`samples[${i}].ranges[${j}]`));
            throw err;
          }
        }
      });
    });
    for (const [label, im] of firstOfModel) {
      try {
        evaluate(im.model, im.experiment.sample.parameters, Float64Array.of(0.01, 0.1));
      } catch (err) {
        if (err instanceof SasInputError)
          throw badInput(
            `samples[${label}] (${im.model}): ${err.message}`,
            field(`samples[${label}].${err.field && err.field !== "expression" ? `parameters.${err.field}` : "model"}`),
          );
        throw err;
      }
    }
    // Every absorption leaves some beam through every setting's sample, and every detector can be stored.
    for (const s of settingsOf(input)) {
      input.absorptions.forEach((mu, j) => {
        if (!(Math.exp(-mu * s.thickness) > 0)) {
          throw badInput(`absorptions[${j}] = ${mu} 1/cm through ${s.thickness} cm transmits nothing: give a smaller absorption`, field(`absorptions[${j}]`));
        }
      });
      const pixels = s.instrument.detector.rows * s.instrument.detector.columns;
      if (pixels > MAX_IMAGE_PIXELS) {
        throw badInput(`${s.name}: a detector of ${pixels} pixels is over the limit of ${MAX_IMAGE_PIXELS} per stored image`, field("instrument.rows"));
      }
    }
    for (const [name, im] of firstOfSetting) {
      try {
        validateExperiment(im.experiment);
      } catch (err) {
        if (err instanceof SasInputError) throw badInput(`${name}: ${err.message}`, field(inputFieldOf(err.field)));
        throw err;
      }
    }
  },

  checkWork(input) {
    const L = VIRTUAL_SANS_LIMITS;
    boundSize(input);
    const images = imageCount(input);
    if (images > L.images) throw badInput(`the set makes ${images} images, over the limit of ${L.images} per job: split it, or use first`, field("perSample"));
    const pixels = settingsOf(input).reduce((m, s) => Math.max(m, s.instrument.detector.rows * s.instrument.detector.columns), 0) * images;
    if (pixels > L.pixels)
      throw badInput(`${images} images are ${workUnits(pixels)} pixels, over the limit of ${workUnits(L.pixels)} per job`, field("instrument"));
    const paths = images * Math.min(input.neutrons, PATHS_PER_IMAGE);
    if (paths > L.paths)
      throw badInput(`${images} images trace ${workUnits(paths)} neutron paths, over the limit of ${workUnits(L.paths)} per job`, field("neutrons"));
  },

  // Image groups are independent (each image has its own seed): up to the job's threads at once.
  concurrentSteps: true,
  steps(input, threads) {
    const images = plan(input);
    // At most IMAGES_PER_STEP per step, and enough steps to keep every thread busy.
    const perStep = Math.max(1, Math.min(IMAGES_PER_STEP, Math.ceil(images.length / Math.max(1, threads))));
    const steps: PlannedImage[][] = [];
    for (let k = 0; k < images.length; k += perStep) steps.push(images.slice(k, k + perStep));
    return steps;
  },

  compute(step: PlannedImage[], progress): SimulatedImage[] {
    return step.map((im, k) => {
      const data = simulateVirtualExperiment(im.experiment, (f) => progress((k + f) / step.length, `image ${im.index + 1} (${im.model}, ${im.setting})`));
      // The expected image before the Poisson draw is the Monte Carlo's, not a measurement: not kept.
      delete data.expected;
      return { index: im.index, data, stats: imageStatistics(data.counts) };
    });
  },

  stepLabel: (step: PlannedImage[], k, of) => `images ${step[0].index + 1}-${step[step.length - 1].index + 1} (step ${k + 1} of ${of})`,

  toDataset(input, results) {
    const spec = setSpec(input);
    const planned = planImages(spec);
    const made = results.flat().sort((a, b) => a.index - b.index);
    const report: CleaningReport | null = input.clean
      ? cleanImages(
          made.map((m) => m.stats),
          PAPER_CLEANING,
        )
      : null;
    const kept = made.filter((_, i) => !report || report.verdicts[i] === "kept");
    const labels = input.samples.map((s) => s.model);
    const images = kept.map((m) => {
      const im = planned[m.index];
      const sample = im.experiment.sample;
      return countsImageRecord(
        m.data,
        im.experiment.instrument,
        {
          index: im.index,
          model: im.model,
          label: im.label,
          sampleParameters: sample.parameters,
          preset: im.setting,
          thickness: sample.thickness,
          cellWidth: sample.width,
          absorption: im.absorption,
          transmission: sample.transmission,
          neutrons: im.experiment.neutrons,
          seed: im.experiment.seed,
          sampling: m.data.sampling,
        },
        `${im.model} on ${im.setting} (image ${im.index + 1})`,
      );
    });
    const cleaning = report
      ? {
          rules: PAPER_CLEANING,
          made: made.length,
          kept: report.kept,
          empty: report.empty,
          lowStatistics: report.lowStatistics,
          saturated: report.saturated,
          minStandardDeviation: report.minStandardDeviation,
          maxPeak: report.maxPeak,
          dropped: made.flatMap((m, i) => (report.verdicts[i] === "kept" ? [] : [{ index: m.index, verdict: report.verdicts[i] }])),
        }
      : { rules: null, made: made.length, kept: made.length };
    const total = plannedImageCount({ ...spec, first: undefined });
    const subset = made.length < total ? { first: made.length, of: total } : null;
    return {
      records: [],
      images,
      description: `${images.length} virtual SANS image(s) of ${labels.length} sample model(s) (${labels.join(", ")}) on ${spec.settings.length} instrument setting(s), ${input.neutrons} neutrons each, seed ${input.seed}`,
      keywords: ["simulation", "virtual-experiment", "sans", ...new Set(labels.flatMap((m) => m.split("@")))],
      metadata: {
        labels,
        samples: input.samples,
        perSample: input.perSample,
        sampling: input.sampling,
        presets: spec.settings.map((s) => s.name),
        absorptions: input.absorptions,
        absorptionUnit: "1/cm",
        neutrons: input.neutrons,
        seed: input.seed,
        cleaning,
        ...(subset ? { subset } : {}),
      },
      report: { images: images.length, cleaning },
      datasetKind: "VIRTUAL_EXPERIMENT",
      activity: {
        kind: "VIRTUAL_EXPERIMENT",
        label: `virtual SANS experiments (${images.length} of ${made.length} images kept)`,
        seed: input.seed,
        parameters: {
          kind: "virtual-sans",
          samples: input.samples,
          perSample: input.perSample,
          sampling: input.sampling,
          presets: input.presets,
          instrument: input.instrument ?? null,
          thickness: input.thickness ?? null,
          cellWidth: input.cellWidth ?? null,
          absorptions: input.absorptions,
          neutrons: input.neutrons,
          clean: input.clean,
          ...(subset ? { first: made.length } : {}),
          engine: "sasgraph src/compute/instrument (virtual KWS-1, importance-sampled Monte Carlo, worker threads)",
        },
      },
    };
  },
});
