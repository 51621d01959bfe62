import { OnnxGraphBuilder } from "../../src/onnx";
import { expectClose, runModel, seededFloats } from "./helpers";

describe("Conv and ConvTranspose", () => {
  test("Conv1d with groups, stride, padding and dilation matches a direct loop", async () => {
    const [N, C, L, M, K, group, stride, dil, padB, padE] = [2, 4, 11, 6, 3, 2, 2, 2, 2, 1];
    const cg = C / group;
    const mg = M / group;
    const x = seededFloats(N * C * L, 101);
    const w = seededFloats(M * cg * K, 102);
    const bias = seededFloats(M, 103);
    const b = new OnnxGraphBuilder();
    const y = b.conv(b.input("x", ["batch", C, L]), b.initializer("w", w, [M, cg, K]), b.initializer("b", bias, [M]), {
      strides: [stride],
      dilations: [dil],
      pads: [padB, padE],
      group,
      name: "y",
    });
    const outLen = Math.floor((L + padB + padE - dil * (K - 1) - 1) / stride) + 1;
    b.output(y, ["batch", M, outLen]);
    const out = await runModel(b.build(), { x: { data: x, dims: [N, C, L] } });
    const expected: number[] = [];
    for (let n = 0; n < N; n++)
      for (let m = 0; m < M; m++)
        for (let o = 0; o < outLen; o++) {
          const g = Math.floor(m / mg);
          let s = bias[m];
          for (let c = 0; c < cg; c++)
            for (let k = 0; k < K; k++) {
              const i = o * stride + k * dil - padB;
              if (i >= 0 && i < L) s += x[(n * C + g * cg + c) * L + i] * w[(m * cg + c) * K + k];
            }
          expected.push(s);
        }
    expect(out.y.dims).toEqual([N, M, outLen]);
    expectClose(out.y.data, expected);
  });

  test("ConvTranspose1d with stride, padding and output padding matches a scatter loop", async () => {
    const [N, C, L, M, K, stride, dil, padB, padE, outPad] = [2, 3, 7, 4, 4, 3, 1, 1, 2, 1];
    const x = seededFloats(N * C * L, 111);
    const w = seededFloats(C * M * K, 112); // [C, M, K]
    const bias = seededFloats(M, 113);
    const outLen = stride * (L - 1) + outPad + (K - 1) * dil + 1 - padB - padE;
    const b = new OnnxGraphBuilder();
    const y = b.convTranspose(b.input("x", ["batch", C, L]), b.initializer("w", w, [C, M, K]), b.initializer("b", bias, [M]), {
      strides: [stride],
      dilations: [dil],
      pads: [padB, padE],
      outputPadding: [outPad],
      name: "y",
    });
    b.output(y, ["batch", M, outLen]);
    const out = await runModel(b.build(), { x: { data: x, dims: [N, C, L] } });
    const expected = new Float64Array(N * M * outLen);
    for (let n = 0; n < N; n++) for (let m = 0; m < M; m++) for (let o = 0; o < outLen; o++) expected[(n * M + m) * outLen + o] = bias[m];
    for (let n = 0; n < N; n++)
      for (let c = 0; c < C; c++)
        for (let i = 0; i < L; i++)
          for (let m = 0; m < M; m++)
            for (let k = 0; k < K; k++) {
              const o = i * stride + k * dil - padB;
              if (o >= 0 && o < outLen) expected[(n * M + m) * outLen + o] += x[(n * C + c) * L + i] * w[(c * M + m) * K + k];
            }
    expect(out.y.dims).toEqual([N, M, outLen]);
    expectClose(out.y.data, expected);
  });

  test("Conv2d with stride and padding matches a direct loop", async () => {
    const [N, C, H, W, M, KH, KW, s, p] = [1, 2, 6, 5, 3, 3, 2, 2, 1];
    const x = seededFloats(N * C * H * W, 121);
    const w = seededFloats(M * C * KH * KW, 122);
    const bias = seededFloats(M, 123);
    const OH = Math.floor((H + 2 * p - KH) / s) + 1;
    const OW = Math.floor((W + 2 * p - KW) / s) + 1;
    const b = new OnnxGraphBuilder();
    const y = b.conv(b.input("x", ["batch", C, H, W]), b.initializer("w", w, [M, C, KH, KW]), b.initializer("b", bias, [M]), {
      strides: [s, s],
      pads: [p, p, p, p],
      name: "y",
    });
    b.output(y, ["batch", M, OH, OW]);
    const out = await runModel(b.build(), { x: { data: x, dims: [N, C, H, W] } });
    const expected: number[] = [];
    for (let n = 0; n < N; n++)
      for (let m = 0; m < M; m++)
        for (let oh = 0; oh < OH; oh++)
          for (let ow = 0; ow < OW; ow++) {
            let acc = bias[m];
            for (let c = 0; c < C; c++)
              for (let kh = 0; kh < KH; kh++)
                for (let kw = 0; kw < KW; kw++) {
                  const ih = oh * s + kh - p;
                  const iw = ow * s + kw - p;
                  if (ih >= 0 && ih < H && iw >= 0 && iw < W) acc += x[((n * C + c) * H + ih) * W + iw] * w[((m * C + c) * KH + kh) * KW + kw];
                }
            expected.push(acc);
          }
    expect(out.y.dims).toEqual([N, M, OH, OW]);
    expectClose(out.y.data, expected);
  });

  test("ConvTranspose2d with stride 2 matches a scatter loop", async () => {
    const [N, C, H, W, M, K, s] = [2, 2, 3, 4, 3, 3, 2];
    const x = seededFloats(N * C * H * W, 131);
    const w = seededFloats(C * M * K * K, 132);
    const OH = s * (H - 1) + K;
    const OW = s * (W - 1) + K;
    const b = new OnnxGraphBuilder();
    b.output(b.convTranspose(b.input("x", ["batch", C, H, W]), b.initializer("w", w, [C, M, K, K]), null, { strides: [s, s], name: "y" }), [
      "batch",
      M,
      OH,
      OW,
    ]);
    const out = await runModel(b.build(), { x: { data: x, dims: [N, C, H, W] } });
    const expected = new Float64Array(N * M * OH * OW);
    for (let n = 0; n < N; n++)
      for (let c = 0; c < C; c++)
        for (let ih = 0; ih < H; ih++)
          for (let iw = 0; iw < W; iw++)
            for (let m = 0; m < M; m++)
              for (let kh = 0; kh < K; kh++)
                for (let kw = 0; kw < K; kw++) {
                  expected[((n * M + m) * OH + ih * s + kh) * OW + iw * s + kw] += x[((n * C + c) * H + ih) * W + iw] * w[((c * M + m) * K + kh) * K + kw];
                }
    expect(out.y.dims).toEqual([N, M, OH, OW]);
    expectClose(out.y.data, expected);
  });
});
