/**
 * Counting noise: Poisson sampling (Knuth below λ = 10, Hörmann's PTRS above) from the project's
 * seeded generator, so simulated data are reproducible, and a flat background.
 */
import { logGamma } from "./numerics/gamma";
import { SasInputError } from "./errors";
import { Random } from "../random";
// Math's functions as module constants: a global lookup per call is slow inside vm contexts (jest).
const { abs, exp, floor, log, max, sqrt } = Math;

/** Any uniform [0, 1) source; the seeded one is src/compute/random.ts. */
export interface RandomSource {
  next(): number;
}

export function createRandom(seed: number): RandomSource {
  if (!Number.isFinite(seed)) throw new SasInputError(`seed must be a finite number (got ${seed})`, "seed");
  return new Random(seed);
}

/** One Poisson(λ) sample. */
export function samplePoisson(lambda: number, rng: RandomSource): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new SasInputError(`Poisson mean must be finite and >= 0 (got ${lambda})`, "I");
  if (lambda === 0) return 0;
  if (lambda < 10) {
    const limit = exp(-lambda);
    let k = 0;
    let prod = rng.next();
    while (prod > limit) {
      k++;
      prod *= rng.next();
    }
    return k;
  }
  // PTRS: transformed rejection with squeeze (Hörmann 1993)
  const slam = sqrt(lambda);
  const loglam = log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - abs(u);
    const k = floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (log(v) + log(invAlpha) - log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1)) return k;
  }
}

export interface PoissonNoiseOptions {
  seed: number;
  /** Counts per unit of intensity (exposure × efficiency × solid angle); larger means less noise. Default 1e4. */
  countsPerUnit?: number;
}

export interface NoisyCurve {
  /** Noisy intensity, same unit as the input (counts / countsPerUnit). */
  I: Float64Array;
  /** One-sigma uncertainty sqrt(max(counts, 1)) / countsPerUnit. */
  dI: Float64Array;
  counts: Float64Array;
}

/** Replace each I by Poisson(I · countsPerUnit)/countsPerUnit, deterministically from the seed. */
export function addPoissonNoise(I: Float64Array, options: PoissonNoiseOptions): NoisyCurve {
  const perUnit = options.countsPerUnit ?? 1e4;
  if (!(perUnit > 0) || !Number.isFinite(perUnit)) throw new SasInputError(`countsPerUnit must be finite and > 0 (got ${perUnit})`, "countsPerUnit");
  const rng = createRandom(options.seed);
  const n = I.length;
  const out = new Float64Array(n);
  const dI = new Float64Array(n);
  const counts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!(I[i] >= 0) || !Number.isFinite(I[i])) throw new SasInputError(`I[${i}] = ${I[i]}: Poisson noise needs finite non-negative intensities`, "I");
    const c = samplePoisson(I[i] * perUnit, rng);
    counts[i] = c;
    out[i] = c / perUnit;
    dI[i] = sqrt(max(c, 1)) / perUnit;
  }
  return { I: out, dI, counts };
}

/** I + b at every point (incoherent/instrument background). */
export function addFlatBackground(I: Float64Array, background: number): Float64Array {
  if (!Number.isFinite(background)) throw new SasInputError(`background must be finite (got ${background})`, "background");
  const out = new Float64Array(I.length);
  for (let i = 0; i < I.length; i++) out[i] = I[i] + background;
  return out;
}
