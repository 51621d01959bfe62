/** Options every importer accepts; the service passes what the user or the dataset says. */
import type { IntensityUnit, QUnit } from "../compute/units";

export interface ImportOptions {
  /** Unit of q when the file does not say (ASCII without a unit header). Default INV_ANGSTROM. */
  qUnit?: QUnit | string;
  /** Unit of I (and dI) when the file does not say. Default ARBITRARY. */
  intensityUnit?: IntensityUnit | string;
  /** Most points allowed in one curve and in the whole file. Default 1e6. */
  maxPoints?: number;
  /** Most curves allowed in one file. Default 1000. */
  maxCurves?: number;
}

export interface Limits {
  maxPoints: number;
  maxCurves: number;
}

export const DEFAULT_MAX_POINTS = 1_000_000;
export const DEFAULT_MAX_CURVES = 1000;

export function limitsOf(options: ImportOptions = {}): Limits {
  return {
    maxPoints: options.maxPoints ?? DEFAULT_MAX_POINTS,
    maxCurves: options.maxCurves ?? DEFAULT_MAX_CURVES,
  };
}
