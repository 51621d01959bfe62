/**
 * Worker-thread entry of the compute pool: runs one task per message with the pure kernels (and
 * the file writers of src/formats, pure too: bytes in memory, no I/O) and posts the result back,
 * its typed arrays transferred. No state between messages.
 */
import { parentPort, threadId } from "node:worker_threads";
import { evaluate, pinholeWork } from "../../compute/sas";
import { evaluate2D } from "../../compute/sas/evaluate-2d";
import { curveSvd } from "../../compute/analysis";
import type { ComputeFailure, ComputeReply, ComputeRequest, ExportOutput, Intensity2DOutput, IntensityOutput, SvdOutput } from "./tasks";

function buffersOf(arrays: (Float64Array | Uint8Array | null | undefined)[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const a of arrays) if (a && a.buffer instanceof ArrayBuffer && a.byteLength === a.buffer.byteLength) out.add(a.buffer);
  return [...out];
}

async function run(request: ComputeRequest): Promise<{ output: unknown; transfer: ArrayBuffer[]; reply?: false }> {
  switch (request.kind) {
    case "intensity": {
      const { model, parameters, q, dq, slit, structureFactorMode, maxResolutionWeights } = request.input;
      if (dq && maxResolutionWeights !== undefined && dq.length === q.length) {
        const { weights } = pinholeWork(q, dq);
        if (weights > maxResolutionWeights) {
          const error = new Error(
            `the resolution smear would hold ${weights} weights (q points x points in each window); the limit is ${maxResolutionWeights}: use fewer q points or a narrower resolution`,
          );
          error.name = "ResolutionTooLargeError";
          throw error;
        }
      }
      const result = evaluate(model, parameters, q, { structureFactorMode, resolution: dq ? { dq } : slit ? { slit } : undefined });
      const output: IntensityOutput = result;
      return { output, transfer: buffersOf([result.I, result.P, result.S, result.betaFactor]) };
    }
    case "intensity2d": {
      const { model, parameters, qx, qy, resolution } = request.input;
      const { I } = evaluate2D(model, parameters, qx, qy, { resolution });
      const output: Intensity2DOutput = { I };
      return { output, transfer: buffersOf([I]) };
    }
    case "svd": {
      const result = curveSvd(request.input.curves, request.input.options);
      const output: SvdOutput = result;
      return { output, transfer: buffersOf([result.singularValues, result.explainedVariance, result.columnMean, ...result.components, ...result.scores]) };
    }
    case "export": {
      // Loaded on first use: the writers (h5wasm among them) are not needed by the kernels' tasks.
      const { exportDataset } = await import("../../formats");
      const file = await exportDataset(request.input.format, request.input.data);
      const body = new Uint8Array(file.body.buffer, file.body.byteOffset, file.body.byteLength);
      const output: ExportOutput = { body, contentType: file.contentType, extension: file.extension };
      return { output, transfer: buffersOf([body]) };
    }
    case "parse": {
      const { parseFile } = await import("../../formats");
      const parsed = await parseFile(request.input.format, request.input.content, request.input.options);
      return { output: parsed, transfer: buffersOf(parsed.curves.flatMap((c) => [c.q, c.intensity, c.dI, c.dQ])) };
    }
    case "probe": {
      const { spinMs, crash, exit, echo } = request.input;
      if (exit) process.exit(3);
      if (crash) {
        // Uncaught, as a kernel bug would be: the thread dies with its task unanswered.
        setImmediate(() => {
          throw new Error("probe crash");
        });
        return { output: undefined, transfer: [], reply: false };
      }
      const until = Date.now() + (spinMs ?? 0);
      while (Date.now() < until) {
        /* hold the thread as a kernel would */
      }
      return { output: { echo, threadId }, transfer: buffersOf([echo]) };
    }
  }
}

function failure(err: unknown): ComputeFailure {
  if (err instanceof Error) {
    const field = (err as { field?: unknown }).field;
    return { name: err.name, message: err.message, field: typeof field === "string" ? field : undefined };
  }
  return { name: "Error", message: String(err) };
}

parentPort?.on("message", async (request: ComputeRequest) => {
  let reply: ComputeReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const done = await run(request);
    if (done.reply === false) return;
    reply = { id: request.id, ok: true, output: done.output };
    transfer = done.transfer;
  } catch (err) {
    reply = { id: request.id, ok: false, error: failure(err) };
  }
  parentPort?.postMessage(reply, transfer);
});
