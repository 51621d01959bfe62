/**
 * The Caillé structure factor of a stack of N sheets with spacing d (Nallet, Laversanne & Roux):
 * S(q) = 1 + 2 Σ_{n=1}^{N-1} (1 - n/N) cos(n q d) exp(-(q d)² α(n)), α(n) = η/(4π²) (ln(πn) + γ_E),
 * shared by lamellar_stack_caille and lamellar_hg_stack_caille. N is rounded to the nearest integer.
 * Ref: F. Nallet, R. Laversanne, D. Roux, J. Phys. II France 3 (1993) 487-502.
 */

const EULER_GAMMA = 0.5772156649015329;

/** Terms of the sum for a given Nlayers (at least 1, the price of one evaluation). */
export function cailleTerms(nLayers: number): number {
  return Math.max(1, Math.floor(nLayers + 0.5) - 1);
}

/** ln(πk) + γ_E for k < LOG_TABLE_SIZE, filled once (the sum's logarithm then costs a lookup). */
const LOG_TABLE_SIZE = 1 << 16;
const logTable = new Float64Array(LOG_TABLE_SIZE);
for (let k = 1; k < LOG_TABLE_SIZE; k++) logTable[k] = Math.log(Math.PI * k) + EULER_GAMMA;

/** Steps of the cos/sin rotation between fresh evaluations: its rounding error stays below ~256 ulp. */
const REANCHOR = 256;

export function cailleStructureFactor(q: number, nLayersRaw: number, spacing: number, caille: number): number {
  const n = Math.floor(nLayersRaw + 0.5);
  const qd = q * spacing;
  const decay = (qd * qd * caille) / (4 * Math.PI * Math.PI);
  // cos(k qd) by rotating (cos, sin) one step at a time, restarted from Math.cos/sin every REANCHOR steps
  const c1 = Math.cos(qd);
  const s1 = Math.sin(qd);
  let c = 1;
  let s = 0;
  let sum = 0;
  for (let k = 1; k < n; k++) {
    if (k % REANCHOR === 0) {
      c = Math.cos(k * qd);
      s = Math.sin(k * qd);
    } else {
      const next = c * c1 - s * s1;
      s = s * c1 + c * s1;
      c = next;
    }
    const log = k < LOG_TABLE_SIZE ? logTable[k] : Math.log(Math.PI * k) + EULER_GAMMA;
    sum += (1 - k / n) * c * Math.exp(-decay * log);
  }
  return 1 + 2 * sum;
}
