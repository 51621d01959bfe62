/**
 * A mixture of sasmodels shapes with random sizes and scale: the training data of the shipped shape
 * classifier (models/train-shape-classifier.ts), here so that the training script and the catalogue
 * compute the same curves. One random stream draws every shape's parameters and noise seed in turn
 * (sphere, cylinder, ..., vesicle, sphere, ...), so the first n curves of any mixture of a seed are
 * the first n of a larger one. Pure and deterministic.
 */
import { addPoissonNoise, createRandom, evaluate } from ".";

export const SHAPES = ["sphere", "cylinder", "ellipsoid", "core_shell_sphere", "lamellar", "vesicle"] as const;
export type Shape = (typeof SHAPES)[number];

export interface ShapeMixtureSpec {
  /** Curves of each shape. */
  perClass: number;
  seed: number;
  /** q in 1/Å. */
  q: Float64Array;
  /** Relative pinhole resolution dq/q. */
  resolution: number;
  /** Poisson noise, counts per unit intensity (1/cm). */
  countsPerUnit: number;
  /** Compute only the first `first` curves of the interleaved sequence. */
  first?: number;
}

export interface ShapeMixtureCurve {
  shape: Shape;
  /** Index of the shape in SHAPES (the classifier's label). */
  label: number;
  parameters: Record<string, number | string>;
  I: Float64Array;
  dI: Float64Array;
  dQ: Float64Array;
}

function logUniform(u: number, lo: number, hi: number): number {
  return Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)));
}

/** One shape's parameters (sasmodels defaults otherwise); the order of draws is part of the data. */
export function shapeParameters(shape: Shape, next: () => number): Record<string, number | string> {
  const scale = logUniform(next(), 0.1, 10);
  switch (shape) {
    case "sphere":
      return { scale, radius: logUniform(next(), 10, 100), radius_pd: 0.2 * next(), radius_pd_type: "gaussian" };
    case "cylinder":
      return { scale, radius: logUniform(next(), 8, 50), length: logUniform(next(), 60, 500) };
    case "ellipsoid": {
      // Clearly anisotropic: an axis ratio of 1.6 to 5 (prolate or oblate).
      const eq = logUniform(next(), 10, 60);
      const ratio = logUniform(next(), 1.6, 5);
      return { scale, radius_equatorial: eq, radius_polar: next() < 0.5 ? eq * ratio : eq / ratio };
    }
    case "core_shell_sphere":
      return { scale, radius: logUniform(next(), 15, 80), thickness: logUniform(next(), 5, 30), sld_core: 1, sld_shell: 4, sld_solvent: 2.5 };
    case "lamellar":
      return { scale: scale * 0.01, thickness: logUniform(next(), 15, 120) };
    case "vesicle":
      return { scale, radius: logUniform(next(), 20, 90), thickness: logUniform(next(), 5, 25) };
  }
}

/** Curves the mixture computes. */
export function shapeMixtureSize(spec: Pick<ShapeMixtureSpec, "perClass" | "first">): number {
  const all = spec.perClass * SHAPES.length;
  return spec.first === undefined ? all : Math.min(spec.first, all);
}

export function* runShapeMixture(spec: ShapeMixtureSpec): Generator<ShapeMixtureCurve, void, void> {
  const rng = createRandom(spec.seed);
  const next = () => rng.next();
  const dQ = spec.q.map((v) => v * spec.resolution);
  const total = shapeMixtureSize(spec);
  let made = 0;
  for (let k = 0; k < spec.perClass; k++) {
    for (let label = 0; label < SHAPES.length; label++) {
      if (made++ >= total) return;
      const shape = SHAPES[label];
      const parameters = shapeParameters(shape, next);
      const { I } = evaluate(shape, parameters, spec.q, { resolution: { dq: dQ } });
      const noisy = addPoissonNoise(I, { seed: Math.floor(next() * 2 ** 31), countsPerUnit: spec.countsPerUnit });
      yield { shape, label, parameters, I: noisy.I, dI: noisy.dI, dQ };
    }
  }
}
