import * as ort from "onnxruntime-node";
import { startTestPlatform, type TestPlatform } from "../support/platform";
import { COMPLETE, GRID, linearModel, PREDICT, register, regressionCard, sha256, STD_IN, upload, weights } from "./helpers";

let t: TestPlatform;
let alice: string;
let bob: string;

beforeAll(async () => {
  t = await startTestPlatform({ workers: 1 });
  alice = await t.token("alice");
  bob = await t.token("bob");
  for (const [name, token] of [
    ["radius-net", alice],
    ["broken-net", alice],
    ["private-net", alice],
  ] as const) {
    const r = await t.gql(`mutation($n: String!) { createModel(input: {name: $n, task: REGRESSION, description: "test"}) { id } }`, { n: name }, token);
    expect(r.errors).toBeUndefined();
  }
});
afterAll(async () => {
  await t?.close();
});

interface PredictData {
  predict: {
    executionProvider: string;
    modelVersion: { id: string; version: number; model: { name: string } };
    predictions: {
      index: number;
      parameters: { name: string; value: number; unit: string; uncertainty: number | null }[];
      warnings: string[];
      batchSize: number;
    }[];
  };
}

/** Curves on the model's own grid: sphere-like decays, so log10 is defined everywhere. */
const curves = [0, 1, 2].map((k) => ({ q: GRID, intensity: GRID.map((q) => (50 + 20 * k) / (1 + (q * (30 + 10 * k)) ** 4) + 0.01) }));

/** The expected answer computed independently: hand preprocessing, onnxruntime directly, hand de-standardisation. */
async function directly(bytes: Buffer, intensity: number[]) {
  const features = Float32Array.from(intensity.map((v, i) => (Math.log10(v) - STD_IN.mean[i]) / STD_IN.std[i]));
  const session = await ort.InferenceSession.create(bytes);
  const out = (await session.run({ curve: new ort.Tensor("float32", features, [1, 6]) })).params.data as Float32Array;
  await session.release();
  const radius = 10 ** (out[0] * 0.5 + 1.5);
  return { radius, radiusUncertainty: radius * Math.abs(out[2]) * 0.5 * Math.LN10, radiusPd: out[1] * 0.05 + 0.1 };
}

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

async function versionRows(model: string): Promise<{ id: string; state: string; key: string }[]> {
  return t.services.db.query(`SELECT v.id, v.state, v.key FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = $1`, [model]);
}

describe("registration through the public API", () => {
  const v1 = weights(1);
  const bytes1 = linearModel(v1.w, v1.b, 6, 3);

  test("createModelVersion → PUT → completeModelUpload → predict equals onnxruntime directly", async () => {
    const u = await upload(t, alice, "radius-net", regressionCard(), bytes1);
    expect(u.state).toBe("PENDING_UPLOAD");
    expect(u.putStatus).toBe(201);
    expect(u.putBody).toEqual({ size: bytes1.length, sha256: sha256(bytes1), versionId: u.versionId });
    // Pending versions are visible to nobody, not even through their id.
    const hidden = await t.gql(`query($r: String!) { modelVersion(ref: $r) { id } }`, { r: u.versionId }, alice);
    expect(hidden.errors?.[0].extensions?.code).toBe("NOT_FOUND");

    const done = await t.gql<{
      completeModelUpload: { state: string; sha256: string; size: number; signature: { inputs: { name: string; shape: unknown[] }[] } };
    }>(COMPLETE, { v: u.versionId, s: sha256(bytes1), n: bytes1.length }, alice);
    expect(done.errors).toBeUndefined();
    expect(done.data!.completeModelUpload).toMatchObject({ state: "READY", sha256: sha256(bytes1), size: bytes1.length });
    expect(done.data!.completeModelUpload.signature.inputs[0]).toMatchObject({ name: "curve", shape: ["batch", 6] });
    // The file moved from the pending key to its final one.
    const [row] = await versionRows("radius-net");
    expect(row.key).toMatch(/\/versions\//);
    expect(await t.services.store.size(row.key)).toBe(bytes1.length);

    const res = await t.gql<PredictData>(PREDICT, { m: "radius-net:1", i: curves }, alice);
    expect(res.errors).toBeUndefined();
    expect(res.data!.predict.executionProvider).toBe("cpu");
    expect(res.data!.predict.modelVersion).toMatchObject({ version: 1, model: { name: "radius-net" } });
    for (const [k, p] of res.data!.predict.predictions.entries()) {
      const truth = await directly(bytes1, curves[k].intensity);
      const radius = p.parameters.find((x) => x.name === "radius")!;
      expect(radius.unit).toBe("Å");
      expect(rel(radius.value, truth.radius)).toBeLessThan(1e-6);
      expect(rel(radius.uncertainty!, truth.radiusUncertainty)).toBeLessThan(1e-6);
      expect(Math.abs(p.parameters.find((x) => x.name === "radius_pd")!.value - truth.radiusPd)).toBeLessThan(1e-6);
      expect(p.warnings).toEqual([]);
    }
  });

  test("a broken or mismatching file is refused with a clear error and leaves nothing behind", async () => {
    const cases: {
      name: string;
      bytes: Buffer;
      card?: Record<string, unknown>;
      sha?: (b: Buffer) => string;
      size?: (b: Buffer) => number;
      field: string;
      message: RegExp;
    }[] = [
      { name: "malformed ONNX", bytes: Buffer.from("this is not an onnx model at all"), field: "file", message: /not a usable ONNX model/ },
      {
        name: "sha256 mismatch",
        bytes: bytes1,
        sha: () => "0".repeat(64),
        field: "sha256",
        message: /sha256 mismatch: you declared 0{64}, the uploaded file has [0-9a-f]{64}/,
      },
      {
        name: "size mismatch",
        bytes: bytes1,
        size: (b) => b.length + 1,
        field: "size",
        message: new RegExp(`size mismatch: you declared ${bytes1.length + 1} bytes, the uploaded file has ${bytes1.length}`),
      },
      {
        name: "card/signature mismatch",
        bytes: bytes1,
        card: regressionCard({
          qGrid: [0.01, 0.02, 0.04, 0.08, 0.16, 0.2, 0.3],
          preprocessing: { interpolation: { method: "log_log" }, transform: { kind: "log10" } },
        }),
        field: "card",
        message: /card does not match the model: input "curve" takes 6 features, the card's preprocessing gives 7/,
      },
      {
        name: "output tensor missing",
        bytes: linearModel(v1.w, v1.b, 6, 3, { input: "curve", output: "other" }),
        field: "card",
        message: /no output "params"/,
      },
    ];
    for (const c of cases) {
      const u = await upload(t, alice, "broken-net", c.card ?? regressionCard(), c.bytes);
      expect(u.putStatus).toBe(201);
      const pendingKey = (await versionRows("broken-net")).find((r) => r.id === u.versionId)!.key;
      expect(await t.services.store.size(pendingKey)).toBe(c.bytes.length);
      const res = await t.gql(COMPLETE, { v: u.versionId, s: (c.sha ?? sha256)(c.bytes), n: (c.size ?? ((b: Buffer) => b.length))(c.bytes) }, alice);
      expect({ name: c.name, code: res.errors?.[0].extensions?.code, field: res.errors?.[0].extensions?.field }).toEqual({
        name: c.name,
        code: "BAD_USER_INPUT",
        field: c.field,
      });
      expect(res.errors![0].message).toMatch(c.message);
      expect(res.errors![0].message).toMatch(/nothing was registered/);
      expect(await versionRows("broken-net")).toEqual([]);
      expect(await t.services.store.size(pendingKey)).toBeUndefined();
    }
    const activities: unknown[] = await t.services.db.query(`SELECT 1 FROM activities WHERE kind = 'TRAINING' AND label LIKE 'broken-net%'`);
    expect(activities).toEqual([]);
  });

  test("a bad card is refused when the version is created, naming the field", async () => {
    const res = await t.gql(
      `mutation($c: JSONObject!) { createModelVersion(model: "radius-net", card: $c) { uploadUrl } }`,
      { c: regressionCard({ qGrid: [0.1, 0.05] }) },
      alice,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "card.qGrid[1]" });
  });

  test("upload links are signed and single-purpose", async () => {
    const u = await upload(t, alice, "broken-net", regressionCard(), bytes1);
    const tampered = u.uploadUrl.replace(/\/uploads\/(.)/, (_m, c: string) => `/uploads/${c === "e" ? "f" : "e"}`);
    expect((await fetch(tampered, { method: "PUT", body: new Uint8Array(bytes1) })).status).toBe(403);
    // A download token route does not accept it either, and vice versa.
    const token = u.uploadUrl.split("/uploads/")[1];
    expect((await fetch(`${t.url}/downloads/${token}`)).status).toBe(403);
    // Clean up the pending version through a failing completion.
    await t.gql(COMPLETE, { v: u.versionId, s: "0".repeat(64), n: bytes1.length }, alice);
  });
});

describe("predict input checks", () => {
  test("wrong lengths and missing values give BAD_USER_INPUT naming the input and field", async () => {
    const short = await t.gql(PREDICT, { m: "radius-net", i: [curves[0], { q: GRID, intensity: [1, 2, 3] }] }, alice);
    expect(short.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "inputs[1].intensity" });
    expect(short.errors![0].message).toMatch(/inputs\[1\]\.intensity: has 3 points but q has 6/);

    const nan = await t.gql(PREDICT, { m: "radius-net", i: [curves[0], curves[1], { q: GRID, intensity: [1, 2, null, 4, 5, 6] }] }, alice);
    expect(nan.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "inputs[2].intensity" });
    expect(nan.errors![0].message).toMatch(/point 2 is NaN/);

    const apart = await t.gql(PREDICT, { m: "radius-net", i: [{ q: [1, 2, 3], intensity: [1, 2, 3] }] }, alice);
    expect(apart.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "inputs[0].q" });
    expect(apart.errors![0].message).toMatch(/does not overlap the model's grid/);

    const empty = await t.gql(PREDICT, { m: "radius-net", i: [] }, alice);
    expect(empty.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "inputs" });
  });

  test("inputs outside the model's q domain get warnings, in nm⁻¹ too", async () => {
    const q = GRID.slice(1).map((v) => v * 10);
    const res = await t.gql<PredictData>(PREDICT, { m: "radius-net", i: [{ q, intensity: q.map((v) => 10 / (1 + v ** 2)), qUnit: "INV_NM" }] }, alice);
    expect(res.errors).toBeUndefined();
    expect(res.data!.predict.predictions[0].warnings.join(" ")).toMatch(/input covers q 0\.02–0\.3 1\/A, the model was trained on 0\.01–0\.3 1\/A/);
  });
});

describe("access", () => {
  let privateVersionId: string;
  beforeAll(async () => {
    const w = weights(3);
    privateVersionId = (await register(t, alice, "private-net", regressionCard(), linearModel(w.w, w.b, 6, 3))).id;
  });

  test("another user's private model is NOT_FOUND for predict and every lookup, and nothing leaks", async () => {
    const attempts = [
      await t.gql(PREDICT, { m: "private-net@production", i: curves }, bob),
      await t.gql(PREDICT, { m: "private-net:1", i: curves }, bob),
      await t.gql(PREDICT, { m: privateVersionId, i: curves }, bob),
      await t.gql(PREDICT, { m: "private-net", i: curves }),
      await t.gql(`query { model(name: "private-net") { id } }`, {}, bob),
      await t.gql(`query($r: String!) { modelVersion(ref: $r) { id } }`, { r: privateVersionId }, bob),
      await t.gql(`query($id: ID!) { provenance(id: $id) { root { id } } }`, { id: privateVersionId }, bob),
    ];
    for (const r of attempts) {
      expect(r.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      expect(r.errors![0].message).not.toMatch(/alias|production|READY|alice/);
    }
    // Same answer as for a model that does not exist.
    const ghost = await t.gql(PREDICT, { m: "no-such-net:1", i: curves }, bob);
    expect(ghost.errors![0].message.replace("no-such-net", "X")).toBe(attempts[1].errors![0].message.replace("private-net", "X"));
    const list = await t.gql<{ models: { name: string }[] }>(`query { models { name } }`, {}, bob);
    expect(list.data!.models.map((m) => m.name)).not.toContain("private-net");
    // The owner sees it, with provenance: a TRAINING activity generated the version.
    const mine = await t.gql<{ provenance: { nodes: { type: string; label: string }[] } }>(
      `query($id: ID!) { provenance(id: $id, depth: 1) { nodes { type label } } }`,
      { id: privateVersionId },
      alice,
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.provenance.nodes).toEqual(
      expect.arrayContaining([{ type: "MODEL_VERSION", label: "model private-net v1" }, expect.objectContaining({ type: "ACTIVITY" })]),
    );
  });
});

describe("aliases", () => {
  test("production moves between versions and predictions follow it", async () => {
    const w2 = weights(2);
    const bytes2 = linearModel(w2.w, w2.b, 6, 3);
    const v2 = await register(t, alice, "radius-net", regressionCard(), bytes2);
    expect(v2.version).toBe(2);
    const bytes1 = linearModel(weights(1).w, weights(1).b, 6, 3);
    const radiusVia = async (ref: string) => {
      const r = await t.gql<PredictData>(PREDICT, { m: ref, i: [curves[0]] }, alice);
      expect(r.errors).toBeUndefined();
      return r.data!.predict.predictions[0].parameters[0].value;
    };
    const truth1 = (await directly(bytes1, curves[0].intensity)).radius;
    const truth2 = (await directly(bytes2, curves[0].intensity)).radius;
    expect(rel(truth1, truth2)).toBeGreaterThan(1e-3);

    const set = `mutation($v: Int!) { setModelAlias(model: "radius-net", alias: "production", version: $v) { alias versionNumber } }`;
    expect((await t.gql(set, { v: 1 }, alice)).data).toEqual({ setModelAlias: { alias: "production", versionNumber: 1 } });
    expect(rel(await radiusVia("radius-net@production"), truth1)).toBeLessThan(1e-6);
    await t.gql(set, { v: 2 }, alice);
    expect(rel(await radiusVia("radius-net@production"), truth2)).toBeLessThan(1e-6);
    expect(rel(await radiusVia("radius-net"), truth2)).toBeLessThan(1e-6); // bare name: newest version

    const model = await t.gql<{ model: { aliases: { alias: string; versionNumber: number }[]; versions: { version: number; aliases: string[] }[] } }>(
      `query { model(name: "radius-net") { aliases { alias versionNumber } versions { version aliases } } }`,
      {},
      alice,
    );
    expect(model.data!.model).toEqual({
      aliases: [{ alias: "production", versionNumber: 2 }],
      versions: [
        { version: 2, aliases: ["production"] },
        { version: 1, aliases: [] },
      ],
    });

    // bob cannot see the unpublished model, so he cannot move its aliases either.
    expect((await t.gql(set, { v: 1 }, bob)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });
});

describe("predictDataset", () => {
  test("a job writes a DERIVED dataset with provenance to the dataset and the model version", async () => {
    const created = await t.gql<{ createDataset: { id: string } }>(
      `mutation { createDataset(input: {kind: MEASURED, technique: SANS, title: "spheres"}) { id } }`,
      {},
      alice,
    );
    const datasetId = created.data!.createDataset.id;
    await t.gql(
      `mutation($id: ID!, $c: [CurveInput!]!) { addCurves(datasetId: $id, curves: $c) { curveCount } }`,
      { id: datasetId, c: curves.map((c) => ({ q: c.q, intensity: c.intensity })) },
      alice,
    );
    const job = await t.gql<{ predictDataset: { id: string } }>(
      `mutation($d: ID!) { predictDataset(datasetId: $d, model: "radius-net:1") { id } }`,
      { d: datasetId },
      alice,
    );
    expect(job.errors).toBeUndefined();
    const run = await t.services.jobs.waitFor(job.data!.predictDataset.id, 60_000);
    expect(run.state).toBe("SUCCEEDED");
    const derivedId = (run.result!.datasetIds as string[])[0];
    const derived = await t.gql<{ dataset: { kind: string; curves: { edges: { node: { parameters: Record<string, unknown> } }[] } } }>(
      `query($id: ID!) { dataset(id: $id) { kind curves { edges { node { parameters } } } } }`,
      { id: derivedId },
      alice,
    );
    expect(derived.data!.dataset.kind).toBe("DERIVED");
    const bytes1 = linearModel(weights(1).w, weights(1).b, 6, 3);
    for (const [k, edge] of derived.data!.dataset.curves.edges.entries()) {
      expect(rel(edge.node.parameters.radius as number, (await directly(bytes1, curves[k].intensity)).radius)).toBeLessThan(1e-6);
    }
    const edges: { relation: string; subject_type: string; object_type: string; object_id: string; subject_id: string }[] = await t.services.db.query(
      `SELECT relation, subject_type, subject_id, object_type, object_id FROM prov_edges WHERE subject_id = $1 OR object_id = $1 OR subject_id = $2`,
      [derivedId, run.activityId],
    );
    const activityId = run.activityId!;
    const [activity] = await t.services.db.query(`SELECT kind, parameters FROM activities WHERE id = $1`, [activityId]);
    expect(activity.kind).toBe("INFERENCE");
    expect(activity.parameters).toMatchObject({ executionProvider: "cpu", model: "radius-net", version: 1 });
    const v1Id = activity.parameters.versionId as string;
    expect(edges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ relation: "used", subject_id: activityId, object_type: "DATASET", object_id: datasetId }),
        expect.objectContaining({ relation: "used", subject_id: activityId, object_type: "MODEL_VERSION", object_id: v1Id }),
        expect.objectContaining({ relation: "wasGeneratedBy", subject_id: derivedId, object_id: activityId }),
        expect.objectContaining({ relation: "wasDerivedFrom", subject_id: derivedId, object_type: "DATASET", object_id: datasetId }),
      ]),
    );
  });
});

describe("health and metrics", () => {
  test("/readyz checks the models engine and /metrics speaks Prometheus", async () => {
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Record<string, string> }).checks.models).toBe("ok");
    const res = await fetch(`${t.url}/metrics`);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    const text = await res.text();
    for (const name of [
      "sasgraph_http_requests_total",
      "sasgraph_http_request_duration_seconds_bucket",
      "sasgraph_inference_latency_seconds_bucket",
      "sasgraph_inference_batch_size_bucket",
      "sasgraph_inference_queue_seconds_bucket",
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/sasgraph_http_requests_total\{route="graphql",operation="mutation",status="2xx"\} \d+/);
  });
});
