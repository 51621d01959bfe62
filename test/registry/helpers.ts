import { createHash } from "node:crypto";
import { OnnxGraphBuilder } from "../../src/onnx";
import { MODEL_CARD_SCHEMA } from "../../src/serving";
import type { TestPlatform } from "../support/platform";

export const GRID = [0.01, 0.02, 0.04, 0.08, 0.16, 0.3];
export const STD_IN = { mean: [1, 0.8, 0.5, 0.2, 0, -0.5], std: [2, 2, 1.5, 1.5, 1, 1] };

/** y = x · W + b (one Gemm), W row-major [inF, outF]; built in the test with OnnxGraphBuilder. */
export function linearModel(w: number[], b: number[], inF: number, outF: number, names = { input: "curve", output: "params" }): Buffer {
  const g = new OnnxGraphBuilder();
  const y = g.gemm(
    g.input(names.input, ["batch", inF]),
    g.initializer("w", Float32Array.from(w), [inF, outF]),
    g.initializer("b", Float32Array.from(b), [outF]),
    { name: names.output },
  );
  g.output(y, ["batch", outF]);
  return Buffer.from(g.build());
}

/** Deterministic weights for a 6 → 3 regression model. */
export function weights(seed: number): { w: number[]; b: number[] } {
  let s = seed;
  const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5;
  return { w: Array.from({ length: 18 }, next), b: Array.from({ length: 3 }, next) };
}

/** Card of the 6 → 3 test model: log10(I) on GRID, standardised; radius in log10 space with an uncertainty column. */
export function regressionCard(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: MODEL_CARD_SCHEMA,
    name: "test-radius",
    qGrid: GRID,
    qUnit: "1/A",
    preprocessing: { interpolation: { method: "log_log", extrapolation: "clamp" }, transform: { kind: "log10" }, standardise: STD_IN },
    input: { tensor: "curve", layout: "batch_features" },
    outputs: [
      {
        kind: "regression",
        tensor: "params",
        parameters: [
          { name: "radius", unit: "Å", index: 0, mean: 1.5, std: 0.5, space: "log10", uncertaintyIndex: 2 },
          { name: "radius_pd", unit: "", index: 1, mean: 0.1, std: 0.05, space: "linear" },
        ],
      },
    ],
    domain: { qMin: 0.01, qMax: 0.3, parameters: { radius: { min: 1, max: 1e6 } } },
    metrics: { radius_mape: 0.03 },
    ...overrides,
  };
}

export const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

export const CREATE_VERSION = `mutation($m: String!, $c: JSONObject!, $d: [ID!]) {
  createModelVersion(model: $m, card: $c, trainingDatasetIds: $d) { version { id version state } uploadUrl presignedUrl expiresAt maxBytes } }`;
export const COMPLETE = `mutation($v: ID!, $s: String!, $n: Float!) { completeModelUpload(versionId: $v, sha256: $s, size: $n) { id version state sha256 size signature } }`;
export const PREDICT = `mutation($m: String!, $i: [PredictInput!]!) { predict(model: $m, inputs: $i) {
  executionProvider modelVersion { id version model { name } }
  predictions { index parameters { name value unit uncertainty } classes { label probability } warnings batchSize } } }`;

export interface Upload {
  versionId: string;
  uploadUrl: string;
}

/** createModelVersion → HTTP PUT of the bytes to the upload URL; returns the version id and the PUT's answer. */
export async function upload(t: TestPlatform, token: string, model: string, card: Record<string, unknown>, bytes: Buffer, trainingDatasetIds?: string[]) {
  const created = await t.gql<{ createModelVersion: { version: { id: string; version: number; state: string }; uploadUrl: string } }>(
    CREATE_VERSION,
    { m: model, c: card, d: trainingDatasetIds },
    token,
  );
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  const { version, uploadUrl } = created.data!.createModelVersion;
  const put = await fetch(uploadUrl, { method: "PUT", body: new Uint8Array(bytes), headers: { "content-type": "application/octet-stream" } });
  return {
    versionId: version.id,
    version: version.version,
    state: version.state,
    uploadUrl,
    putStatus: put.status,
    putBody: (await put.json()) as { size?: number; sha256?: string; error?: string },
  };
}

/** The whole public path: upload, then complete with the true size and sha256. */
export async function register(t: TestPlatform, token: string, model: string, card: Record<string, unknown>, bytes: Buffer) {
  const u = await upload(t, token, model, card, bytes);
  const done = await t.gql<{ completeModelUpload: { id: string; version: number; state: string } }>(
    COMPLETE,
    { v: u.versionId, s: sha256(bytes), n: bytes.length },
    token,
  );
  if (done.errors) throw new Error(JSON.stringify(done.errors));
  return done.data!.completeModelUpload;
}
