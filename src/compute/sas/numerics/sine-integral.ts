/**
 * Sine integral Si(x) = ∫₀ˣ sin(t)/t dt to full double precision. sasmodels' sas_Si truncates a Taylor
 * series and an asymptotic series (its own comment: "within 0.1 %"), which is why pearl_necklace here is
 * more accurate than sasmodels at intermediate q·size.
 *  - |x| ≤ 4: the Taylor series Σ (-1)^k x^(2k+1) / ((2k+1)(2k+1)!), whose terms stay below 2 in size,
 *    so rounding costs at most a few ulps;
 *  - |x| > 4: Si = π/2 + Im[e^(-ix) E₁-like continued fraction], i.e. E₁(ix) by its Lentz-evaluated
 *    continued fraction 1/(1 + ix - 1²/(3 + ix - 2²/(5 + ix - …))), which converges fast there.
 */

export function sineIntegral(x: number): number {
  if (x < 0) return -sineIntegral(-x);
  if (x <= 4) {
    const x2 = x * x;
    let term = x; // (-1)^k x^(2k+1) / (2k+1)!
    let sum = x;
    for (let k = 1; k < 40; k++) {
      term *= -x2 / (2 * k * (2 * k + 1));
      const add = term / (2 * k + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return sum;
  }
  if (!Number.isFinite(x)) return Math.PI / 2;
  // E₁(ix) e^{ix} = 1/(b₁ - 1²/(b₂ - 2²/(b₃ - …))), b_k = 2k - 1 + ix, by the modified Lentz method
  const tiny = 1e-300;
  let bRe = 1;
  const bIm = x;
  // c = 1/tiny, d = 1/b, h = d
  let cRe = 1 / tiny;
  let cIm = 0;
  let den = bRe * bRe + bIm * bIm;
  let dRe = bRe / den;
  let dIm = -bIm / den;
  let hRe = dRe;
  let hIm = dIm;
  for (let k = 2; k < 1000; k++) {
    const a = -(k - 1) * (k - 1);
    bRe += 2;
    // d = 1/(a d + b)
    let tRe = a * dRe + bRe;
    let tIm = a * dIm + bIm;
    den = tRe * tRe + tIm * tIm;
    dRe = tRe / den;
    dIm = -tIm / den;
    // c = b + a/c
    den = cRe * cRe + cIm * cIm;
    tRe = bRe + (a * cRe) / den;
    tIm = bIm - (a * cIm) / den;
    cRe = tRe;
    cIm = tIm;
    // h *= c d
    const delRe = cRe * dRe - cIm * dIm;
    const delIm = cRe * dIm + cIm * dRe;
    const hr = hRe * delRe - hIm * delIm;
    hIm = hRe * delIm + hIm * delRe;
    hRe = hr;
    if (Math.abs(delRe - 1) + Math.abs(delIm) < 1e-16) break;
  }
  // E₁(ix) = e^{-ix} h; Si(x) = π/2 + Im E₁(ix)
  const s = Math.sin(x);
  const c = Math.cos(x);
  return Math.PI / 2 + (c * hIm - s * hRe);
}
