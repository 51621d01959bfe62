import { pairDistanceSquared, type Configuration } from "./configuration";

/**
 * Radial distribution g(r) of a configuration in units of the contact distance: histogram of
 * r_ij / sigma_ij (sigma_ij = (D_i + D_j)/2) for r_ij / sigma_ij < maxRatio, normalised by the ideal-gas
 * count of each shell. For monodisperse spheres this is g(r/D). O(N^2): for validation on small systems.
 */
export function reducedPairCorrelation(config: Configuration, maxRatio: number, bins: number): { r: Float64Array; g: Float64Array } {
  const { box, positions, diameters } = config;
  const n = diameters.length;
  const counts = new Float64Array(bins);
  const width = (maxRatio - 1) / bins;
  let sigma3Sum = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const r2 = pairDistanceSquared(positions, box, i, j);
      const sigma = 0.5 * (diameters[i] + diameters[j]);
      sigma3Sum += sigma ** 3;
      pairs++;
      const ratio = Math.sqrt(r2) / sigma;
      if (ratio >= 1 && ratio < maxRatio) counts[Math.floor((ratio - 1) / width)]++;
    }
  }
  // Ideal gas: a pair lies in shell [s_a, s_b] sigma_ij with probability 4 pi/3 (s_b^3 - s_a^3) sigma_ij^3 / V.
  const meanSigma3 = sigma3Sum / pairs;
  const r = new Float64Array(bins);
  const g = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    const lo = 1 + b * width;
    const hi = lo + width;
    const ideal = (pairs * (4 * Math.PI) * (hi ** 3 - lo ** 3) * meanSigma3) / (3 * box ** 3);
    r[b] = 0.5 * (lo + hi);
    g[b] = counts[b] / ideal;
  }
  return { r, g };
}

/** Smallest r_ij / sigma_ij over all pairs (>= 1 means no overlap). O(N^2), exhaustive on purpose. */
export function minimumContactRatio(config: Configuration): number {
  const { box, positions, diameters } = config;
  const n = diameters.length;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const r2 = pairDistanceSquared(positions, box, i, j);
      const ratio = Math.sqrt(r2) / (0.5 * (diameters[i] + diameters[j]));
      if (ratio < min) min = ratio;
    }
  }
  return min;
}
