/** Effective-radius options shared by the cylinder family (sasmodels' seven modes). */
export const CYLINDER_RADIUS_MODES = [
  "excluded volume",
  "equivalent volume sphere",
  "radius",
  "half length",
  "half min dimension",
  "half max dimension",
  "half diagonal",
];

/** Radius of the sphere with the cylinder's excluded volume (Onsager). */
export function excludedVolumeRadius(radius: number, length: number): number {
  return 0.5 * Math.cbrt(0.75 * radius * (2 * radius * length + (radius + length) * (Math.PI * radius + length)));
}

export function cylinderRadiusEffective(mode: number, radius: number, length: number): number {
  switch (mode) {
    case 2:
      return Math.cbrt(0.75 * radius * radius * length);
    case 3:
      return radius;
    case 4:
      return 0.5 * length;
    case 5:
      return Math.min(radius, 0.5 * length);
    case 6:
      return Math.max(radius, 0.5 * length);
    case 7:
      return Math.sqrt(radius * radius + 0.25 * length * length);
    default:
      return excludedVolumeRadius(radius, length);
  }
}
