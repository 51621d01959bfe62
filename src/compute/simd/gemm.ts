/**
 * C[M, N] = A[M, K] · Bt[N, K]ᵀ in float64 with WebAssembly SIMD (f64x2): the same products as the
 * scalar loop, two K positions per instruction, a 2 × 4 block of outputs per pass (eight vector
 * accumulators and six loads per step fit the 16 vector registers V8 uses). Each output is the sum
 * of its two lanes' partial sums (even and odd K positions), so results differ from the scalar
 * loop's only in rounding. Operands are copied into the module's memory padded to M even, N a
 * multiple of 4 and K even (zeros), so the kernel has no remainder loops; the copies are O(MK + NK)
 * against O(MNK) products.
 */
import { wasmApi, type WasmApi, type WasmMemory } from "./wasm-api";
import { buildModule, Code, I32, V128 } from "./wasm-module";

// Parameters and locals of the kernel, by index.
const [A, B, C, M, K, N] = [0, 1, 2, 3, 4, 5];
const [R, COL, KB, K8, PA0, PA1, PB0, PB1, PB2, PB3, PC, N8] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
const ACC = 18; // acc0..acc7
const [X0, X1, Y] = [26, 27, 28];

function kernel(): Code {
  const c = new Code();
  c.get(K).i32(8).mul().set(K8);
  c.get(N).i32(8).mul().set(N8);
  c.i32(0).set(R);
  c.loop(); // rows, two at a time
  c.i32(0).set(COL);
  c.loop(); // columns, four at a time
  c.get(A).get(R).get(K8).mul().add().tee(PA0).get(K8).add().set(PA1);
  c.get(B).get(COL).get(K8).mul().add().tee(PB0).get(K8).add().tee(PB1).get(K8).add().tee(PB2).get(K8).add().set(PB3);
  for (let j = 0; j < 8; j++) c.v128Zero().set(ACC + j);
  c.i32(0).set(KB);
  c.loop(); // K, two at a time
  c.get(PA0).get(KB).add().v128Load().set(X0);
  c.get(PA1).get(KB).add().v128Load().set(X1);
  [PB0, PB1, PB2, PB3].forEach((pb, j) => {
    c.get(pb).get(KB).add().v128Load().set(Y);
    c.get(ACC + j)
      .get(X0)
      .get(Y)
      .f64x2Mul()
      .f64x2Add()
      .set(ACC + j);
    c.get(ACC + 4 + j)
      .get(X1)
      .get(Y)
      .f64x2Mul()
      .f64x2Add()
      .set(ACC + 4 + j);
  });
  c.get(KB).i32(16).add().tee(KB).get(K8).ltS().brIf(0);
  c.end();
  c.get(C).get(R).get(N).mul().get(COL).add().i32(8).mul().add().set(PC);
  for (let j = 0; j < 8; j++) {
    c.get(PC);
    if (j >= 4) c.get(N8).add();
    c.get(ACC + j)
      .f64x2Lane(0)
      .get(ACC + j)
      .f64x2Lane(1)
      .f64Add()
      .f64Store(8 * (j % 4));
  }
  c.get(COL).i32(4).add().tee(COL).get(N).ltS().brIf(0);
  c.end();
  c.get(R).i32(2).add().tee(R).get(M).ltS().brIf(0);
  c.end();
  return c;
}

// gemm_tn's parameters and locals.
const [TA, TB, TC, TR, TI, TJ] = [0, 1, 2, 3, 4, 5];
const [I8, J8, JB, IB, PA, PB, ROW, PCT] = [6, 7, 8, 9, 10, 11, 12, 13];
const TACC = 14; // acc0..acc7: four rows i of C, two vectors (four columns j) each
const [Y0, Y1, S] = [22, 23, 24];

/**
 * C[I, J] = A[R, I]ᵀ · B[R, J] (I, J multiples of 4): for each 4 × 4 block of C a pass over the R
 * rows, one A value broadcast against two vectors of B's row. Each lane sums its products in row
 * order, exactly as the scalar loop does: the same result bit for bit.
 */
function kernelTN(): Code {
  const c = new Code();
  c.get(TI).i32(8).mul().set(I8);
  c.get(TJ).i32(8).mul().set(J8);
  c.i32(0).set(IB);
  c.loop(); // rows i of C, four at a time
  c.i32(0).set(JB);
  c.loop(); // columns j, four at a time (32 bytes): B (R × J) stays in cache across them
  for (let j = 0; j < 8; j++) c.v128Zero().set(TACC + j);
  c.get(TA).get(IB).i32(8).mul().add().set(PA);
  c.get(TB).get(JB).add().set(PB);
  c.i32(0).set(ROW);
  c.loop(); // the R rows of A and B
  c.get(PB).v128Load(0).set(Y0);
  c.get(PB).v128Load(16).set(Y1);
  for (let i = 0; i < 4; i++) {
    c.get(PA)
      .v128Load64Splat(8 * i)
      .set(S);
    c.get(TACC + 2 * i)
      .get(S)
      .get(Y0)
      .f64x2Mul()
      .f64x2Add()
      .set(TACC + 2 * i);
    c.get(TACC + 2 * i + 1)
      .get(S)
      .get(Y1)
      .f64x2Mul()
      .f64x2Add()
      .set(TACC + 2 * i + 1);
  }
  c.get(PA).get(I8).add().set(PA);
  c.get(PB).get(J8).add().set(PB);
  c.get(ROW).i32(1).add().tee(ROW).get(TR).ltS().brIf(0);
  c.end();
  c.get(TC).get(IB).get(J8).mul().add().get(JB).add().set(PCT);
  for (let i = 0; i < 4; i++) {
    c.get(PCT)
      .get(TACC + 2 * i)
      .v128Store(0);
    c.get(PCT)
      .get(TACC + 2 * i + 1)
      .v128Store(16);
    if (i < 3) c.get(PCT).get(J8).add().set(PCT);
  }
  c.get(JB).i32(32).add().tee(JB).get(J8).ltS().brIf(0);
  c.end();
  c.get(IB).i32(4).add().tee(IB).get(TI).ltS().brIf(0);
  c.end();
  return c;
}

/** The module's bytes (built once; exported for the test that validates them). */
export function gemmModuleBytes(): Uint8Array<ArrayBuffer> {
  return buildModule([
    {
      name: "gemm_nt",
      params: [I32, I32, I32, I32, I32, I32],
      locals: [...new Array<number>(12).fill(I32), ...new Array<number>(11).fill(V128)],
      body: kernel(),
    },
    {
      name: "gemm_tn",
      params: [I32, I32, I32, I32, I32, I32],
      locals: [...new Array<number>(8).fill(I32), ...new Array<number>(11).fill(V128)],
      body: kernelTN(),
    },
  ]);
}

type Kernel = (a: number, b: number, c: number, m: number, k: number, n: number) => void;

const PAGE = 65536;
const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

/** One instance per thread: its own memory, grown as operands need. */
class SimdGemm {
  private readonly memory: WasmMemory;
  private readonly run: Kernel;
  private readonly runTN: Kernel;
  private view: Float64Array;

  constructor(wasm: WasmApi) {
    this.memory = new wasm.Memory({ initial: 16 });
    const instance = new wasm.Instance(new wasm.Module(gemmModuleBytes()), { env: { memory: this.memory } });
    this.run = instance.exports.gemm_nt as Kernel;
    this.runTN = instance.exports.gemm_tn as Kernel;
    this.view = new Float64Array(this.memory.buffer);
  }

  private ensure(values: number): Float64Array {
    const bytes = values * 8;
    if (bytes > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((bytes - this.memory.buffer.byteLength) / PAGE));
      this.view = new Float64Array(this.memory.buffer);
    }
    return this.view;
  }

  /** rows × cols of src (row stride cols) into view at `at`, row stride `stride`, zeros beyond. */
  private static put(view: Float64Array, at: number, src: Float64Array, rows: number, cols: number, paddedRows: number, stride: number): void {
    if (stride === cols) view.set(src.subarray(0, rows * cols), at);
    else
      for (let r = 0; r < rows; r++) {
        const o = at + r * stride;
        view.set(src.subarray(r * cols, (r + 1) * cols), o);
        view.fill(0, o + cols, o + stride);
      }
    view.fill(0, at + rows * stride, at + paddedRows * stride);
  }

  gemmNT(a: Float64Array, m: number, k: number, bt: Float64Array, n: number, c: Float64Array): void {
    if (m === 0 || n === 0) return;
    if (k === 0) {
      c.fill(0, 0, m * n);
      return;
    }
    const [mp, np, kp] = [roundUp(m, 2), roundUp(n, 4), roundUp(k, 2)];
    const aAt = 0;
    const bAt = mp * kp;
    const cAt = bAt + np * kp;
    const view = this.ensure(cAt + mp * np);
    SimdGemm.put(view, aAt, a, m, k, mp, kp);
    SimdGemm.put(view, bAt, bt, n, k, np, kp);
    this.run(aAt * 8, bAt * 8, cAt * 8, mp, kp, np);
    if (np === n) c.set(view.subarray(cAt, cAt + m * n));
    else for (let r = 0; r < m; r++) c.set(view.subarray(cAt + r * np, cAt + r * np + n), r * n);
  }

  gemmTN(a: Float64Array, r: number, i: number, b: Float64Array, j: number, c: Float64Array): void {
    if (i === 0 || j === 0) return;
    if (r === 0) {
      c.fill(0, 0, i * j);
      return;
    }
    const [ip, jp] = [roundUp(i, 4), roundUp(j, 4)];
    const bAt = r * ip;
    const cAt = bAt + r * jp;
    const view = this.ensure(cAt + ip * jp);
    SimdGemm.put(view, 0, a, r, i, r, ip);
    SimdGemm.put(view, bAt, b, r, j, r, jp);
    this.runTN(0, bAt * 8, cAt * 8, r, ip, jp);
    if (jp === j) c.set(view.subarray(cAt, cAt + i * j));
    else for (let k = 0; k < i; k++) c.set(view.subarray(cAt + k * jp, cAt + k * jp + j), k * j);
  }
}

let shared: SimdGemm | null = null;

function threadKernel(): SimdGemm {
  if (wasmApi === undefined) throw new Error("this runtime has no WebAssembly: use the JavaScript products (simdAvailable is false)");
  return (shared ??= new SimdGemm(wasmApi));
}

/** Whether this runtime runs WebAssembly SIMD (Node ≥ 16.4 does). */
export const simdAvailable = wasmApi !== undefined && wasmApi.validate(gemmModuleBytes());

/** C[M, N] = A[M, K] · Bt[N, K]ᵀ (row-major, both along K) on this thread's SIMD kernel. */
export function gemmNTSimd(a: Float64Array, m: number, k: number, bt: Float64Array, n: number, c: Float64Array): void {
  threadKernel().gemmNT(a, m, k, bt, n, c);
}

/** C[I, J] = A[R, I]ᵀ · B[R, J] (row-major): a weight gradient from activations and output gradients, no transposes. */
export function gemmTNSimd(a: Float64Array, r: number, i: number, b: Float64Array, j: number, c: Float64Array): void {
  threadKernel().gemmTN(a, r, i, b, j, c);
}
