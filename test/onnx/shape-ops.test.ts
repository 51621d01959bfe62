import { onnx } from "onnx-proto";
import { OnnxGraphBuilder } from "../../src/onnx";
import { expectClose, runModel, seededFloats } from "./helpers";

describe("shape operators, metadata and builder checks", () => {
  const [N, A, B] = [2, 3, 4];
  const x = seededFloats(N * A * B, 201);
  const at = (n: number, a: number, b: number) => x[(n * A + a) * B + b];

  test("Transpose [N, A, B] -> [N, B, A]", async () => {
    const g = new OnnxGraphBuilder();
    g.output(g.transpose(g.input("x", ["batch", A, B]), [0, 2, 1], { name: "y" }), ["batch", B, A]);
    const out = await runModel(g.build(), { x: { data: x, dims: [N, A, B] } });
    const expected: number[] = [];
    for (let n = 0; n < N; n++) for (let b = 0; b < B; b++) for (let a = 0; a < A; a++) expected.push(at(n, a, b));
    expect(out.y.dims).toEqual([N, B, A]);
    expectClose(out.y.data, expected);
  });

  test("ReduceMean over axis 2, keepdims 0", async () => {
    const g = new OnnxGraphBuilder();
    g.output(g.reduceMean(g.input("x", ["batch", A, B]), [2], false, { name: "y" }), ["batch", A]);
    const out = await runModel(g.build(), { x: { data: x, dims: [N, A, B] } });
    const expected: number[] = [];
    for (let n = 0; n < N; n++)
      for (let a = 0; a < A; a++) {
        let s = 0;
        for (let b = 0; b < B; b++) s += at(n, a, b);
        expected.push(s / B);
      }
    expect(out.y.dims).toEqual([N, A]);
    expectClose(out.y.data, expected);
  });

  test("Concat of the input with its exponential along axis 1, then Flatten and Reshape", async () => {
    const g = new OnnxGraphBuilder();
    const input = g.input("x", ["batch", A, B]);
    const joined = g.concat([input, g.exp(input)], 1, { name: "joined" });
    g.output(joined, ["batch", 2 * A, B]);
    g.output(g.flatten(joined, 1, { name: "flat" }), ["batch", 2 * A * B]);
    g.output(g.reshape(joined, [0, -1, 2], { name: "pairs" }), ["batch", A * B, 2]);
    const out = await runModel(g.build(), { x: { data: x, dims: [N, A, B] } });
    const expected: number[] = [];
    for (let n = 0; n < N; n++) {
      for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) expected.push(at(n, a, b));
      for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) expected.push(Math.exp(at(n, a, b)));
    }
    expect(out.joined.dims).toEqual([N, 2 * A, B]);
    expect(out.flat.dims).toEqual([N, 2 * A * B]);
    expect(out.pairs.dims).toEqual([N, A * B, 2]);
    expectClose(out.joined.data, expected);
    expectClose(out.flat.data, expected);
    expectClose(out.pairs.data, expected);
  });

  test("metadata_props round-trip and the written header is opset 13", () => {
    const g = new OnnxGraphBuilder();
    g.output(g.relu(g.input("x", ["batch", 2])), ["batch", 2]);
    g.setMetadata("model_card", '{"a":1}');
    const decoded = onnx.ModelProto.decode(g.build());
    expect(decoded.metadataProps.map((p) => [p.key, p.value])).toEqual([["model_card", '{"a":1}']]);
    expect(decoded.opsetImport.map((o) => Number(o.version))).toEqual([13]);
    expect(decoded.graph?.input?.[0].type?.tensorType?.shape?.dim?.[0].dimParam).toBe("batch");
  });

  test("the builder refuses duplicate names, foreign values and initializers that do not fill their dims", () => {
    const g = new OnnxGraphBuilder();
    const v = g.input("x", ["batch", 2]);
    expect(() => g.input("x", [1])).toThrow(/already used/);
    expect(() => g.initializer("w", new Float32Array(5), [2, 3])).toThrow(/do not fill/);
    const other = new OnnxGraphBuilder().input("z", [1]);
    expect(() => g.add(v, other)).toThrow(/not a value of this graph/);
    expect(() => g.build()).toThrow(/no outputs/);
  });
});
