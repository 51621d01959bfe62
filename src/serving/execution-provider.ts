/**
 * Choice of onnxruntime execution provider. onnxruntime-node lists "cuda" among its supported
 * backends on linux-x64 even when the provider library was never installed (it is downloaded at
 * install time, which our offline installs skip), and asking for it then fails session creation
 * outright rather than falling back. So: look for the provider library first, try CUDA once, and
 * remember a failure so later sessions go straight to CPU.
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import * as ort from "onnxruntime-node";

export type ExecutionProvider = "cuda" | "cpu";
/** "auto": CUDA when it works here, else CPU. */
export type ProviderPreference = "auto" | ExecutionProvider;

/** Directories holding onnxruntime-node's native binding for this platform. */
function bindingDirectories(): string[] {
  const bin = join(dirname(require.resolve("onnxruntime-node")), "..", "bin");
  if (!existsSync(bin)) return [];
  return readdirSync(bin)
    .filter((d) => d.startsWith("napi-v"))
    .map((d) => join(bin, d, process.platform, process.arch))
    .filter((d) => existsSync(d));
}

/** Whether onnxruntime-node lists CUDA and its provider library is on disk. */
export function cudaProviderInstalled(): boolean {
  const listed = ort.listSupportedBackends().some((b) => b.name === "cuda");
  return listed && bindingDirectories().some((d) => existsSync(join(d, "libonnxruntime_providers_cuda.so")));
}

let cudaFailed = false;

export interface CreatedSession {
  session: ort.InferenceSession;
  provider: ExecutionProvider;
}

/** Create a session on the preferred provider; "auto" falls back to CPU when CUDA fails. */
export async function createSession(
  bytes: Uint8Array,
  preference: ProviderPreference,
  options: ort.InferenceSession.SessionOptions = {},
): Promise<CreatedSession> {
  const tryCuda = preference === "cuda" || (preference === "auto" && !cudaFailed && cudaProviderInstalled());
  if (tryCuda) {
    try {
      return { session: await ort.InferenceSession.create(bytes, { ...options, executionProviders: ["cuda"] }), provider: "cuda" };
    } catch (e) {
      if (preference === "cuda") throw e;
      cudaFailed = true;
    }
  }
  return { session: await ort.InferenceSession.create(bytes, { ...options, executionProviders: ["cpu"] }), provider: "cpu" };
}
