/**
 * The computations the pool runs, as plain data both sides agree on: inputs and outputs are
 * structured-clone values (typed arrays travel as transferred buffers).
 */
import type { Resolution2D } from "../../compute/sas/resolution-2d";
import type { CurveSvdOptions } from "../../compute/analysis";
import type { ExportFormat, ImportFormat, ImportOptions } from "../../formats";
import type { DatasetExport, ParsedFile } from "../../formats/curve";

export interface IntensityInput {
  model: string;
  parameters: Record<string, number | string>;
  /** q in 1/Å. */
  q: Float64Array;
  dq?: Float64Array;
  /** Slit length and width per point, 1/Å (never with dq). */
  slit?: { length: Float64Array; width: Float64Array };
  structureFactorMode: "plain" | "beta";
  /** Refuse (ResolutionTooLargeError) a smear holding more weights than this, before building it. */
  maxResolutionWeights?: number;
}

export interface IntensityOutput {
  I: Float64Array;
  P?: Float64Array;
  S?: Float64Array;
  betaFactor?: Float64Array;
}

export interface Intensity2DInput {
  model: string;
  parameters: Record<string, number | string>;
  /** Detector axes in 1/Å. */
  qx: Float64Array;
  qy: Float64Array;
  resolution?: Resolution2D;
}

export interface Intensity2DOutput {
  /** Row-major [qy.length, qx.length]. */
  I: Float64Array;
}

export interface SvdInput {
  /** One row per curve (rather than one dense block: error messages then name curves[i][j]). */
  curves: Float64Array[];
  options: CurveSvdOptions;
}

export interface SvdOutput {
  singularValues: Float64Array;
  explainedVariance: Float64Array;
  components: Float64Array[];
  scores: Float64Array[];
  columnMean: Float64Array | null;
}

export interface ExportInput {
  format: ExportFormat;
  data: DatasetExport;
}

export interface ExportOutput {
  /** The file's bytes (a Buffer arrives as a plain Uint8Array). */
  body: Uint8Array;
  contentType: string;
  extension: string;
}

export interface ParseInput {
  format: ImportFormat;
  /** Text of CANSAS_XML and ASCII, bytes of NXCANSAS. */
  content: string | Uint8Array;
  options: ImportOptions;
}

export interface ComputeTasks {
  /** Reading an imported file into curves: pure, and seconds of parsing for big files. */
  parse: { input: ParseInput; output: ParsedFile };
  /** Writing a whole dataset as a file (CSV, JSON, NPY, canSAS XML, NXcanSAS): pure, and seconds for big ones. */
  export: { input: ExportInput; output: ExportOutput };
  intensity: { input: IntensityInput; output: IntensityOutput };
  intensity2d: { input: Intensity2DInput; output: Intensity2DOutput };
  svd: { input: SvdInput; output: SvdOutput };
  /** For tests of the pool itself: spin for `ms` (or crash, or exit) in the worker. */
  probe: { input: { spinMs?: number; crash?: boolean; exit?: boolean; echo?: Float64Array }; output: { echo?: Float64Array; threadId: number } };
}

export type ComputeRequest = { [K in keyof ComputeTasks]: { id: number; kind: K; input: ComputeTasks[K]["input"] } }[keyof ComputeTasks];

export interface ComputeFailure {
  name: string;
  message: string;
  field?: string;
}

export type ComputeReply = { id: number; ok: true; output: unknown } | { id: number; ok: false; error: ComputeFailure };
