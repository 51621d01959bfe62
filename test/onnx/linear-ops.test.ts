import { OnnxGraphBuilder, buildMlpModel } from "../../src/onnx";
import { expectClose, runModel, seededFloats } from "./helpers";

describe("Gemm and MatMul", () => {
  test("Gemm with transB, alpha and beta matches alpha*A*B^T + beta*C", async () => {
    const [n, k, m] = [4, 6, 3];
    const a = seededFloats(n * k, 1);
    const bt = seededFloats(m * k, 2); // stored [m, k], used transposed
    const c = seededFloats(m, 3);
    const b = new OnnxGraphBuilder();
    const x = b.input("a", ["batch", k]);
    const y = b.gemm(x, b.initializer("bt", bt, [m, k]), b.initializer("c", c, [m]), { transB: true, alpha: 0.5, beta: 2, name: "y" });
    b.output(y, ["batch", m]);
    const out = await runModel(b.build(), { a: { data: a, dims: [n, k] } });
    const expected: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * k + p] * bt[j * k + p];
        expected.push(0.5 * s + 2 * c[j]);
      }
    }
    expect(out.y.dims).toEqual([n, m]);
    expectClose(out.y.data, expected);
  });

  test("MatMul of [batch, k] by [k, m]", async () => {
    const [n, k, m] = [2, 5, 4];
    const a = seededFloats(n * k, 4);
    const w = seededFloats(k * m, 5);
    const b = new OnnxGraphBuilder();
    b.output(b.matMul(b.input("a", ["batch", k]), b.initializer("w", w, [k, m]), { name: "y" }), ["batch", m]);
    const out = await runModel(b.build(), { a: { data: a, dims: [n, k] } });
    const expected: number[] = [];
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * k + p] * w[p * m + j];
        expected.push(s);
      }
    expectClose(out.y.data, expected);
  });

  test("an MLP with a dynamic batch dimension runs at batch 1 and batch 7", async () => {
    const sizes = [8, 16, 3];
    const layers = [0, 1].map((l) => ({
      inFeatures: sizes[l],
      outFeatures: sizes[l + 1],
      kernel: seededFloats(sizes[l] * sizes[l + 1], 20 + l),
      bias: seededFloats(sizes[l + 1], 30 + l),
      activation: l === 0 ? ("tanh" as const) : ("linear" as const),
    }));
    const bytes = buildMlpModel({ inputName: "curve", outputName: "params", layers });
    const reference = (x: Float32Array, rows: number): number[] => {
      let h: number[] = Array.from(x);
      for (const layer of layers) {
        const next: number[] = [];
        for (let r = 0; r < rows; r++)
          for (let j = 0; j < layer.outFeatures; j++) {
            let s = layer.bias[j];
            for (let p = 0; p < layer.inFeatures; p++) s += h[r * layer.inFeatures + p] * layer.kernel[p * layer.outFeatures + j];
            next.push(layer.activation === "tanh" ? Math.tanh(s) : s);
          }
        h = next;
      }
      return h;
    };
    for (const rows of [1, 7]) {
      const x = seededFloats(rows * 8, 40 + rows);
      const out = await runModel(bytes, { curve: { data: x, dims: [rows, 8] } });
      expect(out.params.dims).toEqual([rows, 3]);
      expectClose(out.params.data, reference(x, rows));
    }
  });
});
