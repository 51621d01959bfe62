import { randomUUID } from "node:crypto";
import { Client } from "pg";
import type { DataSource } from "typeorm";
import type { PgBoss as PgBossType } from "pg-boss";
import type { QueryDeepPartialEntity } from "typeorm";
import { JobRun } from "../entities";
import type { JobState } from "../entities/job-run";
import { badInput, DomainError, notFound } from "../services/errors";
import { isUuid } from "../services/catalogue-service";
import type { Viewer } from "../services/viewer";
import type { JobHandler } from "./job-handler";
import type { ScheduledJob } from "./scheduled-job";

const CHANNEL = "sasgraph_job_progress";
const TERMINAL: JobState[] = ["SUCCEEDED", "FAILED", "CANCELLED"];

type PgBossConstructor = new (options: { connectionString: string; schema?: string; application_name?: string; max?: number }) => PgBossType;

function loadPgBoss(): PgBossConstructor {
  // pg-boss is ESM-only; Node 20.19+ require()s it (and jest transforms it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("pg-boss") as { PgBoss: PgBossConstructor }).PgBoss;
}

/**
 * Work that takes time runs on pg-boss in the same PostgreSQL. Each job also has a `job_runs` row
 * that carries what users see (state, progress, message, result); progress changes are announced
 * with NOTIFY so every API process can push them to its subscribers.
 */
export class JobService {
  readonly boss: PgBossType;
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly scheduledJobs = new Map<string, ScheduledJob>();
  private listener?: Client;
  private readonly watchers = new Map<string, Set<() => void>>();
  /** Set when the process shuts down: connection errors are expected then, not news. */
  private stopping = false;

  constructor(
    private readonly db: DataSource,
    private readonly databaseUrl: string,
  ) {
    const PgBoss = loadPgBoss();
    this.boss = new PgBoss({ connectionString: databaseUrl, schema: "pgboss", application_name: "sasgraph", max: 4 });
    this.boss.on("error", (err: Error) => {
      if (!this.stopping) console.error(`[jobs] ${err.message}`);
    });
  }

  register<I>(handler: JobHandler<I>): void {
    this.handlers.set(handler.queue, handler as JobHandler<unknown>);
  }

  handler(queue: string): JobHandler<unknown> {
    const h = this.handlers.get(queue);
    if (!h) throw new Error(`no handler registered for queue ${queue}`);
    return h;
  }

  get queues(): string[] {
    return [...this.handlers.keys()];
  }

  registerScheduled(job: ScheduledJob): void {
    this.scheduledJobs.set(job.queue, job);
  }

  get scheduled(): ScheduledJob[] {
    return [...this.scheduledJobs.values()];
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const queue of this.handlers.keys()) {
      if (!(await this.boss.getQueue(queue))) await this.boss.createQueue(queue).catch(() => undefined);
    }
    for (const job of this.scheduledJobs.values()) {
      // "stately": at most one run queued and one active, however long a run takes.
      if (!(await this.boss.getQueue(job.queue))) await this.boss.createQueue(job.queue, { policy: "stately" }).catch(() => undefined);
      // Schedules live in the database: every process writes the same one (an idempotent upsert).
      if (job.cron) await this.boss.schedule(job.queue, job.cron, null, { retryLimit: 0, expireInSeconds: 3600 });
      else await this.boss.unschedule(job.queue);
    }
    this.listener = new Client({ connectionString: this.databaseUrl });
    // A lost listener only delays subscribers to the watch() polling floor; never crash on it.
    this.listener.on("error", (err) => {
      if (!this.stopping) console.error(`[jobs] progress listener: ${err.message}`);
    });
    await this.listener.connect();
    this.listener.on("notification", (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      for (const wake of this.watchers.get(msg.payload) ?? []) wake();
    });
    await this.listener.query(`LISTEN ${CHANNEL}`);
  }

  /** Called as soon as shutdown starts (the embedded database may already be going away). */
  beginShutdown(): void {
    this.stopping = true;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.listener?.end().catch(() => undefined);
    await this.boss.stop({ graceful: true, timeout: 10_000, close: true }).catch(() => undefined);
  }

  /** Validate, record and queue a job for the viewer; returns its status row at once. */
  async enqueue(viewer: Viewer, queue: string, rawInput: unknown): Promise<JobRun> {
    const handler = this.handler(queue);
    const input = handler.validate(rawInput) as Record<string, unknown>;
    const id = randomUUID();
    const repo = this.db.getRepository(JobRun);
    const run = await repo.save(repo.create({ id, queue, ownerId: viewer.userId, state: "QUEUED", progress: 0, message: "queued", input }));
    try {
      await this.boss.send(queue, { input, ownerId: viewer.userId }, { id, retryLimit: 0, expireInSeconds: handler.expireInSeconds ?? 7200 });
    } catch (err) {
      await repo.delete({ id });
      throw new DomainError("UNAVAILABLE", `the job queue is unavailable: ${(err as Error).message}`);
    }
    return run;
  }

  /** A job the viewer started; anyone else's (and any for anonymous callers) is NOT_FOUND. */
  async get(viewer: Viewer, id: string): Promise<JobRun> {
    if (!isUuid(id)) throw notFound("job", id);
    const run = await this.db.getRepository(JobRun).findOneBy({ id });
    if (!run || !viewer.userId || run.ownerId !== viewer.userId) throw notFound("job", id);
    return run;
  }

  async cancel(viewer: Viewer, id: string): Promise<JobRun> {
    const run = await this.get(viewer, id);
    if (TERMINAL.includes(run.state)) throw badInput(`job ${id} has already ended (${run.state})`, "id");
    await this.boss.cancel(run.queue, id).catch(() => undefined);
    await this.update(id, { state: "CANCELLED", message: "cancelled" });
    return this.get(viewer, id);
  }

  /** Write status fields and announce the change. */
  async update(id: string, fields: Partial<Pick<JobRun, "state" | "progress" | "message" | "result" | "error" | "activityId">>): Promise<void> {
    // jsonb columns typed as records trip TypeORM's deep-partial type; the fields are plain values.
    await this.db.getRepository(JobRun).update({ id }, fields as QueryDeepPartialEntity<JobRun>);
    await this.db.query(`SELECT pg_notify($1, $2)`, [CHANNEL, id]);
  }

  /**
   * The job's status now, then after every change, until it ends. The caller must already be
   * allowed to see it.
   */
  async *watch(id: string, signal?: AbortSignal): AsyncGenerator<JobRun> {
    let pending = true;
    let wake: (() => void) | undefined;
    const onChange = () => {
      pending = true;
      wake?.();
    };
    if (!this.watchers.has(id)) this.watchers.set(id, new Set());
    this.watchers.get(id)!.add(onChange);
    try {
      while (!signal?.aborted) {
        if (!pending) {
          // Wait for a notification, polling every few seconds as a floor (a missed NOTIFY
          // cannot stall a subscriber).
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 3000);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
        pending = false;
        const run = await this.db.getRepository(JobRun).findOneBy({ id });
        if (!run) return;
        yield run;
        if (TERMINAL.includes(run.state)) return;
      }
    } finally {
      this.watchers.get(id)?.delete(onChange);
      if (this.watchers.get(id)?.size === 0) this.watchers.delete(id);
    }
  }

  /** Wait until the job ends (tests and the CLI). */
  async waitFor(id: string, timeoutMs = 600_000): Promise<JobRun> {
    const deadline = AbortSignal.timeout(timeoutMs);
    let last: JobRun | undefined;
    for await (const run of this.watch(id, deadline)) last = run;
    if (!last || !TERMINAL.includes(last.state)) throw new Error(`job ${id} did not finish within ${timeoutMs} ms`);
    return last;
  }
}
