/** Small utilities for the polydispersity fast paths. */

/** Scratch arrays reused across calls (kernels are synchronous, so one buffer per purpose is safe). */
const buffers = new Map<string, Float64Array>();
export function scratch(key: string, n: number): Float64Array {
  let b = buffers.get(key);
  if (!b || b.length < n) {
    b = new Float64Array(Math.max(n, 64));
    buffers.set(key, b);
  }
  return b;
}

/**
 * True when values are equally spaced (every sasmodels distribution samples a linspace), so a
 * sin/cos rotation can step through them; tolerance covers linspace rounding.
 */
export function isLinearGrid(values: Float64Array): boolean {
  const n = values.length;
  if (n < 3) return true;
  const step = (values[n - 1] - values[0]) / (n - 1);
  const tol = 1e-12 * Math.max(Math.abs(values[0]), Math.abs(values[n - 1]));
  for (let k = 1; k < n - 1; k++) if (Math.abs(values[0] + k * step - values[k]) > tol) return false;
  return true;
}
