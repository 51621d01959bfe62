/** Form factor amplitude of a homogeneous sphere, eq. (2): F(x) = 3 (sin x - x cos x) / x^3, x = qR. */
export function sphereAmplitude(x: number): number {
  const ax = Math.abs(x);
  // Below 1e-2 the closed form loses digits to cancellation; the series 1 - x^2/10 + x^4/280 - x^6/15120 is exact to 1e-17 there.
  if (ax < 1e-2) {
    const x2 = x * x;
    return 1 - x2 * (1 / 10 - x2 * (1 / 280 - x2 / 15120));
  }
  return (3 * (Math.sin(x) - x * Math.cos(x))) / (x * x * x);
}

/** Volume of a sphere of radius r (eq. 1 weights each particle by V_i). */
export function sphereVolume(radius: number): number {
  return (4 * Math.PI * radius * radius * radius) / 3;
}
