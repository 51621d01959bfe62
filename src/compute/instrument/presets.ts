/**
 * Paper 004's 36 KWS-1 settings (Methods, "Generation of a dataset of SANS virtual experiments at
 * KWS-1"): wavelength 4.5 or 6 Å × (collimation length – detector distance) 8m-1m, 8m-8m, 20m-20m
 * × slit/cell (1 cm × 1 cm slit with a 2 cm wide Hellma cell; 1.2 cm × 1.2 cm with a 2 cm cell;
 * 0.7 cm horizontal × 1 cm vertical with a 1 cm cell) × sample thickness 1 or 2 mm, on a 144 × 256
 * position-sensitive detector. A preset is only defaults: every field can be overridden.
 *
 * Values the paper does not give, and why we chose them:
 *  - wavelengthSpread 0.10: KWS-1's velocity selector, Δλ/λ = 10 % FWHM (Feoktystov et al. 2015,
 *    J. Appl. Cryst. 48, 61).
 *  - source (collimation entrance) aperture 3 cm × 3 cm: the usual entrance aperture of the KWS
 *    collimation at these lengths (assumed; not checked against the instrument's documentation here).
 *  - detector pixels 3.9 mm (x, 256 columns over 1.0 m) × 8 mm (y, 144 rows: the pitch of 8 mm 3He
 *    tubes, 1.15 m): assumed for a 144 × 256 tube array; the paper gives only the pixel counts.
 *    Beam on the detector centre.
 *  - beamstop: square, the full width of the direct beam (umbra + penumbra, a2 + (a1 + a2)·L2/L1)
 *    plus 1 cm, rounded up to 0.5 cm — KWS-1 has several beamstops and picks one per setting.
 *  - transmission is the sample's, not the instrument's: set it on the sample (default 0.9 in
 *    `experimentFromPreset`).
 */
import { SasInputError } from "../sas/errors";
import type { Aperture, InstrumentSettings, SampleSpec, VirtualExperiment } from "./types";
import { DEFAULT_SOURCE_TEMPERATURE } from "./spectrum";

export interface InstrumentPreset {
  /** Stable name, e.g. "kws1-4.5A-8m8m-slit1x1-cell2-d1mm". */
  name: string;
  description: string;
  instrument: InstrumentSettings;
  /** Sample thickness the setting implies, cm. */
  sampleThickness: number;
  /** Width of the Hellma cell across the beam, m. */
  cellWidth: number;
}

export const KWS1_WAVELENGTH_SPREAD = 0.1;
export const KWS1_SOURCE_APERTURE: Aperture = { width: 0.03, height: 0.03 };
export const KWS1_DETECTOR = {
  rows: 144,
  columns: 256,
  pixelWidth: 1.0 / 256,
  pixelHeight: 0.008,
  beamCentreColumn: 128,
  beamCentreRow: 72,
} as const;

const WAVELENGTHS = [4.5, 6] as const;
const DISTANCES = [
  { label: "8m1m", collimation: 8, detector: 1 },
  { label: "8m8m", collimation: 8, detector: 8 },
  { label: "20m20m", collimation: 20, detector: 20 },
] as const;
const SLITS = [
  { label: "slit1x1-cell2", slit: { width: 0.01, height: 0.01 }, cell: 0.02 },
  { label: "slit1.2x1.2-cell2", slit: { width: 0.012, height: 0.012 }, cell: 0.02 },
  { label: "slit0.7x1-cell1", slit: { width: 0.007, height: 0.01 }, cell: 0.01 },
] as const;
const THICKNESSES = [
  { label: "d1mm", cm: 0.1 },
  { label: "d2mm", cm: 0.2 },
] as const;

/** Beamstop covering the direct beam with 5 mm to spare on each side. */
export function beamstopFor(source: Aperture, sample: Aperture, collimationLength: number, detectorDistance: number): Aperture {
  const side = (a1: number, a2: number): number => {
    const beam = a2 + ((a1 + a2) * detectorDistance) / collimationLength;
    return Math.ceil((beam + 0.01) / 0.005 - 1e-9) * 0.005;
  };
  const s = Math.max(side(source.width, sample.width), side(source.height, sample.height));
  return { width: s, height: s };
}

function build(): InstrumentPreset[] {
  const out: InstrumentPreset[] = [];
  for (const wavelength of WAVELENGTHS) {
    for (const d of DISTANCES) {
      for (const s of SLITS) {
        for (const t of THICKNESSES) {
          const instrument: InstrumentSettings = {
            wavelength,
            wavelengthSpread: KWS1_WAVELENGTH_SPREAD,
            collimationLength: d.collimation,
            sourceAperture: { ...KWS1_SOURCE_APERTURE },
            sampleAperture: { ...s.slit },
            detectorDistance: d.detector,
            detector: { ...KWS1_DETECTOR },
            beamstop: beamstopFor(KWS1_SOURCE_APERTURE, s.slit, d.collimation, d.detector),
            sourceTemperature: DEFAULT_SOURCE_TEMPERATURE,
          };
          out.push({
            name: `kws1-${wavelength}A-${d.label}-${s.label}-${t.label}`,
            description: `KWS-1, λ = ${wavelength} Å, collimation ${d.collimation} m, detector ${d.detector} m, slit ${s.slit.width * 100} × ${s.slit.height * 100} cm, ${s.cell * 100} cm Hellma cell, ${t.cm * 10} mm sample`,
            instrument,
            sampleThickness: t.cm,
            cellWidth: s.cell,
          });
        }
      }
    }
  }
  return out;
}

const PRESETS: readonly InstrumentPreset[] = build();
const BY_NAME = new Map(PRESETS.map((p) => [p.name, p]));

/** The 36 settings of paper 004 (copies: callers may change them freely). */
export function kws1Presets(): InstrumentPreset[] {
  return PRESETS.map((p) => structuredClone(p));
}

export function presetNames(): string[] {
  return PRESETS.map((p) => p.name);
}

/** A preset by name (a copy), or SasInputError naming the known ones. */
export function instrumentPreset(name: string): InstrumentPreset {
  const p = BY_NAME.get(name);
  if (!p) throw new SasInputError(`unknown instrument preset "${name}"; known: ${presetNames().join(", ")}`, "preset");
  return structuredClone(p);
}

export interface PresetExperimentOptions {
  /** Sample model and parameters; thickness and width default to the preset's, transmission to 0.9. */
  sample: Pick<SampleSpec, "model" | "parameters"> & Partial<Omit<SampleSpec, "model" | "parameters">>;
  /** Overrides of the preset's instrument (shallow per field; apertures and detector replace whole). */
  instrument?: Partial<InstrumentSettings>;
  neutrons?: number;
  seed?: number;
  sampling?: VirtualExperiment["sampling"];
}

export const DEFAULT_TRANSMISSION = 0.9;
export const PAPER_NEUTRONS = 1e7;

/** A virtual experiment on a named preset, with the caller's sample and any overrides. */
export function experimentFromPreset(name: string, options: PresetExperimentOptions): VirtualExperiment {
  const preset = instrumentPreset(name);
  const sample: SampleSpec = {
    thickness: preset.sampleThickness,
    width: preset.cellWidth,
    transmission: DEFAULT_TRANSMISSION,
    ...options.sample,
  };
  const exp: VirtualExperiment = {
    instrument: { ...preset.instrument, ...(options.instrument ?? {}) },
    sample,
    neutrons: options.neutrons ?? PAPER_NEUTRONS,
    seed: options.seed ?? 1,
  };
  if (options.sampling !== undefined) exp.sampling = options.sampling;
  return exp;
}
