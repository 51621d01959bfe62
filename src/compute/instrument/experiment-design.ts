/**
 * The design of a set of virtual experiments as the paper built its 331 200 (Robledo et al. 2024):
 * sample models x parameter sets per model x instrument settings x absorption coefficients. Each
 * image gets its own seed (derived from the set's seed and its index), so any one image of a set can
 * be recomputed alone; images are interleaved by model class, so the first n of a set are a balanced
 * sample of it, as in the class sweep of 1D curves. Pure and deterministic.
 */
import { classDesigns, classSweepOrder, type ModelClass } from "../sas/class-sweep";
import type { SamplingMethod } from "../sampling";
import type { InstrumentSettings, VirtualExperiment } from "./types";

/** An instrument setting as a set uses it: a name (a preset's, or "custom") and what it implies for the sample. */
export interface NamedSetting {
  name: string;
  instrument: InstrumentSettings;
  /** Sample thickness along the beam, cm. */
  thickness: number;
  /** Width of the sample cell across the beam, metres. */
  cellWidth: number;
}

export interface VirtualSetSpec {
  samples: ModelClass[];
  /** Parameter sets per sample model (RANDOM, LATIN_HYPERCUBE) or points per range (GRID). */
  perSample: number;
  sampling: SamplingMethod;
  seed: number;
  settings: NamedSetting[];
  /** Absorption coefficients of the sample, 1/cm: the unscattered beam keeps exp(-mu d). */
  absorptions: number[];
  neutrons: number;
  /** Plan only the first images of the interleaved sequence. */
  first?: number;
}

export interface PlannedImage {
  index: number;
  /** Index of the sample model in `samples`: the image's class label. */
  label: number;
  model: string;
  setting: string;
  /** 1/cm. */
  absorption: number;
  experiment: VirtualExperiment;
}

/** A 31-bit seed per image from the set's seed and the image index (splitmix-style mixing). */
export function imageSeed(seed: number, index: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) & 0x7fffffff;
}

/** Images of the set: every (model, parameter set) x setting x absorption, interleaved by model. */
export function planImages(spec: VirtualSetSpec): PlannedImage[] {
  const designs = classDesigns({ classes: spec.samples, perClass: spec.perSample, sampling: spec.sampling, seed: spec.seed });
  const order = classSweepOrder(designs);
  const perDesign = spec.settings.length * spec.absorptions.length;
  const total = order.length * perDesign;
  const count = spec.first === undefined ? total : Math.min(spec.first, total);
  const out: PlannedImage[] = [];
  for (let index = 0; index < count; index++) {
    // Settings and absorptions vary fastest, so the first images of a set cover the instrument too.
    const [label, j] = order[Math.floor(index / perDesign)];
    const within = index % perDesign;
    const setting = spec.settings[Math.floor(within / spec.absorptions.length)];
    const absorption = spec.absorptions[within % spec.absorptions.length];
    const sample = spec.samples[label];
    out.push({
      index,
      label,
      model: sample.model,
      setting: setting.name,
      absorption,
      experiment: {
        instrument: setting.instrument,
        sample: {
          model: sample.model,
          parameters: designs[label][j],
          thickness: setting.thickness,
          transmission: Math.exp(-absorption * setting.thickness),
          width: setting.cellWidth,
        },
        neutrons: spec.neutrons,
        seed: imageSeed(spec.seed, index),
      },
    });
  }
  return out;
}

/** How many images a set makes (without drawing its designs twice when only the count is needed). */
export function plannedImageCount(spec: VirtualSetSpec): number {
  const designs = classDesigns({ classes: spec.samples, perClass: spec.perSample, sampling: spec.sampling, seed: spec.seed });
  const total = designs.reduce((n, d) => n + d.length, 0) * spec.settings.length * spec.absorptions.length;
  return spec.first === undefined ? total : Math.min(spec.first, total);
}
