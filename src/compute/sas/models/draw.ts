/**
 * The laws the model files' random() samplers draw from, on any uniform [0, 1) source, so a seeded
 * generator (src/compute/random.ts) makes every draw reproducible. Sizes in SAS span decades, so
 * most samplers draw their logarithm uniformly (log10Uniform), as sasmodels' random() functions do.
 */
import type { RandomSource } from "../noise";
import { samplePoisson } from "../noise";

/** Uniform in [low, high). */
export function uniform(rng: RandomSource, low: number, high: number): number {
  return low + (high - low) * rng.next();
}

/** 10^U(lowExp, highExp): log-uniform between 10^lowExp and 10^highExp. */
export function log10Uniform(rng: RandomSource, lowExp: number, highExp: number): number {
  return Math.pow(10, uniform(rng, lowExp, highExp));
}

/** Uniform integer in [low, high) (numpy's randint convention). */
export function integer(rng: RandomSource, low: number, high: number): number {
  return low + Math.floor(rng.next() * (high - low));
}

/** Standard normal deviate (polar Box–Muller; the spare value is dropped to keep the source stateless). */
export function normal(rng: RandomSource): number {
  for (;;) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Exponential deviate of mean 1. */
export function exponential(rng: RandomSource): number {
  return -Math.log(1 - rng.next()); // 1 - u is in (0, 1]: never log(0)
}

/** Gamma(shape, 1) deviate: Marsaglia & Tsang (2000), boosted by U^(1/shape) below shape 1. */
export function gammaDeviate(rng: RandomSource, shape: number): number {
  if (shape < 1) return gammaDeviate(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(a, b) deviate in [0, 1], as the ratio of two gamma deviates. */
export function beta(rng: RandomSource, a: number, b: number): number {
  const x = gammaDeviate(rng, a);
  const y = gammaDeviate(rng, b);
  return x / (x + y);
}

/** Poisson(λ) count (the counting-noise sampler of noise.ts). */
export function poisson(rng: RandomSource, lambda: number): number {
  return samplePoisson(lambda, rng);
}

/**
 * A shell with a preference for a thin shell or a thin core inside an outer size: the inner part is
 * Beta(½, ½)·(outer - 2) + 1 (the arcsine law, peaked at both ends), so core and shell are both ≥ 1 Å.
 */
export function splitOuter(rng: RandomSource, outer: number): { inner: number; rest: number } {
  const inner = beta(rng, 0.5, 0.5) * (outer - 2) + 1;
  return { inner, rest: outer - inner };
}

/**
 * A multi-shell sphere's sizes, sasmodels' core_multi_shell law: 1 + Poisson(3) shells (at most
 * `maxShells`) and a total radius log-uniform 50 Å – 1 µm, cut at exponential fractions into the core
 * (sizes[0]) and the shells (sizes[1..shells]).
 */
export function shellSizes(rng: RandomSource, maxShells: number): { shells: number; sizes: number[] } {
  const shells = Math.min(poisson(rng, 3) + 1, maxShells);
  const total = log10Uniform(rng, 1.7, 4);
  const cuts = Array.from({ length: shells + 1 }, () => exponential(rng));
  const sum = cuts.reduce((s, c) => s + c, 0);
  return { shells, sizes: cuts.map((c) => (c * total) / sum) };
}
