/**
 * A bench model with a run time typical of published SAS inference networks: a 1D CNN encoder
 * (Conv1D 1→30 and 30→60 channels, kernel 9, stride 2, ReLU) on a 200-point log10 I(q), then
 * Gemm 2640→256→64→2 (radius, polydispersity). Written by our ONNX writer with seeded random
 * weights (He-uniform), so its outputs are meaningless but its cost is that of the real thing.
 */
import { OnnxGraphBuilder } from "../src/onnx";
import { benchCardJson, geometricGrid, heUniform, seededUniform } from "./bench-models";

export const CNN_POINTS = 200;
const CONVS = [
  { inC: 1, outC: 30, kernel: 9, stride: 2 },
  { inC: 30, outC: 60, kernel: 9, stride: 2 },
];
const DENSE = [256, 64, 2];

/** ONNX bytes of the CNN; input "curve" [batch, 1, 200], output "params" [batch, 2]. */
export function buildCnnModel(seed = 7): Uint8Array {
  const rnd = seededUniform(seed);
  const g = new OnnxGraphBuilder();
  let x = g.input("curve", ["batch", 1, CNN_POINTS]);
  let length = CNN_POINTS;
  CONVS.forEach((c, i) => {
    const w = g.initializer(`conv${i}.w`, heUniform(rnd, c.outC * c.inC * c.kernel, c.inC * c.kernel), [c.outC, c.inC, c.kernel]);
    const b = g.initializer(
      `conv${i}.b`,
      Float32Array.from({ length: c.outC }, () => rnd() * 0.1),
      [c.outC],
    );
    x = g.relu(g.conv(x, w, b, { strides: [c.stride] }));
    length = Math.floor((length - c.kernel) / c.stride) + 1;
  });
  x = g.flatten(x, 1);
  let width = CONVS[CONVS.length - 1].outC * length;
  DENSE.forEach((outF, i) => {
    const w = g.initializer(`dense${i}.w`, heUniform(rnd, width * outF, width), [width, outF]);
    const b = g.initializer(
      `dense${i}.b`,
      Float32Array.from({ length: outF }, () => rnd() * 0.1),
      [outF],
    );
    const last = i === DENSE.length - 1;
    x = g.gemm(x, w, b, last ? { name: "params" } : {});
    if (!last) x = g.relu(x);
    width = outF;
  });
  g.output(x, ["batch", 2]);
  return g.build();
}

/** Card of the CNN: log-log interpolation onto 200 points, log10, standardisation. */
export function cnnCardJson(): Record<string, unknown> {
  return benchCardJson("bench-cnn1d", "Bench-only 1D CNN with random weights (run-time realistic, outputs meaningless)", CNN_POINTS, "batch_channel_features");
}

export function instrumentCurve(i: number): { q: Float64Array; intensity: Float64Array } {
  const q = Float64Array.from(geometricGrid(300, 0.004, 0.6));
  const r = 30 + (i % 17);
  return { q, intensity: q.map((v) => (1 + i / 50) * (1 / (1 + (v * r) ** 4)) + 1e-3) };
}
