import * as tf from "@tensorflow/tfjs";
import { Random } from "../../src/compute/random";
import {
  convertLatent,
  convertParameters,
  createVaeVars,
  decode,
  encode,
  variablesOf,
  type Latent,
  type VaeVars,
} from "../../src/training/hard-sphere-vae-model";
import { gemmNTSimd, gemmTNSimd, simdAvailable } from "../../src/compute/simd/gemm";
import {
  convGeometry,
  flatWeights,
  gemmNT,
  useSimdKernels,
  vaeGeometry,
  Workspace,
  zerosLike,
  type NativeVae,
} from "../../src/training/hard-sphere-vae-native";
import { nativeFromVars, stageLoss, type BatchInput } from "../../src/training/hard-sphere-vae-trainer";
import { selectTrainingBackend } from "../../src/training/tfjs-backend";

// The hand-written passes against two independent truths: tfjs autodiff of the tfjs definition
// (hard-sphere-vae-model.ts, what the export reproduces) and central finite differences in float64.
// The paper's grid (100 points) so the real geometry is exercised, including the padded edges.
const L = 100;
const SHAPE = { length: L, latent: 3, parameters: 2 };
const ROWS = 3;
const SAMPLES = 2;

type StageKind = { name: string; source: "encoder" | "converter1"; target: "decoder" | "converter2" };
const KINDS: StageKind[] = [
  { name: "vae", source: "encoder", target: "decoder" },
  { name: "generator", source: "converter1", target: "decoder" },
  { name: "inferrer", source: "encoder", target: "converter2" },
];
const ALL = ["encoder", "decoder", "converter1", "converter2"] as const;

function randomArray(random: Random, n: number, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => scale * random.normal());
}

/** The same loss in tfjs: mean over samples of the target's output, MSE (curves weighted by std). */
function tfjsLoss(vars: VaeVars, kind: StageKind, x: tf.Tensor2D, y: tf.Tensor2D, eps: tf.Tensor2D[], std: tf.Tensor1D): tf.Scalar {
  const latent: Latent = kind.source === "encoder" ? encode(vars, x) : convertParameters(vars, y);
  const outs = eps.map((e) => {
    const z = tf.add(latent.mu, tf.mul(tf.exp(tf.mul(latent.logVar, 0.5)), e)) as tf.Tensor2D;
    return kind.target === "decoder" ? decode(vars, z, L) : convertLatent(vars, z);
  });
  const mean = tf.div(tf.addN(outs), outs.length);
  return kind.target === "decoder" ? tf.mean(tf.square(tf.mul(tf.sub(mean, x), std))) : tf.mean(tf.square(tf.sub(mean, y)));
}

describe("hard-sphere VAE hand-written passes", () => {
  beforeAll(async () => {
    await selectTrainingBackend();
  });

  test("gemmNT equals the plain triple loop, remainders included", () => {
    const random = new Random(3);
    for (const [M, K, N] of [
      [5, 7, 6],
      [4, 3, 1],
      [1, 9, 4],
      [6, 30, 60],
    ]) {
      const A = randomArray(random, M * K);
      const Bt = randomArray(random, N * K);
      const C = new Float64Array(M * N);
      gemmNT(A, M, K, Bt, N, C);
      for (let r = 0; r < M; r++)
        for (let m = 0; m < N; m++) {
          let s = 0;
          for (let c = 0; c < K; c++) s += A[r * K + c] * Bt[m * K + c];
          expect(C[r * N + m]).toBeCloseTo(s, 12);
        }
    }
  });

  test("the WebAssembly SIMD products equal the plain triple loop, remainders included", () => {
    // Node 20 runs WebAssembly SIMD: the module we emit must validate, or the fast path is silently off.
    expect(simdAvailable).toBe(true);
    const random = new Random(4);
    for (const [M, K, N] of [
      [5, 7, 6],
      [4, 3, 1],
      [1, 9, 4],
      [6, 30, 60],
      [33, 270, 61],
    ]) {
      const A = randomArray(random, M * K);
      const Bt = randomArray(random, N * K);
      const C = new Float64Array(M * N).fill(NaN);
      gemmNTSimd(A, M, K, Bt, N, C);
      // TN form: C2[K, N] = A[M, K]ᵀ · B[M, N], here with B = C's reference values' shape [M, N].
      const B = randomArray(random, M * N);
      const C2 = new Float64Array(K * N).fill(NaN);
      gemmTNSimd(A, M, K, B, N, C2);
      for (let r = 0; r < M; r++)
        for (let m = 0; m < N; m++) {
          let s = 0;
          for (let c = 0; c < K; c++) s += A[r * K + c] * Bt[m * K + c];
          expect(C[r * N + m]).toBeCloseTo(s, 12);
        }
      for (let c = 0; c < K; c++)
        for (let m = 0; m < N; m++) {
          let s = 0;
          for (let r = 0; r < M; r++) s += A[r * K + c] * B[r * N + m];
          // Each lane sums in row order like this loop: the same bits.
          expect(C2[c * N + m]).toBe(s);
        }
    }
  });

  test("the transposed convolution's two phases cover every (output, tap) pair that reads a sample, once", () => {
    // Stride-2 transposed conv of 25 -> 50 points as the stride-1 conv over the dilated input, padded 4.
    const g = convGeometry("t", 1, 1, 25, 50, 1, 4, 2);
    expect(g.phases.map((p) => p.taps.length)).toEqual([5, 4]);
    const seen = new Set<string>();
    for (const ph of g.phases) ph.outputs.forEach((o, q) => ph.taps.forEach((j, t) => seen.add(`${o},${j},${ph.first[q] + t}`)));
    const want = new Set<string>();
    for (let o = 0; o < 50; o++)
      for (let j = 0; j < 9; j++) {
        const t = o + j - 4;
        if (t % 2 === 0) want.add(`${o},${j},${t / 2}`);
      }
    // Taps that fall past the ends read padding: the phases may list them (zeros), the reference does too.
    expect([...want].every((k) => seen.has(k))).toBe(true);
    expect(seen.size).toBe(want.size);
  });

  describe.each(KINDS)("stage $name", (kind) => {
    const g = vaeGeometry(SHAPE);
    const random = new Random(11);
    const x = randomArray(random, ROWS * L);
    const y = randomArray(random, ROWS * 2);
    const eps = randomArray(random, ROWS * SAMPLES * 3);
    const std = Float64Array.from({ length: L }, (_, j) => 0.05 + 0.01 * (j % 7));
    let vars: VaeVars;
    let net: NativeVae;
    beforeAll(() => {
      vars = createVaeVars(SHAPE, 7);
      net = nativeFromVars(vars);
      // logVar's bias raised so the reparameterisation's gradient is not negligible.
      (kind.source === "encoder" ? net.encoder.logVar.bias : net.converter1.logVar.bias).fill(-1);
      tf.tidy(() => (kind.source === "encoder" ? vars.encoder.logVar.bias : vars.converter1.logVar.bias).assign(tf.fill([3], -1)));
    });
    const input: BatchInput = { x, y, rows: ROWS, eps, samples: SAMPLES, cached: null };
    const stage = { source: kind.source, target: kind.target, trainable: [...ALL] };

    const nativeLoss = (n: NativeVae, grad: NativeVae | null) => stageLoss(n, g, new Workspace(ROWS * SAMPLES), stage, input, std, grad);

    afterAll(() => tf.dispose(variablesOf(vars)));

    test("loss and every gradient match tfjs autodiff", () => {
      const grad = zerosLike(net);
      const loss = nativeLoss(net, grad);
      const used = [kind.source, kind.target] as const;
      const trainable = used.flatMap((p) => variablesOf(vars[p]));
      const { value, grads } = tf.tidy(() =>
        tf.variableGrads(() => {
          const epsT = Array.from({ length: SAMPLES }, (_, s) => {
            const e = new Float32Array(ROWS * 3);
            for (let r = 0; r < ROWS; r++) for (let k = 0; k < 3; k++) e[r * 3 + k] = eps[(r * SAMPLES + s) * 3 + k];
            return tf.tensor2d(e, [ROWS, 3]);
          });
          return tfjsLoss(
            vars,
            kind,
            tf.tensor2d(Float32Array.from(x), [ROWS, L]),
            tf.tensor2d(Float32Array.from(y), [ROWS, 2]),
            epsT,
            tf.tensor1d(Float32Array.from(std)),
          );
        }, trainable),
      );
      expect(loss).toBeCloseTo(value.dataSync()[0], 4);
      expect(Math.abs(loss - value.dataSync()[0]) / loss).toBeLessThan(1e-4);
      const mine = used.flatMap((p) => flatWeights(grad[p]));
      trainable.forEach((v, i) => {
        const want = grads[v.name].dataSync();
        let scale = 0;
        for (const w of want) scale = Math.max(scale, Math.abs(w));
        expect(scale).toBeGreaterThan(0);
        for (let k = 0; k < want.length; k++) expect(Math.abs(mine[i][k] - want[k])).toBeLessThan(1e-4 * scale + 1e-9);
      });
      // Parts outside the stage's path get nothing.
      for (const p of ALL.filter((q) => !(used as readonly string[]).includes(q)))
        expect(flatWeights(grad[p]).every((a) => a.every((v) => v === 0))).toBe(true);
      tf.dispose([value, ...Object.values(grads)]);
    });

    test("the SIMD and the scalar kernels give the same loss and gradients to rounding", () => {
      const simd = zerosLike(net);
      const lossSimd = nativeLoss(net, simd);
      const scalar = zerosLike(net);
      useSimdKernels(false);
      let lossScalar: number;
      try {
        lossScalar = nativeLoss(net, scalar);
      } finally {
        useSimdKernels(true);
      }
      expect(Math.abs(lossSimd - lossScalar)).toBeLessThan(1e-13 * lossScalar);
      const a = flatWeights(scalar);
      const b = flatWeights(simd);
      a.forEach((w, i) => {
        let scale = 0;
        let worst = 0;
        w.forEach((v, k) => {
          scale = Math.max(scale, Math.abs(v));
          worst = Math.max(worst, Math.abs(b[i][k] - v));
        });
        expect(worst).toBeLessThanOrEqual(1e-12 * scale);
      });
    });

    test("a batch run in chunks gives the whole batch's loss and gradients", () => {
      const whole = zerosLike(net);
      const loss = nativeLoss(net, whole);
      const chunked = zerosLike(net);
      const ws = new Workspace(ROWS * SAMPLES);
      let sum = 0;
      for (const [from, to] of [
        [0, 2],
        [2, 3],
      ]) {
        const part: BatchInput = {
          x: x.subarray(from * L, to * L),
          y: y.subarray(from * 2, to * 2),
          rows: to - from,
          eps: eps.subarray(from * SAMPLES * 3, to * SAMPLES * 3),
          samples: SAMPLES,
          cached: null,
          batchRows: ROWS,
        };
        sum += stageLoss(net, g, ws, stage, part, std, chunked);
      }
      expect(sum).toBeCloseTo(loss, 12);
      const a = flatWeights(whole);
      const b = flatWeights(chunked);
      let worst = 0;
      a.forEach((w, i) => w.forEach((v, k) => (worst = Math.max(worst, Math.abs(b[i][k] - v)))));
      expect(worst).toBeLessThan(1e-12);
    });

    test("gradients match central finite differences in float64", () => {
      const grad = zerosLike(net);
      nativeLoss(net, grad);
      const pick = new Random(99);
      const weights = [kind.source, kind.target].flatMap((p) => flatWeights(net[p]));
      const grads = [kind.source, kind.target].flatMap((p) => flatWeights(grad[p]));
      const central = (w: Float64Array, k: number, h: number): number => {
        const keep = w[k];
        w[k] = keep + h;
        const up = nativeLoss(net, null);
        w[k] = keep - h;
        const down = nativeLoss(net, null);
        w[k] = keep;
        return (up - down) / (2 * h);
      };
      let checked = 0;
      weights.forEach((w, i) => {
        let scale = 0;
        for (const v of grads[i]) scale = Math.max(scale, Math.abs(v));
        for (let n = 0; n < 4; n++) {
          const k = pick.int(w.length);
          const h = 1e-5 * Math.max(1, Math.abs(w[k]));
          const fd = central(w, k, h);
          // A step that crosses a ReLU's kink gives a different slope at half the step: not a smooth point, skip it.
          if (Math.abs(central(w, k, h / 2) - fd) > 1e-6 * scale + 1e-12) continue;
          expect(Math.abs(grads[i][k] - fd)).toBeLessThan(1e-6 * scale + 1e-12);
          checked++;
        }
      });
      expect(checked).toBeGreaterThanOrEqual(40);
    });
  });
});
