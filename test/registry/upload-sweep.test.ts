/**
 * The sweep of abandoned uploads: versions still PENDING_UPLOAD after their upload link expired (and
 * the grace period) go, with their partial files, one all-or-nothing step each; pg-boss runs it on
 * the SASGRAPH_UPLOAD_SWEEP schedule.
 */
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { ConfigError, loadConfig } from "../../src/platform/config";
import { PENDING_UPLOAD_GRACE_SECONDS } from "../../src/services/uploads/pending-upload-sweep";
import { linearModel, register, regressionCard, upload, weights } from "./helpers";

const QUEUE = "registry.sweep-pending-uploads";
let t: TestPlatform;
let alice: string;

beforeAll(async () => {
  t = await startTestPlatform({ workers: 1, env: { SASGRAPH_UPLOAD_SWEEP: "7 3 * * *" } });
  alice = await t.token("alice");
  const m = await t.gql(`mutation { createModel(input: {name: "sweep-net", task: REGRESSION}) { id } }`, {}, alice);
  expect(m.errors).toBeUndefined();
});
afterAll(async () => {
  await t?.close();
});

const { w, b } = weights(11);
const bytes = linearModel(w, b, 6, 3);

async function row(id: string): Promise<{ state: string; key: string; upload_expires_at: Date | null } | undefined> {
  const rows: { state: string; key: string; upload_expires_at: Date | null }[] = await t.services.db.query(
    `SELECT state, key, upload_expires_at FROM model_versions WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** Move a version's link expiry into the past, beyond the grace period (or just inside it). */
async function expire(id: string, secondsAgo: number): Promise<void> {
  await t.services.db.query(`UPDATE model_versions SET upload_expires_at = now() - make_interval(secs => $2) WHERE id = $1`, [id, secondsAgo]);
}

test("a pending version records when its upload link expires; completion clears it", async () => {
  const u = await upload(t, alice, "sweep-net", regressionCard(), bytes);
  const r = await row(u.versionId);
  expect(r!.state).toBe("PENDING_UPLOAD");
  expect(Math.abs(r!.upload_expires_at!.getTime() - (Date.now() + t.services.trainedModels.registry.options.uploadTtlSeconds * 1000))).toBeLessThan(60_000);
  const ready = await register(t, alice, "sweep-net", regressionCard(), bytes);
  expect((await row(ready.id))!.upload_expires_at).toBeNull();
});

test("expired pending versions go with their files; fresh, just-expired and READY ones stay", async () => {
  const abandoned = await upload(t, alice, "sweep-net", regressionCard(), bytes); // file uploaded, never completed
  const empty = await upload(t, alice, "sweep-net", regressionCard(), Buffer.alloc(0)); // no file at all
  const fresh = await upload(t, alice, "sweep-net", regressionCard(), bytes);
  const inGrace = await upload(t, alice, "sweep-net", regressionCard(), bytes);
  const ready = await register(t, alice, "sweep-net", regressionCard(), bytes);
  const abandonedKey = (await row(abandoned.versionId))!.key;
  expect(await t.services.store.size(abandonedKey)).toBe(bytes.length);
  await expire(abandoned.versionId, PENDING_UPLOAD_GRACE_SECONDS + 60);
  await expire(empty.versionId, PENDING_UPLOAD_GRACE_SECONDS + 60);
  await expire(inGrace.versionId, PENDING_UPLOAD_GRACE_SECONDS - 120);
  await t.services.db.query(`UPDATE model_versions SET upload_expires_at = now() - interval '2 days' WHERE id = $1`, [ready.id]);

  const removed = await t.services.trainedModels.registry.sweepExpiredUploads();
  expect(removed.sort()).toEqual([abandoned.versionId, empty.versionId].sort());
  expect(await row(abandoned.versionId)).toBeUndefined();
  expect(await row(empty.versionId)).toBeUndefined();
  expect(await t.services.store.size(abandonedKey)).toBeUndefined();
  expect((await row(fresh.versionId))!.state).toBe("PENDING_UPLOAD");
  expect((await row(inGrace.versionId))!.state).toBe("PENDING_UPLOAD");
  expect((await row(ready.id))!.state).toBe("READY");
  // The link of a swept version leads nowhere now.
  const put = await fetch(abandoned.uploadUrl, { method: "PUT", body: new Uint8Array(bytes) });
  expect(put.status).toBe(404);
  expect(await t.services.trainedModels.registry.sweepExpiredUploads()).toEqual([]);
});

test("with the object store down nothing is removed; the next sweep finishes the job", async () => {
  const u = await upload(t, alice, "sweep-net", regressionCard(), bytes);
  const key = (await row(u.versionId))!.key;
  await expire(u.versionId, PENDING_UPLOAD_GRACE_SECONDS + 60);
  await t.s3.stop();
  try {
    const log = jest.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await t.services.trainedModels.registry.sweepExpiredUploads()).toEqual([]);
    log.mockRestore();
    expect((await row(u.versionId))!.state).toBe("PENDING_UPLOAD");
  } finally {
    await t.restartStore();
  }
  expect(await t.services.store.size(key)).toBe(bytes.length);
  expect(await t.services.trainedModels.registry.sweepExpiredUploads()).toEqual([u.versionId]);
  expect(await row(u.versionId)).toBeUndefined();
  expect(await t.services.store.size(key)).toBeUndefined();
});

test("pg-boss holds the configured schedule, and a run of the queue sweeps", async () => {
  const schedules = await t.services.jobs.boss.getSchedules(QUEUE);
  expect(schedules.map((s) => ({ name: s.name, cron: s.cron }))).toEqual([{ name: QUEUE, cron: "7 3 * * *" }]);

  const u = await upload(t, alice, "sweep-net", regressionCard(), bytes);
  const key = (await row(u.versionId))!.key;
  await expire(u.versionId, PENDING_UPLOAD_GRACE_SECONDS + 60);
  // What the cron does at 03:07 UTC: send a job to the queue; the worker runs the sweep.
  const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    await t.services.jobs.boss.send(QUEUE, {});
    const deadline = Date.now() + 20_000;
    while ((await row(u.versionId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  } finally {
    log.mockRestore();
  }
  expect(await row(u.versionId)).toBeUndefined();
  expect(await t.services.store.size(key)).toBeUndefined();
});

test("SASGRAPH_UPLOAD_SWEEP takes a five-field cron or off", () => {
  expect(loadConfig({}).uploadSweepCron).toBe("*/15 * * * *");
  expect(loadConfig({ SASGRAPH_UPLOAD_SWEEP: "0 * * * *" }).uploadSweepCron).toBe("0 * * * *");
  expect(loadConfig({ SASGRAPH_UPLOAD_SWEEP: "off" }).uploadSweepCron).toBeNull();
  expect(() => loadConfig({ SASGRAPH_UPLOAD_SWEEP: "every hour" })).toThrow(ConfigError);
});
