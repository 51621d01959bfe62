/** Independent numerics for the tests (deliberately simple, different from the library's). */

/** Composite Simpson rule on [a, b] with n (even) intervals. */
export function simpson(f: (x: number) => number, a: number, b: number, n = 2000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** J1 by its power series (accurate for |x| < 20 in double precision). */
export function besselJ1Series(x: number): number {
  let term = x / 2;
  let sum = term;
  const y = (x * x) / 4;
  for (let k = 1; k < 80; k++) {
    term *= -y / (k * (k + 1));
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
  }
  return sum;
}

/** Sphere amplitude in long double-free direct form (fine for x > 0.5). */
export function sphereAmp(x: number): number {
  return (3 * (Math.sin(x) - x * Math.cos(x))) / (x * x * x);
}

export function logspace(a: number, b: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 10 ** (a + ((b - a) * i) / (n - 1)));
}

export function maxRelativeDifference(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return m;
}
