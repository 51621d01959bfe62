/**
 * Model serving, wired once per process: the registry, the inference service, one InferenceEngine
 * (session cache, dynamic batching) and the Prometheus metrics it reports into.
 */
import type { DataSource } from "typeorm";
import { OnnxGraphBuilder } from "../../onnx";
import { InferenceEngine, MODEL_CARD_SCHEMA, parseModelCard, type ModelCard } from "../../serving";
import type { ObjectStore } from "../../storage/object-store";
import type { CatalogueService } from "../catalogue-service";
import type { CurveService } from "../curve-service";
import type { ProvenanceService } from "../provenance-service";
import { InferenceService } from "../inference-service";
import { PlatformMetrics } from "../../platform/metrics";
import { ModelRegistry } from "./registry-service";
import { UPLOAD_TTL_SECONDS } from "../uploads/upload-token";

export { ModelRegistry } from "./registry-service";
export { InferenceService } from "../inference-service";
export { PlatformMetrics } from "../../platform/metrics";

export interface ModelServing {
  registry: ModelRegistry;
  inference: InferenceService;
  engine: InferenceEngine;
  metrics: PlatformMetrics;
  /** Readiness: the engine loads and runs a tiny built-in model. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export const MAX_ARTIFACT_BYTES = 256 * 1024 * 1024;
export { UPLOAD_TTL_SECONDS };

const PROBE_ID = "readiness-probe";

/** y = 2x + 1 on two features, with a card that takes the values as they are. */
function probe(): { bytes: Uint8Array; card: ModelCard } {
  const g = new OnnxGraphBuilder("probe");
  const x = g.input("x", ["batch", 2]);
  g.output(g.gemm(x, g.initializer("w", Float32Array.from([2, 0, 0, 2]), [2, 2]), g.initializer("b", Float32Array.from([1, 1]), [2]), { name: "y" }), [
    "batch",
    2,
  ]);
  const card = parseModelCard({
    schema: MODEL_CARD_SCHEMA,
    name: PROBE_ID,
    qGrid: [0.1, 0.2],
    qUnit: "1/A",
    preprocessing: { interpolation: { method: "none" }, transform: { kind: "none" } },
    input: { tensor: "x", layout: "batch_features" },
    outputs: [{ kind: "regression", tensor: "y", parameters: [{ name: "a", unit: "", index: 0, mean: 0, std: 1 }] }],
    domain: { qMin: 0.1, qMax: 0.2 },
  });
  return { bytes: g.build(), card };
}

export function createModelServing(args: {
  db: DataSource;
  store: ObjectStore;
  catalogue: CatalogueService;
  curves: CurveService;
  provenance: ProvenanceService;
  secret: string;
  /** Upload links use the same public API URL as download links (ExportService's setting). */
  exports: object;
  maxPointsPerCurve: number;
}): ModelServing {
  const publicApiUrl = () => ((args.exports as { options?: { publicApiUrl?: string } }).options?.publicApiUrl ?? "").replace(/\/$/, "");
  const metrics = new PlatformMetrics();
  const engine = new InferenceEngine({ metrics, maxConcurrentRuns: 2 });
  const registry = new ModelRegistry(args.db, args.store, args.catalogue, args.provenance, engine, {
    secret: args.secret,
    publicApiUrl,
    uploadTtlSeconds: UPLOAD_TTL_SECONDS,
    maxArtifactBytes: MAX_ARTIFACT_BYTES,
  });
  const inference = new InferenceService(args.db, registry, engine, args.store, args.catalogue, args.curves, args.provenance, {
    maxPointsPerCurve: args.maxPointsPerCurve,
  });
  const probeModel = probe();
  return {
    registry,
    inference,
    engine,
    metrics,
    async ready() {
      const out = await engine.predict(PROBE_ID, async () => probeModel.bytes, probeModel.card, [
        { q: Float64Array.from([0.1, 0.2]), intensity: Float64Array.from([3, 4]) },
      ]);
      const a = out.predictions[0].parameters?.[0]?.value;
      if (a !== 7) throw new Error(`the inference engine computed ${a} for a probe whose answer is 7`);
    },
    close: () => engine.close(),
  };
}
