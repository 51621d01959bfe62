/**
 * A hard-sphere configuration in a periodic cubic box [0, box)^3.
 * positions: x, y, z interleaved (length 3N); diameters: length N.
 */
export interface Configuration {
  box: number;
  positions: Float64Array;
  diameters: Float64Array;
}

export function particleCount(config: Configuration): number {
  return config.diameters.length;
}

export function volumeFraction(config: Configuration): number {
  let sum = 0;
  for (let i = 0; i < config.diameters.length; i++) sum += config.diameters[i] ** 3;
  return ((Math.PI / 6) * sum) / config.box ** 3;
}

export function cloneConfiguration(config: Configuration): Configuration {
  return { box: config.box, positions: config.positions.slice(), diameters: config.diameters.slice() };
}

/** Wrap positions into [0, box) in place (a value that rounds up to box becomes 0). */
export function wrapIntoBox(positions: Float64Array, box: number): Float64Array {
  for (let k = 0; k < positions.length; k++) {
    const x = positions[k] - box * Math.floor(positions[k] / box);
    positions[k] = x >= box ? 0 : x;
  }
  return positions;
}

/** Minimum-image separation component in a periodic box. */
export function minimumImage(delta: number, box: number): number {
  return delta - box * Math.round(delta / box);
}

/** Squared minimum-image distance between particles i and j (xyz interleaved positions). */
export function pairDistanceSquared(positions: Float64Array, box: number, i: number, j: number): number {
  let r2 = 0;
  for (let a = 0; a < 3; a++) {
    const d = minimumImage(positions[3 * j + a] - positions[3 * i + a], box);
    r2 += d * d;
  }
  return r2;
}
