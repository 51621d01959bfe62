/**
 * Effective radii of a box a × b × c, sasmodels' modes 2–8, shared by parallelepiped,
 * rectangular_prism and hollow_rectangular_prism_thin_walls (mode 1, the excluded-volume cylinder,
 * differs between them and stays with each model).
 */
import { FOUR_PI_3 } from "./define";

export function boxRadiusEffective(mode: number, a: number, b: number, c: number, excludedVolumeRadius: () => number): number {
  switch (mode) {
    case 2:
      return Math.cbrt((a * b * c) / FOUR_PI_3);
    case 3:
      return 0.5 * a;
    case 4:
      return 0.5 * b;
    case 5:
      return 0.5 * c;
    case 6:
      return Math.sqrt((a * b) / Math.PI);
    case 7:
      return 0.5 * Math.sqrt(a * a + b * b);
    case 8:
      return 0.5 * Math.sqrt(a * a + b * b + c * c);
    default:
      return excludedVolumeRadius();
  }
}
