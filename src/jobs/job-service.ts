import { randomUUID } from "node:crypto";
import { Client } from "pg";
import type { DataSource, EntityManager } from "typeorm";
import type { PgBoss as PgBossType } from "pg-boss";
import { JobRun } from "../entities";
import type { JobState } from "../entities/job-run";
import { badInput, DomainError, notFound } from "../services/errors";
import { isUuid } from "../services/catalogue-service";
import type { Viewer } from "../services/viewer";
import type { Static, TSchema } from "@sinclair/typebox";
import { parseInput } from "../services/input-schema";
import { JobCancelledError, type JobKind, type JobOutcome } from "./job-kind";
import type { ScheduledJob } from "./scheduled-job";

/** A job kind with the dependencies the services container gave it. */
export interface RegisteredJob {
  kind: JobKind;
  deps: unknown;
}

export interface RegisteredSchedule {
  job: ScheduledJob;
  deps: unknown;
}

const CHANNEL = "sasgraph_job_progress";
/** Announces a cancellation to every process, so the one running the job stops it at once. */
const CANCEL_CHANNEL = "sasgraph_job_cancel";
const TERMINAL: JobState[] = ["SUCCEEDED", "FAILED", "CANCELLED"];
/** Where pg-boss moves a job whose every attempt failed (its worker died each time). */
export const DEAD_LETTER_QUEUE = "sasgraph.dead-letter";

type PgBossConstructor = new (options: {
  connectionString: string;
  schema?: string;
  application_name?: string;
  max?: number;
  superviseIntervalSeconds?: number;
  monitorIntervalSeconds?: number;
}) => PgBossType;

export interface JobServiceOptions {
  /** A running job's worker refreshes its claim every half of this; a job silent this long is retried. */
  heartbeatSeconds: number;
  /** How often pg-boss looks for jobs whose heartbeat stopped (and for expired ones). */
  monitorSeconds: number;
  /** Retries after a worker died or an infrastructure error (not after a deterministic failure). */
  retryLimit: number;
  /** Seconds before a retry. */
  retryDelaySeconds: number;
}

export const DEFAULT_JOB_OPTIONS: JobServiceOptions = { heartbeatSeconds: 30, monitorSeconds: 30, retryLimit: 2, retryDelaySeconds: 5 };

/** What every queued job carries; `runId` lets the dead-letter copy (a new pg-boss id) find its row. */
export interface QueuedData {
  input: unknown;
  ownerId: string | null;
  runId?: string;
}

/** Rows of a data-modifying statement: wrapped in a CTE so TypeORM returns rows, not [rows, count]. */
async function modified(manager: EntityManager | DataSource, sql: string, params: unknown[]): Promise<{ id: string }[]> {
  return manager.query(`WITH m AS (${sql} RETURNING id) SELECT id FROM m`, params);
}

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
  private readonly kinds = new Map<string, RegisteredJob>();
  private readonly scheduledJobs = new Map<string, RegisteredSchedule>();
  private listener?: Client;
  private readonly watchers = new Map<string, Set<() => void>>();
  /** Jobs running in this process, by id: aborted when a cancellation is announced. */
  private readonly running = new Map<string, AbortController>();
  readonly options: JobServiceOptions;
  /** Set when the process shuts down: connection errors are expected then, not news. */
  private stopping = false;

  constructor(
    private readonly db: DataSource,
    private readonly databaseUrl: string,
    options: Partial<JobServiceOptions> = {},
  ) {
    this.options = { ...DEFAULT_JOB_OPTIONS, ...options };
    if (!(this.options.heartbeatSeconds >= 10)) throw new Error("the job heartbeat must be at least 10 s (pg-boss)");
    const PgBoss = loadPgBoss();
    this.boss = new PgBoss({
      connectionString: databaseUrl,
      schema: "pgboss",
      application_name: "sasgraph",
      max: 4,
      // The supervisor fails jobs whose heartbeat stopped (a killed worker) so they are retried.
      superviseIntervalSeconds: this.options.monitorSeconds,
      monitorIntervalSeconds: this.options.monitorSeconds,
    });
    this.boss.on("error", (err: Error) => {
      if (!this.stopping) console.error(`[jobs] ${err.message}`);
    });
  }

  /** A job kind and what it needs; typed here, where the kind and its dependencies meet. */
  register<S extends TSchema, D>(kind: JobKind<S, D>, deps: D): void {
    if (this.kinds.has(kind.queue)) throw new Error(`two job kinds use the queue ${kind.queue}`);
    this.kinds.set(kind.queue, { kind, deps });
  }

  registered(queue: string): RegisteredJob {
    const r = this.kinds.get(queue);
    if (!r) throw new Error(`no job kind registered for queue ${queue}`);
    return r;
  }

  get queues(): string[] {
    return [...this.kinds.keys()];
  }

  registerScheduled<D>(job: ScheduledJob<D>, deps: D): void {
    this.scheduledJobs.set(job.queue, { job, deps });
  }

  get scheduled(): RegisteredSchedule[] {
    return [...this.scheduledJobs.values()];
  }

  /**
   * A queued input as its kind's type: the schema (BAD_USER_INPUT naming the field), then the kind's
   * own checks. Run when a job is asked for and again when a worker dequeues it.
   */
  validate({ kind, deps }: RegisteredJob, raw: unknown): unknown {
    const input = kind.parse ? kind.parse(raw) : parseInput(kind.input, raw, "");
    kind.check?.(input, deps);
    return input;
  }

  async start(): Promise<void> {
    await this.boss.start();
    // First: jobs name it as their dead-letter queue, and pg-boss copies into existing queues only.
    if (!(await this.boss.getQueue(DEAD_LETTER_QUEUE))) await this.boss.createQueue(DEAD_LETTER_QUEUE).catch(() => undefined);
    for (const queue of this.kinds.keys()) {
      if (!(await this.boss.getQueue(queue))) await this.boss.createQueue(queue).catch(() => undefined);
    }
    for (const { job } of this.scheduledJobs.values()) {
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
      if (!msg.payload) return;
      if (msg.channel === CANCEL_CHANNEL) this.running.get(msg.payload)?.abort(new JobCancelledError());
      if (msg.channel !== CHANNEL && msg.channel !== CANCEL_CHANNEL) return;
      for (const wake of this.watchers.get(msg.payload) ?? []) wake();
    });
    await this.listener.query(`LISTEN ${CHANNEL}`);
    await this.listener.query(`LISTEN ${CANCEL_CHANNEL}`);
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

  /** Validate, record and queue a job of `kind` for the viewer; returns its status row at once. */
  async enqueue<S extends TSchema>(viewer: Viewer, kind: Pick<JobKind<S>, "queue" | "input">, rawInput: Static<S>): Promise<JobRun> {
    const queue = kind.queue;
    const registered = this.registered(queue);
    const input = this.validate(registered, rawInput) as Record<string, unknown>;
    const id = randomUUID();
    const repo = this.db.getRepository(JobRun);
    const run = await repo.save(repo.create({ id, queue, ownerId: viewer.userId, state: "QUEUED", progress: 0, message: "queued", input }));
    try {
      const data: QueuedData = { input, ownerId: viewer.userId, runId: id };
      await this.boss.send(queue, data, {
        id,
        // A worker that dies (no heartbeat) or meets an infrastructure error gets the job retried;
        // when every attempt failed, pg-boss moves it to the dead-letter queue, whose worker ends the row.
        retryLimit: registered.kind.policy.retryLimit ?? this.options.retryLimit,
        retryDelay: this.options.retryDelaySeconds,
        heartbeatSeconds: this.options.heartbeatSeconds,
        expireInSeconds: registered.kind.policy.expireInSeconds,
        deadLetter: DEAD_LETTER_QUEUE,
      });
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

  /**
   * Cancel in one statement (a job that ended meanwhile is not cancelled), then take it off the
   * queue and tell every process: the one running it aborts the job's signal, which terminates its
   * compute thread. Its final write checks the state under a row lock, so nothing it made lands.
   */
  async cancel(viewer: Viewer, id: string): Promise<JobRun> {
    const run = await this.get(viewer, id);
    const cancelled = await modified(
      this.db,
      `UPDATE job_runs SET state = 'CANCELLED', message = 'cancelled', updated_at = now() WHERE id = $1 AND state IN ('QUEUED', 'RUNNING')`,
      [id],
    );
    if (cancelled.length === 0) {
      const now = await this.get(viewer, id);
      throw badInput(`job ${id} has already ended (${now.state})`, "id");
    }
    await this.boss.cancel(run.queue, id).catch(() => undefined);
    this.running.get(id)?.abort(new JobCancelledError());
    await this.db.query(`SELECT pg_notify($1, $2)`, [CANCEL_CHANNEL, id]);
    return this.get(viewer, id);
  }

  /** Whether a handler of this job is still running in this process (tests, shutdown). */
  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** A job this process runs: its controller is aborted when the job is cancelled anywhere. */
  track(id: string, controller: AbortController): () => void {
    this.running.set(id, controller);
    return () => {
      if (this.running.get(id) === controller) this.running.delete(id);
    };
  }

  /**
   * Start an attempt: the row becomes RUNNING with this attempt's number, unless it was cancelled or
   * has ended (a previous attempt committed its result before its worker died): false then.
   */
  async claim(id: string, attempt: number): Promise<boolean> {
    const rows = await modified(
      this.db,
      `UPDATE job_runs SET state = 'RUNNING', attempt = $2, progress = 0, message = $3, updated_at = now()
       WHERE id = $1 AND state IN ('QUEUED', 'RUNNING') AND attempt <= $2`,
      [id, attempt, attempt === 0 ? "started" : `started again (retry ${attempt}: the previous attempt's worker stopped)`],
    );
    if (rows.length > 0) await this.notify(id);
    return rows.length > 0;
  }

  /** Progress of a running attempt; a cancelled job or a superseded attempt writes nothing. */
  async progress(id: string, attempt: number, progress: number, message?: string): Promise<void> {
    const rows = await modified(
      this.db,
      `UPDATE job_runs SET progress = $3, message = COALESCE($4, message), updated_at = now() WHERE id = $1 AND state = 'RUNNING' AND attempt = $2`,
      [id, attempt, progress, message ?? null],
    );
    if (rows.length > 0) await this.notify(id);
  }

  /** End a job FAILED unless it already ended (never turns CANCELLED or SUCCEEDED back); null: any attempt. */
  async fail(id: string, attempt: number | null, message: string): Promise<boolean> {
    const rows = await modified(
      this.db,
      `UPDATE job_runs SET state = 'FAILED', message = $3, error = $3, updated_at = now()
       WHERE id = $1 AND state IN ('QUEUED', 'RUNNING') AND ($2::int IS NULL OR attempt = $2)`,
      [id, attempt, message],
    );
    if (rows.length > 0) await this.notify(id);
    return rows.length > 0;
  }

  /**
   * A job whose every attempt died reached the dead-letter queue: end its row FAILED, saying so
   * (the copy has a new pg-boss id; `runId` names the row).
   */
  async failDeadLettered(runId: string): Promise<void> {
    const [row] = (await this.db.query(`SELECT attempt FROM job_runs WHERE id = $1`, [runId])) as { attempt: number }[];
    if (!row) return;
    const attempts = row.attempt + 1;
    await this.fail(
      runId,
      null,
      `the worker running this job stopped ${attempts === 1 ? "before it finished" : `in each of its ${attempts} attempts`}; nothing was written`,
    );
  }

  /** End a job that wrote nothing of its own: SUCCEEDED under the row lock, in a transaction of its own. */
  async commitAlone(id: string, attempt: number, outcome: JobOutcome): Promise<void> {
    await this.db.transaction((tx) => this.commitSucceeded(tx, id, attempt, outcome));
  }

  /**
   * Inside the transaction that writes the job's result: lock the row, check it is still this
   * attempt's and RUNNING, mark it SUCCEEDED. Throws JobCancelledError otherwise, rolling the write back.
   */
  async commitSucceeded(tx: EntityManager, id: string, attempt: number, outcome: JobOutcome): Promise<void> {
    const [row] = (await tx.query(`SELECT state, attempt FROM job_runs WHERE id = $1 FOR UPDATE`, [id])) as { state: JobState; attempt: number }[];
    if (!row || row.state !== "RUNNING" || row.attempt !== attempt) {
      throw new JobCancelledError(row?.state === "CANCELLED" ? "the job was cancelled" : `the job is no longer this attempt's (${row?.state ?? "gone"})`);
    }
    await tx.query(
      `UPDATE job_runs SET state = 'SUCCEEDED', progress = 1, message = $2, result = $3::jsonb, activity_id = $4, updated_at = now() WHERE id = $1`,
      [id, outcome.message ?? "done", JSON.stringify(outcome), outcome.activityId ?? null],
    );
    // Delivered at commit, and only if it commits.
    await tx.query(`SELECT pg_notify($1, $2)`, [CHANNEL, id]);
  }

  private async notify(id: string): Promise<void> {
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
