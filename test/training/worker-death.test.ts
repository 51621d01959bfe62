/**
 * A training job whose worker process is killed mid-training (SIGKILL) is retried by pg-boss once
 * its heartbeat stops, trains again from the start on another worker and registers exactly one
 * version; the killed attempt left nothing.
 */
import type { ChildProcess } from "node:child_process";
import { startWorkers } from "../../src/jobs/worker";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { CHILD_WORKER_JOB_ENV as JOB_ENV, startChildWorker, until } from "../support/child-worker";
import { sphereCurves } from "./synthetic";

jest.setTimeout(300_000);

let t: TestPlatform;
let child: ChildProcess | undefined;

beforeAll(async () => {
  t = await startTestPlatform({ workers: 0, env: JOB_ENV });
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await t?.close();
});

test("kill -9 of the worker training a model: retried, one READY version, one TRAINING activity", async () => {
  const token = await t.token("trainer");
  const created = await t.gql<{ createDataset: { id: string } }>(
    `mutation { createDataset(input: {kind: SIMULATED, technique: SANS, title: "spheres"}) { id } }`,
    {},
    token,
  );
  const datasetId = created.data!.createDataset.id;
  const curves = sphereCurves(60, 5).map((c) => ({ q: Array.from(c.q), intensity: Array.from(c.intensity), parameters: c.parameters }));
  expect(
    (await t.gql(`mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`, { id: datasetId, c: curves }, token))
      .errors,
  ).toBeUndefined();

  const started = await t.gql<{ startTraining: { id: string } }>(
    `mutation($d: ID!) { startTraining(input: {model: "survivor", architecture: "mlp-regressor", datasetIds: [$d], targets: ["radius"],
        hyperparameters: {epochs: 150, patience: 150, batchSize: 8}}) { id } }`,
    { d: datasetId },
    token,
  );
  expect(started.errors).toBeUndefined();
  const id = started.data!.startTraining.id;
  const row = async () =>
    (
      (await t.services.db.query(`SELECT state, attempt, message FROM job_runs WHERE id = $1`, [id])) as { state: string; attempt: number; message: string }[]
    )[0];

  child = await startChildWorker(t);
  // Killed while it trains: an epoch has been reported.
  await until(async () => /^epoch \d+ of 150/.test((await row()).message));
  child.kill("SIGKILL");
  await new Promise((r) => child!.once("exit", r));
  expect((await row()).state).toBe("RUNNING");

  await startWorkers(t.services, 1);
  const done = await t.services.jobs.waitFor(id, 240_000);
  expect({ state: done.state, attempt: done.attempt, error: done.error }).toEqual({ state: "SUCCEEDED", attempt: 1, error: null });
  const [{ n }] = (await t.services.db.query(
    `SELECT count(*)::int AS n FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = 'survivor' AND v.state = 'READY'`,
  )) as { n: number }[];
  expect(n).toBe(1);
  const [{ a }] = (await t.services.db.query(`SELECT count(*)::int AS a FROM activities WHERE kind = 'TRAINING' AND parameters->>'model' = 'survivor'`)) as {
    a: number;
  }[];
  expect(a).toBe(1);
});
