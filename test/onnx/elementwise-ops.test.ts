import { OnnxGraphBuilder, type GraphValue } from "../../src/onnx";
import { expectClose, runModel, seededFloats } from "./helpers";

const ROWS = 3;
const COLS = 5;

async function unaryCase(apply: (b: OnnxGraphBuilder, x: GraphValue) => GraphValue, x: Float32Array): Promise<Float32Array> {
  const b = new OnnxGraphBuilder();
  const input = b.input("x", ["batch", COLS]);
  b.output(apply(b, input), ["batch", COLS]);
  const out = await runModel(b.build(), { x: { data: x, dims: [ROWS, COLS] } });
  return Object.values(out)[0].data;
}

describe("element-wise operators", () => {
  const x = seededFloats(ROWS * COLS, 11, -2, 2);
  const positive = seededFloats(ROWS * COLS, 12, 0.1, 3);

  test.each([
    ["Relu", (b: OnnxGraphBuilder, v: GraphValue) => b.relu(v), (t: number) => (t > 0 ? t : 0), x],
    ["Tanh", (b: OnnxGraphBuilder, v: GraphValue) => b.tanh(v), Math.tanh, x],
    ["Sigmoid", (b: OnnxGraphBuilder, v: GraphValue) => b.sigmoid(v), (t: number) => 1 / (1 + Math.exp(-t)), x],
    ["Exp", (b: OnnxGraphBuilder, v: GraphValue) => b.exp(v), Math.exp, x],
    ["Log", (b: OnnxGraphBuilder, v: GraphValue) => b.log(v), Math.log, positive],
  ] as const)("%s matches Math", async (_name, apply, reference, data) => {
    const got = await unaryCase(apply, data);
    expectClose(got, Array.from(data, reference));
  });

  test.each([
    ["Add", (b: OnnxGraphBuilder, p: GraphValue, q: GraphValue) => b.add(p, q), (p: number, q: number) => p + q],
    ["Sub", (b: OnnxGraphBuilder, p: GraphValue, q: GraphValue) => b.sub(p, q), (p: number, q: number) => p - q],
    ["Mul", (b: OnnxGraphBuilder, p: GraphValue, q: GraphValue) => b.mul(p, q), (p: number, q: number) => p * q],
    ["Div", (b: OnnxGraphBuilder, p: GraphValue, q: GraphValue) => b.div(p, q), (p: number, q: number) => p / q],
  ] as const)("%s broadcasts a [cols] initializer over [batch, cols]", async (_name, apply, reference) => {
    const row = seededFloats(COLS, 13, 0.5, 2);
    const got = await unaryCase((b, v) => apply(b, v, b.initializer("row", row, [COLS])), x);
    const expected: number[] = [];
    for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) expected.push(reference(x[r * COLS + c], row[c]));
    expectClose(got, expected);
  });

  test("Softmax over the last axis sums to one per row and matches exp/sum", async () => {
    const got = await unaryCase((b, v) => b.softmax(v, -1), x);
    const expected: number[] = [];
    for (let r = 0; r < ROWS; r++) {
      let sum = 0;
      for (let c = 0; c < COLS; c++) sum += Math.exp(x[r * COLS + c]);
      for (let c = 0; c < COLS; c++) expected.push(Math.exp(x[r * COLS + c]) / sum);
    }
    expectClose(got, expected);
  });
});
