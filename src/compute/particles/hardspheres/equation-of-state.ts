/**
 * Reference hard-sphere results (monodisperse) used to validate the sampler.
 */

/** Carnahan–Starling compressibility factor beta P / rho. */
export function carnahanStarlingCompressibility(eta: number): number {
  return (1 + eta + eta * eta - eta * eta * eta) / (1 - eta) ** 3;
}

/** Carnahan–Starling contact value g(sigma+) = (1 - eta/2) / (1 - eta)^3 (from beta P / rho = 1 + 4 eta g). */
export function carnahanStarlingContactValue(eta: number): number {
  return (1 - eta / 2) / (1 - eta) ** 3;
}

/** Percus–Yevick contact value g(sigma+) = (1 + eta/2) / (1 - eta)^2. */
export function percusYevickContactValue(eta: number): number {
  return (1 + eta / 2) / (1 - eta) ** 2;
}
