/**
 * A job whose worker process is killed (SIGKILL: no cleanup, no goodbye) is retried by pg-boss once
 * its heartbeat stops, completes exactly once on another worker, and its subscribers get the end.
 */
import type { ChildProcess } from "node:child_process";
import { startDeadLetterWorker, startWorkers } from "../../src/jobs/worker";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { CHILD_WORKER_JOB_ENV as JOB_ENV, startChildWorker, until } from "../support/child-worker";

jest.setTimeout(300_000);

let t: TestPlatform;
let child: ChildProcess | undefined;

beforeAll(async () => {
  // No workers here yet: the first attempt can only be the child's.
  t = await startTestPlatform({ workers: 0, env: JOB_ENV });
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await t?.close();
});

test("a job whose worker dies in every attempt ends FAILED, and its subscribers see it", async () => {
  const token = await t.token("unlucky");
  const started = await t.gql<{ startSimulation: { id: string } }>(
    `mutation { startSimulation(input: {title: "never finishes", sasModel: {model: "sphere", parameters: {sld: 1, sld_solvent: 2},
        ranges: [], count: 1, seed: 1, q: {min: 0.01, max: 0.1, points: 5}}}) { id } }`,
    {},
    token,
  );
  expect(started.errors).toBeUndefined();
  const id = started.data!.startSimulation.id;
  const seen: string[] = [];
  const watching = (async () => {
    for await (const run of t.services.jobs.watch(id)) seen.push(run.state);
  })();
  await startDeadLetterWorker(t.services.jobs);
  const boss = t.services.jobs.boss;
  // Each attempt: a "worker" claims the job and starts it, then never reports again (as if killed).
  for (let attempt = 0; attempt <= t.services.jobs.options.retryLimit; attempt++) {
    let job: { id: string; retryCount: number } | undefined;
    await until(async () => {
      [job] = await boss.fetch("simulation-sas");
      return job !== undefined;
    });
    expect(job!.id).toBe(id);
    expect(job!.retryCount).toBe(attempt);
    expect(await t.services.jobs.claim(id, attempt)).toBe(true);
  }
  const done = await t.services.jobs.waitFor(id, 240_000);
  await watching;
  expect(done.state).toBe("FAILED");
  expect(done.message).toMatch(/stopped in each of its 3 attempts/);
  expect(seen[seen.length - 1]).toBe("FAILED");
});

test("kill -9 of the worker running a job: the job is retried, succeeds once, one dataset, subscribers see the end", async () => {
  const token = await t.token("survivor");
  const title = "survives its worker";
  // Tens of seconds of work, so the kill lands while it computes.
  const started = await t.gql<{ startSimulation: { id: string } }>(
    `mutation($input: StartSimulationInput!) { startSimulation(input: $input) { id } }`,
    {
      input: {
        title,
        sasModel: {
          model: "sphere",
          parameters: { sld: 3.47, sld_solvent: 6.36, radius_pd_type: "gaussian", radius_pd_n: 200 },
          ranges: [
            { name: "radius", min: 20, max: 60 },
            { name: "radius_pd", min: 0.05, max: 0.2 },
          ],
          sampling: "LATIN_HYPERCUBE",
          count: 2500,
          seed: 11,
          q: { min: 0.005, max: 0.4, points: 200 },
        },
      },
    },
    token,
  );
  expect(started.errors).toBeUndefined();
  const id = started.data!.startSimulation.id;
  const row = async () =>
    (
      (await t.services.db.query(`SELECT state, attempt, progress FROM job_runs WHERE id = $1`, [id])) as { state: string; attempt: number; progress: number }[]
    )[0];

  // Subscribed before anything happens; it must see the terminal state however the job gets there.
  const seen: string[] = [];
  const watching = (async () => {
    for await (const run of t.services.jobs.watch(id)) seen.push(run.state);
  })();

  child = await startChildWorker(t);
  await until(async () => (await row()).state === "RUNNING");
  expect((await row()).attempt).toBe(0);
  child.kill("SIGKILL");
  await new Promise((r) => child!.once("exit", r));
  expect(child.signalCode).toBe("SIGKILL");
  // Still RUNNING: nobody told the database the worker died.
  expect((await row()).state).toBe("RUNNING");

  // A worker here takes the retry once pg-boss's supervisor sees the heartbeat stop.
  await startWorkers(t.services, 1);
  const done = await t.services.jobs.waitFor(id, 240_000);
  await watching;

  expect(done.state).toBe("SUCCEEDED");
  expect(done.attempt).toBe(1);
  expect(seen[seen.length - 1]).toBe("SUCCEEDED");
  const [{ n }] = (await t.services.db.query(`SELECT count(*)::int AS n FROM datasets WHERE title = $1`, [title])) as { n: number }[];
  expect(n).toBe(1);
  const datasetId = (done.result as { datasetIds: string[] }).datasetIds[0];
  const [{ curves }] = (await t.services.db.query(`SELECT count(*)::int AS curves FROM curves WHERE dataset_id = $1`, [datasetId])) as { curves: number }[];
  expect(curves).toBe(2500);
  const [{ activities }] = (await t.services.db.query(`SELECT count(*)::int AS activities FROM activities WHERE label LIKE 'sweep of sphere%'`)) as {
    activities: number;
  }[];
  expect(activities).toBe(1);
  const job = await t.services.jobs.boss.getJobById("simulation-sas", id);
  expect(job?.state).toBe("completed");
  expect(job?.retryCount).toBe(1);
});
