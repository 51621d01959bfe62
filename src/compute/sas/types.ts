/** Public shapes of the model catalogue and the internal contract each model file fulfils. */
import type { RandomSource } from "./noise";

export type ParameterKind = "plain" | "sld" | "volume" | "orientation";

export interface ParameterInfo {
  name: string;
  unit: string;
  default: number;
  limits: [number, number];
  kind: ParameterKind;
  description: string;
  polydisperse: boolean;
}

export interface ScatteringModelInfo {
  name: string;
  title: string;
  description: string;
  category: string;
  parameters: ParameterInfo[];
  isStructureFactor: boolean;
}

/** One row of a model's own parameter table (scale and background are added by the library). */
export interface ParameterSpec {
  name: string;
  unit: string;
  default: number;
  limits: [number, number];
  kind: ParameterKind;
  description: string;
  /**
   * Volume parameters are polydisperse unless this says false: sasmodels' shell counts that size a
   * vector (core_multi_shell's n, onion's n_shells) are volume parameters without a distribution.
   */
  polydisperse?: boolean;
}

/** One polydisperse dimension: which model parameter, and its weighted sample points. */
export interface PolydisperseDimension {
  /** Index into the model's parameter table. */
  index: number;
  values: Float64Array;
  /** Normalised weights (sum 1). */
  weights: Float64Array;
}

/**
 * One published value of a model, with sasmodels' `tests` semantics: the parameters override the
 * model's defaults (scale 1, background 0.001 included), and every expected number is compared with a
 * relative tolerance that reflects the digits it was printed with.
 */
export interface KnownValue {
  /** Overrides of the defaults, under the names evaluate() accepts (a product's S names included). */
  parameters: Record<string, number | string>;
  /** Structure factor of a product case (sasmodels' "@S"); the expression is then `model@structureFactor`. */
  structureFactor?: string;
  q: number[];
  /** Expected I(q) in 1/cm. */
  I?: number[];
  /**
   * sasmodels' long form (call_Fq): polydispersity averages <F>, <F²>, <R_eff>, <V_shell> and
   * <V_form>/<V_shell>, with radius_effective_mode 1 unless the parameters say otherwise.
   */
  averages?: { F1?: number[]; F2?: number[]; radiusEffective?: number; volume?: number; volumeRatio?: number };
  /** Intermediate curves of a product: P(q), S(q) and the beta-corrected S_eff(q) = 1 + β(S - 1). */
  parts?: { P?: number[]; S?: number[]; effectiveS?: number[] };
  /** Relative tolerance for every number of this case. */
  rtol: number;
  /** Where the numbers come from. */
  source: string;
}

/**
 * A model's pure kernel. `p` holds the model's own parameters in table order (no scale/background).
 * Amplitudes follow sasmodels: F1 carries a 1e-2 factor and F2 = |F|^2 a 1e-4 factor, so that
 * I = scale * <F2>/<V> + background comes out in 1/cm for SLDs in 1e-6/Å^2 and lengths in Å.
 */
export interface ScatteringModelDefinition {
  name: string;
  title: string;
  description: string;
  category: string;
  parameters: ParameterSpec[];
  structureFactor?: boolean;
  /** Published values this model must reproduce (run by test/compute/sas/known-values.test.ts). */
  knownValues?: KnownValue[];
  /**
   * One physically sensible parameter set for sweeps and training data (sasmodels' random()): the
   * parameters that matter for the curve's shape, drawn from their laws (sizes mostly log-uniform over
   * typical SANS/SAXS ranges), within the table's limits and satisfying the model's own constraints
   * (a core inside its shell...). What it leaves out keeps its default. Keys are table names, plus
   * `scale` where the model's amplitude is its scale. Deterministic for a seeded source.
   */
  random(rng: RandomSource): Record<string, number>;
  /** True when the kernel also yields <F> (needed for the beta approximation). */
  haveFq: boolean;
  /**
   * Kernel evaluations per q and parameter point (orientation quadrature nodes) at the largest q of a
   * curve, for parameters p (sizes at the largest of the polydispersity mesh); 1 when absent.
   */
  orientationPoints?(qMax: number, p: Float64Array): number;
  /** Volume that normalises the intensity; models without one use 1. */
  formVolume?(p: Float64Array): number;
  /** Scattering volume of hollow shapes (defaults to formVolume). */
  shellVolume?(p: Float64Array): number;
  /** Names of the effective-radius modes 1..n offered to P@S products. */
  radiusEffectiveModes?: string[];
  radiusEffective?(mode: number, p: Float64Array): number;
  /** Add weight*F1 (when f1 is given and haveFq) and weight*F2 at every q for one parameter point. */
  accumulate(q: Float64Array, p: Float64Array, weight: number, f1: Float64Array | null, f2: Float64Array): void;
  /**
   * Optional fast path over a whole polydispersity mesh (the product of `dims`); returns false to
   * fall back to the generic point-by-point loop. Results must equal the generic loop's.
   */
  accumulateMesh?(q: Float64Array, p: Float64Array, dims: PolydisperseDimension[], f1: Float64Array | null, f2: Float64Array): boolean;
  /**
   * The oriented kernel for 2D I(qx, qy): adds weight·|F|² (1e-4 units, as accumulate's F2) at q
   * vectors given in the particle's own frame, one array per component. Models without one are
   * isotropic: I(qx, qy) = I(|q|).
   */
  oriented?: OrientedKernel;
}

/**
 * sasmodels' two oriented symmetries: "axial" shapes (cylinders, ellipsoids of revolution) depend on
 * the q component along their axis c and the length of the rest (theta, phi orient them);
 * "triaxial" shapes (boxes, triaxial ellipsoids) on all three components (psi turns them about c).
 * Whole arrays per call, so the model hoists what depends on p out of its pixel loop.
 */
export type OrientedKernel = (
  | { symmetry: "axial"; accumulate(qab: Float64Array, qc: Float64Array, p: Float64Array, weight: number, f2: Float64Array): void }
  | { symmetry: "triaxial"; accumulate(qa: Float64Array, qb: Float64Array, qc: Float64Array, p: Float64Array, weight: number, f2: Float64Array): void }
) & {
  /**
   * Optional row form on a detector grid: adds weight·|F|² to f2[offset + i] at the pixels (x[i], y)
   * of one row. Along a row every particle-frame component is linear in x, so phases can step by
   * rotation (numerics/sin-row.ts) instead of calling sin per pixel; results must equal accumulate's
   * to rounding.
   */
  accumulateRow?(row: DetectorRow, p: Float64Array, weight: number, f2: Float64Array, offset: number): void;
};

/**
 * One detector row in a particle's frame: pixels (x[i], y), x equally spaced by dx (to rounding), with
 * q_a = a0·x + a1·y, q_b = b0·x + b1·y, q_c = c0·x + c1·y.
 */
export interface DetectorRow {
  x: Float64Array;
  y: number;
  dx: number;
  a0: number;
  a1: number;
  b0: number;
  b1: number;
  c0: number;
  c1: number;
}
