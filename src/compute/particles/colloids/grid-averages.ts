/** Averages of a q-major (q, theta) map over the measured grid points, as the paper defines g(q) and g(theta). */

/** g(q) = <g(q, theta)>_theta: mean over all angles of each q row. */
export function radialProfile(map: Float64Array, qCount: number, thetaCount: number): Float64Array {
  const profile = new Float64Array(qCount);
  for (let k = 0; k < qCount; k++) {
    let sum = 0;
    for (let j = 0; j < thetaCount; j++) sum += map[k * thetaCount + j];
    profile[k] = sum / thetaCount;
  }
  return profile;
}

/** g(theta) = <g(q, theta)>_q: mean over all |q| points of each angle column. */
export function angularProfile(map: Float64Array, qCount: number, thetaCount: number): Float64Array {
  const profile = new Float64Array(thetaCount);
  for (let k = 0; k < qCount; k++) for (let j = 0; j < thetaCount; j++) profile[j] += map[k * thetaCount + j];
  for (let j = 0; j < thetaCount; j++) profile[j] /= qCount;
  return profile;
}
