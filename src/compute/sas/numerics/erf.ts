/**
 * erf(x) by the all-positive series erf x = (2/√π) e^{-x²} Σ (2x²)^n x / (1·3·…·(2n+1)),
 * which has no cancellation; |x| >= 6 is ±1 to double precision.
 */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax >= 6) return x > 0 ? 1 : -1;
  const x2 = ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 400; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const value = (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
  return x < 0 ? -value : value;
}
