/**
 * cancelJob stops the job: the row stays CANCELLED, the handler (and its compute thread) stops, and
 * nothing it made is written; a cancelled long job frees its worker slot for the next job.
 */
import { sasModel, sasModelInput } from "../../src/simulations/kinds/sas-model";
import { startTestPlatform, type TestPlatform } from "../support/platform";

let t: TestPlatform;
let token: string;

beforeAll(async () => {
  // One worker slot: a job after a cancelled one can only run once the cancelled one let go.
  t = await startTestPlatform({ workers: 1 });
  token = await t.token("canceller");
});
afterAll(async () => {
  await t?.close();
});

const START = `mutation($input: StartSimulationInput!) { startSimulation(input: $input) { id state } }`;
const CANCEL = `mutation($id: ID!) { cancelJob(id: $id) { id state } }`;

/** Poll until `ok` holds (no timed assertion: the test's own timeout is the bound). */
async function until(ok: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await ok())) await new Promise((r) => setTimeout(r, 100));
}

async function start(input: Record<string, unknown>): Promise<string> {
  const r = await t.gql<{ startSimulation: { id: string } }>(START, { input }, token);
  expect(r.errors).toBeUndefined();
  return r.data!.startSimulation.id;
}

async function row(id: string) {
  const [r] = (await t.services.db.query(`SELECT state, progress, attempt, result FROM job_runs WHERE id = $1`, [id])) as {
    state: string;
    progress: number;
    attempt: number;
    result: unknown;
  }[];
  return r;
}

async function datasetsTitled(title: string): Promise<number> {
  const [{ n }] = (await t.services.db.query(`SELECT count(*)::int AS n FROM datasets WHERE title = $1`, [title])) as { n: number }[];
  return n;
}

/** A sweep of minutes: 20 000 curves with 300 polydispersity points each. */
const LONG_SWEEP = (title: string) => ({
  title,
  sasModel: {
    model: "sphere",
    parameters: { sld: 3.47, sld_solvent: 6.36, radius_pd_type: "gaussian", radius_pd_n: 300 },
    ranges: [
      { name: "radius", min: 20, max: 60 },
      { name: "radius_pd", min: 0.05, max: 0.2 },
    ],
    sampling: "LATIN_HYPERCUBE",
    count: 20000,
    seed: 3,
    q: { min: 0.005, max: 0.4, points: 200 },
  },
});

test("a cancelled running sweep stays CANCELLED, stops, and writes no dataset", async () => {
  const title = "cancelled sweep";
  const id = await start(LONG_SWEEP(title));
  // Running, with progress from the compute thread: the computation is under way.
  await until(async () => (await row(id)).progress > 0);
  expect((await row(id)).state).toBe("RUNNING");
  expect(t.services.jobs.isRunning(id)).toBe(true);

  const cancelled = await t.gql<{ cancelJob: { state: string } }>(CANCEL, { id }, token);
  expect(cancelled.errors).toBeUndefined();
  expect(cancelled.data!.cancelJob.state).toBe("CANCELLED");

  // The handler returns (its thread was terminated) long before the sweep could have finished.
  await until(() => !t.services.jobs.isRunning(id));
  const after = await row(id);
  expect(after.state).toBe("CANCELLED");
  expect(after.result).toBeNull();
  expect(await datasetsTitled(title)).toBe(0);
  const activities = (await t.services.db.query(
    `SELECT count(*)::int AS n FROM activities WHERE label LIKE 'sweep of sphere%' AND started_at >= now() - interval '1 hour'`,
  )) as { n: number }[];
  expect(activities[0].n).toBe(0);
  // pg-boss no longer holds it either: nothing will run it again.
  const job = await t.services.jobs.boss.getJobById("simulation-sas", id);
  expect(job?.state).toBe("cancelled");

  // Cancelling again is refused: it has ended.
  const again = await t.gql(CANCEL, { id }, token);
  expect(again.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
});

test("a cancelled hard-sphere job frees its queue: the next job runs and succeeds", async () => {
  const long = await start({
    title: "long hard spheres",
    hardSpheres: { distribution: "UNIFORM", sigma: 0, eta: 0.4, n: 4000, configurations: 1000, seed: 1, qCount: 50, directions: 2000 },
  });
  await until(async () => (await row(long)).state === "RUNNING");
  const cancelled = await t.gql<{ cancelJob: { state: string } }>(CANCEL, { id: long }, token);
  expect(cancelled.data?.cancelJob.state).toBe("CANCELLED");

  const next = await start({
    title: "short hard spheres",
    hardSpheres: { distribution: "UNIFORM", sigma: 0, eta: 0.2, n: 64, configurations: 2, seed: 2, qCount: 8, directions: 20 },
  });
  const done = await t.services.jobs.waitFor(next, 120_000);
  expect(done.state).toBe("SUCCEEDED");
  expect((await row(long)).state).toBe("CANCELLED");
  expect(await datasetsTitled("long hard spheres")).toBe(0);
  expect(await datasetsTitled("short hard spheres")).toBe(1);
});

test("a job cancelled while queued never starts", async () => {
  // The slot is taken by a long sweep, so the second job waits in the queue.
  const blocker = await start(LONG_SWEEP("blocker"));
  await until(async () => (await row(blocker)).state === "RUNNING");
  const queued = await start({ ...LONG_SWEEP("queued then cancelled"), title: "queued then cancelled" });
  expect((await row(queued)).state).toBe("QUEUED");
  expect((await t.gql<{ cancelJob: { state: string } }>(CANCEL, { id: queued }, token)).data?.cancelJob.state).toBe("CANCELLED");
  expect((await t.gql<{ cancelJob: { state: string } }>(CANCEL, { id: blocker }, token)).data?.cancelJob.state).toBe("CANCELLED");
  await until(() => !t.services.jobs.isRunning(blocker));
  // A short job queued after both runs, so the queue has moved past the cancelled one.
  const last = await start({
    ...LONG_SWEEP("after"),
    sasModel: { ...LONG_SWEEP("x").sasModel, count: 2, parameters: { sld: 1, sld_solvent: 2 } },
    title: "after",
  });
  expect((await t.services.jobs.waitFor(last, 120_000)).state).toBe("SUCCEEDED");
  expect((await row(queued)).state).toBe("CANCELLED");
  expect(await datasetsTitled("queued then cancelled")).toBe(0);
  expect(await datasetsTitled("blocker")).toBe(0);
});

describe("the result and SUCCEEDED commit together, under the job's row lock", () => {
  const spec = () => ({
    model: "sphere",
    parameters: { sld: 1, sld_solvent: 2, radius: 30 },
    ranges: [],
    sampling: "RANDOM" as const,
    count: 1,
    seed: 1,
    q: Float64Array.from([0.01, 0.02, 0.05]),
  });

  async function runningRow(): Promise<{ id: string; ownerId: string }> {
    const [user] = (await t.services.db.query(`SELECT id FROM users WHERE name = 'canceller'`)) as { id: string }[];
    const [{ id }] = (await t.services.db.query(
      `INSERT INTO job_runs (id, queue, owner_id, state, progress, message, input, attempt) VALUES (gen_random_uuid(), 'simulation-sas', $1, 'RUNNING', 0, '', '{}', 0) RETURNING id`,
      [user.id],
    )) as { id: string }[];
    return { id, ownerId: user.id };
  }

  test("a job cancelled before its write commits writes nothing", async () => {
    const { id, ownerId } = await runningRow();
    await t.services.db.query(`UPDATE job_runs SET state = 'CANCELLED' WHERE id = $1`, [id]);
    const title = "cancelled before commit";
    await expect(
      t.services.simulations.run(sasModel, sasModelInput(spec()), { title, technique: "SANS", ownerId }, undefined, undefined, (tx, made) =>
        t.services.jobs.commitSucceeded(tx, id, 0, { datasetIds: [made.dataset.id] }),
      ),
    ).rejects.toThrow(/cancelled/);
    expect(await datasetsTitled(title)).toBe(0);
    expect((await row(id)).state).toBe("CANCELLED");
  });

  test("an older attempt's write is refused once a retry owns the job", async () => {
    const { id, ownerId } = await runningRow();
    await t.services.db.query(`UPDATE job_runs SET attempt = 1 WHERE id = $1`, [id]);
    const title = "superseded attempt";
    await expect(
      t.services.simulations.run(sasModel, sasModelInput(spec()), { title, technique: "SANS", ownerId }, undefined, undefined, (tx, made) =>
        t.services.jobs.commitSucceeded(tx, id, 0, { datasetIds: [made.dataset.id] }),
      ),
    ).rejects.toThrow(/no longer this attempt/);
    expect(await datasetsTitled(title)).toBe(0);
  });

  test("a cancel arriving during the commit waits for it and finds the job ended", async () => {
    const { id, ownerId } = await runningRow();
    const viewer = { userId: ownerId, userName: "canceller", groupIds: [] };
    let cancel: Promise<unknown> | undefined;
    const title = "cancel during commit";
    await t.services.simulations.run(sasModel, sasModelInput(spec()), { title, technique: "SANS", ownerId }, undefined, undefined, async (tx, made) => {
      await t.services.jobs.commitSucceeded(tx, id, 0, { datasetIds: [made.dataset.id] });
      // From another connection, while this transaction holds the row: it blocks until the commit.
      cancel = t.services.jobs.cancel(viewer, id).then(
        () => "cancelled",
        (err: Error) => err.message,
      );
      await new Promise((r) => setTimeout(r, 200));
    });
    expect(await cancel).toMatch(/already ended \(SUCCEEDED\)/);
    expect((await row(id)).state).toBe("SUCCEEDED");
    expect(await datasetsTitled(title)).toBe(1);
  });
});
