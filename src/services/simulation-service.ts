import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { Dataset, DataFile } from "../entities";
import type { Technique } from "../entities/dataset";
import { findFormat } from "../formats";
import type { CurveRecord } from "../formats/curve";
import { sweepPoints, type SasSweepSpec } from "../compute/sas/sweep";
import { SHAPES, shapeMixtureSize, type ShapeMixtureSpec } from "../compute/sas/shape-mixture";
import { evaluate, SasInputError } from "../compute/sas";
import { qGrid, sampleParameters, SamplingError, type ParameterRange, type SamplingMethod } from "../compute/sampling";
import { resolveColloidSpec, ColloidSpecError, type ShearedColloidSpec } from "../compute/particles/colloids";
import {
  DIAMETER_DISTRIBUTIONS,
  DIAMETER_SAMPLINGS,
  HARD_SPHERE_METHODS,
  MAX_MD_STEPS,
  PAPER_MD_DEFAULTS,
  paperMdSteps,
  type DiameterDistribution,
  type DiameterSampling,
  type HardSphereMethod,
  type ScatteringEstimator,
} from "../compute/particles/hardspheres";
import { runComputeTask } from "../workers/jobs/compute-thread";
import type { ObjectStore } from "../storage/object-store";
import type { CatalogueService } from "./catalogue-service";
import type { CurveService } from "./curve-service";
import type { ProvenanceService } from "./provenance-service";
import { groupsByName } from "./groups";
import { badInput } from "./errors";

/** What the user says about the dataset a simulation makes. */
export interface DatasetTarget {
  title: string;
  description?: string;
  technique: Technique;
  keywords?: string[];
  accessGroups?: string[];
  publish?: boolean;
}

export interface SimulationTarget extends DatasetTarget {
  ownerId: string;
  instrumentId?: string | null;
  sampleId?: string | null;
}

export type Progress = (fraction: number, message: string) => Promise<void> | void;

/**
 * Run last inside a service's write transaction with what it wrote; throwing rolls the whole write
 * back. Jobs use it to commit their SUCCEEDED state with their result, or nothing when cancelled.
 */
export type CommitHook<T> = (tx: EntityManager, made: T) => Promise<void>;

/** What a simulation writes. */
export interface SimulationResult {
  dataset: Dataset;
  activity: { id: string };
}

/** Most curves one sweep may make (they are written in one transaction). */
export const MAX_SWEEP_CURVES = 100_000;
/** Most state points of one particle-simulation sweep. */
export const MAX_STATE_POINTS = 1000;

/** One hard-sphere state point as users ask for it (lengths in units of the mean diameter D0 = 1). */
export interface HardSphereStatePoint {
  distribution: DiameterDistribution;
  sigma: number;
  /** "stratified" (default) or "independent" (see DiameterSampling). */
  diameterSampling?: DiameterSampling;
  eta: number;
  n: number;
  configurations: number;
  seed: number;
  qMin: number;
  qMax: number;
  qCount: number;
  /** Fibonacci directions per configuration; absent: the paper's 50 x 100 grid. */
  directions?: number;
  keepConfigurations: boolean;
  /** "paper" (eq. 2 along directions, as the authors) or "commensurate" (box reciprocal vectors); default "paper". */
  estimator?: ScatteringEstimator;
  /** "event-chain" (exact hard spheres, default) or "paper-md" (the authors' MD protocol). */
  method?: HardSphereMethod;
  /** "paper-md" only: time step in tau (default 0.001). */
  timeStep?: number | null;
}

/** Largest hard-sphere system and sample counts a job accepts. */
export const HARD_SPHERE_LIMITS = { n: 200_000, configurations: 1000, directions: 20_000, qCount: 2000, eta: 0.55, mdParticleSteps: 1e11 };

/**
 * Work bounds, checked before a job is queued, so that no single input (or all of them at their
 * maximum at once) makes a job that runs for days or holds more memory than a worker has. A work
 * unit is one inner-loop term: one (sphere, Q, direction) phase for hard spheres, one (particle, q,
 * theta) phase for colloids, one (curve, q, polydispersity point) model evaluation for SAS sweeps.
 * The README's paper-size examples use well under a tenth of each.
 */
export const WORK_LIMITS = {
  /** Values (curves x q points) one SAS sweep or shape mixture holds in memory and writes. */
  sweepValues: 20_000_000,
  /** SAS model evaluations of a sweep: curves x q points x polydispersity points. */
  sweepWork: 2e10,
  colloidRealisations: 1_000_000,
  colloidQCount: 2000,
  colloidThetaCount: 2000,
  /** Cells of the colloid (q, theta) grid: qCount x thetaCount (several arrays of it per batch). */
  colloidGridCells: 1_000_000,
  /** Per state point: realisations x particles x qCount x thetaCount (paper 003: 1.6e11). */
  colloidPointWork: 2e12,
  colloidSweepWork: 1e13,
  /** Per state point: n x configurations x qCount x directions (paper 000 size, 23 328 x 100 x 100 x 5000: 1.2e12). */
  hardSpherePointWork: 1.2e13,
  /** Configurations sampled: n x configurations (sweeps of the sampler). */
  hardSphereSamples: 5e7,
  hardSphereSweepWork: 6e13,
};

/** Directions of the paper's I(Q) grid (50 x 100), and the reciprocal vectors COMMENSURATE averages at most. */
const PAPER_DIRECTIONS = 5000;
const COMMENSURATE_VECTORS = 400;

/** Polydispersity points of a sweep's curves: the product over polydisperse parameters of their _pd_n. */
function polydispersityPoints(spec: SasSweepSpec): number {
  const widths = new Map<string, number>();
  for (const [key, value] of Object.entries(spec.parameters)) if (key.endsWith("_pd") && typeof value === "number") widths.set(key, value);
  for (const r of spec.ranges) if (r.name.endsWith("_pd")) widths.set(r.name, Math.max(Math.abs(r.min), Math.abs(r.max)));
  let points = 1;
  for (const [key, width] of widths) {
    if (!(width > 0)) continue;
    const n = spec.parameters[`${key}_n`];
    points *= typeof n === "number" && n >= 1 ? n : 35;
  }
  return points;
}

const count = (v: number) => v.toExponential(2).replace("e+", "e");

/** A sweep over state points of a particle simulation: fixed spec plus sampled ranges. */
export interface StatePointSweep<S> {
  base: S;
  ranges: ParameterRange[];
  sampling: SamplingMethod;
  /** Samples (RANDOM, LATIN_HYPERCUBE) or points per range (GRID); ignored without ranges. */
  count: number;
}

export function statePoints<S extends object>(sweep: StatePointSweep<S>, seed: number): S[] {
  if (sweep.ranges.length === 0) return [sweep.base];
  return sampleParameters(sweep.ranges, sweep.sampling, sweep.count, seed).map((p) => ({ ...sweep.base, ...p }));
}

interface Attachment {
  body: Buffer;
  filename: string;
  format: string;
}

interface SimulatedDataset {
  records: CurveRecord[];
  /** Files kept with the dataset (configurations), stored before the transaction. */
  files?: Attachment[];
  metadata: Record<string, unknown>;
  description: string;
  keywords: string[];
  activity: { label: string; parameters: Record<string, unknown>; seed: number; started: Date };
}

/**
 * Simulations that produce SIMULATED datasets. Curves are computed first (off the main thread) and
 * written with the dataset, its activity and provenance in one transaction: a failed or cancelled
 * run leaves nothing.
 */
export class SimulationService {
  constructor(
    private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly curves: CurveService,
    private readonly provenance: ProvenanceService,
    private readonly store: ObjectStore,
  ) {}

  /** Check a sweep before it is queued: sizes, and the model accepts the first parameter set. */
  checkSasSweep(spec: SasSweepSpec): void {
    try {
      if (spec.count > MAX_SWEEP_CURVES) throw badInput(`count ${spec.count} is over the limit of ${MAX_SWEEP_CURVES} curves per sweep`, "sasModel.count");
      if (spec.first !== undefined && (!Number.isInteger(spec.first) || spec.first < 1)) throw badInput("first must be a positive integer", "sasModel.first");
      // GRID sampling makes count^ranges curves: bound it before drawing them.
      if (spec.sampling === "GRID" && Math.pow(spec.count, spec.ranges.length) > MAX_SWEEP_CURVES) {
        throw badInput(
          `count ${spec.count} on a GRID of ${spec.ranges.length} ranges makes ${count(Math.pow(spec.count, spec.ranges.length))} curves, over the limit of ${MAX_SWEEP_CURVES}`,
          "sasModel.count",
        );
      }
      const points = sweepPoints(spec);
      if (points.length > MAX_SWEEP_CURVES) throw badInput(`the sweep makes ${points.length} curves, over the limit of ${MAX_SWEEP_CURVES}`, "sasModel.count");
      const curves = spec.first === undefined ? points.length : Math.min(spec.first, points.length);
      if (curves * spec.q.length > WORK_LIMITS.sweepValues) {
        throw badInput(
          `${curves} curves of ${spec.q.length} q points are ${count(curves * spec.q.length)} values, over the limit of ${count(WORK_LIMITS.sweepValues)} per sweep: use fewer curves or q points`,
          "sasModel.q",
        );
      }
      const work = curves * spec.q.length * polydispersityPoints(spec);
      if (work > WORK_LIMITS.sweepWork) {
        throw badInput(
          `curves x q points x polydispersity points is ${count(work)} work units, over the limit of ${count(WORK_LIMITS.sweepWork)} per sweep: use fewer curves, q points or *_pd_n`,
          "sasModel.count",
        );
      }
      evaluate(spec.model, points[0], spec.q.subarray(0, Math.min(2, spec.q.length)), { structureFactorMode: spec.structureFactorMode });
    } catch (err) {
      if (err instanceof SasInputError || err instanceof SamplingError) throw badInput(err.message, err.field);
      throw err;
    }
  }

  checkColloidSweep(sweep: StatePointSweep<ShearedColloidSpec>): void {
    try {
      if (sweep.ranges.length > 0 && sweep.sampling === "GRID" && Math.pow(sweep.count, sweep.ranges.length) > MAX_STATE_POINTS) {
        throw badInput(
          `count ${sweep.count} on a GRID of ${sweep.ranges.length} ranges is over the limit of ${MAX_STATE_POINTS} state points`,
          "shearedColloids.count",
        );
      }
      const points = statePoints(sweep, sweep.base.seed);
      if (points.length > MAX_STATE_POINTS)
        throw badInput(`the sweep has ${points.length} state points, over the limit of ${MAX_STATE_POINTS}`, "shearedColloids.count");
      let total = 0;
      for (const p of points) total += this.checkColloidPoint(resolveColloidSpec(p));
      if (total > WORK_LIMITS.colloidSweepWork) {
        throw badInput(
          `the sweep's state points add up to ${count(total)} work units, over the limit of ${count(WORK_LIMITS.colloidSweepWork)}: use fewer state points or realisations`,
          "shearedColloids.count",
        );
      }
    } catch (err) {
      if (err instanceof ColloidSpecError) throw badInput(err.message, `shearedColloids.${String(err.field)}`);
      if (err instanceof SamplingError) throw badInput(err.message, `shearedColloids.${err.field}`);
      throw err;
    }
  }

  /** Bounds of one colloid state point; returns its work units. */
  private checkColloidPoint(p: ReturnType<typeof resolveColloidSpec>): number {
    const field = (f: string) => `shearedColloids.${f}`;
    if (p.realisations > WORK_LIMITS.colloidRealisations)
      throw badInput(`realisations ${p.realisations} is over the limit of ${WORK_LIMITS.colloidRealisations}`, field("realisations"));
    if (p.qCount > WORK_LIMITS.colloidQCount) throw badInput(`qCount ${p.qCount} is over the limit of ${WORK_LIMITS.colloidQCount}`, field("qCount"));
    if (p.thetaCount > WORK_LIMITS.colloidThetaCount)
      throw badInput(`thetaCount ${p.thetaCount} is over the limit of ${WORK_LIMITS.colloidThetaCount}`, field("thetaCount"));
    if (p.qCount * p.thetaCount > WORK_LIMITS.colloidGridCells) {
      throw badInput(`qCount x thetaCount is ${p.qCount * p.thetaCount} grid cells, over the limit of ${WORK_LIMITS.colloidGridCells}`, field("thetaCount"));
    }
    const work = p.realisations * p.particleCount * p.qCount * p.thetaCount;
    if (work > WORK_LIMITS.colloidPointWork) {
      throw badInput(
        `realisations x particles (4 nL2 = ${p.particleCount}) x qCount x thetaCount is ${count(work)} work units, over the limit of ${count(WORK_LIMITS.colloidPointWork)} per state point`,
        field("realisations"),
      );
    }
    return work;
  }

  checkHardSphereSweep(sweep: StatePointSweep<HardSphereStatePoint>): void {
    const field = (f: string) => `hardSpheres.${f}`;
    let points: HardSphereStatePoint[];
    if (sweep.ranges.length > 0 && sweep.sampling === "GRID" && Math.pow(sweep.count, sweep.ranges.length) > MAX_STATE_POINTS) {
      throw badInput(`count ${sweep.count} on a GRID of ${sweep.ranges.length} ranges is over the limit of ${MAX_STATE_POINTS} state points`, field("count"));
    }
    try {
      points = statePoints(sweep, sweep.base.seed);
    } catch (err) {
      if (err instanceof SamplingError) throw badInput(err.message, field(err.field));
      throw err;
    }
    if (points.length > MAX_STATE_POINTS) throw badInput(`the sweep has ${points.length} state points, over the limit of ${MAX_STATE_POINTS}`, field("count"));
    let total = 0;
    for (const p of points) {
      if (!DIAMETER_DISTRIBUTIONS.includes(p.distribution))
        throw badInput(`distribution must be one of ${DIAMETER_DISTRIBUTIONS.join(", ")}`, field("distribution"));
      if (!(p.eta > 0 && p.eta <= HARD_SPHERE_LIMITS.eta)) throw badInput(`eta ${p.eta} must be in (0, ${HARD_SPHERE_LIMITS.eta}]`, field("eta"));
      if (p.diameterSampling !== undefined && !DIAMETER_SAMPLINGS.includes(p.diameterSampling)) {
        throw badInput(`diameterSampling must be one of ${DIAMETER_SAMPLINGS.join(", ")}`, field("diameterSampling"));
      }
      const maxSigma = p.distribution === "uniform" ? 0.9 : 0.5;
      if (!(p.sigma >= 0 && p.sigma <= maxSigma))
        throw badInput(`sigma ${p.sigma} must be in [0, ${maxSigma}] for ${p.distribution} diameters`, field("sigma"));
      if (!Number.isInteger(p.n) || p.n < 2 || p.n > HARD_SPHERE_LIMITS.n) throw badInput(`n must be an integer from 2 to ${HARD_SPHERE_LIMITS.n}`, field("n"));
      if (!Number.isInteger(p.configurations) || p.configurations < 1 || p.configurations > HARD_SPHERE_LIMITS.configurations) {
        throw badInput(`configurations must be an integer from 1 to ${HARD_SPHERE_LIMITS.configurations}`, field("configurations"));
      }
      if (p.directions !== undefined && (!Number.isInteger(p.directions) || p.directions < 1 || p.directions > HARD_SPHERE_LIMITS.directions)) {
        throw badInput(`directions must be an integer from 1 to ${HARD_SPHERE_LIMITS.directions}`, field("directions"));
      }
      if (p.estimator !== undefined && p.estimator !== "paper" && p.estimator !== "commensurate") {
        throw badInput(`estimator must be "paper" or "commensurate"`, field("estimator"));
      }
      const method = p.method ?? "event-chain";
      if (!HARD_SPHERE_METHODS.includes(method)) throw badInput(`method must be one of ${HARD_SPHERE_METHODS.join(", ")}`, field("method"));
      if (p.timeStep !== undefined && p.timeStep !== null) {
        if (method !== "paper-md") throw badInput("timeStep is a setting of the PAPER_MD method", field("timeStep"));
        if (!(p.timeStep > 0 && p.timeStep <= 0.01)) throw badInput(`timeStep ${p.timeStep} must be in (0, 0.01] (the authors': 0.001)`, field("timeStep"));
      }
      if (method === "paper-md") {
        const steps = paperMdSteps({ timeStep: p.timeStep ?? undefined }, p.configurations).total;
        if (steps > MAX_MD_STEPS || steps * p.n > HARD_SPHERE_LIMITS.mdParticleSteps) {
          throw badInput(
            `the MD run would take ${steps} steps of ${p.n} spheres, over the limits of ${MAX_MD_STEPS} steps and ${HARD_SPHERE_LIMITS.mdParticleSteps} particle-steps: use fewer configurations, spheres or a longer time step`,
            field("configurations"),
          );
        }
      }
      if (!(p.qMin > 0 && p.qMax > p.qMin) || !Number.isInteger(p.qCount) || p.qCount < 2 || p.qCount > HARD_SPHERE_LIMITS.qCount) {
        throw badInput(`the q grid needs 0 < qMin < qMax and 2 to ${HARD_SPHERE_LIMITS.qCount} points`, field("qMin"));
      }
      if (p.n * p.configurations > WORK_LIMITS.hardSphereSamples) {
        throw badInput(
          `n x configurations is ${count(p.n * p.configurations)} sampled spheres, over the limit of ${count(WORK_LIMITS.hardSphereSamples)} per state point`,
          field("configurations"),
        );
      }
      const directions = p.estimator === "commensurate" ? COMMENSURATE_VECTORS : (p.directions ?? PAPER_DIRECTIONS);
      const work = p.n * p.configurations * p.qCount * directions;
      if (work > WORK_LIMITS.hardSpherePointWork) {
        throw badInput(
          `n x configurations x qCount x directions (${p.directions === undefined && p.estimator !== "commensurate" ? "the paper's 50 x 100" : directions}) is ${count(work)} work units, over the limit of ${count(WORK_LIMITS.hardSpherePointWork)} per state point: use fewer spheres, configurations, q points or directions`,
          field("configurations"),
        );
      }
      total += work;
    }
    if (total > WORK_LIMITS.hardSphereSweepWork) {
      throw badInput(
        `the sweep's state points add up to ${count(total)} work units, over the limit of ${count(WORK_LIMITS.hardSphereSweepWork)}: use fewer state points or smaller ones`,
        field("count"),
      );
    }
  }

  /**
   * Polydisperse hard spheres (paper 000): one curve I(Q) per state point, Q in units of 1/D0
   * (REDUCED), I normalised as in eq. 2 (I → P(Q), P(0) = 1). Configurations are kept as JSON files
   * when asked.
   */
  async runHardSpheres(
    sweep: StatePointSweep<HardSphereStatePoint>,
    target: SimulationTarget,
    progress: Progress = () => undefined,
    signal?: AbortSignal,
    onCommit?: CommitHook<SimulationResult>,
  ) {
    const started = new Date();
    const points = statePoints(sweep, sweep.base.seed);
    const records: CurveRecord[] = [];
    const files: Attachment[] = [];
    for (let k = 0; k < points.length; k++) {
      const p = points[k];
      const label = `state point ${k + 1} of ${points.length} (${p.distribution}, eta ${p.eta}, sigma ${p.sigma})`;
      const q = qGrid(p.qMin, p.qMax, p.qCount, "LINEAR");
      const r = await runComputeTask(
        "hardSpheres",
        {
          spec: { distribution: p.distribution, sigma: p.sigma, eta: p.eta, n: p.n, seed: p.seed, diameterSampling: p.diameterSampling },
          configurations: p.configurations,
          q,
          directions: p.directions,
          keepConfiguration: p.keepConfigurations,
          estimator: p.estimator,
          method: p.method,
          timeStep: p.timeStep ?? undefined,
        },
        (f, m) => void progress((0.95 * (k + f)) / points.length, `${label}: ${m}`),
        signal,
      );
      records.push({
        title: `I(Q) ${p.distribution} eta=${p.eta} sigma=${p.sigma}`,
        q: r.q,
        intensity: r.intensity,
        dI: r.intensityError.every(Number.isFinite) ? r.intensityError : null,
        dQ: null,
        qUnit: "REDUCED",
        intensityUnit: "ARBITRARY",
        parameters: {
          distribution: p.distribution,
          eta: r.eta,
          sigma: p.sigma,
          diameter_sampling: p.diameterSampling ?? "stratified",
          n: p.n,
          configurations: r.configurations,
          estimator: p.estimator ?? "paper",
          directions: p.estimator === "commensurate" ? null : (p.directions ?? "paper 50x100"),
          seed: p.seed,
          compressibility_factor: r.compressibilityFactor,
          method: r.method,
          ...(r.method === "paper-md"
            ? { time_step: p.timeStep ?? PAPER_MD_DEFAULTS.timeStep, md_steps: r.steps, mean_temperature: r.meanTemperature }
            : { events: r.events }),
        },
      });
      if (r.configuration) {
        files.push({
          filename: `configuration-${k}.json`,
          format: "JSON",
          body: Buffer.from(
            JSON.stringify({
              description: "last sampled configuration: cubic periodic box, xyz positions interleaved, diameters (units of D0)",
              statePoint: p,
              box: r.configuration.box,
              positions: Array.from(r.configuration.positions),
              diameters: Array.from(r.configuration.diameters),
            }),
          ),
        });
      }
    }
    await progress(0.95, `writing ${records.length} state points`);
    const paperMd = sweep.base.method === "paper-md";
    const timeStep = sweep.base.timeStep ?? PAPER_MD_DEFAULTS.timeStep;
    return this.write(onCommit, target, {
      records,
      files,
      description: paperMd
        ? `Polydisperse spheres by the MD protocol of Ding et al. (2025) (time step ${timeStep}): configurations and I(Q) of eq. 2, ${records.length} state point(s). ` +
          "Reproduces the authors' MD; at their time step it is not equilibrium hard spheres."
        : `Polydisperse hard spheres (Ding et al. 2025): event-chain Monte Carlo configurations and I(Q) of eq. 2, ${records.length} state point(s).`,
      keywords: ["simulation", "hard-spheres", "polydisperse", paperMd ? "molecular-dynamics" : "event-chain-monte-carlo"],
      metadata: {
        simulation: "polydisperse-hard-spheres",
        lengthUnit: "D0 (mean diameter)",
        qUnit: "Q·D0 (reduced)",
        normalisation: "I(Q) = <|sum_i F(Q;D_i) exp(iQ.r_i)|^2> / sum_i V_i^2, so I -> P(Q) with P(0) = 1 (paper 000, eq. 2)",
        base: sweep.base,
        ranges: sweep.ranges,
        sampling: sweep.sampling,
      },
      activity: {
        label: `hard spheres, ${records.length} state point(s)`,
        seed: sweep.base.seed,
        started,
        parameters: {
          kind: "hard-spheres",
          base: sweep.base,
          ranges: sweep.ranges,
          sampling: sweep.sampling,
          count: sweep.count,
          method: paperMd
            ? `the authors' MD protocol: LJ epsilon = 100 kT cut at contact, velocity Verlet with a Nose-Hoover chain at T = 1 (tau = 100 steps), time step ${timeStep}, ` +
              "a configuration every 2 tau after 10 tau, from an event-chain equilibrated start; I(Q) by phase recurrence along Q"
            : "event-chain Monte Carlo (straight chains, x/y/z), growth from an FCC lattice; I(Q) by phase recurrence along Q",
          backend: paperMd ? "typed arrays (MD on one thread); I(Q) on worker threads" : "typed arrays; I(Q) on worker threads",
        },
      },
    });
  }

  async runSasSweep(
    spec: SasSweepSpec,
    target: SimulationTarget,
    progress: Progress = () => undefined,
    signal?: AbortSignal,
    onCommit?: CommitHook<SimulationResult>,
  ) {
    const started = new Date();
    const curves = await runComputeTask("sasSweep", spec, (f, m) => void progress(0.9 * f, m), signal);
    const dQ = spec.resolution ? spec.q.map((v) => v * spec.resolution!) : null;
    const total = curves.length;
    const design = sweepPoints(spec).length;
    // A sample of a larger sweep says so: the first `total` of its `design` curves.
    const subset = total < design ? { first: total, of: design } : null;
    await progress(0.9, `writing ${total} curves`);
    return this.write(onCommit, target, {
      records: curves.map((c) => ({ q: spec.q, intensity: c.I, dI: c.dI, dQ, qUnit: "INV_ANGSTROM", intensityUnit: "INV_CM", parameters: c.parameters })),
      description: `${subset ? `the first ${total} of ${design}` : total} curves of ${spec.model}, ${spec.sampling.toLowerCase().replace("_", " ")} sampling, seed ${spec.seed}`,
      keywords: ["simulation", ...spec.model.split("@")],
      metadata: {
        model: spec.model,
        fixedParameters: spec.parameters,
        ranges: spec.ranges,
        sampling: spec.sampling,
        seed: spec.seed,
        qRange: { min: spec.q[0], max: spec.q[spec.q.length - 1], points: spec.q.length, unit: "1/A" },
        intensityUnit: "1/cm",
        ...(spec.resolution ? { resolution: { dqOverQ: spec.resolution } } : {}),
        ...(spec.countsPerUnit ? { noise: { kind: "poisson", countsPerUnit: spec.countsPerUnit } } : {}),
        ...(subset ? { subset } : {}),
      },
      activity: {
        label: subset ? `sweep of ${spec.model} (first ${total} of ${design} curves)` : `sweep of ${spec.model} (${total} curves)`,
        seed: spec.seed,
        started,
        parameters: {
          kind: "sas-model",
          model: spec.model,
          parameters: spec.parameters,
          ranges: spec.ranges,
          sampling: spec.sampling,
          count: spec.count,
          q: { min: spec.q[0], max: spec.q[spec.q.length - 1], points: spec.q.length },
          resolution: spec.resolution ?? null,
          countsPerUnit: spec.countsPerUnit ?? null,
          structureFactorMode: spec.structureFactorMode ?? "plain",
          ...(subset ? { first: total } : {}),
          engine: "sasgraph src/compute/sas (double precision, one worker thread)",
        },
      },
    });
  }

  /**
   * A mixture of shapes with random sizes and scale (src/compute/sas/shape-mixture.ts; the shape
   * classifier's training data): one curve per draw, labelled with its shape.
   */
  async runShapeMixture(
    spec: ShapeMixtureSpec,
    target: SimulationTarget,
    progress: Progress = () => undefined,
    signal?: AbortSignal,
    onCommit?: CommitHook<SimulationResult>,
  ) {
    const started = new Date();
    const size = shapeMixtureSize(spec);
    if (size * spec.q.length > WORK_LIMITS.sweepValues)
      throw badInput(`${size} curves of ${spec.q.length} q points are over the limit of ${count(WORK_LIMITS.sweepValues)} values`, "perClass");
    const curves = await runComputeTask("shapeMixture", spec, (f, m) => void progress(0.9 * f, m), signal);
    const dQ = spec.q.map((v) => v * spec.resolution);
    const total = curves.length;
    const all = spec.perClass * SHAPES.length;
    const subset = total < all ? { first: total, of: all } : null;
    await progress(0.9, `writing ${total} curves`);
    return this.write(onCommit, target, {
      records: curves.map((c) => ({
        q: spec.q,
        intensity: c.I,
        dI: c.dI,
        dQ,
        qUnit: "INV_ANGSTROM",
        intensityUnit: "INV_CM",
        parameters: { shape: c.shape, ...c.parameters },
      })),
      description: `${subset ? `the first ${total} of ${all}` : total} curves of a mixture of ${SHAPES.join(", ")}, seed ${spec.seed}`,
      keywords: ["simulation", "shape-mixture", ...SHAPES],
      metadata: {
        simulation: "shape-mixture",
        shapes: [...SHAPES],
        perClass: spec.perClass,
        seed: spec.seed,
        qRange: { min: spec.q[0], max: spec.q[spec.q.length - 1], points: spec.q.length, unit: "1/A" },
        intensityUnit: "1/cm",
        resolution: { dqOverQ: spec.resolution },
        noise: { kind: "poisson", countsPerUnit: spec.countsPerUnit },
        ...(subset ? { subset } : {}),
      },
      activity: {
        label: subset ? `shape mixture (first ${total} of ${all} curves)` : `shape mixture (${total} curves)`,
        seed: spec.seed,
        started,
        parameters: {
          kind: "shape-mixture",
          shapes: [...SHAPES],
          perClass: spec.perClass,
          q: { min: spec.q[0], max: spec.q[spec.q.length - 1], points: spec.q.length },
          resolution: spec.resolution,
          countsPerUnit: spec.countsPerUnit,
          ...(subset ? { first: total } : {}),
          engine: "sasgraph src/compute/shape-mixture (double precision, one worker thread)",
        },
      },
    });
  }

  /**
   * Sheared colloids (paper 003): one curve g(q) per state point (q·R0, reduced), with g(θ), its
   * errors and the mean intensity in the curve's parameters.
   */
  async runShearedColloids(
    sweep: StatePointSweep<ShearedColloidSpec>,
    target: SimulationTarget,
    progress: Progress = () => undefined,
    signal?: AbortSignal,
    onCommit?: CommitHook<SimulationResult>,
  ) {
    const started = new Date();
    const points = statePoints(sweep, sweep.base.seed);
    const records: CurveRecord[] = [];
    for (let k = 0; k < points.length; k++) {
      const spec = points[k];
      const label = `state point ${k + 1} of ${points.length}`;
      const r = await runComputeTask("shearedColloids", spec, (f, m) => void progress((0.95 * (k + f)) / points.length, `${label}: ${m}`), signal);
      records.push({
        title: `g(q) nL2=${r.spec.nL2} R_s=${r.spec.radiusSpread} D_2=${r.spec.d2} gammaL=${r.spec.gammaL}`,
        q: r.q,
        intensity: r.gq,
        dI: r.gqStdErr.every(Number.isFinite) ? r.gqStdErr : null,
        dQ: null,
        qUnit: "REDUCED",
        intensityUnit: "ARBITRARY",
        parameters: {
          quantity: "g(q)",
          nL2: r.spec.nL2,
          R_s: r.spec.radiusSpread,
          D_2: r.spec.d2,
          gammaL: r.spec.gammaL,
          realisations: r.spec.realisations,
          seed: r.spec.seed,
          beamSide: r.spec.beamSide,
          meanParticlesInBeam: r.meanParticlesInBeam,
          theta: Array.from(r.theta),
          g_theta: Array.from(r.gTheta),
          g_theta_stderr: Array.from(r.gThetaStdErr).map((v) => (Number.isFinite(v) ? v : null)),
        },
      });
    }
    await progress(0.95, `writing ${records.length} state points`);
    return this.write(onCommit, target, {
      records,
      description: `Sheared dilute colloids (Ding, Chen & Do 2024): correlation g(q) of speckle patterns before and after affine shear plus non-affine displacement, ${records.length} state point(s).`,
      keywords: ["simulation", "sheared-colloids", "xpcs", "correlation"],
      metadata: {
        simulation: "sheared-colloids",
        lengthUnit: "R0 (mean particle radius)",
        qUnit: "q·R0 (reduced)",
        base: sweep.base,
        ranges: sweep.ranges,
        sampling: sweep.sampling,
        curves: "g(q) radial average; parameters.theta and parameters.g_theta give the angular average g(theta)",
      },
      activity: {
        label: `sheared colloids, ${records.length} state point(s)`,
        seed: sweep.base.seed,
        started,
        parameters: {
          kind: "sheared-colloids",
          base: sweep.base,
          ranges: sweep.ranges,
          sampling: sweep.sampling,
          count: sweep.count,
          method: "2D Monte Carlo, eq. 1-4 of Ding, Chen & Do (2024)",
          backend: "typed arrays, one worker thread",
        },
      },
    });
  }

  private async write(onCommit: CommitHook<SimulationResult> | undefined, target: SimulationTarget, sim: SimulatedDataset) {
    // Files go to object storage first; if the transaction then fails, they are removed again.
    const stored = [];
    const batch = randomUUID();
    try {
      for (const f of sim.files ?? []) {
        const key = `simulations/${batch}/${f.filename}`;
        // The content type of the recorded format (the format table's), the one its download link carries.
        stored.push({ ...f, ...(await this.store.put(key, f.body, findFormat(f.format)?.contentType)) });
      }
      return await this.writeRecords(target, sim, stored, onCommit);
    } catch (err) {
      await this.store.removeQuietly(stored.map((f) => f.key));
      throw err;
    }
  }

  private writeRecords(
    target: SimulationTarget,
    sim: SimulatedDataset,
    files: (Attachment & { key: string; bucket: string; size: number; sha256: string })[],
    onCommit?: CommitHook<SimulationResult>,
  ) {
    return this.db.transaction(async (tx) => {
      const groups = await groupsByName(tx, target.accessGroups ?? []);
      const repo = tx.getRepository(Dataset);
      const dataset = await repo.save(
        repo.create({
          kind: "SIMULATED",
          technique: target.technique,
          title: target.title,
          description: target.description ?? sim.description,
          keywords: target.keywords ?? sim.keywords,
          metadata: sim.metadata,
          ownerId: target.ownerId,
          accessGroupIds: groups.map((g) => g.id),
          published: target.publish ?? false,
          instrumentId: target.instrumentId ?? null,
          sampleId: target.sampleId ?? null,
        }),
      );
      await this.curves.appendInTransaction(tx, dataset, sim.records);
      for (const f of files) {
        await tx.getRepository(DataFile).insert({
          datasetId: dataset.id,
          bucket: f.bucket,
          key: f.key,
          size: f.size,
          sha256: f.sha256,
          format: f.format,
          role: "CONFIGURATION",
          filename: f.filename,
        });
      }
      const activity = await this.provenance.createActivity(tx, {
        kind: "SIMULATION",
        label: sim.activity.label,
        parameters: sim.activity.parameters,
        seed: sim.activity.seed,
        ownerId: target.ownerId,
        startedAt: sim.activity.started,
      });
      await this.provenance.recordRun(tx, activity, { generated: [dataset.id] });
      const made = { dataset: await repo.findOneByOrFail({ id: dataset.id }), activity };
      // Last, so the job's row lock is held only for the commit itself.
      await onCommit?.(tx, made);
      return made;
    });
  }
}
