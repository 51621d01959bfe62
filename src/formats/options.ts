/** Options every importer accepts; the service passes what the user or the dataset says. */
import type { IntensityUnit, QUnit } from "../compute/units";

/**
 * How rows that break the q rule are treated. STRICT (the default): q positive, strictly
 * increasing and every value finite, or the file is refused naming the row. LENIENT (what SasView
 * does): rows are sorted by q, rows with q <= 0, a non-finite value or a repeated q are dropped, and
 * the import record lists each dropped row and why (validate.ts `applyQRule`).
 */
export const Q_RULES = ["STRICT", "LENIENT"] as const;
export type QRule = (typeof Q_RULES)[number];

export interface ImportOptions {
  /** Unit of q when the file does not say (ASCII without a unit header). Default INV_ANGSTROM. */
  qUnit?: QUnit | string;
  /** Unit of I (and dI) when the file does not say. Default ARBITRARY. */
  intensityUnit?: IntensityUnit | string;
  /** Most points allowed in one curve and in the whole file. Default 1e6. */
  maxPoints?: number;
  /** Most curves allowed in one file. Default 1000. */
  maxCurves?: number;
  /** STRICT (default) or LENIENT. */
  qRule?: QRule;
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
