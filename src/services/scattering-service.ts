/**
 * computeIntensity as a service: the input checked and priced, small evaluations done inline, the
 * rest on the compute pool so the event loop keeps answering (/healthz, other requests) meanwhile.
 */
import type { Resolution2D } from "../compute/sas/resolution-2d";
import { evaluate, evaluate2D, evaluation2DWork, evaluationWork, parameterDefaults, SasInputError, type EvaluationWork } from "../compute/sas";
import type { IntensityOutput } from "../workers/pool";
// Types only from the decorated schema classes: the cost estimator loads this module before
// anything imports reflect-metadata.
import type { ComputeIntensity2DInput, ComputedIntensity2DType, ComputeIntensityInput, ComputedIntensityType, StructureFactorMode } from "../schema/scattering";
import { MAX_COMPUTE_POINTS, numericParameters, resolveQ } from "./q-request";
import { convertQ } from "../compute/units";
import { badInput } from "./errors";
import { offloaded, type HeavyWork } from "./heavy/heavy-work";

export { MAX_COMPUTE_POINTS, numericParameters, resolveQ } from "./q-request";
/**
 * Most smear weights one evaluation may hold (8 bytes each: 200 MB). A wide resolution on a fine grid
 * needs q x window weights: 100 000 log-spaced points at dq/q = 5 % would need 3 GB.
 */
export const MAX_RESOLUTION_WEIGHTS = 25_000_000;
/** Below this many kernel-evaluation units (about a millisecond) the evaluation runs inline: a thread hop costs more. */
export const INLINE_WORK = 50_000;
/** The arrays computeIntensity may answer (q, intensity, formFactor, structureFactor, betaFactor). */
export const INTENSITY_ARRAYS = ["q", "intensity", "formFactor", "structureFactor", "betaFactor"] as const;

/** The shape of ComputeIntensityInput the service reads (GraphQL's plain coerced objects fit too). */
export type IntensityRequest = Pick<ComputeIntensityInput, "model" | "parameters" | "q" | "resolution" | "dq" | "slitLength" | "slitWidth" | "dQl" | "dQw"> & {
  structureFactorMode?: StructureFactorMode;
};

interface PreparedIntensity {
  given: Float64Array;
  qA: Float64Array;
  parameters: Record<string, number | string>;
  dq?: Float64Array;
  /** Slit length and width per point, 1/Å. */
  slit?: { length: Float64Array; width: Float64Array };
  mode: "plain" | "beta";
}

/** Slit resolution of a request: constants (slitLength, slitWidth) or per point (dQl, dQw), in the unit of q. */
function slitOf(input: IntensityRequest, points: number): { length: Float64Array; width: Float64Array } | undefined {
  const given = (v: unknown) => v !== undefined && v !== null;
  if (![input.slitLength, input.slitWidth, input.dQl, input.dQw].some(given)) return undefined;
  if (given(input.dq) || given(input.resolution)) {
    throw badInput(
      "give pinhole resolution (resolution or dq) or slit resolution (slitLength, slitWidth, dQl, dQw), not both",
      given(input.dQl) ? "dQl" : "slitLength",
    );
  }
  const perPoint = (name: "slitLength" | "slitWidth", arrayName: "dQl" | "dQw"): Float64Array => {
    const values = input[arrayName];
    const constant = input[name];
    if (given(values) && given(constant)) throw badInput(`give ${name} or ${arrayName}, not both`, arrayName);
    let out: Float64Array;
    if (values) {
      if (values.length !== points) throw badInput(`${arrayName} has ${values.length} values but q has ${points}`, arrayName);
      out = Float64Array.from(values);
    } else out = new Float64Array(points).fill(constant ?? 0);
    const bad = out.findIndex((v) => !(v >= 0 && Number.isFinite(v)));
    if (bad >= 0)
      throw badInput(`${values ? `${arrayName}[${bad}]` : name} = ${out[bad]}: slit length and width must be finite and >= 0`, values ? arrayName : name);
    return convertQ(out, input.q.unit, "INV_ANGSTROM");
  };
  return { length: perPoint("slitLength", "dQl"), width: perPoint("slitWidth", "dQw") };
}

function prepare(input: IntensityRequest): PreparedIntensity {
  const { given, inverseAngstrom: qA } = resolveQ(input.q);
  const parameters = numericParameters(input.parameters, "parameters");
  let dq: Float64Array | undefined;
  if (input.dq) {
    if (input.dq.length !== qA.length) throw badInput(`dq has ${input.dq.length} values but q has ${qA.length}`, "dq");
    dq = convertQ(Float64Array.from(input.dq), input.q.unit, "INV_ANGSTROM");
  } else if (input.resolution !== undefined && input.resolution !== null) {
    const resolution = input.resolution;
    if (!(resolution > 0 && resolution < 1)) throw badInput("resolution (dq/q) must be in (0, 1)", "resolution");
    dq = qA.map((v) => v * resolution);
  }
  return { given, qA, parameters, dq, slit: slitOf(input, qA.length), mode: input.structureFactorMode ?? modeParameter(parameters) };
}

/** sasmodels' way of asking for beta: the structure_factor_mode parameter (1); evaluate checks it. */
function modeParameter(parameters: Record<string, number | string>): "plain" | "beta" {
  return parameters.structure_factor_mode === 1 ? "beta" : "plain";
}

function resolutionOf(p: PreparedIntensity) {
  return p.dq ? { dq: p.dq } : p.slit ? { slit: p.slit } : undefined;
}

/**
 * The work of a computeIntensity input, for pricing before execution; null when the input is
 * malformed (execution then refuses it with the field named, at no cost).
 */
export function intensityWork(input: IntensityRequest): EvaluationWork | null {
  try {
    const p = prepare(input);
    return evaluationWork(input.model, p.parameters, p.qA, { structureFactorMode: p.mode, resolution: resolutionOf(p) });
  } catch {
    return null;
  }
}

/** The shape of ComputeIntensity2DInput the service reads. */
export type Intensity2DRequest = Pick<ComputeIntensity2DInput, "model" | "parameters" | "qx" | "qy" | "unit" | "resolution">;

interface Prepared2D {
  qx: Float64Array;
  qy: Float64Array;
  parameters: Record<string, number | string>;
  pixels: number;
  resolution?: Resolution2D;
}

/** One width list of a 2D resolution: one value for all pixels or one per pixel, in 1/Å. */
function widths(values: number[], name: "dqParallel" | "dqPerpendicular", pixels: number, unit: Intensity2DRequest["unit"]): Float64Array {
  const field = `resolution.${name}`;
  if (values.length !== 1 && values.length !== pixels)
    throw badInput(`${name} has ${values.length} values: give one for every pixel, or ${pixels} (one per pixel, row-major)`, field);
  const bad = values.findIndex((v) => !Number.isFinite(v) || v < 0);
  if (bad >= 0) throw badInput(`${name}[${bad}] = ${values[bad]}: resolution widths must be finite and >= 0`, field);
  const given = values.length === 1 ? new Float64Array(pixels).fill(values[0]) : Float64Array.from(values);
  return unit === "INV_ANGSTROM" ? given : convertQ(given, unit!, "INV_ANGSTROM");
}

function resolution2D(input: Intensity2DRequest, qx: Float64Array, qy: Float64Array): Resolution2D | undefined {
  const r = input.resolution;
  if (!r) return undefined;
  const pixels = qx.length * qy.length;
  const hasWidths = r.dqParallel != null || r.dqPerpendicular != null;
  if ((r.relative != null) === hasWidths) throw badInput("resolution: give `relative`, or both dqParallel and dqPerpendicular", "resolution");
  if (r.relative != null) {
    if (!Number.isFinite(r.relative) || r.relative < 0)
      throw badInput(`resolution.relative = ${r.relative}: dq/q must be finite and >= 0`, "resolution.relative");
    const dq = new Float64Array(pixels);
    for (let iy = 0; iy < qy.length; iy++) for (let ix = 0; ix < qx.length; ix++) dq[iy * qx.length + ix] = r.relative * Math.hypot(qx[ix], qy[iy]);
    return { dqParallel: dq, dqPerpendicular: Float64Array.from(dq), accuracy: r.accuracy };
  }
  if (r.dqParallel == null || r.dqPerpendicular == null) throw badInput("resolution: give both dqParallel and dqPerpendicular", "resolution");
  return {
    dqParallel: widths(r.dqParallel, "dqParallel", pixels, input.unit),
    dqPerpendicular: widths(r.dqPerpendicular, "dqPerpendicular", pixels, input.unit),
    accuracy: r.accuracy,
  };
}

function axis(values: number[], name: "qx" | "qy", unit: Intensity2DRequest["unit"]): Float64Array {
  if (unit === "REDUCED") throw badInput(`unit: the model library needs q in 1/Å or 1/nm, not reduced units`, "unit");
  if (values.length === 0) throw badInput(`${name} is empty`, name);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw badInput(`${name}[${bad}] = ${values[bad]}: every ${name} must be finite`, name);
  const a = Float64Array.from(values);
  return unit === "INV_ANGSTROM" ? a : convertQ(a, unit, "INV_ANGSTROM");
}

function prepare2D(input: Intensity2DRequest): Prepared2D {
  const pixels = input.qx.length * input.qy.length;
  if (pixels > MAX_COMPUTE_POINTS) {
    throw badInput(`the grid has ${input.qx.length} x ${input.qy.length} = ${pixels} pixels; the limit is ${MAX_COMPUTE_POINTS} per request`, "qx");
  }
  const qx = axis(input.qx, "qx", input.unit);
  const qy = axis(input.qy, "qy", input.unit);
  return { qx, qy, parameters: numericParameters(input.parameters, "parameters"), pixels, resolution: resolution2D(input, qx, qy) };
}

/** Kernel evaluations of a computeIntensity2D input, for pricing; null when malformed (refused when run). */
export function intensity2DWork(input: Intensity2DRequest): number | null {
  try {
    const p = prepare2D(input);
    return evaluation2DWork(input.model, p.parameters, p.pixels, p.resolution);
  } catch {
    return null;
  }
}

export class ScatteringService {
  constructor(
    private readonly heavy: HeavyWork,
    private readonly limits: { maxResponseValues: number },
  ) {}

  async computeIntensity(input: IntensityRequest, signal?: AbortSignal): Promise<ComputedIntensityType> {
    const p = prepare(input);
    const options = { structureFactorMode: p.mode, resolution: resolutionOf(p) };
    // Without the smear (its layout is a sort and a bisection per point: the worker sizes it).
    const work = evaluationWork(input.model, p.parameters, p.qA, { structureFactorMode: p.mode });
    // Serialising the answer is event-loop time (some 20 ms per 100 000 numbers): q and I always,
    // P and S for a product, β in beta mode.
    const arrays = 2 + (work.structurePoints > 0 ? 2 + (p.mode === "beta" ? 1 : 0) : 0);
    const values = p.qA.length * arrays;
    if (values > this.limits.maxResponseValues) {
      throw badInput(
        `the answer would carry ${values} numbers (${p.qA.length} q points x ${arrays} arrays); the limit is ${this.limits.maxResponseValues} (SASGRAPH_MAX_RESPONSE_VALUES): use at most ${Math.floor(this.limits.maxResponseValues / arrays)} q points`,
        "q",
      );
    }
    let result: IntensityOutput;
    try {
      if (!p.dq && !p.slit && work.total <= INLINE_WORK) {
        result = evaluate(input.model, p.parameters, p.qA, options);
      } else {
        // Copies go to the thread (their buffers move there): `given` may be qA itself.
        const q = Float64Array.from(p.qA);
        const dq = p.dq ? Float64Array.from(p.dq) : undefined;
        const slit = p.slit ? { length: Float64Array.from(p.slit.length), width: Float64Array.from(p.slit.width) } : undefined;
        result = await offloaded(
          this.heavy.pool.run(
            "intensity",
            { model: input.model, parameters: p.parameters, q, dq, slit, structureFactorMode: p.mode, maxResolutionWeights: MAX_RESOLUTION_WEIGHTS },
            {
              transfer: [q.buffer, ...(dq ? [dq.buffer] : []), ...(slit ? [slit.length.buffer, slit.width.buffer] : [])],
              signal,
            },
          ),
        );
      }
    } catch (err) {
      if (err instanceof Error && err.name === "ResolutionTooLargeError") throw badInput(err.message, input.dq ? "dq" : "resolution");
      if (err instanceof SasInputError || (err instanceof Error && err.name === "SasInputError")) {
        const field = (err as { field?: string }).field;
        throw badInput(err.message, inputFieldOf(field, input.dq !== undefined && input.dq !== null));
      }
      throw err;
    }
    return {
      q: Array.from(p.given),
      qUnit: input.q.unit,
      intensity: Array.from(result.I),
      formFactor: result.P ? Array.from(result.P) : null,
      structureFactor: result.S ? Array.from(result.S) : null,
      betaFactor: result.betaFactor ? Array.from(result.betaFactor) : null,
      parameters: { ...parameterDefaults(input.model), ...p.parameters },
    };
  }

  async computeIntensity2D(input: Intensity2DRequest, signal?: AbortSignal): Promise<ComputedIntensity2DType> {
    const p = prepare2D(input);
    const values = p.pixels + p.qx.length + p.qy.length;
    if (values > this.limits.maxResponseValues) {
      throw badInput(
        `the answer would carry ${values} numbers; the limit is ${this.limits.maxResponseValues} (SASGRAPH_MAX_RESPONSE_VALUES): use a coarser grid`,
        "qx",
      );
    }
    let I: Float64Array;
    try {
      if (evaluation2DWork(input.model, p.parameters, p.pixels, p.resolution) <= INLINE_WORK) {
        I = evaluate2D(input.model, p.parameters, p.qx, p.qy, { resolution: p.resolution }).I;
      } else {
        const qx = Float64Array.from(p.qx);
        const qy = Float64Array.from(p.qy);
        const r = p.resolution;
        const out = await offloaded(
          this.heavy.pool.run(
            "intensity2d",
            { model: input.model, parameters: p.parameters, qx, qy, resolution: r },
            { transfer: [qx.buffer, qy.buffer, ...(r ? [r.dqParallel.buffer as ArrayBuffer, r.dqPerpendicular.buffer as ArrayBuffer] : [])], signal },
          ),
        );
        I = out.I;
      }
    } catch (err) {
      if (err instanceof SasInputError || (err instanceof Error && err.name === "SasInputError")) {
        throw badInput(err.message, input2DFieldOf((err as { field?: string }).field));
      }
      throw err;
    }
    return {
      qx: input.qx,
      qy: input.qy,
      qUnit: input.unit,
      shape: [input.qy.length, input.qx.length],
      intensity: Array.from(I),
      parameters: { ...parameterDefaults(input.model), ...p.parameters },
    };
  }
}

/** computeIntensity2D's fields a model-library error is about. */
function input2DFieldOf(libraryField: string | undefined): string {
  if (!libraryField || libraryField === "expression") return "model";
  if (libraryField === "qx" || libraryField === "qy") return libraryField;
  if (libraryField === "dqParallel" || libraryField === "dqPerpendicular" || libraryField === "accuracy") return `resolution.${libraryField}`;
  return `parameters.${libraryField}`;
}

/** The computeIntensity input field a model-library error is about: its own fields, else a model parameter. */
function inputFieldOf(libraryField: string | undefined, dqGiven: boolean): string {
  if (!libraryField) return "model";
  if (libraryField === "resolution.dq") return dqGiven ? "dq" : "resolution";
  if (libraryField === "resolution.slit.length") return "slitLength";
  if (libraryField === "resolution.slit.width") return "slitWidth";
  if (libraryField === "q" || libraryField === "structureFactorMode") return libraryField;
  return `parameters.${libraryField}`;
}
