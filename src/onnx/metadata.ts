/** metadata_props of an ONNX file already built: the shipped models carry their card in the file. */
import { onnx } from "onnx-proto";

/** The same model with these metadata_props entries set (others kept). */
export function withMetadata(bytes: Uint8Array, entries: Record<string, string>): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const kept = model.metadataProps.filter((p) => !(p.key && p.key in entries));
  model.metadataProps = [...kept, ...Object.entries(entries).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value }))];
  return onnx.ModelProto.encode(model).finish();
}
