/**
 * `sasgraph import FILE --dataset ID`: imports a file into a dataset of a running sasgraph, through
 * the API as any client would (createImportUpload, a streamed PUT, completeImportUpload, then the
 * import job), with a progress bar on stderr (when it is a terminal): bytes sent, then the job.
 * The import is all or nothing, as every import is. The format follows the file's extension unless
 * --format says otherwise.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { IMPORT_FORMATS } from "../../formats";
import type { Command } from "../command";

const HELP = `usage: sasgraph import FILE --dataset ID [options]

Imports FILE into dataset ID of a running sasgraph through its API (an upload link and an import
job, all or nothing), with a progress bar on stderr. Prints the job's result as JSON on stdout.

options:
  --dataset ID            the dataset to add the curves to (you must be allowed to change it)
  --format F              ${IMPORT_FORMATS.map((f) => f.name).join(", ")} (default: from the extension:
                          .json JSON, .npy NPY, .xml CANSAS_XML, .h5/.nxs/.hdf5 NXCANSAS, else ASCII)
  --q-unit U              q unit when the file does not say (e.g. REDUCED, 1/A, 1/nm)
  --intensity-unit U      intensity unit when the file does not say (e.g. DIMENSIONLESS, 1/cm)
  --q-rule R              STRICT (default) or LENIENT (sort by q, drop invalid rows; see README)
  --url URL               the API (default $SASGRAPH_URL, else http://localhost:$PORT/graphql, PORT 4000)
  --token T               API token (default $SASGRAPH_TOKEN)

JSON takes sasgraph's JSON export and curve tables such as the paper 000 MD curves
(q, eta[], sigma[], log10_I[][]: each curve gets its eta and sigma as parameters).`;

/** The import format a file name suggests. */
export function formatOfFile(file: string): string {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".json") return "JSON";
  if (ext === ".npy") return "NPY";
  if (ext === ".xml") return "CANSAS_XML";
  if ([".h5", ".nxs", ".hdf5", ".hdf"].includes(ext)) return "NXCANSAS";
  return "ASCII";
}

class ApiError extends Error {}

async function gql<T>(url: string, token: string | undefined, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("; "));
  if (!body.data) throw new ApiError(`the API answered HTTP ${res.status} without data`);
  return body.data;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** PUT the file to the upload link, streamed from disk, reporting bytes sent. */
function put(uploadUrl: string, file: string, size: number, onBytes: (sent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const target = new URL(uploadUrl);
    const request = (target.protocol === "https:" ? https : http).request(
      target,
      { method: "PUT", headers: { "content-type": "application/octet-stream", "content-length": String(size) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => (res.statusCode && res.statusCode < 300 ? resolve() : reject(new ApiError(`upload refused (HTTP ${res.statusCode}): ${text}`))));
      },
    );
    request.on("error", reject);
    let sent = 0;
    const stream = fs.createReadStream(file);
    stream.on("data", (chunk) => {
      sent += chunk.length;
      onBytes(sent);
    });
    stream.on("error", reject);
    stream.pipe(request);
  });
}

const CREATE = `mutation($id: ID!, $f: ImportFormat!, $n: Float!, $s: String, $name: String, $q: String, $i: String, $r: QRule! = STRICT) {
  createImportUpload(datasetId: $id, format: $f, size: $n, sha256: $s, filename: $name, qUnit: $q, intensityUnit: $i, qRule: $r) { id uploadUrl } }`;
const COMPLETE = `mutation($u: ID!) { completeImportUpload(uploadId: $u) { id } }`;
const JOB = `query($id: ID!) { job(id: $id) { state progress message result error } }`;

interface JobState {
  state: string;
  progress: number;
  message: string;
  result: Record<string, unknown> | null;
  error: string | null;
}

export const importCommand: Command = {
  summary: "import a file into a dataset of a running sasgraph (JSON, NPY, canSAS, NXcanSAS, ASCII), with a progress bar",
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        dataset: { type: "string" },
        format: { type: "string" },
        "q-unit": { type: "string" },
        "intensity-unit": { type: "string" },
        "q-rule": { type: "string" },
        url: { type: "string" },
        token: { type: "string" },
        help: { type: "boolean" },
      },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const file = positionals[0];
    if (!file || !values.dataset) {
      console.error(`${!file ? "FILE" : "--dataset"} is required\n\n${HELP}`);
      return 2;
    }
    const format = (values.format ?? formatOfFile(file)).toUpperCase();
    if (!IMPORT_FORMATS.some((f) => f.name === format)) {
      console.error(`--format ${format} is not an import format: use ${IMPORT_FORMATS.map((f) => f.name).join(", ")}`);
      return 2;
    }
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch (e) {
      console.error(`cannot read ${file}: ${(e as Error).message}`);
      return 1;
    }
    const url = values.url ?? process.env.SASGRAPH_URL ?? `http://localhost:${process.env.PORT ?? 4000}/graphql`;
    const token = values.token ?? process.env.SASGRAPH_TOKEN;

    const steps = 1000;
    const bar = new SingleBar({ format: "import {bar} {percentage}% | {stage}", stream: process.stderr }, Presets.shades_classic);
    bar.start(steps, 0, { stage: `hashing ${path.basename(file)}` });
    try {
      const sha256 = await sha256Of(file);
      const upload = await gql<{ createImportUpload: { id: string; uploadUrl: string } }>(url, token, CREATE, {
        id: values.dataset,
        f: format,
        n: size,
        s: sha256,
        name: path.basename(file),
        q: values["q-unit"] ?? null,
        i: values["intensity-unit"] ?? null,
        ...(values["q-rule"] ? { r: values["q-rule"].toUpperCase() } : {}),
      });
      // Bytes sent are the first half of the bar, the import job the second.
      await put(upload.createImportUpload.uploadUrl, file, size, (sent) =>
        bar.update(Math.round((steps / 2) * (size ? sent / size : 1)), { stage: `sent ${(sent / 1e6).toFixed(1)} of ${(size / 1e6).toFixed(1)} MB` }),
      );
      const job = (await gql<{ completeImportUpload: { id: string } }>(url, token, COMPLETE, { u: upload.createImportUpload.id })).completeImportUpload;
      let state: JobState;
      for (;;) {
        state = (await gql<{ job: JobState }>(url, token, JOB, { id: job.id })).job;
        bar.update(Math.round(steps / 2 + (steps / 2) * state.progress), { stage: state.message });
        if (state.state !== "QUEUED" && state.state !== "RUNNING") break;
        await new Promise((r) => setTimeout(r, 250));
      }
      bar.stop();
      if (state.state !== "SUCCEEDED") {
        console.error(`import ${state.state.toLowerCase()}: ${state.error ?? state.message}`);
        return 1;
      }
      console.log(JSON.stringify({ jobId: job.id, ...state.result }));
      return 0;
    } catch (e) {
      bar.stop();
      if (e instanceof ApiError) {
        console.error(e.message);
        return 1;
      }
      throw e;
    }
  },
};
