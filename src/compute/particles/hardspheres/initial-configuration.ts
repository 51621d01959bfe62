import { Random } from "../../random";
import { Configuration } from "./configuration";
import { DiameterDistribution, DiameterSampling, maxDiameter, sampleDiameters, totalSphereVolume } from "./diameters";
import { EventChainSampler } from "./event-chain";

export interface HardSphereSystemSpec {
  distribution: DiameterDistribution;
  /** Polydispersity parameter (see sampleDiameters). */
  sigma: number;
  /** Target volume fraction (sum of sphere volumes / box volume), up to about 0.55. */
  eta: number;
  /** Number of spheres. */
  n: number;
  seed: number;
  /** How the diameters are drawn (default "stratified"; see DiameterSampling). */
  diameterSampling?: DiameterSampling;
}

export type ProgressCallback = (fraction: number, message: string) => void;

/** Side of the cubic box that gives volume fraction eta for these diameters. */
export function boxLengthFor(diameters: Float64Array, eta: number): number {
  return Math.cbrt(totalSphereVolume(diameters) / eta);
}

/**
 * n sites of a face-centred cubic lattice filling the box: the smallest m with 4 m^3 >= n, and a
 * random subset of sites when 4 m^3 > n (N = 23 328 = 4 * 18^3 fills it exactly, as in the paper).
 */
export function fccSites(n: number, box: number, random: Random): Float64Array {
  const m = Math.max(1, Math.ceil(Math.cbrt(n / 4) - 1e-9));
  const siteCount = 4 * m * m * m;
  const basis = [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5];
  const order = new Int32Array(siteCount);
  for (let k = 0; k < siteCount; k++) order[k] = k;
  for (let k = siteCount - 1; k > 0 && siteCount > n; k--) {
    const r = random.int(k + 1);
    const t = order[k];
    order[k] = order[r];
    order[r] = t;
  }
  const a = box / m;
  const positions = new Float64Array(3 * n);
  for (let p = 0; p < n; p++) {
    const site = order[p];
    const b = site % 4;
    const cell = (site - b) / 4;
    const ix = cell % m;
    const iy = Math.floor(cell / m) % m;
    const iz = Math.floor(cell / (m * m));
    // Quarter-cell offset keeps sites off the box faces.
    positions[3 * p] = (ix + basis[3 * b] + 0.25) * a;
    positions[3 * p + 1] = (iy + basis[3 * b + 1] + 0.25) * a;
    positions[3 * p + 2] = (iz + basis[3 * b + 2] + 0.25) * a;
  }
  return positions;
}

export interface InitialConfigurationOptions {
  /** Event-chain displacement per particle between growth rounds (default 0.2 diameters). */
  displacementPerRound?: number;
  /** Displacement per particle spent melting the lattice at MELT_ETA (default 2 diameters). */
  meltDisplacement?: number;
  /** Give up after this many growth rounds (default 5000): the target is then too dense to reach. */
  maxRounds?: number;
  chainLength?: number;
  onProgress?: ProgressCallback;
}

/**
 * Volume fraction at which the lattice is melted before growing to the target. An FCC crystal
 * that already fits at the target (eta ~ 0.5) would otherwise survive as a metastable crystal.
 */
export const MELT_ETA = 0.3;

/**
 * An overlap-free fluid configuration at the target volume fraction. Spheres sit on an FCC lattice
 * with zero size, grow to the sizes that give MELT_ETA, melt there by event chains, then grow to
 * full size, each as far as its neighbours allow, in rounds separated by event chains (which open
 * the room the growth needs). Every intermediate state is overlap-free, so no compression step can
 * fail; the result is not yet equilibrated (see equilibrate).
 */
export function initialConfiguration(spec: HardSphereSystemSpec, options: InitialConfigurationOptions = {}): Configuration {
  validateSpec(spec);
  const random = new Random(spec.seed);
  const targets = sampleDiameters(spec.distribution, spec.sigma, spec.n, random, spec.diameterSampling);
  const box = boxLengthFor(targets, spec.eta);
  const positions = fccSites(spec.n, box, random);
  const sampler = new EventChainSampler({ box, positions, diameters: new Float64Array(spec.n) }, spec.seed + 0x5bd1e995, {
    maxDiameter: maxDiameter(targets),
    chainLength: options.chainLength,
  });
  const maxRounds = options.maxRounds ?? 5000;
  const perRound = options.displacementPerRound ?? 0.2;
  const progress = options.onProgress;
  const meltScale = Math.min(1, Math.cbrt(MELT_ETA / spec.eta));
  if (meltScale < 1) {
    const meltSizes = targets.map((d) => d * meltScale);
    growInRounds(sampler, meltSizes, maxRounds, perRound, spec.eta, () => undefined);
    progress?.(0, `melting the lattice at eta = ${MELT_ETA}`);
    sampler.runDisplacement(options.meltDisplacement ?? 2);
  }
  growInRounds(sampler, targets, maxRounds, perRound, spec.eta, (grown, round) =>
    progress?.(grown / spec.n, `growth round ${round}: ${grown}/${spec.n} spheres at full size`),
  );
  return sampler.configuration();
}

function growInRounds(
  sampler: EventChainSampler,
  targets: Float64Array,
  maxRounds: number,
  perRound: number,
  eta: number,
  report: (grown: number, round: number) => void,
): void {
  for (let round = 0; round < maxRounds; round++) {
    const below = sampler.growDiameters(targets);
    report(targets.length - below, round);
    if (below === 0) return;
    sampler.runDisplacement(perRound);
  }
  throw new Error(`initialConfiguration: eta = ${eta} not reached in ${maxRounds} growth rounds (too dense?)`);
}

export function validateSpec(spec: HardSphereSystemSpec): void {
  if (!Number.isInteger(spec.n) || spec.n < 2) throw new RangeError(`n must be an integer >= 2, got ${spec.n}`);
  if (!(spec.eta > 0 && spec.eta < 0.58)) throw new RangeError(`eta must be in (0, 0.58), got ${spec.eta}`);
  if (!(spec.sigma >= 0)) throw new RangeError(`sigma must be >= 0, got ${spec.sigma}`);
  if (!Number.isFinite(spec.seed)) throw new RangeError("seed must be finite");
}
