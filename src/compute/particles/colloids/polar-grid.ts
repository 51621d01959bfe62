/** The detector grid of the paper: |q| log-spaced, theta (angle from the x axis) linear over [0, pi]. */

export interface PolarGrid {
  q: Float64Array;
  theta: Float64Array;
}

export function logSpaced(min: number, max: number, count: number): Float64Array {
  const values = new Float64Array(count);
  if (count === 1) {
    values[0] = min;
    return values;
  }
  const ratio = Math.log(max / min) / (count - 1);
  for (let k = 0; k < count; k++) values[k] = min * Math.exp(ratio * k);
  values[count - 1] = max; // land exactly on the end point
  return values;
}

export function linearSpaced(min: number, max: number, count: number): Float64Array {
  const values = new Float64Array(count);
  if (count === 1) {
    values[0] = min;
    return values;
  }
  const step = (max - min) / (count - 1);
  for (let j = 0; j < count; j++) values[j] = min + step * j;
  values[count - 1] = max;
  return values;
}

export function polarGrid(qMin: number, qMax: number, qCount: number, thetaCount: number): PolarGrid {
  return { q: logSpaced(qMin, qMax, qCount), theta: linearSpaced(0, Math.PI, thetaCount) };
}
