/**
 * Units of scattering curves. Stored values are never altered: a curve keeps the unit it was
 * submitted in, and readers convert on the way out.
 *
 * sasmodels works in q [1/Å] and I [1/cm]; NXcanSAS and canSAS XML write units as strings such as
 * "1/A", "1/angstrom", "A^-1", "1/nm", "1/cm", "cm^-1", "arbitrary". We accept those spellings and
 * name each unit by one canonical code.
 */

/**
 * REDUCED: dimensionless q·L0, where L0 is the length unit of a particle simulation (the mean
 * diameter D0 of paper 000, the radius R0 of paper 003); the dataset's metadata names L0. It does not
 * convert to absolute units.
 */
export type QUnit = "INV_ANGSTROM" | "INV_NM" | "REDUCED";
/**
 * DIMENSIONLESS: a pure number on a known scale, e.g. the normalised I(Q) of particle simulations
 * (P(0) = 1) or the paper 000 MD curves; unlike ARBITRARY its scale means something, but it does not
 * convert to absolute units either.
 */
export type IntensityUnit = "INV_CM" | "INV_M" | "ARBITRARY" | "COUNTS" | "DIMENSIONLESS";

export const Q_UNITS: readonly QUnit[] = ["INV_ANGSTROM", "INV_NM", "REDUCED"];
export const INTENSITY_UNITS: readonly IntensityUnit[] = ["INV_CM", "INV_M", "ARBITRARY", "COUNTS", "DIMENSIONLESS"];

/** How many 1/Å one unit is worth: q[1/Å] = q[unit] * factor (REDUCED has no such factor). */
const Q_IN_INV_ANGSTROM: Partial<Record<QUnit, number>> = { INV_ANGSTROM: 1, INV_NM: 0.1 };

/** Absolute intensity units convert into each other; ARBITRARY, COUNTS and DIMENSIONLESS convert to nothing else. */
const I_IN_INV_CM: Partial<Record<IntensityUnit, number>> = { INV_CM: 1, INV_M: 0.01 };

/** Canonical spelling written into files (NXcanSAS/canSAS conventions). */
export const Q_UNIT_LABEL: Record<QUnit, string> = { INV_ANGSTROM: "1/A", INV_NM: "1/nm", REDUCED: "reduced" };
export const INTENSITY_UNIT_LABEL: Record<IntensityUnit, string> = {
  INV_CM: "1/cm",
  INV_M: "1/m",
  ARBITRARY: "arbitrary",
  COUNTS: "counts",
  DIMENSIONLESS: "dimensionless",
};

export class UnitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnitError";
  }
}

function normaliseSpelling(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/å|Å|\u212b/g, "a")
    .replace(/angstroms?|ang/g, "a")
    .replace(/nanometers?|nanometres?/g, "nm")
    .replace(/centimeters?|centimetres?/g, "cm")
    .replace(/meters?|metres?/g, "m")
    .replace(/\s+/g, "")
    .replace(/\*\*/g, "^")
    .replace(/\^\{?-1\}?|⁻¹/g, "^-1");
}

/** Parse a q-unit string ("1/A", "A^-1", "1/nm", "INV_NM", ...). Throws UnitError when unknown. */
export function parseQUnit(text: string): QUnit {
  if ((Q_UNITS as readonly string[]).includes(text)) return text as QUnit;
  const s = normaliseSpelling(text);
  if (["1/a", "a^-1", "inv_a", "inv_angstrom", "invangstrom"].includes(s)) return "INV_ANGSTROM";
  if (["1/nm", "nm^-1", "inv_nm", "invnm"].includes(s)) return "INV_NM";
  if (["reduced", "1/d0", "1/r0", "1/l0", "1/sigma"].includes(s)) return "REDUCED";
  throw new UnitError(`unknown q unit "${text}": use 1/A (INV_ANGSTROM) or 1/nm (INV_NM)`);
}

/** Parse an intensity-unit string ("1/cm", "cm^-1", "a.u.", "counts", ...). Throws UnitError when unknown. */
export function parseIntensityUnit(text: string): IntensityUnit {
  if ((INTENSITY_UNITS as readonly string[]).includes(text)) return text as IntensityUnit;
  const s = normaliseSpelling(text);
  if (["1/cm", "cm^-1", "inv_cm", "invcm"].includes(s)) return "INV_CM";
  if (["1/m", "m^-1", "inv_m"].includes(s)) return "INV_M";
  // "dimensionless" says the scale is known; "", "1" and "none" are what files write when they know no unit.
  if (s === "dimensionless") return "DIMENSIONLESS";
  if (["", "a.u.", "au", "arb", "arb.", "arbitrary", "arbitraryunits", "arb.units", "none", "1"].includes(s)) {
    return "ARBITRARY";
  }
  if (["counts", "count", "cts"].includes(s)) return "COUNTS";
  throw new UnitError(`unknown intensity unit "${text}": use 1/cm (INV_CM), 1/m (INV_M), arbitrary, counts or dimensionless`);
}

/** Factor f such that value_in_`to` = value_in_`from` * f. */
export function qConversionFactor(from: QUnit, to: QUnit): number {
  if (from === to) return 1;
  const a = Q_IN_INV_ANGSTROM[from];
  const b = Q_IN_INV_ANGSTROM[to];
  if (a === undefined || b === undefined) {
    throw new UnitError(`q in ${Q_UNIT_LABEL[from]} units cannot be converted to ${Q_UNIT_LABEL[to]}: reduced q has no absolute length scale`);
  }
  return a / b;
}

/** Factor f such that value_in_`to` = value_in_`from` * f; throws when the units do not convert. */
export function intensityConversionFactor(from: IntensityUnit, to: IntensityUnit): number {
  if (from === to) return 1;
  const a = I_IN_INV_CM[from];
  const b = I_IN_INV_CM[to];
  if (a === undefined || b === undefined) {
    throw new UnitError(`intensity in ${INTENSITY_UNIT_LABEL[from]} cannot be converted to ${INTENSITY_UNIT_LABEL[to]}`);
  }
  return a / b;
}

/** A new array in the target unit; returns the same values (copied) when the units agree. */
export function convertQ(values: ArrayLike<number>, from: QUnit, to: QUnit): Float64Array {
  const f = qConversionFactor(from, to);
  const out = Float64Array.from(values);
  if (f !== 1) for (let i = 0; i < out.length; i++) out[i] *= f;
  return out;
}

export function convertIntensity(values: ArrayLike<number>, from: IntensityUnit, to: IntensityUnit): Float64Array {
  const f = intensityConversionFactor(from, to);
  const out = Float64Array.from(values);
  if (f !== 1) for (let i = 0; i < out.length; i++) out[i] *= f;
  return out;
}
