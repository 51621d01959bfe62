/** Form factor amplitude of a homogeneous sphere, eq. (2): F(x) = 3 (sin x - x cos x) / x^3, x = qR (the SAS library's). */
export { sphereAmplitude } from "../../sas/numerics/spherical";

/** Volume of a sphere of radius r (eq. 1 weights each particle by V_i). */
export function sphereVolume(radius: number): number {
  return (4 * Math.PI * radius * radius * radius) / 3;
}
