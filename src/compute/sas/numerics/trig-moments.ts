/**
 * Finite Fourier moments of monomials on [0, 1]:
 *   C_n(k) = ∫₀¹ xⁿ cos(kx) dx,   S_n(k) = ∫₀¹ xⁿ sin(kx) dx.
 * Structure factors built from polynomial correlation functions (Baxter's Q(t), the core of an
 * MSA direct correlation function) are linear combinations of these. The closed forms cancel badly
 * as k → 0 (terms of size n!/kⁿ⁺¹ summing to ~1/(n+1)), so below k = 2 we sum the everywhere
 * convergent Taylor series instead; above it the upward recursion loses at most a few ulps for n ≤ 4.
 */

const SERIES_BELOW = 2;

/**
 * Fill cosMoments[n] = C_n(k) and sinMoments[n] = S_n(k) for n = 0 .. length-1 (both arrays must
 * have the same length). Valid for any finite k >= 0.
 */
export function fillTrigMoments(k: number, cosMoments: Float64Array, sinMoments: Float64Array): void {
  const nMax = cosMoments.length - 1;
  if (k < SERIES_BELOW) {
    // C_n = Σ_m (-1)^m k^(2m) / ((2m)! (n+2m+1)),  S_n = Σ_m (-1)^m k^(2m+1) / ((2m+1)! (n+2m+2))
    for (let n = 0; n <= nMax; n++) {
      let cSum = 0;
      let sSum = 0;
      let power = 1; // (-1)^j k^j / j!, j = 0, 1, 2, ...
      for (let j = 0; j < 60; j++) {
        const term = power / (n + j + 1);
        if (j % 2 === 0) cSum += term;
        else sSum += term;
        if (Math.abs(power) < 1e-18) break;
        // next j: multiply by k/(j+1), flipping the sign on each odd -> even step
        power *= (j % 2 === 0 ? k : -k) / (j + 1);
      }
      cosMoments[n] = cSum;
      sinMoments[n] = sSum;
    }
    return;
  }
  const s = Math.sin(k);
  const c = Math.cos(k);
  cosMoments[0] = s / k;
  sinMoments[0] = (1 - c) / k;
  for (let n = 1; n <= nMax; n++) {
    // integrate by parts: S_n = -cos k/k + (n/k) C_{n-1},  C_n = sin k/k - (n/k) S_{n-1}
    sinMoments[n] = -c / k + (n / k) * cosMoments[n - 1];
    cosMoments[n] = s / k - (n / k) * sinMoments[n - 1];
  }
}
