import type { DataSource } from "typeorm";
import { Dataset } from "../entities";
import type { Technique } from "../entities/dataset";
import type { CurveRecord } from "../formats/curve";
import { runSasSweep, sweepPoints, type SasSweepSpec } from "../compute/sas-sweep";
import { evaluate, SasInputError } from "../compute/sas";
import { SamplingError } from "../compute/sampling";
import type { CatalogueService } from "./catalogue-service";
import type { CurveService } from "./curve-service";
import type { ProvenanceService } from "./provenance-service";
import { AuthService } from "./auth-service";
import { badInput, tooLarge } from "./errors";

export interface SimulationTarget {
  ownerId: string;
  title: string;
  description?: string;
  technique: Technique;
  keywords?: string[];
  accessGroups?: string[];
  publish?: boolean;
  instrumentId?: string | null;
  sampleId?: string | null;
}

export type Progress = (fraction: number, message: string) => Promise<void> | void;

/** Most curves one sweep may make (they are written in one transaction). */
export const MAX_SWEEP_CURVES = 100_000;

/**
 * Simulations that produce SIMULATED datasets. Curves are computed first and written with the
 * dataset, its activity and provenance in one transaction: a failed or cancelled run leaves nothing.
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
    let points;
    try {
      if (spec.count > MAX_SWEEP_CURVES) throw tooLarge(`count ${spec.count} is over the limit of ${MAX_SWEEP_CURVES} curves per sweep`, "count");
      points = sweepPoints(spec);
      if (points.length > MAX_SWEEP_CURVES) throw tooLarge(`the sweep makes ${points.length} curves, over the limit of ${MAX_SWEEP_CURVES}`, "count");
      evaluate(spec.model, points[0], spec.q.subarray(0, Math.min(2, spec.q.length)), { structureFactorMode: spec.structureFactorMode });
    } catch (err) {
      if (err instanceof SasInputError || err instanceof SamplingError) throw badInput(err.message, err.field);
      throw err;
    }
  }

  async runSasSweep(spec: SasSweepSpec, target: SimulationTarget, progress: Progress = () => undefined, signal?: AbortSignal) {
    const started = new Date();
    const total = sweepPoints(spec).length;
    const records: CurveRecord[] = [];
    let k = 0;
    for (const curve of runSasSweep(spec)) {
      if (signal?.aborted) throw new Error("cancelled");
      records.push({
        q: spec.q,
        intensity: curve.I,
        dI: curve.dI,
        dQ: curve.dQ,
        qUnit: "INV_ANGSTROM",
        intensityUnit: "INV_CM",
        parameters: curve.parameters,
      });
      k++;
      if (k % 200 === 0 || k === total) await progress((0.9 * k) / total, `computed ${k} of ${total} curves`);
    }
    await progress(0.9, `writing ${total} curves`);
    return this.db.transaction(async (tx) => {
      const auth = new AuthService(tx.connection);
      const groups = await auth.groupsByName(target.accessGroups ?? []);
      const repo = tx.getRepository(Dataset);
      const dataset = await repo.save(
        repo.create({
          kind: "SIMULATED",
          technique: target.technique,
          title: target.title,
          description: target.description ?? `${total} curves of ${spec.model}, ${spec.sampling.toLowerCase().replace("_", " ")} sampling, seed ${spec.seed}`,
          keywords: target.keywords ?? ["simulation", ...spec.model.split("@")],
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
          ownerId: target.ownerId,
          accessGroupIds: groups.map((g) => g.id),
          published: target.publish ?? false,
          instrumentId: target.instrumentId ?? null,
          sampleId: target.sampleId ?? null,
        }),
      );
      await this.curves.appendInTransaction(tx, dataset, records);
      const activity = await this.provenance.createActivity(tx, {
        kind: "SIMULATION",
        label: `sweep of ${spec.model} (${total} curves)`,
        parameters: {
          model: spec.model,
          parameters: spec.parameters,
          ranges: spec.ranges,
          sampling: spec.sampling,
          count: spec.count,
          q: { min: spec.q[0], max: spec.q[spec.q.length - 1], points: spec.q.length },
          resolution: spec.resolution ?? null,
          countsPerUnit: spec.countsPerUnit ?? null,
          structureFactorMode: spec.structureFactorMode ?? "plain",
          engine: "sasgraph src/compute/sas (double precision, single thread)",
        },
        seed: spec.seed,
        ownerId: target.ownerId,
        startedAt: started,
      });
      await this.provenance.recordRun(tx, activity, { generated: [dataset.id] });
      return { dataset: await repo.findOneByOrFail({ id: dataset.id }), activity };
    });
  }
}
