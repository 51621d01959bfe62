/**
 * Sets of unit vectors for the orientational average of I(Q), as Float64Array x,y,z interleaved.
 */

/**
 * The authors' grid (paper 000, code calc_Iq): n_theta polar angles with cos(theta) = 1 - 2u,
 * u = (i + 1/2) / n_theta (equal-area bands, so no sin(theta) weight), times n_phi equally spaced
 * azimuths phi = 2 pi j / n_phi. The paper uses 50 x 100 = 5000 directions.
 */
export function paperDirections(nTheta = 50, nPhi = 100): Float64Array {
  const out = new Float64Array(3 * nTheta * nPhi);
  let p = 0;
  for (let i = 0; i < nTheta; i++) {
    const cosTheta = 1 - (2 * (i + 0.5)) / nTheta;
    const sinTheta = Math.sqrt(Math.max(0, 1 - cosTheta * cosTheta));
    for (let j = 0; j < nPhi; j++) {
      const phi = (2 * Math.PI * j) / nPhi;
      out[p++] = sinTheta * Math.cos(phi);
      out[p++] = sinTheta * Math.sin(phi);
      out[p++] = cosTheta;
    }
  }
  return out;
}

/**
 * n nearly uniform directions on a Fibonacci (golden-angle) spiral: equal-area bands in cos(theta),
 * each one point, rotated by the golden angle. Better spread than a theta/phi grid of the same
 * size (no clustering at the poles), so fewer directions reach the same orientational accuracy.
 */
export function fibonacciDirections(n: number): Float64Array {
  const out = new Float64Array(3 * n);
  const goldenAngle = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < n; i++) {
    const z = 1 - (2 * (i + 0.5)) / n;
    const r = Math.sqrt(Math.max(0, 1 - z * z));
    const phi = goldenAngle * i;
    out[3 * i] = r * Math.cos(phi);
    out[3 * i + 1] = r * Math.sin(phi);
    out[3 * i + 2] = z;
  }
  return out;
}

/**
 * Fold a direction set onto one hemisphere where it is symmetric under inversion: since F(Q; D) is
 * real, |A(-Q)|^2 = |A(Q)|^2, so a direction and its antipode need one evaluation with weight 2.
 * The paper's theta/phi grid is inversion-symmetric (cos theta bands and azimuths pair up), which
 * halves the work exactly. Directions without an antipode in the set keep weight 1.
 */
export function foldAntipodes(directions: Float64Array): { directions: Float64Array; weights: Float64Array } {
  const count = directions.length / 3;
  const key = (x: number, y: number, z: number) => `${Math.round(x * 1e9)},${Math.round(y * 1e9)},${Math.round(z * 1e9)}`;
  const index = new Map<string, number[]>();
  for (let d = 0; d < count; d++) {
    const k = key(directions[3 * d], directions[3 * d + 1], directions[3 * d + 2]);
    const list = index.get(k);
    if (list === undefined) index.set(k, [d]);
    else list.push(d);
  }
  const used = new Uint8Array(count);
  const kept: number[] = [];
  const weights: number[] = [];
  for (let d = 0; d < count; d++) {
    if (used[d]) continue;
    used[d] = 1;
    const partners = index.get(key(-directions[3 * d], -directions[3 * d + 1], -directions[3 * d + 2]));
    const partner = partners?.find((p) => !used[p]);
    if (partner !== undefined) used[partner] = 1;
    kept.push(d);
    weights.push(partner !== undefined ? 2 : 1);
  }
  const folded = new Float64Array(3 * kept.length);
  kept.forEach((d, i) => folded.set(directions.subarray(3 * d, 3 * d + 3), 3 * i));
  return { directions: folded, weights: Float64Array.from(weights) };
}
