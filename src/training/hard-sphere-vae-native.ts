/**
 * The hard-sphere VAE's forward and backward passes written out by hand on Float64Arrays, for
 * training (hard-sphere-vae-trainer.ts). Why not tfjs: the network is small (≈ 2.5 M multiply-adds
 * per curve and step) and tfjs pays for it three ways — ~700 kernel launches per step, the
 * transposed convolutions run over zero-interleaved input (half the products are by zero), and the
 * wasm backend's BatchMatMul ran at ≈ 1 GMAC/s (bench/RESULTS.md, training). Here each layer is one
 * loop nest over a precomputed tap table, zeros from the ReLUs are skipped, frozen parts get no
 * weight gradient and nothing is allocated per step. The large products run on a WebAssembly SIMD
 * kernel (src/compute/simd/gemm.ts, float64 like the rest).
 *
 * Same layouts and maths as hard-sphere-vae-model.ts (the tfjs definition, which stays the
 * reference: export, serving checks and the gradient test use it): channels-last feature maps
 * [B, L, C], conv filters [K, Cin, Cout], dense kernels [in, out]. The transposed convolution is
 * the same convolution over the zero-interleaved, (K-1-pad)-padded input, its zeros left out.
 */
import { gemmNTSimd, gemmTNSimd, simdAvailable } from "../compute/simd/gemm";
import { CHANNELS, KERNEL, PAD, STRIDE, type VaeShape } from "./hard-sphere-vae-model";

/** A dense layer: kernel [in, out] row-major, bias [out]. */
export interface NativeDense {
  kernel: Float64Array;
  bias: Float64Array;
}

/** A (transposed) 1D convolution: filter [K, Cin, Cout], bias [Cout]. */
export interface NativeConv {
  filter: Float64Array;
  bias: Float64Array;
}

/** Same nesting and key order as VaeVars, so variablesOf and flatWeights walk them alike. */
export interface NativeVae {
  encoder: { conv1: NativeConv; conv2: NativeConv; mu: NativeDense; logVar: NativeDense };
  decoder: { dense: NativeDense; deconv1: NativeConv; deconv2: NativeConv };
  converter1: { hidden1: NativeDense; hidden2: NativeDense; mu: NativeDense; logVar: NativeDense };
  converter2: { hidden1: NativeDense; hidden2: NativeDense; out: NativeDense };
}

/** Every array of a part in VaeVars's order (Object.keys order, as variablesOf). */
export function flatWeights(part: object): Float64Array[] {
  const out: Float64Array[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Float64Array) out.push(v);
    else if (typeof v === "object" && v !== null) for (const key of Object.keys(v)) walk((v as Record<string, unknown>)[key]);
  };
  walk(part);
  return out;
}

/** Zero arrays of the same nesting (gradients, Adam moments). */
export function zerosLike<T extends object>(part: T): T {
  const copy = (v: unknown): unknown => {
    if (v instanceof Float64Array) return new Float64Array(v.length);
    const o: Record<string, unknown> = {};
    for (const key of Object.keys(v as object)) o[key] = copy((v as Record<string, unknown>)[key]);
    return o;
  };
  return copy(part) as T;
}

/**
 * C[M, N] = A[M, K] · Bt[N, K]ᵀ (both operands row-major along K): every entry a dot product,
 * two rows by four columns at a time so each loaded value serves several products (≈ 3x the
 * plain loop in V8, which does not vectorise).
 */
export function gemmNT(A: Float64Array, M: number, K: number, Bt: Float64Array, N: number, C: Float64Array): void {
  let r = 0;
  for (; r + 1 < M; r += 2) {
    const x0 = r * K;
    const x1 = x0 + K;
    let m = 0;
    for (; m + 3 < N; m += 4) {
      const w0 = m * K;
      const w1 = w0 + K;
      const w2 = w1 + K;
      const w3 = w2 + K;
      let a0 = 0,
        a1 = 0,
        a2 = 0,
        a3 = 0,
        b0 = 0,
        b1 = 0,
        b2 = 0,
        b3 = 0;
      for (let c = 0; c < K; c++) {
        const p = A[x0 + c];
        const q = A[x1 + c];
        const u0 = Bt[w0 + c];
        const u1 = Bt[w1 + c];
        const u2 = Bt[w2 + c];
        const u3 = Bt[w3 + c];
        a0 += p * u0;
        a1 += p * u1;
        a2 += p * u2;
        a3 += p * u3;
        b0 += q * u0;
        b1 += q * u1;
        b2 += q * u2;
        b3 += q * u3;
      }
      const o0 = r * N + m;
      const o1 = o0 + N;
      C[o0] = a0;
      C[o0 + 1] = a1;
      C[o0 + 2] = a2;
      C[o0 + 3] = a3;
      C[o1] = b0;
      C[o1 + 1] = b1;
      C[o1 + 2] = b2;
      C[o1 + 3] = b3;
    }
    for (; m < N; m++) {
      const w0 = m * K;
      let a = 0;
      let b = 0;
      for (let c = 0; c < K; c++) {
        const u = Bt[w0 + c];
        a += A[x0 + c] * u;
        b += A[x1 + c] * u;
      }
      C[r * N + m] = a;
      C[(r + 1) * N + m] = b;
    }
  }
  for (; r < M; r++) {
    const x0 = r * K;
    for (let m = 0; m < N; m++) {
      const w0 = m * K;
      let a = 0;
      for (let c = 0; c < K; c++) a += A[x0 + c] * Bt[w0 + c];
      C[r * N + m] = a;
    }
  }
}

let simd = simdAvailable;

/** Whether the large products run on the WebAssembly SIMD kernel (default: where the runtime has it); the bench's switch. */
export function useSimdKernels(on: boolean): void {
  simd = on && simdAvailable;
}

/**
 * gemmNT on the SIMD kernel (src/compute/simd/gemm.ts, ≈ 4–5× these loops for the network's
 * convolutions) when K is long enough to pay for its copies; the first convolution (K = 9) stays here.
 */
export function gemm(A: Float64Array, M: number, K: number, Bt: Float64Array, N: number, C: Float64Array): void {
  if (simd && K >= 16) gemmNTSimd(A, M, K, Bt, N, C);
  else gemmNT(A, M, K, Bt, N, C);
}

// Small monomorphic loops instead of set(subarray(...)) per short patch row: no view allocated per
// row (the garbage it made was ≈ 5 % of a step) and V8 optimises them on their own.
function copyRange(dst: Float64Array, at: number, src: Float64Array, from: number, n: number): void {
  if (n >= 64) dst.set(src.subarray(from, from + n), at);
  else for (let i = 0; i < n; i++) dst[at + i] = src[from + i];
}

function addRange(dst: Float64Array, at: number, src: Float64Array, from: number, n: number): void {
  for (let i = 0; i < n; i++) dst[at + i] += src[from + i];
}

/** out[cols, rows] = in[rows, cols]ᵀ. */
function transpose(src: Float64Array, rows: number, cols: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c];
}

/**
 * One phase of a convolution: the outputs `outputs` all use the taps `taps` (filter rows j), and
 * output q's taps read the consecutive input positions first[q], first[q] + 1, ... (out of range:
 * padding, a zero). A plain strided convolution is one phase; a stride-2 transposed convolution is
 * two (even outputs use the even taps, odd outputs the odd ones), which is how the zeros the tfjs
 * form interleaves are never multiplied. Each phase is then im2col + one GEMM, each row of patches a
 * contiguous slice of the channels-last input.
 */
export interface ConvPhase {
  outputs: Int32Array;
  taps: Int32Array;
  first: Int32Array;
}

export interface ConvGeometry {
  /** Name of its workspace buffers (patches kept from forward to backward). */
  key: string;
  cin: number;
  cout: number;
  lin: number;
  lout: number;
  phases: ConvPhase[];
}

/**
 * Output o, tap j reads position t = o·stride + j - pad of the input dilated by `dilation`
 * (dilation - 1 zeros between samples): input sample t / dilation where that is a whole number.
 * Outputs are grouped by which taps land on samples (o·stride - pad mod dilation).
 */
export function convGeometry(key: string, cin: number, cout: number, lin: number, lout: number, stride: number, pad: number, dilation: number): ConvGeometry {
  const phases: ConvPhase[] = [];
  for (let phase = 0; phase < dilation; phase++) {
    const outputs: number[] = [];
    const first: number[] = [];
    const taps: number[] = [];
    for (let j = 0; j < KERNEL; j++) if ((((phase + j) % dilation) + dilation) % dilation === 0) taps.push(j);
    for (let o = 0; o < lout; o++) {
      const t = o * stride - pad;
      if ((((t - phase) % dilation) + dilation) % dilation !== 0) continue;
      outputs.push(o);
      first.push((t + taps[0]) / dilation);
    }
    if (outputs.length > 0 && taps.length > 0) phases.push({ outputs: Int32Array.from(outputs), taps: Int32Array.from(taps), first: Int32Array.from(first) });
  }
  return { key, cin, cout, lin, lout, phases };
}

export interface VaeGeometry {
  length: number;
  latent: number;
  parameters: number;
  conv1: ConvGeometry;
  conv2: ConvGeometry;
  deconv1: ConvGeometry;
  deconv2: ConvGeometry;
}

export function vaeGeometry(shape: VaeShape): VaeGeometry {
  const L = shape.length;
  const [c1, c2] = CHANNELS;
  const edge = KERNEL - 1 - PAD;
  return {
    ...shape,
    conv1: convGeometry("conv1", 1, c1, L, L / 2, STRIDE, PAD, 1),
    conv2: convGeometry("conv2", c1, c2, L / 2, L / 4, STRIDE, PAD, 1),
    // Transposed (stride 2, pad 4, output pad 1) = stride-1 convolution over the input dilated by 2, padded K-1-pad.
    deconv1: convGeometry("deconv1", c2, c1, L / 4, L / 2, 1, edge, STRIDE),
    deconv2: convGeometry("deconv2", c1, 1, L / 2, L, 1, edge, STRIDE),
  };
}

/** out[B, lout·cout] = conv(x[B, lin·cin]) + bias; keeps each phase's patches in ws for convBackward. */
export function convForward(g: ConvGeometry, w: NativeConv, ws: Workspace, x: Float64Array, rows: number, out: Float64Array): void {
  const { cin, cout, lin, lout } = g;
  const filter = w.filter;
  g.phases.forEach((ph, p) => {
    const nJ = ph.taps.length;
    const kc = nJ * cin;
    const nout = ph.outputs.length;
    const M = rows * nout;
    const P = ws.get(`${g.key}.P${p}`, nout * kc);
    for (let b = 0; b < rows; b++)
      for (let q = 0; q < nout; q++) {
        const row = (b * nout + q) * kc;
        const i0 = ph.first[q];
        const lo = Math.max(0, i0);
        const hi = Math.min(lin, i0 + nJ);
        if (lo > i0) P.fill(0, row, row + (lo - i0) * cin);
        if (hi > lo) copyRange(P, row + (lo - i0) * cin, x, (b * lin + lo) * cin, (hi - lo) * cin);
        if (i0 + nJ > hi) P.fill(0, row + (Math.max(hi, lo) - i0) * cin, row + kc);
      }
    const Wt = ws.scratch(`${g.key}.Wt${p}`, cout * kc);
    for (let t = 0; t < nJ; t++)
      for (let c = 0; c < cin; c++) {
        const src = (ph.taps[t] * cin + c) * cout;
        for (let m = 0; m < cout; m++) Wt[m * kc + t * cin + c] = filter[src + m];
      }
    const C = ws.get("conv.C", Math.max(nout, 1) * cout * 2);
    gemm(P, M, kc, Wt, cout, C);
    for (let b = 0; b < rows; b++)
      for (let q = 0; q < nout; q++) {
        const src = (b * nout + q) * cout;
        const dst = (b * lout + ph.outputs[q]) * cout;
        for (let m = 0; m < cout; m++) out[dst + m] = C[src + m] + w.bias[m];
      }
  });
}

/**
 * Backward of the last convForward on this geometry for the gradient dOut [B, lout·cout]: adds
 * the filter and bias gradients into grad (when given) and writes the input gradient into dx
 * (when given).
 */
export function convBackward(
  g: ConvGeometry,
  w: NativeConv,
  ws: Workspace,
  rows: number,
  dOut: Float64Array,
  grad: NativeConv | null,
  dx: Float64Array | null,
): void {
  const { cin, cout, lin, lout } = g;
  const filter = w.filter;
  if (dx) dx.fill(0, 0, rows * lin * cin);
  g.phases.forEach((ph, p) => {
    const nJ = ph.taps.length;
    const kc = nJ * cin;
    const nout = ph.outputs.length;
    const M = rows * nout;
    const P = ws.get(`${g.key}.P${p}`, nout * kc);
    const dC = ws.get("conv.dC", Math.max(nout, 1) * cout * 2);
    for (let b = 0; b < rows; b++)
      for (let q = 0; q < nout; q++) {
        const src = (b * lout + ph.outputs[q]) * cout;
        copyRange(dC, (b * nout + q) * cout, dOut, src, cout);
      }
    if (grad) {
      for (let r = 0; r < M; r++) for (let m = 0; m < cout; m++) grad.bias[m] += dC[r * cout + m];
      if (simd) {
        // dW[kc, cout] = Pᵀ · dC straight in the filter's (tap, cin, cout) order: no transposes.
        const dW = ws.scratch("conv.dW", kc * cout);
        gemmTNSimd(P, M, kc, dC, cout, dW);
        const block = cin * cout;
        for (let t = 0; t < nJ; t++) {
          const dst = ph.taps[t] * block;
          const src = t * block;
          for (let i = 0; i < block; i++) grad.filter[dst + i] += dW[src + i];
        }
      } else {
        const dCt = ws.get("conv.dCt", Math.max(nout, 1) * cout * 2);
        const Pt = ws.get(`conv.Pt`, nout * kc);
        transpose(dC, M, cout, dCt);
        transpose(P, M, kc, Pt);
        const dWt = ws.scratch("conv.dWt", cout * kc);
        gemmNT(dCt, cout, M, Pt, kc, dWt);
        for (let t = 0; t < nJ; t++)
          for (let c = 0; c < cin; c++) {
            const dst = (ph.taps[t] * cin + c) * cout;
            for (let m = 0; m < cout; m++) grad.filter[dst + m] += dWt[m * kc + t * cin + c];
          }
      }
    }
    if (dx) {
      const Wp = ws.scratch(`${g.key}.Wp${p}`, kc * cout);
      for (let t = 0; t < nJ; t++) {
        const src = ph.taps[t] * cin * cout;
        Wp.set(filter.subarray(src, src + cin * cout), t * cin * cout);
      }
      const dP = ws.get("conv.dP", nout * kc);
      gemm(dC, M, cout, Wp, kc, dP);
      for (let b = 0; b < rows; b++)
        for (let q = 0; q < nout; q++) {
          const row = (b * nout + q) * kc;
          const i0 = ph.first[q];
          const lo = Math.max(0, i0);
          const hi = Math.min(lin, i0 + nJ);
          // Taps lo..hi - 1 read one contiguous run of the input: add the patch row back in one loop.
          const d = (b * lin + lo) * cin;
          const s = row + (lo - i0) * cin;
          if (hi > lo) addRange(dx, d, dP, s, (hi - lo) * cin);
        }
    }
  });
}

/** Scratch for the narrow dense layers' SIMD path (one thread runs one pass at a time). */
let denseScratch = new Float64Array(0);
function scratch(n: number): Float64Array {
  if (denseScratch.length < n) denseScratch = new Float64Array(n);
  return denseScratch;
}

/**
 * A dense layer with few outputs and many inputs (the encoder's mu and log s²: 1500 -> 3): the
 * loops below would run 3 long along the outputs, so it goes through the SIMD products instead.
 */
const narrow = (k: number, n: number) => simd && n < 8 && k >= 16;

/** out[B, n] = x[B, k] · kernel[k, n] + bias. */
export function denseForward(d: NativeDense, x: Float64Array, rows: number, out: Float64Array): void {
  const n = d.bias.length;
  const k = d.kernel.length / n;
  const kernel = d.kernel;
  if (narrow(k, n)) {
    const kt = scratch(k * n);
    transpose(kernel, k, n, kt);
    gemmNTSimd(x, rows, k, kt, n, out);
    for (let b = 0; b < rows; b++) for (let m = 0; m < n; m++) out[b * n + m] += d.bias[m];
    return;
  }
  for (let b = 0; b < rows; b++) {
    const oo = b * n;
    for (let m = 0; m < n; m++) out[oo + m] = d.bias[m];
    for (let c = 0; c < k; c++) {
      const a = x[b * k + c];
      if (a === 0) continue;
      const wo = c * n;
      for (let m = 0; m < n; m++) out[oo + m] += a * kernel[wo + m];
    }
  }
}

/** Backward of denseForward: kernel and bias gradients into grad (when given), input gradient into dx (when given). */
export function denseBackward(d: NativeDense, x: Float64Array, rows: number, dOut: Float64Array, grad: NativeDense | null, dx: Float64Array | null): void {
  const n = d.bias.length;
  const k = d.kernel.length / n;
  const kernel = d.kernel;
  if (narrow(k, n)) {
    // dx[B, k] = dOut[B, n] · kernel[k, n]ᵀ; dKernel[k, n] = xᵀ · dOut.
    if (dx) gemmNT(dOut, rows, n, kernel, k, dx);
    if (grad) {
      for (let b = 0; b < rows; b++) for (let m = 0; m < n; m++) grad.bias[m] += dOut[b * n + m];
      const dk = scratch(k * n);
      gemmTNSimd(x, rows, k, dOut, n, dk);
      const gk = grad.kernel;
      for (let i = 0; i < k * n; i++) gk[i] += dk[i];
    }
    return;
  }
  for (let b = 0; b < rows; b++) {
    const oo = b * n;
    if (grad) for (let m = 0; m < n; m++) grad.bias[m] += dOut[oo + m];
    for (let c = 0; c < k; c++) {
      const wo = c * n;
      if (dx) {
        let s = 0;
        for (let m = 0; m < n; m++) s += kernel[wo + m] * dOut[oo + m];
        dx[b * k + c] = s;
      }
      if (grad) {
        const a = x[b * k + c];
        if (a === 0) continue;
        const gk = grad.kernel;
        for (let m = 0; m < n; m++) gk[wo + m] += a * dOut[oo + m];
      }
    }
  }
}

export function reluInPlace(x: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) if (x[i] < 0) x[i] = 0;
}

/** d *= (activation > 0): the ReLU's backward given its output. */
export function reluBackward(activation: Float64Array, d: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) if (activation[i] <= 0) d[i] = 0;
}

/** Activations of one forward pass, kept for its backward; sized for `capacity` rows. */
export class Workspace {
  readonly buffers = new Map<string, Float64Array>();
  constructor(readonly capacity: number) {}
  /** A buffer of `size` values, independent of the row count. */
  scratch(name: string, size: number): Float64Array {
    let b = this.buffers.get(name);
    if (b === undefined || b.length < size) {
      b = new Float64Array(size);
      this.buffers.set(name, b);
    }
    return b;
  }

  /** A buffer for `capacity` rows of `width` values. */
  get(name: string, width: number): Float64Array {
    let b = this.buffers.get(name);
    if (b === undefined || b.length < this.capacity * width) {
      b = new Float64Array(this.capacity * width);
      this.buffers.set(name, b);
    }
    return b;
  }
}

/** Encoder activations: h1 [B, L/2·30], h2 [B, L/4·60] (= flat), mu, logVar [B, d]. */
export function encodeForward(
  net: NativeVae,
  g: VaeGeometry,
  ws: Workspace,
  x: Float64Array,
  rows: number,
): { h1: Float64Array; h2: Float64Array; mu: Float64Array; logVar: Float64Array } {
  const e = net.encoder;
  const h1 = ws.get("enc.h1", g.conv1.lout * g.conv1.cout);
  const h2 = ws.get("enc.h2", g.conv2.lout * g.conv2.cout);
  const mu = ws.get("enc.mu", g.latent);
  const logVar = ws.get("enc.logVar", g.latent);
  convForward(g.conv1, e.conv1, ws, x, rows, h1);
  reluInPlace(h1, rows * g.conv1.lout * g.conv1.cout);
  convForward(g.conv2, e.conv2, ws, h1, rows, h2);
  reluInPlace(h2, rows * g.conv2.lout * g.conv2.cout);
  denseForward(e.mu, h2, rows, mu);
  denseForward(e.logVar, h2, rows, logVar);
  return { h1, h2, mu, logVar };
}

/** Backward of encodeForward from dMu, dLogVar: gradients into grad (null = encoder frozen, nothing to do). */
export function encodeBackward(
  net: NativeVae,
  g: VaeGeometry,
  ws: Workspace,
  x: Float64Array,
  rows: number,
  dMu: Float64Array,
  dLogVar: Float64Array,
  grad: NativeVae["encoder"],
): void {
  const e = net.encoder;
  const h1 = ws.get("enc.h1", g.conv1.lout * g.conv1.cout);
  const h2 = ws.get("enc.h2", g.conv2.lout * g.conv2.cout);
  const w2 = g.conv2.lout * g.conv2.cout;
  const dh2 = ws.get("enc.dh2", w2);
  const tmp = ws.get("enc.dh2b", w2);
  denseBackward(e.mu, h2, rows, dMu, grad.mu, dh2);
  denseBackward(e.logVar, h2, rows, dLogVar, grad.logVar, tmp);
  for (let i = 0; i < rows * w2; i++) dh2[i] += tmp[i];
  reluBackward(h2, dh2, rows * w2);
  const dh1 = ws.get("enc.dh1", g.conv1.lout * g.conv1.cout);
  convBackward(g.conv2, e.conv2, ws, rows, dh2, grad.conv2, dh1);
  reluBackward(h1, dh1, rows * g.conv1.lout * g.conv1.cout);
  convBackward(g.conv1, e.conv1, ws, rows, dh1, grad.conv1, null);
}

/** Decoder: z [B, d] -> standardised curves [B, L] (returned buffer). */
export function decodeForward(net: NativeVae, g: VaeGeometry, ws: Workspace, z: Float64Array, rows: number): Float64Array {
  const d = net.decoder;
  const h0 = ws.get("dec.h0", g.deconv1.lin * g.deconv1.cin);
  const h1 = ws.get("dec.h1", g.deconv1.lout * g.deconv1.cout);
  const out = ws.get("dec.out", g.length);
  denseForward(d.dense, z, rows, h0);
  convForward(g.deconv1, d.deconv1, ws, h0, rows, h1);
  reluInPlace(h1, rows * g.deconv1.lout * g.deconv1.cout);
  convForward(g.deconv2, d.deconv2, ws, h1, rows, out);
  return out;
}

/** Backward of decodeForward from dOut [B, L]: weight gradients into grad (null: frozen), dz [B, d] written. */
export function decodeBackward(
  net: NativeVae,
  g: VaeGeometry,
  ws: Workspace,
  z: Float64Array,
  rows: number,
  dOut: Float64Array,
  grad: NativeVae["decoder"] | null,
  dz: Float64Array,
): void {
  const d = net.decoder;
  const h1 = ws.get("dec.h1", g.deconv1.lout * g.deconv1.cout);
  const dh1 = ws.get("dec.dh1", g.deconv1.lout * g.deconv1.cout);
  const dh0 = ws.get("dec.dh0", g.deconv1.lin * g.deconv1.cin);
  convBackward(g.deconv2, d.deconv2, ws, rows, dOut, grad?.deconv2 ?? null, dh1);
  reluBackward(h1, dh1, rows * g.deconv1.lout * g.deconv1.cout);
  convBackward(g.deconv1, d.deconv1, ws, rows, dh1, grad?.deconv1 ?? null, dh0);
  denseBackward(d.dense, z, rows, dh0, grad?.dense ?? null, dz);
}

type Mlp = { hidden1: NativeDense; hidden2: NativeDense };

/** Two ReLU layers of a converter: returns the second's activation. */
function mlpForward(c: Mlp, ws: Workspace, prefix: string, x: Float64Array, rows: number): { a1: Float64Array; a2: Float64Array } {
  const width = c.hidden1.bias.length;
  const a1 = ws.get(`${prefix}.a1`, width);
  const a2 = ws.get(`${prefix}.a2`, width);
  denseForward(c.hidden1, x, rows, a1);
  reluInPlace(a1, rows * width);
  denseForward(c.hidden2, a1, rows, a2);
  reluInPlace(a2, rows * width);
  return { a1, a2 };
}

function mlpBackward(c: Mlp, ws: Workspace, prefix: string, x: Float64Array, rows: number, dA2: Float64Array, grad: Mlp | null, dx: Float64Array | null): void {
  const width = c.hidden1.bias.length;
  const a1 = ws.get(`${prefix}.a1`, width);
  const a2 = ws.get(`${prefix}.a2`, width);
  const dA1 = ws.get(`${prefix}.dA1`, width);
  reluBackward(a2, dA2, rows * width);
  denseBackward(c.hidden2, a1, rows, dA2, grad?.hidden2 ?? null, dA1);
  reluBackward(a1, dA1, rows * width);
  denseBackward(c.hidden1, x, rows, dA1, grad?.hidden1 ?? null, dx);
}

/** Converter 1: standardised parameters [B, P] -> mu, logVar [B, d]. */
export function converter1Forward(net: NativeVae, g: VaeGeometry, ws: Workspace, p: Float64Array, rows: number): { mu: Float64Array; logVar: Float64Array } {
  const c = net.converter1;
  const { a2 } = mlpForward(c, ws, "c1", p, rows);
  const mu = ws.get("c1.mu", g.latent);
  const logVar = ws.get("c1.logVar", g.latent);
  denseForward(c.mu, a2, rows, mu);
  denseForward(c.logVar, a2, rows, logVar);
  return { mu, logVar };
}

export function converter1Backward(
  net: NativeVae,
  g: VaeGeometry,
  ws: Workspace,
  p: Float64Array,
  rows: number,
  dMu: Float64Array,
  dLogVar: Float64Array,
  grad: NativeVae["converter1"],
): void {
  const c = net.converter1;
  const width = c.hidden1.bias.length;
  const a2 = ws.get("c1.a2", width);
  const dA2 = ws.get("c1.dA2", width);
  const tmp = ws.get("c1.dA2b", width);
  denseBackward(c.mu, a2, rows, dMu, grad.mu, dA2);
  denseBackward(c.logVar, a2, rows, dLogVar, grad.logVar, tmp);
  for (let i = 0; i < rows * width; i++) dA2[i] += tmp[i];
  mlpBackward(c, ws, "c1", p, rows, dA2, grad, null);
}

/** Converter 2: latent [B, d] -> standardised parameters [B, P]. */
export function converter2Forward(net: NativeVae, g: VaeGeometry, ws: Workspace, z: Float64Array, rows: number): Float64Array {
  const c = net.converter2;
  const { a2 } = mlpForward(c, ws, "c2", z, rows);
  const out = ws.get("c2.out", g.parameters);
  denseForward(c.out, a2, rows, out);
  return out;
}

/** Backward of converter2Forward: weight gradients into grad, dz [B, d] into dz when given. */
export function converter2Backward(
  net: NativeVae,
  g: VaeGeometry,
  ws: Workspace,
  z: Float64Array,
  rows: number,
  dOut: Float64Array,
  grad: NativeVae["converter2"] | null,
  dz: Float64Array | null,
): void {
  const c = net.converter2;
  const width = c.hidden1.bias.length;
  const a2 = ws.get("c2.a2", width);
  const dA2 = ws.get("c2.dA2", width);
  denseBackward(c.out, a2, rows, dOut, grad?.out ?? null, dA2);
  mlpBackward(c, ws, "c2", z, rows, dA2, grad, dz);
}

/** z = mu + exp(logVar / 2) · eps, over rows·d values. */
export function reparameterise(mu: Float64Array, logVar: Float64Array, eps: Float64Array, n: number, z: Float64Array): void {
  for (let i = 0; i < n; i++) z[i] = mu[i] + Math.exp(0.5 * logVar[i]) * eps[i];
}
