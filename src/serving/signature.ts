/**
 * A model's signature: input/output names, element types and shapes (symbolic dims as names),
 * its opset and metadata_props. Shapes come from onnxruntime's session metadata; opset and
 * metadata from decoding the ModelProto (onnxruntime-node does not expose them).
 */
import { onnx } from "onnx-proto";
import * as ort from "onnxruntime-node";
import { ModelArtifactError } from "./errors";

export interface TensorSignature {
  name: string;
  /** onnxruntime's type name: "float32", "int64", ... */
  type: string;
  /** Fixed sizes as numbers, symbolic ones by name (e.g. "batch"); empty when the model leaves it open. */
  shape: (number | string)[];
}

export interface Signature {
  inputs: TensorSignature[];
  outputs: TensorSignature[];
  opset: number;
  producer: string;
  metadata: Record<string, string>;
}

function tensorSignatures(list: readonly ort.InferenceSession.ValueMetadata[], role: string): TensorSignature[] {
  return list.map((m) => {
    if (!m.isTensor) throw new ModelArtifactError(`${role} "${m.name}" is not a tensor; only tensor inputs and outputs are served`);
    return { name: m.name, type: m.type, shape: [...m.shape] };
  });
}

/** Decode the ModelProto header, or throw ModelArtifactError. */
export function decodeModelHeader(bytes: Uint8Array): Pick<Signature, "opset" | "producer" | "metadata"> {
  if (bytes.length === 0) throw new ModelArtifactError("model artifact is empty");
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new ModelArtifactError(`model artifact is not an ONNX ModelProto: ${(e as Error).message}`, { cause: e });
  }
  if (!model.graph) throw new ModelArtifactError("model artifact has no graph");
  const defaultDomain = model.opsetImport.find((o) => !o.domain);
  const metadata: Record<string, string> = {};
  for (const p of model.metadataProps) if (p.key) metadata[p.key] = p.value ?? "";
  return { opset: defaultDomain ? Number(defaultDomain.version) : 0, producer: model.producerName ?? "", metadata };
}

/** Signature of a live session plus its header. */
export function sessionSignature(session: ort.InferenceSession, header: Pick<Signature, "opset" | "producer" | "metadata">): Signature {
  return { inputs: tensorSignatures(session.inputMetadata, "input"), outputs: tensorSignatures(session.outputMetadata, "output"), ...header };
}

/** Load the bytes in onnxruntime (CPU) and read the signature; ModelArtifactError when unloadable. */
export async function readSignature(bytes: Uint8Array): Promise<Signature> {
  const header = decodeModelHeader(bytes);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ["cpu"] });
  } catch (e) {
    throw new ModelArtifactError(`onnxruntime cannot load the model: ${(e as Error).message}`, { cause: e });
  }
  try {
    return sessionSignature(session, header);
  } finally {
    await session.release();
  }
}
