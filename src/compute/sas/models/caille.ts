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

export function cailleStructureFactor(q: number, nLayersRaw: number, spacing: number, caille: number): number {
  const n = Math.floor(nLayersRaw + 0.5);
  const qd = q * spacing;
  const decay = (qd * qd * caille) / (4 * Math.PI * Math.PI);
  // cos(k qd) directly, not by a recurrence: its error grows with k when qd is small
  let sum = 0;
  for (let k = 1; k < n; k++) sum += (1 - k / n) * Math.cos(k * qd) * Math.exp(-decay * (Math.log(Math.PI * k) + EULER_GAMMA));
  return 1 + 2 * sum;
}
