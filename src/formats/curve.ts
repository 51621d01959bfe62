/**
 * A scattering curve as files carry it: q, I and optional uncertainties, with their units.
 * Parsers produce these; exporters consume them. Arrays are Float64Array; dI and dQ are null when
 * the source has none.
 */
import type { IntensityUnit, QUnit } from "../compute/units";
import type { DetectorImageRecord } from "./detector-image";

export interface CurveRecord {
  /** Name of the curve in its source (SASentry name, file title), if any. */
  title?: string;
  q: Float64Array;
  intensity: Float64Array;
  /** One-sigma uncertainty of I, same unit as I. */
  dI: Float64Array | null;
  /** Pinhole resolution: one-sigma q resolution (Gaussian width), same unit as q. */
  dQ: Float64Array | null;
  /**
   * Slit resolution (slit-smeared data such as USANS): slit length and slit width per point, same
   * unit as q (canSAS dQl/dQw, SasView's dxl/dxw; NXcanSAS Q@resolutions "dQl,dQw"). A curve has
   * pinhole (dQ) or slit resolution, not both; absent or null: none of that kind.
   */
  dQl?: Float64Array | null;
  dQw?: Float64Array | null;
  /**
   * Per-point columns the file carries beyond q, I, dI and resolution (canSAS Qmean, Shadowfactor;
   * NIST ABS columns 5-6), by their name in the file, each with its unit ("" when none).
   */
  columns?: Record<string, { values: Float64Array; unit: string }>;
  qUnit: QUnit;
  intensityUnit: IntensityUnit;
  /** The curve's own parameters (simulation inputs, temperature, ...), JSON-serialisable. */
  parameters?: Record<string, unknown>;
}

/** How a curve's q resolution is given: none, pinhole (Gaussian dQ) or slit (length and width). */
export type ResolutionKind = "NONE" | "PINHOLE" | "SLIT";
export const RESOLUTION_KINDS: readonly ResolutionKind[] = ["NONE", "PINHOLE", "SLIT"];

export function resolutionKindOf(c: { dQ: unknown; dQl?: unknown; dQw?: unknown }): ResolutionKind {
  if (c.dQ) return "PINHOLE";
  return c.dQl || c.dQw ? "SLIT" : "NONE";
}

/** What a parsed file gives: its curves plus whatever metadata the format carries (sample, instrument, run...). */
export interface ParsedFile {
  title?: string;
  curves: CurveRecord[];
  /** Two-dimensional detector images the file holds (NXcanSAS 2D), when any. */
  images?: DetectorImageRecord[];
  metadata: Record<string, unknown>;
}

/** What an exporter writes: the dataset's own description, its provenance and its curves. */
export interface DatasetExport {
  dataset: {
    id: string;
    title: string;
    description: string;
    kind: string;
    technique: string;
    license: string;
    keywords: string[];
    /** Scientific metadata exactly as submitted (values with their units). */
    metadata: Record<string, unknown>;
    owner: string;
    createdAt: string;
  };
  /** Provenance as PROV-JSON. */
  provenance: Record<string, unknown>;
  curves: CurveRecord[];
  /** The dataset's detector images with their arrays; formats that carry 2D data write them. */
  images?: DetectorImageRecord[];
}

/** A file is not what its format says, or its content breaks a rule; `field` names where. */
export class FormatError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "FormatError";
  }
}
