import { Configuration } from "./configuration";
import { compressibilityFactor, EventChainSampler, EventChainStatistics } from "./event-chain";
import { ProgressCallback } from "./initial-configuration";

/**
 * Event-chain budgets are counted in "displacement per particle" (total chain length / N, in units of
 * D0): at eta = 0.45 the self-intermediate scattering function F_s(2 pi, .) (drift removed) falls to
 * 1/e after about 2.5 and to 0.14 after 6, and the mean-square displacement reaches one diameter^2
 * after about 20 (measured; see bench/particles.bench.ts).
 */
export const DEFAULT_EQUILIBRATION_DISPLACEMENT = 30;
export const DEFAULT_DECORRELATION_DISPLACEMENT = 6;

export interface RunEventChainsOptions {
  /** Displacement per particle to run, in units of D0. */
  displacementPerParticle: number;
  seed: number;
  chainLength?: number;
}

export interface EventChainRun {
  configuration: Configuration;
  statistics: EventChainStatistics;
  /** beta P / rho over the run. */
  compressibilityFactor: number;
}

/** Advance a configuration by event chains (pure: the input is not modified). */
export function runEventChains(config: Configuration, options: RunEventChainsOptions, onProgress?: ProgressCallback): EventChainRun {
  const sampler = new EventChainSampler(config, options.seed, { chainLength: options.chainLength });
  const slices = 20;
  for (let s = 0; s < slices; s++) {
    sampler.runDisplacement(options.displacementPerParticle / slices);
    onProgress?.((s + 1) / slices, `event chains: ${sampler.statistics.events} events`);
  }
  return {
    configuration: sampler.configuration(),
    statistics: { ...sampler.statistics },
    compressibilityFactor: compressibilityFactor(sampler.statistics),
  };
}

/** Equilibrate a fresh configuration (from initialConfiguration): DEFAULT_EQUILIBRATION_DISPLACEMENT per particle. */
export function equilibrate(config: Configuration, options: Partial<RunEventChainsOptions> & { seed: number }, onProgress?: ProgressCallback): EventChainRun {
  return runEventChains(config, { displacementPerParticle: options.displacementPerParticle ?? DEFAULT_EQUILIBRATION_DISPLACEMENT, ...options }, onProgress);
}
