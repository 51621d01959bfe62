/**
 * Refusals of a virtual experiment before any neutron is traced, each naming the field
 * ("instrument.sampleAperture.width") so that the GraphQL layer can report it as BAD_USER_INPUT.
 */
import { SasInputError } from "../sas/errors";
import type { InstrumentSettings, VirtualExperiment } from "./types";

/** The most neutrons one image may have: far beyond any real exposure (1e7 in paper 004). */
export const MAX_NEUTRONS = 1e12;
/** The most paths a Monte Carlo may trace (about two minutes on one core). */
export const MAX_PATHS = 1e9;
export const MAX_PIXELS_PER_SIDE = 4096;

function finite(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new SasInputError(`${field} must be a finite number (got ${JSON.stringify(value)})`, field);
  }
  return value;
}

function positive(value: unknown, field: string, unit: string): number {
  const v = finite(value, field);
  if (!(v > 0)) throw new SasInputError(`${field} must be > 0 ${unit} (got ${v})`, field);
  return v;
}

function atLeastZero(value: unknown, field: string, unit: string): number {
  const v = finite(value, field);
  if (v < 0) throw new SasInputError(`${field} must be >= 0 ${unit} (got ${v})`, field);
  return v;
}

function count(value: unknown, field: string, max: number): number {
  const v = finite(value, field);
  if (!Number.isInteger(v) || v < 1 || v > max) throw new SasInputError(`${field} must be an integer in [1, ${max}] (got ${v})`, field);
  return v;
}

export function validateInstrument(instrument: InstrumentSettings, prefix = "instrument"): void {
  if (typeof instrument !== "object" || instrument === null) throw new SasInputError(`${prefix} is required`, prefix);
  positive(instrument.wavelength, `${prefix}.wavelength`, "Å");
  const spread = finite(instrument.wavelengthSpread, `${prefix}.wavelengthSpread`);
  if (spread < 0 || spread >= 1)
    throw new SasInputError(`${prefix}.wavelengthSpread is a relative FWHM in [0, 1) (got ${spread})`, `${prefix}.wavelengthSpread`);
  positive(instrument.collimationLength, `${prefix}.collimationLength`, "m");
  positive(instrument.detectorDistance, `${prefix}.detectorDistance`, "m");
  for (const name of ["sourceAperture", "sampleAperture"] as const) {
    const a = instrument[name];
    if (typeof a !== "object" || a === null) throw new SasInputError(`${prefix}.${name} is required`, `${prefix}.${name}`);
    positive(a.width, `${prefix}.${name}.width`, "m");
    positive(a.height, `${prefix}.${name}.height`, "m");
  }
  const b = instrument.beamstop;
  if (typeof b !== "object" || b === null) throw new SasInputError(`${prefix}.beamstop is required (0 x 0 for none)`, `${prefix}.beamstop`);
  atLeastZero(b.width, `${prefix}.beamstop.width`, "m");
  atLeastZero(b.height, `${prefix}.beamstop.height`, "m");
  const d = instrument.detector;
  if (typeof d !== "object" || d === null) throw new SasInputError(`${prefix}.detector is required`, `${prefix}.detector`);
  count(d.rows, `${prefix}.detector.rows`, MAX_PIXELS_PER_SIDE);
  count(d.columns, `${prefix}.detector.columns`, MAX_PIXELS_PER_SIDE);
  positive(d.pixelWidth, `${prefix}.detector.pixelWidth`, "m");
  positive(d.pixelHeight, `${prefix}.detector.pixelHeight`, "m");
  finite(d.beamCentreColumn, `${prefix}.detector.beamCentreColumn`);
  finite(d.beamCentreRow, `${prefix}.detector.beamCentreRow`);
  if (instrument.sourceTemperature !== undefined) positive(instrument.sourceTemperature, `${prefix}.sourceTemperature`, "K");
}

export function validateExperiment(exp: VirtualExperiment): void {
  if (typeof exp !== "object" || exp === null) throw new SasInputError("a virtual experiment is required", "experiment");
  validateInstrument(exp.instrument);
  const s = exp.sample;
  if (typeof s !== "object" || s === null) throw new SasInputError("sample is required", "sample");
  if (typeof s.model !== "string" || s.model.trim() === "") throw new SasInputError('sample.model must be a model expression such as "sphere"', "sample.model");
  if (typeof s.parameters !== "object" || s.parameters === null)
    throw new SasInputError("sample.parameters must be an object of model parameters", "sample.parameters");
  atLeastZero(s.thickness, "sample.thickness", "cm");
  const t = finite(s.transmission, "sample.transmission");
  if (!(t > 0 && t <= 1)) throw new SasInputError(`sample.transmission must be in (0, 1] (got ${t})`, "sample.transmission");
  positive(s.width, "sample.width", "m");
  count(exp.neutrons, "neutrons", MAX_NEUTRONS);
  finite(exp.seed, "seed");
  const mode = exp.sampling ?? "importance";
  if (mode !== "importance" && mode !== "analog")
    throw new SasInputError(`sampling must be "importance" or "analog" (got ${JSON.stringify(mode)})`, "sampling");
  if (mode === "analog" && exp.neutrons > MAX_PATHS) {
    throw new SasInputError(
      `analog sampling follows every neutron: neutrons must be <= ${MAX_PATHS} (got ${exp.neutrons}); use importance sampling`,
      "neutrons",
    );
  }
  if (exp.paths !== undefined) {
    if (mode === "analog") throw new SasInputError("paths applies to importance sampling only (analog traces every neutron)", "paths");
    count(exp.paths, "paths", MAX_PATHS);
  }
}
