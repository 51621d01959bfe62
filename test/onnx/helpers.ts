import * as ort from "onnxruntime-node";

/** Deterministic uniform values in [lo, hi), rounded to float32 so hand loops see what ORT sees. */
export function seededFloats(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = lo + ((s % 1_000_000) / 1_000_000) * (hi - lo);
  }
  return out;
}

/** Run a model once and return its outputs' data and dims. */
export async function runModel(
  bytes: Uint8Array,
  feeds: Record<string, { data: Float32Array; dims: number[] }>,
): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const tensors: Record<string, ort.Tensor> = {};
    for (const [k, v] of Object.entries(feeds)) tensors[k] = new ort.Tensor("float32", v.data, v.dims);
    const out = await session.run(tensors);
    const result: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
    for (const [k, t] of Object.entries(out)) {
      if (!(t.data instanceof Float32Array)) throw new Error(`output ${k} is not float32`);
      result[k] = { data: t.data, dims: t.dims };
    }
    return result;
  } finally {
    await session.release();
  }
}

/** Element-wise |actual - expected| <= tol * max(1, |expected|). */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  if (!(worst <= tol)) throw new Error(`max relative error ${worst} at ${at}: got ${actual[at]}, expected ${expected[at]}`);
}
