import { Configuration } from "./configuration";
import { paperDirections } from "./directions";
import { DEFAULT_DECORRELATION_DISPLACEMENT, DEFAULT_EQUILIBRATION_DISPLACEMENT } from "./equilibrate";
import { compressibilityFactor, emptyStatistics, EventChainSampler } from "./event-chain";
import { HardSphereSystemSpec, initialConfiguration, ProgressCallback } from "./initial-configuration";
import { scatteringIntensity, uniformQGrid } from "./scattering";
import { ScatteringWorkerPool } from "./scattering-pool";
import { scatteringIntensityCommensurate } from "./scattering-commensurate";
import { PaperMdOptions, PaperMdSampler } from "./md/paper-md";

/**
 * How I(Q) is taken from each configuration: "paper" evaluates eq. 2 along the given directions as the
 * authors do (comparable with their curves at the same N; smears S(Q) over about 2 pi / L);
 * "commensurate" averages over the box's reciprocal vectors in a shell around each Q (no box
 * artefact; see scatteringCommensurate).
 */
export type ScatteringEstimator = "paper" | "commensurate";
export const SCATTERING_ESTIMATORS: readonly ScatteringEstimator[] = ["paper", "commensurate"];

/**
 * How configurations are sampled: "event-chain" is exact hard spheres (the default); "paper-md" runs
 * the authors' MD protocol (md/paper-md) from an equilibrated hard-sphere start, to reproduce their
 * published curves, artefacts of their time step included.
 */
export type HardSphereMethod = "event-chain" | "paper-md";
export const HARD_SPHERE_METHODS: readonly HardSphereMethod[] = ["event-chain", "paper-md"];

export interface StatePointOptions {
  /** Configurations averaged (default 10). */
  configurations?: number;
  /** Q grid (default: the paper's 100 points in [3, 13]). */
  q?: Float64Array;
  /** Directions per configuration (default: the paper's 50 x 100 grid); "paper" estimator only. */
  directions?: Float64Array;
  /** Default "paper". */
  estimator?: ScatteringEstimator;
  equilibrationDisplacement?: number;
  decorrelationDisplacement?: number;
  chainLength?: number;
  /** Worker threads for I(Q); 0 or 1 computes on the calling thread (default: all cores). */
  threads?: number;
  onProgress?: ProgressCallback;
  /** Default "event-chain". */
  method?: HardSphereMethod;
  /** Protocol of the "paper-md" method (time step, equilibration, dump interval). */
  md?: PaperMdOptions;
}

export interface StatePointResult {
  q: Float64Array;
  /** I(Q) averaged over configurations and directions (paper 000, eq. 2). */
  intensity: Float64Array;
  /** Standard error of the mean of I(Q) over configurations (NaN for one configuration). */
  intensityError: Float64Array;
  method: HardSphereMethod;
  /** beta P / rho from the production chains, or P / (rho T_kin) over the production MD steps. */
  compressibilityFactor: number;
  /** "paper-md": mean kinetic temperature over production (target 1); null for event chains. */
  meanTemperature: number | null;
  /** "paper-md": MD steps run in all (equilibration and production); 0 for event chains. */
  steps: number;
  /** Achieved volume fraction (exactly the target up to rounding). */
  eta: number;
  configurations: number;
  events: number;
  /** The last configuration sampled. */
  lastConfiguration: Configuration;
}

/**
 * A whole state point: initial configuration, equilibration, `configurations` samples separated by
 * the decorrelation displacement (or, for "paper-md", the MD protocol's equilibration and dump
 * interval), and I(Q) averaged over them. Progress fractions: 0–0.1 growth, 0.1–0.3 equilibration
 * (event chains; "paper-md" then adds 0.3–0.4 of MD equilibration), the rest sampling and scattering.
 */
export async function simulateStatePoint(spec: HardSphereSystemSpec, options: StatePointOptions = {}): Promise<StatePointResult> {
  const report = options.onProgress ?? (() => undefined);
  const q = options.q ?? uniformQGrid();
  const directions = options.directions ?? paperDirections();
  const count = options.configurations ?? 10;
  if (!Number.isInteger(count) || count < 1) throw new RangeError("configurations must be a positive integer");
  const initial = initialConfiguration(spec, {
    chainLength: options.chainLength,
    onProgress: (f, m) => report(0.1 * f, m),
  });
  const sampler = new EventChainSampler(initial, spec.seed + 0x27d4eb2f, { chainLength: options.chainLength });
  const equilibration = options.equilibrationDisplacement ?? DEFAULT_EQUILIBRATION_DISPLACEMENT;
  const slices = 10;
  for (let s = 0; s < slices; s++) {
    sampler.runDisplacement(equilibration / slices);
    report(0.1 + (0.2 * (s + 1)) / slices, "equilibrating");
  }
  Object.assign(sampler.statistics, emptyStatistics());
  const method = options.method ?? "event-chain";
  const md = method === "paper-md" ? new PaperMdSampler(sampler.configuration(), spec.seed + 0x165667b1, options.md) : null;
  md?.equilibrate((f) => report(0.3 + 0.1 * f, "MD equilibration"));
  const sampling = md ? 0.4 : 0.3;
  const threads = options.threads ?? undefined;
  const estimator = options.estimator ?? "paper";
  const pool = threads === 0 || threads === 1 ? null : new ScatteringWorkerPool(threads);
  const sum = new Float64Array(q.length);
  const sumSquares = new Float64Array(q.length);
  try {
    for (let c = 0; c < count; c++) {
      let config: Configuration;
      if (md) {
        config = md.next();
      } else {
        sampler.runDisplacement(options.decorrelationDisplacement ?? DEFAULT_DECORRELATION_DISPLACEMENT);
        config = sampler.configuration();
      }
      // Commensurate: fresh vectors per configuration where shells hold more than the cap.
      const commensurate = { seed: spec.seed + c + 1 };
      const intensity =
        estimator === "commensurate"
          ? pool === null
            ? scatteringIntensityCommensurate(config, q, commensurate).intensity
            : (await pool.commensurateIntensity(config, q, commensurate)).intensity
          : pool === null
            ? scatteringIntensity(config, q, { directions })
            : await pool.intensity(config, q, { directions });
      for (let k = 0; k < q.length; k++) {
        sum[k] += intensity[k];
        sumSquares[k] += intensity[k] * intensity[k];
      }
      report(sampling + ((1 - sampling) * (c + 1)) / count, `configuration ${c + 1}/${count}`);
    }
  } finally {
    await pool?.close();
  }
  const intensity = new Float64Array(q.length);
  const intensityError = new Float64Array(q.length);
  for (let k = 0; k < q.length; k++) {
    intensity[k] = sum[k] / count;
    const variance = count > 1 ? (sumSquares[k] / count - intensity[k] ** 2) * (count / (count - 1)) : NaN;
    intensityError[k] = Math.sqrt(Math.max(0, variance) / count);
  }
  const last = md ? md.dynamics.configuration() : sampler.configuration();
  const mdSummary = md?.summary();
  let volume = 0;
  for (let i = 0; i < last.diameters.length; i++) volume += (Math.PI / 6) * last.diameters[i] ** 3;
  return {
    q,
    intensity,
    intensityError,
    method,
    compressibilityFactor: mdSummary ? mdSummary.compressibilityFactor : compressibilityFactor(sampler.statistics),
    meanTemperature: mdSummary ? mdSummary.meanTemperature : null,
    steps: mdSummary ? mdSummary.steps : 0,
    eta: volume / last.box ** 3,
    configurations: count,
    events: sampler.statistics.events,
    lastConfiguration: last,
  };
}
