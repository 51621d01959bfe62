import { OnnxGraphBuilder } from "../../src/onnx";
import {
  InMemoryEngineMetrics,
  InferenceEngine,
  InferenceInputError,
  ModelArtifactError,
  MODEL_CARD_SCHEMA,
  parseModelCard,
  readSignature,
} from "../../src/serving";
import { seededFloats } from "../onnx/helpers";
import { geometricGrid, linearModel, regressionCardJson } from "./fixtures";

const F = 6;
const OUT = 3;
const W = seededFloats(F * OUT, 7, -0.3, 0.3);
const B = Float32Array.from([0.2, -0.1, 0.4]);
const MEAN = [1, 0.8, 0.5, 0.2, 0, -0.5];
const STD = [2, 2, 1.5, 1.5, 1, 1];
const power = (scale: number) => (q: number) => scale * 2e-3 * q ** -2.5;

/** What the served regression should say, computed from scratch. */
function handRegression(scale: number, grid: Float64Array) {
  const x = Array.from(grid, (q, i) => (Math.log10(power(scale)(q)) - MEAN[i]) / STD[i]);
  const y = [0, 1, 2].map((j) => B[j] + x.reduce((s, xi, i) => s + xi * W[i * OUT + j], 0));
  const radius = 10 ** (y[0] * 0.5 + 1.5);
  return { radius, radiusSigma: radius * Math.LN10 * Math.abs(y[2]) * 0.5, radiusPd: y[1] * 0.05 + 0.1 };
}

function curveFor(scale: number) {
  const q = Float64Array.from(geometricGrid(50, 0.008, 0.4));
  return { q, intensity: q.map(power(scale)) };
}

describe("InferenceEngine", () => {
  const card = parseModelCard(regressionCardJson());
  const bytes = linearModel("curve", "params", W, B, F, OUT);
  let loads = 0;
  const loader = async () => {
    loads++;
    return bytes;
  };
  const metrics = new InMemoryEngineMetrics();
  const engine = new InferenceEngine({ metrics, provider: "auto" });
  afterAll(() => engine.close());

  test("a single prediction matches the hand-computed parameters, with uncertainty and provider", async () => {
    const res = await engine.predict("v1", loader, card, [curveFor(1)]);
    const hand = handRegression(1, card.qGrid);
    expect(res.provider).toBe("cpu"); // no CUDA provider library in this install
    const [p] = res.predictions;
    expect(p.parameters?.map((x) => x.name)).toEqual(["radius", "radius_pd"]);
    expect(p.parameters?.[0].unit).toBe("Å");
    expect(Math.abs(p.parameters![0].value - hand.radius) / hand.radius).toBeLessThan(1e-5);
    expect(Math.abs(p.parameters![0].uncertainty! - hand.radiusSigma) / hand.radiusSigma).toBeLessThan(1e-5);
    expect(Math.abs(p.parameters![1].value - hand.radiusPd)).toBeLessThan(1e-6);
    expect(p.parameters![1].uncertainty).toBeUndefined();
    const outside = hand.radius < 10 || hand.radius > 300;
    expect(p.warnings.some((w) => w.startsWith("radius ="))).toBe(outside);
    expect(metrics.counter("session_loaded_cpu")).toBe(1);
  });

  test("concurrent callers share batches and each gets the result for its own curve", async () => {
    const scales = Array.from({ length: 20 }, (_, i) => 0.5 + i * 0.37);
    const results = await Promise.all(scales.map((s) => engine.predict("v1", loader, card, [curveFor(s)])));
    results.forEach((r, i) => {
      const hand = handRegression(scales[i], card.qGrid);
      expect(Math.abs(r.predictions[0].parameters![0].value - hand.radius) / hand.radius).toBeLessThan(1e-5);
    });
    expect(Math.max(...results.map((r) => r.predictions[0].batchSize))).toBeGreaterThan(1);
    expect(loads).toBe(1); // cached after the first load
  });

  test("one-curve calls reuse feature buffers without mixing curves, also after a rejected curve", async () => {
    const own = new InferenceEngine();
    const scales = Array.from({ length: 12 }, (_, i) => 0.7 + i * 0.29);
    for (let round = 0; round < 3; round++) {
      const bad = curveFor(1);
      bad.intensity[2] = NaN;
      const calls = scales.map((s) => own.predict("v1", loader, card, [curveFor(s)]));
      await expect(own.predict("v1", loader, card, [bad])).rejects.toThrow(InferenceInputError);
      const results = await Promise.all(calls);
      results.forEach((r, i) => {
        const hand = handRegression(scales[i], card.qGrid);
        expect(Math.abs(r.predictions[0].parameters![0].value - hand.radius) / hand.radius).toBeLessThan(1e-5);
        expect(Math.abs(r.predictions[0].parameters![1].value - hand.radiusPd)).toBeLessThan(1e-6);
      });
    }
    await own.close();
  });

  test("one call with many curves is cut into batches of at most maxBatch", async () => {
    const small = new InferenceEngine({ maxBatch: 4 });
    const res = await small.predict("v1", loader, card, [1, 2, 3, 4, 5, 6, 7, 8, 9].map(curveFor));
    res.predictions.forEach((p, i) => {
      const hand = handRegression(i + 1, card.qGrid);
      expect(Math.abs(p.parameters![1].value - hand.radiusPd)).toBeLessThan(1e-6);
      expect(p.batchSize).toBeLessThanOrEqual(4);
    });
    await small.close();
  });

  test("an unusable curve is an InferenceInputError naming its index and field", async () => {
    const bad = curveFor(1);
    bad.intensity[3] = NaN;
    await expect(engine.predict("v1", loader, card, [curveFor(1), bad])).rejects.toThrow(new InferenceInputError(1, "intensity", "point 3 is NaN"));
    expect(metrics.counter("predict_input_error")).toBe(1);
  });

  test("malformed bytes and mismatched cards are ModelArtifactErrors", async () => {
    await expect(readSignature(new Uint8Array([8, 7, 255, 1, 2, 3]))).rejects.toThrow(ModelArtifactError);
    await expect(engine.predict("junk", async () => new Uint8Array([1, 2, 3, 4]), card, [curveFor(1)])).rejects.toThrow(ModelArtifactError);
    const narrow = linearModel("curve", "params", seededFloats(5 * OUT, 1), B, 5, OUT);
    await expect(engine.predict("narrow", async () => narrow, card, [curveFor(1)])).rejects.toThrow(
      'model card "sphere-radius-test" does not match the model: input "curve" takes 5 features, the card\'s preprocessing gives 6',
    );
    const renamed = linearModel("x", "params", W, B, F, OUT);
    await expect(engine.load("renamed", async () => renamed, card)).rejects.toThrow('card input "curve", model input "x"');
  });

  test("readSignature reports names, types, symbolic batch dims and metadata", async () => {
    const g = new OnnxGraphBuilder();
    g.output(g.relu(g.input("curve", ["batch", F]), { name: "out" }), ["batch", F]);
    g.setMetadata("sasgraph.model_card", "{}");
    const sig = await readSignature(g.build());
    expect(sig.inputs).toEqual([{ name: "curve", type: "float32", shape: ["batch", F] }]);
    expect(sig.outputs).toEqual([{ name: "out", type: "float32", shape: ["batch", F] }]);
    expect(sig.opset).toBe(13);
    expect(sig.metadata).toEqual({ "sasgraph.model_card": "{}" });
  });

  test("the cache evicts the least recently used session past its byte bound and reloads on demand", async () => {
    const counts = new Map<string, number>();
    const countingLoader = (id: string) => async () => {
      counts.set(id, (counts.get(id) ?? 0) + 1);
      return bytes;
    };
    const m = new InMemoryEngineMetrics();
    const lru = new InferenceEngine({ maxCacheBytes: Math.floor(bytes.length * 2.5), metrics: m });
    for (const id of ["a", "b", "a", "c"]) await lru.predict(id, countingLoader(id), card, [curveFor(1)]);
    expect(lru.cachedVersions()).toEqual(["a", "c"]); // b was least recently used when c came
    expect(lru.cachedBytes).toBe(2 * bytes.length);
    await lru.predict("b", countingLoader("b"), card, [curveFor(1)]);
    expect(counts.get("b")).toBe(2);
    expect(counts.get("a")).toBe(1);
    expect(m.counter("session_evicted")).toBe(2);
    await lru.close();
    expect(lru.cachedVersions()).toEqual([]);
  });

  test("classification and curve heads on a two-output model with a channel layout", async () => {
    const labels = ["sphere", "cylinder", "ellipsoid", "lamellar"];
    const curveQ = [0.02, 0.05, 0.1];
    const wc = seededFloats(F * labels.length, 31, -1, 1);
    const wq = seededFloats(F * curveQ.length, 32, -0.5, 0.5);
    const g = new OnnxGraphBuilder();
    const flat = g.flatten(g.input("x", ["batch", 1, F]), 1);
    g.output(g.gemm(flat, g.initializer("wc", wc, [F, labels.length]), null, { name: "logits" }), ["batch", labels.length]);
    g.output(g.gemm(flat, g.initializer("wq", wq, [F, curveQ.length]), null, { name: "curve" }), ["batch", curveQ.length]);
    const json = {
      schema: MODEL_CARD_SCHEMA,
      name: "two-heads",
      qGrid: geometricGrid(F, 0.01, 0.3),
      qUnit: "1/nm",
      preprocessing: { interpolation: { method: "linear" }, transform: { kind: "none" } },
      input: { tensor: "x", layout: "batch_channel_features" },
      outputs: [
        { kind: "classification", tensor: "logits", labels, scores: "logits", topK: 2 },
        { kind: "curve", tensor: "curve", q: curveQ, intensityUnit: "1/cm", mean: [1, 2, 3], std: [0.5, 0.5, 0.25], space: "log10" },
      ],
      domain: { qMin: 0.01, qMax: 0.3 },
    };
    const twoHeads = parseModelCard(json);
    const q = Float64Array.from(twoHeads.qGrid);
    const x = Array.from(q, (v) => 1 + 5 * v);
    const res = await engine.predict("two", async () => g.build(), twoHeads, [{ q, intensity: Float64Array.from(x) }]);
    const logits = labels.map((_, j) => x.reduce((s, xi, i) => s + xi * wc[i * labels.length + j], 0));
    const z = logits.reduce((s, l) => s + Math.exp(l), 0);
    const expected = labels
      .map((label, j) => ({ label, probability: Math.exp(logits[j]) / z }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, 2);
    const classes = res.predictions[0].classes!;
    expect(classes.map((c) => c.label)).toEqual(expected.map((c) => c.label));
    classes.forEach((c, i) => expect(Math.abs(c.probability - expected[i].probability)).toBeLessThan(1e-6));
    const curve = res.predictions[0].curve!;
    expect(Array.from(curve.q)).toEqual(curveQ);
    expect(curve.qUnit).toBe("INV_NM");
    curveQ.forEach((_, j) => {
      const out = x.reduce((s, xi, i) => s + xi * wq[i * curveQ.length + j], 0);
      const value = 10 ** (out * json.outputs[1].std![j] + json.outputs[1].mean![j]);
      expect(Math.abs(curve.intensity[j] - value) / value).toBeLessThan(1e-5);
    });
  });
});
