/**
 * The pair potential of the authors' MD (paper 000; their public LAMMPS input, `lj/cut/sphere`):
 * Lennard-Jones with epsilon = 100 kT and sigma_ij = (D_i + D_j) / 2, cut at sigma_ij and shifted
 * so the energy is zero there. It is purely repulsive and, in equilibrium, hard to within about
 * 0.04 % of the contact distance; the force jumps from 24 epsilon / sigma_ij to zero at the cut.
 * (The paper's text writes the WCA form, sigma scaled by 2^(-1/6) and cut at the minimum; its
 * public input, whose curves are published, cuts at contact. We follow the input.)
 */
export const PAPER_EPSILON = 100;

/** Pair energy at squared distance r2 for squared contact distance contact2 (0 beyond contact). */
export function contactPairEnergy(r2: number, contact2: number, epsilon: number): number {
  if (r2 >= contact2) return 0;
  const s6 = (contact2 / r2) ** 3;
  return 4 * epsilon * (s6 * s6 - s6); // the shift: 4 epsilon (1 - 1) = 0 at contact
}

/**
 * |F| / r at squared distance r2 (0 beyond contact): the force on j from i is this times (r_j - r_i).
 * The MD loop inlines the same expression.
 */
export function contactPairForceOverDistance(r2: number, contact2: number, epsilon: number): number {
  if (r2 >= contact2) return 0;
  const s6 = (contact2 / r2) ** 3;
  return (24 * epsilon * (2 * s6 * s6 - s6)) / r2;
}
