import type { DataSource } from "typeorm";
import { Dataset } from "../entities";
import type { Technique } from "../entities/dataset";
import type { CurveRecord } from "../formats/curve";
import { sweepPoints, type SasSweepSpec } from "../compute/sas-sweep";
import { evaluate, SasInputError } from "../compute/sas";
import { sampleParameters, SamplingError, type ParameterRange, type SamplingMethod } from "../compute/sampling";
import { resolveColloidSpec, ColloidSpecError, type ShearedColloidSpec } from "../compute/particles/colloids";
import { runComputeTask } from "../jobs/compute-thread";
import type { CatalogueService } from "./catalogue-service";
import type { CurveService } from "./curve-service";
import type { ProvenanceService } from "./provenance-service";
import { AuthService } from "./auth-service";
import { badInput, tooLarge } from "./errors";

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

/** Most curves one sweep may make (they are written in one transaction). */
export const MAX_SWEEP_CURVES = 100_000;
/** Most state points of one particle-simulation sweep. */
export const MAX_STATE_POINTS = 1000;

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

interface SimulatedDataset {
  records: CurveRecord[];
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
  ) {}

  /** Check a sweep before it is queued: sizes, and the model accepts the first parameter set. */
  checkSasSweep(spec: SasSweepSpec): void {
    try {
      if (spec.count > MAX_SWEEP_CURVES) throw tooLarge(`count ${spec.count} is over the limit of ${MAX_SWEEP_CURVES} curves per sweep`, "count");
      const points = sweepPoints(spec);
      if (points.length > MAX_SWEEP_CURVES) throw tooLarge(`the sweep makes ${points.length} curves, over the limit of ${MAX_SWEEP_CURVES}`, "count");
      evaluate(spec.model, points[0], spec.q.subarray(0, Math.min(2, spec.q.length)), { structureFactorMode: spec.structureFactorMode });
    } catch (err) {
      if (err instanceof SasInputError || err instanceof SamplingError) throw badInput(err.message, err.field);
      throw err;
    }
  }

  checkColloidSweep(sweep: StatePointSweep<ShearedColloidSpec>): void {
    try {
      const points = statePoints(sweep, sweep.base.seed);
      if (points.length > MAX_STATE_POINTS) throw tooLarge(`the sweep has ${points.length} state points, over the limit of ${MAX_STATE_POINTS}`, "count");
      for (const p of points) resolveColloidSpec(p);
    } catch (err) {
      if (err instanceof ColloidSpecError) throw badInput(err.message, `shearedColloids.${String(err.field)}`);
      if (err instanceof SamplingError) throw badInput(err.message, `shearedColloids.${err.field}`);
      throw err;
    }
  }

  async runSasSweep(spec: SasSweepSpec, target: SimulationTarget, progress: Progress = () => undefined, signal?: AbortSignal) {
    const started = new Date();
    const curves = await runComputeTask("sasSweep", spec, (f, m) => void progress(0.9 * f, m), signal);
    const dQ = spec.resolution ? spec.q.map((v) => v * spec.resolution!) : null;
    const total = curves.length;
    await progress(0.9, `writing ${total} curves`);
    return this.write(target, {
      records: curves.map((c) => ({ q: spec.q, intensity: c.I, dI: c.dI, dQ, qUnit: "INV_ANGSTROM", intensityUnit: "INV_CM", parameters: c.parameters })),
      description: `${total} curves of ${spec.model}, ${spec.sampling.toLowerCase().replace("_", " ")} sampling, seed ${spec.seed}`,
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
      },
      activity: {
        label: `sweep of ${spec.model} (${total} curves)`,
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
          engine: "sasgraph src/compute/sas (double precision, one worker thread)",
        },
      },
    });
  }

  /**
   * Sheared colloids (paper 003): one curve g(q) per state point (q·R0, reduced), with g(θ), its
   * errors and the mean intensity in the curve's parameters.
   */
  async runShearedColloids(sweep: StatePointSweep<ShearedColloidSpec>, target: SimulationTarget, progress: Progress = () => undefined, signal?: AbortSignal) {
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
    return this.write(target, {
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
        parameters: { kind: "sheared-colloids", base: sweep.base, ranges: sweep.ranges, sampling: sweep.sampling, count: sweep.count, method: "2D Monte Carlo, eq. 1-4 of Ding, Chen & Do (2024)", backend: "typed arrays, one worker thread" },
      },
    });
  }

  private write(target: SimulationTarget, sim: SimulatedDataset) {
    return this.db.transaction(async (tx) => {
      const groups = await new AuthService(tx.connection).groupsByName(target.accessGroups ?? []);
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
      const activity = await this.provenance.createActivity(tx, {
        kind: "SIMULATION",
        label: sim.activity.label,
        parameters: sim.activity.parameters,
        seed: sim.activity.seed,
        ownerId: target.ownerId,
        startedAt: sim.activity.started,
      });
      await this.provenance.recordRun(tx, activity, { generated: [dataset.id] });
      return { dataset: await repo.findOneByOrFail({ id: dataset.id }), activity };
    });
  }
}
