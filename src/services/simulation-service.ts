import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { Dataset, DataFile, type JobRun } from "../entities";
import { findFormat } from "../formats";
import { computeLimits } from "../workers/jobs/compute-thread";
import { runSimulationSteps } from "../workers/jobs/run-steps";
import type { ObjectStore } from "../storage/object-store";
import type { JobService } from "../jobs/job-service";
import { simulationJob } from "../jobs/kinds/simulation";
import type { DatasetTarget, SimulationResult, SimulationTarget } from "../simulations/simulation-target";
import { SIMULATION_KINDS } from "../simulations/registry";
import type { Attachment, SimulatedDataset, SimulationInput, SimulationKind } from "../simulations/simulation-kind";
import type { CommitHook } from "./commit-hook";
import type { CurveService } from "./curve-service";
import { MAX_IMAGES_PER_WRITE, type DetectorImageService } from "./detector-image-service";
import type { ProvenanceService } from "./provenance-service";
import type { Viewer } from "./viewer";
import { groupsByName } from "./groups";
import { badInput, unauthenticated } from "./errors";

export type Progress = (fraction: number, message: string) => Promise<void> | void;

/** GraphQL gives null for an absent nullable field; the input tables say "absent". */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
  return out;
}

/**
 * Simulations of every kind (src/simulations/registry.ts), one code path: a request's kind is looked
 * up by its input field and queued as that kind's job; a run computes the kind's steps on worker
 * threads, then writes the dataset, its curves, files, activity and provenance in one transaction,
 * so a failed or cancelled run leaves nothing.
 */
export class SimulationService {
  constructor(
    private readonly db: DataSource,
    private readonly curves: CurveService,
    private readonly provenance: ProvenanceService,
    private readonly store: ObjectStore,
    private readonly jobs: JobService,
    private readonly images?: DetectorImageService,
  ) {}

  /** startSimulation: queue a job of the one kind the request asks for (its input checked first). */
  start(viewer: Viewer, request: DatasetTarget & object): Promise<JobRun> {
    // The dataset's fields and exactly one kind's input field (GraphQL's coerced object).
    const fields: Record<string, unknown> = { ...request };
    if (!viewer.userId) throw unauthenticated("sign in to run simulations");
    const offered = SIMULATION_KINDS.filter((k) => k.inputField !== null);
    const asked = offered.filter((k) => fields[k.inputField!] !== undefined && fields[k.inputField!] !== null);
    if (asked.length !== 1) throw badInput(`give exactly one kind of simulation: ${offered.map((k) => k.inputField).join(", ")}`, "input");
    const kind = asked[0];
    const given = withoutNulls(fields[kind.inputField!]) as Record<string, unknown>;
    const target: DatasetTarget = {
      title: request.title,
      description: request.description ?? undefined,
      technique: request.technique,
      keywords: request.keywords ?? undefined,
      accessGroups: request.accessGroups ?? undefined,
      publish: request.publish ?? undefined,
    };
    // Not trusted yet: enqueue checks it against the kind's table before anything is written.
    const input = (kind.fromRequest ? kind.fromRequest(given) : given) as Record<string, unknown>;
    return this.jobs.enqueue(viewer, simulationJob(kind), { target, input });
  }

  /**
   * Run a simulation here and now (jobs, the demo seed, shipped models' training data): the kind's
   * steps on worker threads, then one transaction. `input` must have passed the kind's checks.
   */
  async run<K extends SimulationKind>(
    kind: K,
    input: SimulationInput<K>,
    target: SimulationTarget,
    progress: Progress = () => undefined,
    signal?: AbortSignal,
    onCommit?: CommitHook<SimulationResult>,
  ): Promise<SimulationResult> {
    const started = new Date();
    const threads = computeLimits().threadsPerJob;
    const steps = kind.steps(input, threads);
    const results = await runSimulationSteps(kind, steps, kind.concurrentSteps ? threads : 1, progress, signal);
    const sim = kind.toDataset(input, results);
    const images = sim.images ?? [];
    // Checked before anything is written (the kind's own fault, said as such).
    // A simulation may make more images than one write takes: checked and stored in writes of MAX_IMAGES_PER_WRITE.
    for (let k = 0; k < images.length; k += MAX_IMAGES_PER_WRITE) this.imageService().validate(images.slice(k, k + MAX_IMAGES_PER_WRITE));
    await progress(0.9, `writing ${sim.records.length} curve(s)${images.length > 0 ? ` and ${images.length} detector image(s)` : ""}`);
    return this.write(onCommit, target, sim, started);
  }

  private async write(onCommit: CommitHook<SimulationResult> | undefined, target: SimulationTarget, sim: SimulatedDataset, started: Date) {
    // Files go to object storage first; if the transaction then fails, they are removed again
    // (and so are the objects of detector images written inside it).
    const stored = [];
    const imageKeys: string[] = [];
    const batch = randomUUID();
    try {
      for (const f of sim.files ?? []) {
        const key = `simulations/${batch}/${f.filename}`;
        // The content type of the recorded format (the format table's), the one its download link carries.
        stored.push({ ...f, ...(await this.store.put(key, f.body, findFormat(f.format)?.contentType)) });
      }
      return await this.writeRecords(target, sim, started, stored, imageKeys, onCommit);
    } catch (err) {
      await this.store.removeQuietly([...stored.map((f) => f.key), ...imageKeys]);
      throw err;
    }
  }

  private imageService(): DetectorImageService {
    if (!this.images) throw new Error("this simulation kind makes detector images, but the service was built without DetectorImageService");
    return this.images;
  }

  private writeRecords(
    target: SimulationTarget,
    sim: SimulatedDataset,
    started: Date,
    files: (Attachment & { key: string; bucket: string; size: number; sha256: string })[],
    imageKeys: string[],
    onCommit?: CommitHook<SimulationResult>,
  ) {
    return this.db.transaction(async (tx) => {
      const groups = await groupsByName(tx, target.accessGroups ?? []);
      const repo = tx.getRepository(Dataset);
      const dataset = await repo.save(
        repo.create({
          kind: sim.datasetKind ?? "SIMULATED",
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
      const images = sim.images ?? [];
      for (let k = 0; k < images.length; k += MAX_IMAGES_PER_WRITE) {
        await this.imageService().storeDetectorImages(tx, dataset, images.slice(k, k + MAX_IMAGES_PER_WRITE), imageKeys);
      }
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
        kind: sim.activity.kind ?? "SIMULATION",
        label: sim.activity.label,
        parameters: sim.activity.parameters,
        seed: sim.activity.seed,
        ownerId: target.ownerId,
        startedAt: started,
      });
      await this.provenance.recordRun(tx, activity, { generated: [dataset.id] });
      const made: SimulationResult = { dataset: await repo.findOneByOrFail({ id: dataset.id }), activity, ...(sim.report ? { report: sim.report } : {}) };
      // Last, so the job's row lock is held only for the commit itself.
      await onCommit?.(tx, made);
      return made;
    });
  }
}
